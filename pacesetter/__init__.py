"""Pacesetter: a benchmarking campaign run from Excel files."""

__version__ = "0.1.0"
