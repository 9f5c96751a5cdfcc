"""policybrief: structured content about a policy question, rendered as briefs.

The public API, for scripts and other tools (the command line is a thin layer
over the same calls)::

    from pathlib import Path
    import policybrief

    report = policybrief.build_project(Path("."), policybrief.BuildOptions(formats=("html",)))
    for d in report.diagnostics.sorted():
        print(d.path, d.position.line, d.code, d.message)

The names are imported on first use, so ``import policybrief`` stays cheap for
the no-op build and ``check``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.3.1"

__all__ = [
    "BuildOptions",
    "BuildReport",
    "CheckReport",
    "Diagnostic",
    "Diagnostics",
    "__version__",
    "build_project",
    "check_project",
]

if TYPE_CHECKING:
    from policybrief.build.check import CheckReport, check_project
    from policybrief.build.options import BuildOptions, BuildReport
    from policybrief.build.project import build_project
    from policybrief.errors import Diagnostic, Diagnostics

_HOMES = {
    "build_project": "policybrief.build.project",
    "BuildOptions": "policybrief.build.options",
    "BuildReport": "policybrief.build.options",
    "check_project": "policybrief.build.check",
    "CheckReport": "policybrief.build.check",
    "Diagnostic": "policybrief.errors",
    "Diagnostics": "policybrief.errors",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    import importlib

    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'policybrief' has no attribute {name!r}")
