"""``check`` reports what ``build`` would, without rendering: here, the project's templates."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import make_project_at, run_cli


def test_a_template_syntax_error_is_reported_by_check_at_its_line(tmp_path: Path) -> None:
    # check (and so the pre-commit hook) passed a template that build then failed on.
    broken = (
        '{% extends "layout/base.html" %}\n{% block body %}\n{{ page.summary }\n{% endblock %}\n'
    )
    root = make_project_at(tmp_path / "p", {"templates/brief.html": broken})
    run = run_cli("--root", str(root), "check")
    assert run.code == 1
    assert "templates/brief.html:3:1: error: template error: unexpected '}'" in run.err
    (root / "templates" / "brief.html").write_text(broken.replace("summary }", "summary }}"))
    assert run_cli("--root", str(root), "check").code == 0
