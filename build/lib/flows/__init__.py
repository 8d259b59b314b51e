"""Wiring: the Prefect flow, the CLI, and the adapters that do I/O at the edges."""
