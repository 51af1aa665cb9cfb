"""Benchmarks for board (see README.md)."""
