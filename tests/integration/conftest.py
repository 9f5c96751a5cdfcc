"""Fixtures of the integration modules live in tests/conftest.py (``example``)."""
