"""Check references between files: ids in fields, and links, citations and images in Markdown.

The helpers of validation's second pass (:mod:`policybrief.content.validate`):
an unknown id is reported where it was typed, with the closest known ids as a
hint; ids whose files exist but are invalid count as known, so one broken file
does not also make every reference to it an error.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from policybrief.content.characters import CHARACTER_HINT, describe, forbidden_references
from policybrief.content.corpus import Corpus, Record
from policybrief.content.exhibits import captions_without_table, is_table_start
from policybrief.content.foreign_syntax import find_foreign
from policybrief.content.languages import valid_tag
from policybrief.content.limits import LIMIT_HINT, find_excesses
from policybrief.content.link_hosts import find_misleading
from policybrief.content.load import unportable
from policybrief.content.markdown_lines import (
    MAX_NESTING,
    code_ranges,
    escaped,
    in_ranges,
    too_deep,
)
from policybrief.content.model import SLUG_RE, Actor, AgendaItem, Brief, plain_text_fields
from policybrief.content.refs import (
    AUTOLINK_RE,
    INLINE_LINK_RE,
    PHRASE_LANG_RE,
    CitationGroup,
    FootnoteCall,
    FootnoteDefinition,
    Image,
    Link,
    Reference,
    find_references,
)
from policybrief.content.relative_links import dead_links
from policybrief.content.sanitize import find_unsafe
from policybrief.content.table_fit import (
    AGENDA_MM,
    BOTTOM_LINE_MM,
    ONE_PAGER_MM,
    ONE_PAGER_TYPE_MM,
    ROOM,
    SCALES,
    TABLE_TYPE_MM,
    fit,
    landscape_mm,
    markdown_tables,
    table_width,
)
from policybrief.content.yamlsrc import Path as DataPath
from policybrief.errors import Diagnostics, Position, closest

KIND_NAMES = {
    "actors": "actor",
    "agenda": "agenda item",
    "analysis": "analysis section",
    "sources": "source",
    "briefs": "brief",
}
TWICE = "remove the second one"


#: An image written by reference: ``![alt][ref]`` or ``![alt][]`` (not escaped).
_REFERENCE_IMAGE_RE = re.compile(r"(?<!\\)!\[[^\[\]\n]*\]\[[^\[\]\n]*\]")


class ReferenceChecker:
    """Report references to ids that no entity of the expected kind has."""

    def __init__(self, corpus: Corpus, existing: dict[str, set[str]], diags: Diagnostics):
        """``existing``: every id per kind folder, valid file or not."""
        self.corpus = corpus
        self.existing = existing
        self.diags = diags
        #: Every ``assets/NAME`` a text shows, as typed.
        self.shown: set[str] = set()
        #: The ids a ``[[link]]`` can name.
        self._linkable = existing["actors"] | existing["agenda"]
        #: Names and titles to ids, made for the first unknown link (:meth:`_by_name`).
        self._names: dict[str, str] | None = None

    def _error(
        self,
        record: Record[Any],
        position: Position,
        message: str,
        hint: str | None = None,
        *,
        code: str,
    ) -> None:
        self.diags.error(record.path, position, message, hint, code=code)

    def _ref(
        self,
        record: Record[Any],
        path: DataPath,
        id_: str,
        kind: str,
        position: Position | None = None,
    ) -> bool:
        """Report ``id_`` unless an entity of ``kind`` has it; True when it exists."""
        if id_ in self.existing[kind]:
            return True
        position = position or record.smap.value(path)
        noun = KIND_NAMES[kind]
        guess = closest(id_, self.existing[kind])
        if guess:
            hint = f"did you mean '{guess}'?"
        elif SLUG_RE.fullmatch(id_):
            hint = (
                f"no {noun} has this id; create content/{kind}/{id_}.yaml"
                if kind != "analysis"
                else f"no {noun} has this id; create content/analysis/{id_}.md"
            )
        else:
            article = "an" if noun[0] in "aeiou" else "a"
            hint = f"refer to {article} {noun} by its id, the name of its file without extension"
        self._error(record, position, f"unknown {noun} '{id_}'", hint, code="unknown-reference")
        return False

    def _refs(self, record: Record[Any], field: str, ids: tuple[str, ...], kind: str) -> None:
        seen: set[str] = set()
        for i, id_ in enumerate(ids):
            if id_ in seen:
                self._error(
                    record,
                    record.smap.value((field, i)),
                    f"'{id_}' is listed twice in {field}",
                    TWICE,
                    code="duplicate-id",
                )
            seen.add(id_)
            self._ref(record, (field, i), id_, kind)

    def _markdown(self, record: Record[Any], text: str, path: DataPath | None) -> None:
        """Check every reference in one Markdown text (a field, or the body if no path)."""

        starts: list[int] = []  # line starts of the body, made on the first diagnostic

        def where(offset: int) -> Position:
            if path is not None:
                return record.smap.in_text(path, offset)
            # By bisection: counting lines from the start for each diagnostic made a
            # text with thousands of them quadratic.
            if not starts:
                starts.extend([0, *(m.end() for m in re.finditer("\n", text))])
            line = bisect.bisect_right(starts, offset) - 1
            return Position(record.body_line + line, offset - starts[line] + 1)

        deep = too_deep(text)
        if deep is not None:
            self._error(
                record,
                where(deep),
                f"lists or quotes nested deeper than {MAX_NESTING} levels",
                "flatten the list: use headings or a table for structure this deep",
                code="nesting-limit",
            )
            return
        in_code = in_ranges(code_ranges(text))
        # A relative link to a page the site does not have (or not from every page
        # that shows this text) was published dead.
        for dead in dead_links(self.corpus, record.kind, record.id, text):
            if not in_code(dead.offset):
                self.diags.warning(
                    record.path, where(dead.offset), dead.message, dead.hint, code="dead-link"
                )
        # A control character written as a reference (&#x202E;) prints as the character.
        for at, char in forbidden_references(text):
            if not in_code(at) and not escaped(text, at):
                self._error(
                    record,
                    where(at),
                    f"character reference for {describe(char)} is not allowed"
                    if char is not None
                    else "character reference for no character (NUL, a surrogate or past U+10FFFF)",
                    CHARACTER_HINT if char is not None else "delete it; the page would print �",
                    code="control-character",
                )
        excesses = list(find_excesses(text, in_code))
        for offset, message in excesses:
            self._error(record, where(offset), message, LIMIT_HINT, code="markdown-limit")
        if "<" in text or "](" in text or "]:" in text:
            for unsafe in find_unsafe(text, in_code):
                # A refused link is an error; HTML the sanitiser removes, a warning.
                report = self.diags.error if unsafe.code == "unsafe-url" else self.diags.warning
                report(
                    record.path, where(unsafe.offset), unsafe.message, unsafe.hint, code=unsafe.code
                )
        for link in find_misleading(text, in_code):
            self.diags.warning(
                record.path,
                where(link.offset),
                f"the link's words show the address '{link.shown}' but it leads to '{link.target}'",
                "make the words say where the link goes, or link to the address they show",
                code="misleading-link",
            )
        if "]{lang=" in text:
            for m in PHRASE_LANG_RE.finditer(text):
                if not valid_tag(m.group(2)):
                    self._error(
                        record,
                        where(m.start(2)),
                        f"'{m.group(2)}' is not a BCP 47 language tag",
                        "write a language tag such as ar, fa, he, zh-Hans or ja",
                        code="invalid-value",
                    )
        # Past a limit (brackets never closed, say) is one error, not one per bracket too.
        for foreign in (
            ()
            if excesses
            else find_foreign(
                text, in_code, sources=self.existing["sources"], linkable=self._linkable
            )
        ):
            report = self.diags.error if foreign.error else self.diags.warning
            report(
                record.path, where(foreign.offset), foreign.message, foreign.hint, code=foreign.code
            )
        if "Table:" in text:
            for offset in captions_without_table(text):
                self._error(
                    record,
                    where(offset),
                    "table caption with no table after it",
                    "put the table right after its 'Table: Title' line, or delete the line",
                    code="caption-without-table",
                )
        if "|" in text:
            self._tables(record, text, path, where)
        if "![" in text:
            self._reference_images(record, text, where)
        refs = find_references(text)
        self._footnotes(record, refs, where, text)
        if "|" in text:
            self._tables_in_notes(record, text, refs, where)
        for ref in refs:
            pos = where(ref.offset)
            if isinstance(ref, Link):
                self._link(record, ref, pos)
            elif isinstance(ref, CitationGroup):
                for bad in ref.bad:
                    self._error(
                        record,
                        pos,
                        f"cannot read citation '{bad}'",
                        "put a comma before the locator: [@source-id, p. 4]"
                        if re.fullmatch(r"@[\w-]+\s+\S.*", bad.strip())
                        else "write [@source-id], [@source-id, p. 4] or [@a; @b]",
                        code="invalid-citation",
                    )
                for item in ref.items:
                    self._ref(record, (), item.id, "sources", where(item.offset))
            elif isinstance(ref, Image):
                self._image(record, ref, pos)

    def _tables(
        self,
        record: Record[Any],
        text: str,
        path: DataPath | None,
        where: Callable[[int], Position],
    ) -> None:
        """Report each row with cells past its header's, and warn about each table
        too wide for any page it can print on.

        An analysis section's table may take a landscape page (of the project's
        paper); one in a bottom line or an agenda entry stays upright; an
        actor's summary shows on the site only, where a table scrolls.
        """
        tables = list(markdown_tables(text))
        for table in tables:
            for offset, lost in table.overflows:
                self._error(
                    record,
                    where(offset),
                    f"this row has {lost} {'cell' if lost == 1 else 'cells'} more than the "
                    f"table's header: '{text[offset:].split('|', 1)[0].strip()[:40]}'"
                    f"{' and the rest' if lost > 1 else ''} would not print",
                    "add a heading for each column to the header row, or join the extra cells "
                    "into one"
                    if table.border
                    else "the header row has no outer pipes, so this row's first '|' starts an "
                    "empty cell: write every row alike, | Year | Exports | or Year | Exports",
                    code="table-extra-cells",
                )
        if isinstance(record.data, Actor):
            return
        landscape = path is None
        for table in tables:
            if landscape and fit(table.columns).fits:
                continue
            need = table_width(table.columns) * SCALES[-1] * TABLE_TYPE_MM
            hint = "split it into two tables, or turn it so that its rows are the columns"
            if landscape:
                room = self._landscape_mm()
                page = "a landscape page holds"
            else:
                agenda = isinstance(record.data, AgendaItem)
                room = AGENDA_MM if agenda else BOTTOM_LINE_MM
                page = "an agenda entry holds" if agenda else "the bottom line holds"
                hint = (
                    "a bottom line or an agenda entry never takes a landscape page: move the "
                    f"table into an analysis section, or {hint}"
                )
            if need * ROOM <= room:
                continue  # fits there in the smallest type, give or take the estimate
            hint += " (figures never break across lines)"
            final = self._final_briefs(record, path)
            report = self.diags.error if final else self.diags.warning
            if final:
                hint += f"; an error, since the final brief '{final[0]}' would print without them"
            report(
                record.path,
                where(table.offset),
                f"table of {len(table.columns)} columns too wide for its page: about "
                f"{need:.0f} mm in the smallest type, where {page} {room:.0f} mm; "
                "its last columns would be cut off",
                hint,
                code="table-too-wide",
            )

    def _final_briefs(self, record: Record[Any], path: DataPath | None) -> list[str]:
        """The final briefs that print ``record``'s text at ``path``: a brief's own
        summary, or an analysis section a final brief lists; sorted. (An agenda
        entry's briefs depend on their links: its table stays a warning.)"""
        if isinstance(record.data, Brief):
            return [record.id] if record.data.status == "final" else []
        if path is not None or record.id not in self.corpus.analysis:
            return []
        return sorted(
            b.id
            for b in self.corpus.briefs.values()
            if b.data.status == "final"
            and (
                record.id in b.data.key_judgments
                or any(getattr(s, "analysis", None) == record.id for s in b.data.sections)
            )
        )

    def _landscape_mm(self) -> float:
        """A landscape page's text block on the narrowest paper a brief of the
        project uses (its own ``paper:``, else the project's)."""
        papers = {self.corpus.settings.paper}
        papers.update(b.data.paper for b in self.corpus.briefs.values() if b.data.paper)
        return min(landscape_mm(p) for p in papers)

    def _one_pager_tables(self, record: Record[Any]) -> None:
        """Warn about each table of a one-pager's analysis sections that even the
        page's full width cannot hold in the smallest type: the one-pager has no
        landscape page (at the table's line, naming the brief)."""
        for section in record.data.sections:
            id_ = getattr(section, "analysis", None)
            analysis = self.corpus.analysis.get(id_) if id_ else None
            if analysis is None or "|" not in analysis.body:
                continue
            for table in markdown_tables(analysis.body):
                need = table_width(table.columns) * SCALES[-1] * ONE_PAGER_TYPE_MM
                if need * ROOM <= ONE_PAGER_MM:
                    continue
                line = analysis.body.count("\n", 0, table.offset)
                column = table.offset - (analysis.body.rfind("\n", 0, table.offset) + 1) + 1
                final = record.data.status == "final"
                report = self.diags.error if final else self.diags.warning
                report(
                    analysis.path,
                    Position(analysis.body_line + line, column),
                    f"table of {len(table.columns)} columns too wide for the one-pager "
                    f"'{record.id}': about {need:.0f} mm in the smallest type, where its page "
                    f"holds {ONE_PAGER_MM:.0f} mm; its last columns would be cut off",
                    "the one-pager has no landscape page: split the table, or give the "
                    "section to a brief of the brief template",
                    code="table-too-wide",
                )

    def _footnotes(
        self,
        record: Record[Any],
        refs: list[Reference],
        where: Callable[[int], Position],
        text: str | None = None,
    ) -> None:
        """Each call has a definition in the same text, and each definition a call, once."""
        calls = [r for r in refs if isinstance(r, FootnoteCall)]
        defined: dict[str, FootnoteDefinition] = {}
        for d in (r for r in refs if isinstance(r, FootnoteDefinition)):
            if d.label in defined:
                first = where(defined[d.label].offset).line
                self._error(
                    record,
                    where(d.offset),
                    f"footnote '{d.label}' is defined twice (first on line {first})",
                    "remove one of the two definitions, or give this one its own label",
                    code="duplicate-footnote",
                )
            else:
                defined[d.label] = d
        # Definitions in text order, so the one a call may sit in is found by bisection:
        # testing every definition for every call was quadratic.
        spans = sorted((d.offset, d.end, d) for d in defined.values())
        starts = [start for start, _, _ in spans]
        for call in calls:
            at = bisect.bisect_left(starts, call.offset) - 1
            inside = spans[at][2] if at >= 0 and call.offset < spans[at][1] else None
            if inside is not None:
                self._error(
                    record,
                    where(call.offset),
                    f"footnote '{call.label}' is called inside footnote '{inside.label}'",
                    "a note cannot hold a note; move the call into the text",
                    code="nested-footnote",
                )
            elif call.label not in defined:
                guess = closest(call.label, defined)
                hint = (
                    f"did you mean '{guess}'?"
                    if guess
                    else f"define it on a line of its own: [^{call.label}]: the note's text"
                )
                if text is not None and (
                    typed := re.search(rf"(?m)^ {{0,3}}\[\^{re.escape(call.label)}\]:", text)
                ):
                    # Defined, but inside code: a fence left open above swallowed it.
                    line = where(typed.start()).line
                    hint = (
                        f"its definition on line {line} is inside a code block: close the "
                        "code fence (``` or ~~~) opened above it"
                    )
                self._error(
                    record,
                    where(call.offset),
                    f"no footnote '{call.label}'",
                    hint,
                    code="unknown-footnote",
                )
        called = {c.label for c in calls}
        for label, d in defined.items():
            if label not in called:
                guess = closest(label, called - set(defined))
                self._error(
                    record,
                    where(d.offset),
                    f"footnote '{label}' is never called",
                    f"is '[^{guess}]' meant to call it?"
                    if guess
                    else f"call it with [^{label}] where the note belongs, or delete it",
                    code="unused-footnote",
                )

    def _reference_images(
        self, record: Record[Any], text: str, where: Callable[[int], Position]
    ) -> None:
        """An image written by reference (``![alt][ref]``, ``![alt][]``) is an error:
        only ``![alt](assets/NAME)`` is checked and printed; the renderer dropped
        the other, leaving a figure's empty caption."""
        in_code = in_ranges(code_ranges(text))
        for m in _REFERENCE_IMAGE_RE.finditer(text):
            if in_code(m.start()):
                continue
            self._error(
                record,
                where(m.start()),
                f"image '{m.group(0)}' is written by reference; only an image written "
                "in place is shown",
                "write it as ![alt text](assets/NAME) with the file in content/assets/",
                code="unknown-asset",
            )

    def _tables_in_notes(
        self,
        record: Record[Any],
        text: str,
        refs: list[Reference],
        where: Callable[[int], Position],
    ) -> None:
        """A table in a note's text is an error: a note is one paragraph at the page
        foot, and its table printed as the pipes typed."""
        for d in (r for r in refs if isinstance(r, FootnoteDefinition)):
            raw = text[d.offset : d.end].split("\n")
            lines = [line.strip() for line in raw]
            lines[0] = lines[0].split(":", 1)[1].strip() if ":" in lines[0] else lines[0]
            at = next((i for i in range(len(lines) - 1) if is_table_start(lines, i)), None)
            if at is None:
                continue
            indent = len(raw[at]) - len(raw[at].lstrip())
            offset = d.offset + sum(len(line) + 1 for line in raw[:at]) + indent
            self._error(
                record,
                where(offset),
                f"footnote '{d.label}' holds a table, which a note cannot print: it is one "
                "paragraph at the foot of the page, and the table would print as its pipes",
                "put the table in the text (a 'Table: …' line above it numbers it) and call "
                "the note from the text or the table",
                code="table-in-note",
            )

    def _plain(self, record: Record[Any], data: Any = None, path: DataPath = ()) -> None:
        """Report Markdown references in fields that print as plain text (titles, names)."""
        data = record.data if data is None else data
        for name, nested in plain_text_fields(type(data)).items():
            value = getattr(data, name)
            if nested is not None:
                self._plain(record, value, (*path, name))
            elif isinstance(value, str):
                self._plain_text(record, (*path, name), value)
            elif isinstance(value, tuple):
                for i, item in enumerate(value):
                    self._plain_text(record, (*path, name, i), item)

    def _plain_text(self, record: Record[Any], path: DataPath, text: str) -> None:
        field = next(p for p in reversed(path) if isinstance(p, str))
        found: list[tuple[int, int, str, str]] = []
        for ref in find_references(text):
            if isinstance(ref, Link):
                what, hint = "a link", "write the name without [[ ]]"
            elif isinstance(ref, CitationGroup):
                what, hint = "a citation", "cite the source in a summary or the body instead"
            elif isinstance(ref, Image):
                what, hint = "an image", "put the image in a summary or the body instead"
            else:
                what, hint = "a footnote", "put the note in a summary or the body instead"
            found.append((ref.offset, ref.end, what, hint))
        if "](" in text or "<" in text:
            # A Markdown link, or an autolink, printed as typed too ("[the summit](https://…)").
            for m in INLINE_LINK_RE.finditer(text):
                if not (m.start() and text[m.start() - 1] == "!"):
                    hint = "write the words alone; link in a summary or the body instead"
                    found.append((m.start(), m.end(), "a link", hint))
            for m in AUTOLINK_RE.finditer(text):
                hint = "write the address without < >, or link it in a summary or the body"
                found.append((m.start(), m.end(), "a link", hint))
        for start, end, what, hint in sorted(found):
            self._error(
                record,
                record.smap.in_text(path, start),
                f"'{field}' is plain text, not Markdown: '{text[start:end]}' would print as "
                f"typed, not as {what}",
                hint,
                code="markup-in-plain-field",
            )

    def _link(self, record: Record[Any], link: Link, pos: Position) -> None:
        if not link.id:
            self._error(
                record, pos, "empty link '[[]]'", "write [[id]] or [[id|words]]", code="empty-link"
            )
            return
        if link.id in self.existing["actors"] or link.id in self.existing["agenda"]:
            return
        candidates = self.existing["actors"] | self.existing["agenda"]
        # A name or title written for the id ([[Wang Yi]]) finds the id it names.
        named = self._by_name().get(" ".join(link.id.casefold().split()))
        guess = named or closest(link.id, candidates)
        hint = (
            f"did you mean '{guess}'? Write [[{guess}]] or [[{guess}|{link.id}]]"
            if named
            else f"did you mean '{guess}'?"
            if guess
            else "[[id]] links an actor or agenda item by the name of its file"
        )
        self._error(
            record, pos, f"unknown actor or agenda item '{link.id}'", hint, code="unknown-reference"
        )

    def _by_name(self) -> dict[str, str]:
        """Each actor's name and alias and each agenda item's title, case folded, to its id."""
        if self._names is None:
            names: dict[str, str] = {}
            for id_, actor in self.corpus.actors.items():
                for name in (actor.data.name, *actor.data.aliases):
                    names.setdefault(" ".join(name.casefold().split()), id_)
            for id_, item in self.corpus.agenda.items():
                names.setdefault(" ".join(item.data.title.casefold().split()), id_)
            self._names = names
        return self._names

    def _image(self, record: Record[Any], image: Image, pos: Position) -> None:
        if not image.alt:
            self._error(
                record,
                pos,
                "image has no alternative text",
                "describe the image for readers who cannot see it: ![what it shows](…)",
                code="missing-alt-text",
            )
        src = image.src
        self.shown.add(src)
        parts = PurePosixPath(src).parts
        scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", src) is not None
        if scheme or src.startswith("/") or ".." in parts or not parts or parts[0] != "assets":
            self._error(
                record,
                pos,
                f"image '{src}' is not in content/assets/",
                "put the image in content/assets/ and write ![alt](assets/NAME)",
                code="unknown-asset",
            )
        elif problem := self.corpus.asset_problems.get(src):
            self._error(
                record, pos, f"image '{src}': {problem.message}", problem.hint, code=problem.code
            )
        elif src not in self.corpus.assets and (why := unportable(src)) is not None:
            self._error(
                record,
                pos,
                f"image '{src}' cannot be published: its name cannot be copied to a Windows "
                f"server or share ({why})",
                "rename the file with letters, digits, '-', '_' and '.', and write the new name",
                code="asset-name-clash",
            )
        elif src not in self.corpus.assets:
            guess = closest(src, self.corpus.assets)
            self._error(
                record,
                pos,
                f"image '{src}' does not exist",
                _guess_hint(src, guess) if guess else "add the file to content/assets/",
                code="unknown-asset",
            )
        elif limits := self.corpus.drawing_limits.get(src):
            # The web page shows the drawing as a browser draws it; the PDF differs.
            self.diags.warning(
                record.path,
                pos,
                f"the drawing '{src}' uses what the PDF renderer does not draw: "
                + "; ".join(limits),
                "export the drawing with these flattened (text as outlines), or as PNG, or "
                "write it without them; the web page shows it as drawn",
                code="svg-unsupported",
            )

    def unshown_assets(self) -> None:
        """Report each file in ``content/assets/`` that is no image and no text shows.

        Only images are published, so such a file does no harm; but it is
        either a mistake or a page or script someone hoped to publish.
        """
        for rel, problem in sorted(self.corpus.asset_problems.items()):
            if rel not in self.shown:
                self.diags.error(
                    self.corpus.root / "content" / rel,
                    Position(1, 1),
                    f"'{rel}' cannot be shown: {problem.message}",
                    problem.hint
                    if problem.misnamed
                    else "content/assets/ holds images only (PNG, JPEG, GIF, WebP, plain SVG); "
                    "remove the file",
                    code=problem.code,
                )

    def _refs_at(
        self, record: Record[Any], path: DataPath, ids: tuple[str, ...], kind: str
    ) -> None:
        seen: set[str] = set()
        for i, id_ in enumerate(ids):
            if id_ in seen:
                self._error(
                    record,
                    record.smap.value((*path, i)),
                    f"'{id_}' is listed twice in {path[-1]}",
                    TWICE,
                    code="duplicate-id",
                )
            seen.add(id_)
            self._ref(record, (*path, i), id_, kind)


def _guess_hint(written: str, guess: str) -> str:
    """ "Did you mean" for an image name, saying how it differs when it looks the same."""
    if (
        unicodedata.normalize("NFKC", written).casefold()
        != unicodedata.normalize("NFKC", guess).casefold()
    ):
        return f"did you mean '{guess}'?"
    at = next(
        (i for i, (a, b) in enumerate(zip(written, guess, strict=False)) if a != b),
        min(len(written), len(guess)),
    )
    mine = f"U+{ord(written[at]):04X}" if at < len(written) else "nothing"
    theirs = f"U+{ord(guess[at]):04X}" if at < len(guess) else "nothing"
    return (
        f"did you mean '{guess}'? The names look alike but differ at character {at + 1}: "
        f"the text has {mine}, the file {theirs}; copy the file's name into the text"
    )
