"""The review and audit web app (`baocao review`)."""
