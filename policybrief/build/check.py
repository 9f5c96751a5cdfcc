"""Check a project: validate all content and every brief's template, render nothing.

``check`` never imports the renderer, so it stays fast enough for an editor's
save hook or a pre-commit run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.errors import Diagnostics

if TYPE_CHECKING:
    from policybrief.content.standards import Silenced


@dataclass(frozen=True)
class CheckReport:
    """What a check found, unprinted."""

    diagnostics: Diagnostics
    #: Files read: content, briefs and the settings file.
    files: int
    #: ``strict: true`` is set in the project's settings.
    strict: bool
    #: Findings a file's ``lint-ignore`` silenced, with its reason (``check --explain``).
    silenced: tuple[Silenced, ...] = field(default=())


def check_project(root: Path) -> CheckReport:
    """Validate every file of the project at ``root`` and each brief's template.

    Never raises for content problems: they are the report's diagnostics.
    """
    from policybrief.content.load import load_project
    from policybrief.content.standards import check_standards
    from policybrief.content.validate import validate_project
    from policybrief.render.theme import Theme, template_ok

    root = root.resolve()
    diags = Diagnostics()
    project = load_project(root, diags)
    corpus = validate_project(project, diags)
    standards = check_standards(corpus, diags)
    theme = Theme.for_project(root)
    for record in corpus.briefs.values():
        template_ok(corpus, record, theme, diags)
    files = len(project.documents) + (project.settings is not None)
    return CheckReport(diags, files, corpus.settings.strict, tuple(standards.silenced))
