"""Prefect flows: orchestration only, over `pipeline` functions."""

import os

# The temporary local server's telemetry only prints a harmless error; keep it quiet
# unless a user asked for it.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
