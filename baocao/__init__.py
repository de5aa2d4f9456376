"""The `baocao` command and the analysts' Python API, thin layers over `pipeline`."""
