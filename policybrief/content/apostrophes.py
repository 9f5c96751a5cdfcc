"""The apostrophe a writer types in a name or a title, set as the typographic one.

Markdown text gets typographic quotes, dashes and apostrophes when it renders
(smarty, :mod:`policybrief.render.typography`); a plain-text field (a title, a
name, a role, a publisher) is printed as typed. So "India's" in a title stood
in straight type next to "India’s" in the text under it. The apostrophe is the
one mark that reads the same in every language that uses it, and it is one
character for one, so every column a diagnostic names in the field stays true:
it is set here, as the field is read (``Prose`` in :mod:`policybrief.content.model`),
and the site, the PDF, the feed and ``check`` all show the same words.

Set as ’ (U+2019): a straight ``'`` between two letters (India's, O'Brien,
don't), after a plural's ``s`` at a word's end (ministers' meeting) unless the
field opens a single quotation, and before a decade (the '90s). Quotation
marks are left as typed: which ones a language uses is the brief's to say,
and a field is shared by briefs in several languages. Hebrew and Arabic
letters keep a straight mark beside them (Hebrew writes its geresh ׳ there).
"""

from __future__ import annotations

import re

APOSTROPHE = "\u2019"
#: A letter of a script that writes the apostrophe as ’ (not Hebrew, not Arabic).
_LETTER = r"[^\W\d_\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
_BETWEEN_RE = re.compile(rf"(?<={_LETTER})'(?={_LETTER})")
_DECADE_RE = re.compile(r"(?<![\w'])'(?=\d0s\b)")
_PLURAL_RE = re.compile(r"(?<=[^\W\d_]s)'(?![\w'])")
#: A single quotation opening at a word's start: then a final ``s'`` may close it.
_OPENING_RE = re.compile(r"(?<![\w'])'(?=\w)")


def set_apostrophes(text: str) -> str:
    """``text`` with each straight apostrophe set as ’; every other character as typed.

    The result has as many characters as ``text``, in the same places.
    """
    if "'" not in text:
        return text
    text = _BETWEEN_RE.sub(APOSTROPHE, text)
    text = _DECADE_RE.sub(APOSTROPHE, text)
    if not _OPENING_RE.search(text):
        text = _PLURAL_RE.sub(APOSTROPHE, text)
    return text
