"""``init``: make a folder a working project, writing only files that are not there.

A new project gets the settings file with every key commented, a ``.gitignore``
for what builds write, the content folders, a starter brief with one analysis
section, actor and source (it passes ``check --strict``, so the writer starts from
a passing state, as with ``new``), the editors' schemas and their map for VS Code,
a pre-commit hook and a GitHub Actions workflow that uses policybrief's action.

An existing folder is fine (a git repository with a README, or a project made
before ``init`` existed): what is missing is added, nothing is overwritten, and
the starter content is written only where there is no content yet. A folder
inside another project is refused: a project inside a project would leave the
outer one's commands building the inner one's files as strays.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from policybrief.errors import PolicybriefError, UsageError

_BRIEF = """\
# yaml-language-server: $schema=../schemas/brief.schema.json
# A brief: what goes into it, in what order. Its slug is the file name (first-brief);
# it is built into output/first-brief/. '{program} new brief SLUG' writes another.
title: A first brief    # required
date: {today}    # required: the brief's date, YYYY-MM-DD
status: draft    # draft (printed with a DRAFT watermark) | final
summary: |    # required: the bottom line up front, in Markdown
  Replace this paragraph with the bottom line up front. [[example-ministry]] links
  an actor; [@example-statement] cites a source.
sections:    # required, in order
  - analysis: example-background    # content/analysis/example-background.md
  - actors: auto    # a table of the actors the brief mentions
  - sources: auto    # every source cited
"""

_ANALYSIS = """\
---
# yaml-language-server: $schema=../../schemas/analysis.schema.json
# An analysis section: these fields, then the text in Markdown. A brief lists it as
# '- analysis: example-background'. '{program} new analysis ID' writes another.
title: Background    # required
kind: background    # required: key-judgment | background | assessment | implication
                    # | outlook | recommendation | indicator
---
Replace this paragraph with the section's text. [[example-ministry]] links the
actor in content/actors/example-ministry.yaml, and [@example-statement] cites the
source in content/sources/example-statement.yaml as a numbered note.
"""

_ACTOR = """\
# yaml-language-server: $schema=../../schemas/actor.schema.json
# An actor, linked from Markdown with [[example-ministry]] (the file name).
# '{program} new actor ID' writes another, with every field it can take.
name: Example Ministry    # required
kind: organisation    # required: person | organisation | state | body
"""

_SOURCE = """\
# yaml-language-server: $schema=../../schemas/source.schema.json
# A source, cited from Markdown with [@example-statement] (the file name).
# '{program} new source ID' writes another, with every field it can take.
title: Statement on the example    # required
publisher: Example Ministry    # required
date: {today}
"""

#: The starter content: a brief showing one analysis section that links an actor
#: and cites a source, the smallest project that shows what each folder is for.
STARTER = {
    "briefs/first-brief.yaml": _BRIEF,
    "content/analysis/example-background.md": _ANALYSIS,
    "content/actors/example-ministry.yaml": _ACTOR,
    "content/sources/example-statement.yaml": _SOURCE,
}
#: Content folders left empty by the starter: kept in git by an ignored dotfile.
_EMPTY_FOLDERS = ("content/agenda", "content/assets")


@dataclass
class Initialised:
    """What ``init`` did: files written, files already there (kept), the project folder."""

    root: Path
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    #: The starter content was written (the folder had no content yet).
    starter: bool = False
    #: Files kept but changed: a workflow whose placeholder ``--action-repo`` replaced.
    updated: list[Path] = field(default_factory=list)


def init_project(
    folder: Path,
    *,
    program: str = "policybrief",
    action_repo: str | None = None,
    today: datetime.date | None = None,
) -> Initialised:
    """Make ``folder`` (created if missing) a project; return what was written and kept.

    ``program`` is the command the writer typed, named in the files' comments;
    ``action_repo`` is where the workflow takes policybrief's action from.

    Raises:
        UsageError: ``folder`` is a file, or ``action_repo`` is not ``OWNER/NAME``.
        PolicybriefError: ``folder`` is inside another project, or cannot be written.
    """
    from policybrief.authoring import project_files as pf
    from policybrief.content.project import SETTINGS_FILE, is_project

    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    if action_repo is not None and action_repo.count("/") != 1:
        raise UsageError(f"--action-repo takes OWNER/NAME, not '{action_repo}'")
    outer = next((p for p in folder.parents if is_project(p)), None)
    if outer is not None:
        raise PolicybriefError(
            f"{folder} is inside the project at {outer}; init makes a new project, so "
            "run it in a folder outside any project (commands run anywhere inside a "
            "project already work on it)"
        )
    done = Initialised(folder)
    starter = not (folder / "briefs").exists() and not (folder / "content").exists()
    date = (today or datetime.date.today()).isoformat()
    files = {
        SETTINGS_FILE: pf.settings_text(),
        ".gitignore": pf.GITIGNORE,
        ".github/workflows/briefs.yml": pf.workflow_text(action_repo or pf.PLACEHOLDER_ACTION_REPO),
        ".pre-commit-config.yaml": pf.PRE_COMMIT,
        ".vscode/settings.json": pf.vscode_settings_text(),
    }
    if starter:
        files |= {rel: text.format(program=program, today=date) for rel, text in STARTER.items()}
        files |= {f"{rel}/.gitkeep": "" for rel in _EMPTY_FOLDERS}
    try:
        for rel, text in files.items():
            _write_new(folder / rel, text, done)
        _write_schemas(folder, done)
        if action_repo is not None:
            _name_action_repo(folder / ".github/workflows/briefs.yml", action_repo, done)
    except OSError as exc:
        raise PolicybriefError(f"cannot write {exc.filename}: {exc.strerror}") from None
    done.starter = starter
    return done


def _name_action_repo(workflow: Path, action_repo: str, done: Initialised) -> None:
    """In a workflow ``init`` kept, put ``action_repo`` in place of the placeholder
    (``your_org/policybrief``, or an older init's ``your-org/policybrief``) and drop
    the comment that asks for it: the comment told the writer to run ``init
    --action-repo``, which then changed nothing."""
    from policybrief.authoring import project_files as pf

    if workflow not in done.kept:
        return
    text = workflow.read_text(encoding="utf-8")
    placeholders = (pf.PLACEHOLDER_ACTION_REPO, pf.OLD_PLACEHOLDER_ACTION_REPO)
    if not any(f"uses: {p}@" in text for p in placeholders):
        return
    lines = [
        line
        for line in text.splitlines(keepends=True)
        if not line.lstrip().startswith("# Replace your")
        and "init --action-repo OWNER/NAME" not in line
    ]
    text = "".join(lines)
    for placeholder in placeholders:
        text = text.replace(f"uses: {placeholder}@", f"uses: {action_repo}@")
    workflow.write_text(text, encoding="utf-8")
    done.kept.remove(workflow)
    done.updated.append(workflow)


def _write_new(path: Path, text: str, done: Initialised) -> None:
    """Create ``path`` with ``text`` unless it exists (then it is kept, untouched)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        done.kept.append(path)
    else:
        done.written.append(path)


def _write_schemas(folder: Path, done: Initialised) -> None:
    """The editors' schemas, each only if missing (a project may keep its own)."""
    from policybrief.authoring.schema import KINDS, SCHEMA_DIR, schema_text

    for kind in KINDS:
        _write_new(folder / SCHEMA_DIR / kind.filename, schema_text(kind), done)
