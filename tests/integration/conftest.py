"""Fixtures shared by the integration modules."""

# The example project, built once per module that asks for it.
from tests.integration.test_build import example  # noqa: F401
