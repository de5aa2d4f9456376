"""Prefect flows: orchestration only, over `pipeline` functions."""
