"""Reliability checks run by hand against real services (docs/reliability.md)."""
