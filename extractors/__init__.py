"""The rules that turn report language into candidate facts, references and metadata.

Imports only `schemas` (and libraries). `registry` lists the built-ins.
"""
