"""Notes called in a table print right after the table, lettered a, b, c.

A footnote called in a table cell may land on a later page than its call:
WeasyPrint cannot push a table row to the next page to make room for its
note. Statistical and policy publishers set such notes as *table notes*
(Chicago 3.77): the calls are superscript letters, and the notes follow the
table, so they stay with it on paper and on screen alike. Table notes take no
number in the brief's note sequence. The letters restart at each table.

Rendering happens in two steps because Markdown reaches table cells in no
particular order: a call in a cell first becomes a token (:meth:`TableNotes.call`),
and :meth:`TableNotes.place` letters the tokens of each table in reading order
and adds the notes after it.
"""

from __future__ import annotations

import re
import secrets
import string

from markupsafe import Markup

#: A table and the source line under it (render/exhibits.py): its notes follow both
#: (Chicago 3.74: the source note comes first).
_TABLE_RE = re.compile(
    r'<table(?: class="[^"]*")?>.*?</table>(?:\s*<p class="exhibit-source">.*?</p>)?', re.DOTALL
)


def letter(index: int) -> str:
    """The table note letter for the 0-based ``index``: a … z, aa, ab, …"""
    letters = string.ascii_lowercase
    if index < len(letters):
        return letters[index]
    return letter(index // len(letters) - 1) + letters[index % len(letters)]


class TableNotes:
    """The table notes of one brief: tokens for calls, then the lettered notes.

    ``anchors`` collects the ids the notes and calls take
    (``table-<n>-note-<letter>`` and ``table-<n>-call-<letter>``; tables count
    from 1 in the brief's reading order).
    """

    def __init__(self) -> None:
        # A token a writer cannot type, so text can never pose as a call.
        self._token = f"\x02tablenote{secrets.token_hex(4)}:"
        self._token_re = re.compile(re.escape(self._token) + r"(\d+)\x03")
        self._notes: list[Markup] = []
        self.tables = 0
        self.anchors: set[str] = set()

    def call(self, content: Markup) -> Markup:
        """Keep a note's ``content``; return the token that stands for its call."""
        self._notes.append(content)
        return Markup(f"{self._token}{len(self._notes) - 1}\x03")

    def place(self, html: str) -> str:
        """Letter the calls in each table of ``html`` and print its notes after it."""
        if self._token not in html:
            return html
        html = _TABLE_RE.sub(self._table, html)
        return self._token_re.sub("", html)  # a call outside a table (none expected)

    def _table(self, m: re.Match[str]) -> str:
        calls = [int(k) for k in self._token_re.findall(m.group(0))]
        if not calls:
            return m.group(0)
        self.tables += 1
        number = self.tables
        letters = {k: letter(i) for i, k in enumerate(calls)}

        def call(c: re.Match[str]) -> str:
            return str(_call(number, letters[int(c.group(1))]))

        table = self._token_re.sub(call, m.group(0))
        notes = Markup("").join(_note(number, letters[k], self._notes[k]) for k in calls)
        for name in letters.values():
            self.anchors.update((f"table-{number}-note-{name}", f"table-{number}-call-{name}"))
        return f'{table}\n<ol class="table-notes">{notes}</ol>'


def _call(table: int, name: str) -> Markup:
    return Markup(
        '<sup class="table-note-call"><a href="#table-{t}-note-{n}" id="table-{t}-call-{n}" '
        'role="doc-noteref" aria-label="Table note {n}">{n}</a></sup>'
    ).format(t=table, n=name)


def _note(table: int, name: str, content: Markup) -> Markup:
    return Markup(
        '<li id="table-{t}-note-{n}"><a class="table-note-mark" href="#table-{t}-call-{n}" '
        'role="doc-backlink" aria-label="Back to the call of table note {n}">{n}</a> {c}</li>'
    ).format(t=table, n=name, c=content)
