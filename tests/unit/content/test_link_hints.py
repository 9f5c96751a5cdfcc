"""Hints for links a new user writes: an actor by name, a brief that has errors."""

from __future__ import annotations

from tests.conftest import MakeProject
from tests.helpers import run_cli

OUTLOOK = "---\ntitle: Outlook\nkind: outlook\n---\n"


def test_an_actor_linked_by_name_is_told_its_id(make_project: MakeProject) -> None:
    root = make_project({"content/analysis/outlook.md": OUTLOOK + "As [[Ann  SMITH]] said.\n"})
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert (
        "  hint: did you mean 'ann-smith'? Write [[ann-smith]] or [[ann-smith|Ann  SMITH]]"
        in run.err.splitlines()
    )


def test_an_agenda_item_linked_by_title_is_told_its_id(make_project: MakeProject) -> None:
    root = make_project({})
    title = (root / "content/agenda/summit.yaml").read_text(encoding="utf-8").split("\n")[0]
    name = title.removeprefix("title: ").strip()
    (root / "content/analysis/outlook.md").write_text(
        OUTLOOK + f"Before [[{name}]].\n", encoding="utf-8"
    )
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert f"  hint: did you mean 'summit'? Write [[summit]] or [[summit|{name}]]" in (
        run.err.splitlines()
    )


def test_a_link_to_a_brief_with_errors_is_not_called_dead(make_project: MakeProject) -> None:
    # Its own errors are reported; its page is served from its last good build.
    root = make_project(
        {
            "briefs/other.yaml": "title: Other\ndate: 2025-13-01\n",
            "content/analysis/outlook.md": OUTLOOK + "See [the other](../other/index.html).\n",
        }
    )
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert "leads nowhere" not in run.err
    assert "briefs/other.yaml" in run.err


def test_a_source_cited_in_a_file_that_fails_to_load_is_not_called_uncited(
    make_project: MakeProject,
) -> None:
    # A YAML syntax error in the front matter hid the file's citations, and the
    # source it alone cited was said to be cited nowhere: a false warning.
    root = make_project({})
    report = root / "content/sources/report.yaml"
    (root / "content/sources/extra.yaml").write_text(
        report.read_text(encoding="utf-8"), encoding="utf-8"
    )
    background = root / "content/analysis/background.md"
    background.write_text(
        background.read_text(encoding="utf-8")
        .replace("title: Background", "title: Background: energy, trade")
        .replace("[@gazette, p. 2]", "[@gazette, p. 2; @extra]"),
        encoding="utf-8",
    )
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert "content/analysis/background.md:2" in run.err
    assert "'extra' is cited nowhere" not in run.err
