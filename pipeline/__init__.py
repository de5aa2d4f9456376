"""One module per stage, plain functions from one model to the next; no Prefect here."""
