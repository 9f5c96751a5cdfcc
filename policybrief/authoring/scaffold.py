"""Write a new, commented content file that passes ``check`` as written.

A scaffold is the writer's first example of the format: every field of its
kind appears, required ones filled in with placeholders and optional ones
commented out with what they take. It refers to nothing (an ``auto`` section
selects nothing in an empty project), so it is valid in any project, empty or
not, and the writer fills it in from a passing state rather than a failing one.

This module imports no validation code at import time: the command line imports
it to list the kinds ``new`` takes, and ``--help`` must stay fast.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path

from policybrief.errors import PolicybriefError, UsageError


@dataclass(frozen=True)
class Scaffold:
    """One kind of file ``new`` can write: where it goes and what it says."""

    kind: str
    folder: str
    suffix: str
    schema: str
    text: str


_BRIEF = """\
# yaml-language-server: $schema={schema}
# A brief: what goes into it, in what order. Its slug is the file name ({id}); it is
# built into output/{id}/. Required fields must stay; fill in or delete the others.
# Check it with `{program} check`; preview it with `{program} serve`.
title: {title}    # required
# subtitle: One line under the title
date: {today}    # required: the brief's date, YYYY-MM-DD
edition: 1
status: draft    # draft (printed with a DRAFT watermark) | final
# authors: [Policy Analysis Unit]
# marking: UNCLASSIFIED    # banner on every page; default: marking in policybrief.yaml
# audience: Officials working on the question
# distribution: Ministers and senior officials only
# language: en    # BCP 47 tag; default: language in policybrief.yaml
# template: brief    # brief | one-pager | a template of your own in templates/
# paper: A4    # A4 | Letter
summary: |    # required: the bottom line up front, in Markdown
  Replace this paragraph with the bottom line up front.
# In Markdown, [[actor-id]] links an actor or agenda item and [@source-id] cites a source.
# key_judgments: [kj-example]    # ids of analysis sections of kind key-judgment
sections:    # required, at least one, in order; each line is one of:
  # - analysis: background    # an analysis section, content/analysis/background.md
  - agenda: auto    # a timeline: the agenda items the brief mentions (or a list of ids)
  - actors: auto    # a table: the actors the brief mentions (or a list of ids)
  - sources: auto    # every source cited, then those the shown entities list
outputs: [html, pdf]
# tags: [topic]
"""

_ACTOR = """\
# yaml-language-server: $schema={schema}
# An actor: a person, organisation, state or body. Its id is the file name ({id});
# link it from Markdown with [[{id}]]. Required fields must stay; fill in or delete
# the others. Check it with `{program} check`.
name: {title}    # required
kind: person    # required: person | organisation | state | body
# native_name: The name in its own script
# native_lang: zh-Hans    # BCP 47 tag of native_name; told by most scripts, needed for Han alone
# role: Minister of Defence
# country: state-id    # the id of an actor of kind state
# affiliation: organisation-id    # the id of another actor
# aliases: [Short name]
# summary: One or two sentences, in Markdown.
# sources: [source-id]    # ids of files in content/sources/
"""

_AGENDA = """\
# yaml-language-server: $schema={schema}
# An agenda item: a visit, meeting, session, summit, signing or deadline. Its id is
# the file name ({id}); link it from Markdown with [[{id}]]. Required fields must
# stay; fill in or delete the others. Check it with `{program} check`.
title: {title}    # required
kind: meeting    # required: visit | meeting | session | summit | signing | deadline | other
date: {today}    # required: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known
# end: {today}    # the last day, same forms, not before date
# location: City
# participants: [actor-id, other-actor-id]    # ids of files in content/actors/
status: scheduled    # required: scheduled | under-way | held | postponed | cancelled
# outcomes:    # Markdown; expected outcomes while scheduled, actual ones once held
#   - What the item is expected to produce
# summary: One or two sentences, in Markdown.
# sources: [source-id]    # ids of files in content/sources/
"""

_ANALYSIS = """\
---
# yaml-language-server: $schema={schema}
# An analysis section: these fields, then the text in Markdown after the closing line.
# Its id is the file name ({id}); a brief lists it as '- analysis: {id}'.
# In the text, [[actor-id]] links an actor or agenda item, [[actor-id|other words]]
# links it with your words, [@source-id] cites a source ([@a; @b, p. 4] for several),
# and ![what it shows](assets/map.png) shows an image from content/assets/.
title: {title}    # required
kind: background    # required: key-judgment | background | assessment | implication
                    # | outlook | recommendation | indicator
# A key judgment needs both estimates; an assessment or outlook carries both or neither:
# likelihood: likely    # a step of the project's estimative_scale; ICD 203 (default):
#                       # almost-no-chance | very-unlikely | unlikely | roughly-even-chance
#                       # | likely | very-likely | almost-certain
# confidence: moderate    # low | moderate | high
# tags: [topic]
# sources: [source-id]    # sources to list with this section
---
Replace this paragraph with the text of the section, in Markdown.
"""

_SOURCE = """\
# yaml-language-server: $schema={schema}
# A source, cited from Markdown with [@{id}]. Its id is the file name ({id}).
# Required fields must stay; fill in or delete the others.
title: {title}    # required
publisher: Replace with the publisher    # required
# author: Name
# date: {today}    # YYYY-MM-DD, or YYYY-MM / YYYY when only that is known
# url: https://example.org/    # printed as a link, never fetched
# accessed: {today}
# reliability: Official statement
# Until a text cites [@{id}], check warns that the source is cited nowhere; this says
# why that is fine for now. Delete it once you cite the source (check will remind you).
lint-ignore:
  uncited-source: new source, not cited yet
"""

SCAFFOLDS = {
    s.kind: s
    for s in (
        Scaffold("brief", "briefs", ".yaml", "brief", _BRIEF),
        Scaffold("actor", "content/actors", ".yaml", "actor", _ACTOR),
        Scaffold("agenda", "content/agenda", ".yaml", "agenda", _AGENDA),
        Scaffold("analysis", "content/analysis", ".md", "analysis", _ANALYSIS),
        Scaffold("source", "content/sources", ".yaml", "source", _SOURCE),
    )
}
KINDS = tuple(SCAFFOLDS)


@dataclass(frozen=True)
class Created:
    """What ``new`` wrote: the file, and the schema files it had to add for it."""

    path: Path
    schemas: tuple[Path, ...]


def new_file(
    root: Path,
    kind: str,
    id_: str,
    *,
    today: datetime.date | None = None,
    program: str = "policybrief",
) -> Created:
    """Write the scaffold of ``kind`` named ``id_`` into the project at ``root``.

    ``program`` is the command the writer typed (``policybrief``, or ``python
    build.py`` in a checkout), named in the file's comments so they work as written.

    Raises UsageError for an id that is no slug or is reserved, and
    PolicybriefError when the file (or, for actors and agenda items, the id in
    their shared namespace) already exists: nothing is ever overwritten.
    """
    from policybrief.authoring.schema import KINDS_BY_NAME, SCHEMA_DIR, write_schemas
    from policybrief.content.model import SLUG_RE
    from policybrief.content.project import RESERVED_SLUGS, suggest_slug

    scaffold = SCAFFOLDS[kind]
    if not SLUG_RE.fullmatch(id_):
        suggestion = suggest_slug(id_, brief=kind == "brief")
        hint = f"; try '{suggestion}'" if suggestion else ""
        raise UsageError(
            f"'{id_}' is not a valid id: use lowercase letters, digits and single "
            f"hyphens, e.g. andrei-belousov{hint}"
        )
    if kind == "brief" and id_ in RESERVED_SLUGS:
        raise UsageError(
            f"'{id_}' is reserved for the site's own pages; choose another slug, such as "
            f"'{suggest_slug(id_, brief=True)}' (reserved: "
            + ", ".join(sorted(RESERVED_SLUGS))
            + ")"
        )
    target = root / scaffold.folder / f"{id_}{scaffold.suffix}"
    rel = target.relative_to(root).as_posix()
    if target.exists():
        raise PolicybriefError(f"{rel} already exists; not overwritten (choose another id)")
    _refuse_namespace_clash(root, kind, id_)

    schema_file = root / SCHEMA_DIR / KINDS_BY_NAME[scaffold.schema].filename
    # Without the schema the comment would point nowhere: give the project its schemas.
    schemas = tuple(write_schemas(root / SCHEMA_DIR)) if not schema_file.is_file() else ()
    text = scaffold.text.format(
        id=id_,
        title=_title(kind, id_, _proper_names(root) if kind != "actor" else None),
        today=(today or datetime.date.today()).isoformat(),
        program=program,
        schema=Path(os.path.relpath(schema_file, target.parent)).as_posix(),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # Exclusive creation: a file made since the check above is never overwritten.
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise PolicybriefError(f"{rel} already exists; not overwritten") from None
    return Created(target, schemas)


def _title(kind: str, id_: str, names: dict[str, str] | None = None) -> str:
    """A placeholder from the id: a name for an actor, a sentence-case title
    otherwise, in which a word that is a name of the project's people or states
    (``names``: lowercase word -> as written) keeps its capital ("Putin state
    visit India", not "Putin state visit india")."""
    words = id_.split("-")
    if kind == "actor":
        return " ".join(w.capitalize() for w in words)
    known = names or {}
    out = [known.get(w, w) for w in words]
    return " ".join([out[0][:1].upper() + out[0][1:], *out[1:]])


#: An actor file's ``kind:`` and ``name:`` lines (as ``new`` and the guide write them).
_KIND_LINE_RE = re.compile(r"^kind:\s*(person|state)\b", re.M)
_NAME_LINE_RE = re.compile(r"^name:\s*[\"']?([^\"'#\n]+)", re.M)


def _proper_names(root: Path) -> dict[str, str]:
    """The words of the names of the project's people and states, by lowercase
    form: read from their files' lines (no validation: a broken file adds none)."""
    found: dict[str, str] = {}
    for path in sorted((root / "content" / "actors").glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        name = _NAME_LINE_RE.search(text)
        if name is None or _KIND_LINE_RE.search(text) is None:
            continue
        for word in re.findall(r"[^\W\d_]+", name.group(1)):
            if word[:1].isupper():
                found.setdefault(word.lower(), word)
    return found


def _refuse_namespace_clash(root: Path, kind: str, id_: str) -> None:
    """Actors and agenda items share one namespace for [[id]] links (DESIGN.md)."""
    other = {"actor": "agenda", "agenda": "actors"}.get(kind)
    if other is None:
        return
    clash = root / "content" / other / f"{id_}.yaml"
    if clash.exists():
        noun = "an agenda item" if other == "agenda" else "an actor"
        raise PolicybriefError(
            f"'{id_}' is already {noun} ({clash.relative_to(root).as_posix()}); actors and "
            "agenda items share one namespace for [[id]] links, so choose another id"
        )
