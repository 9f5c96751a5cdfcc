"""The language and writing direction of text: BCP 47 tags, and what a script tells.

A native name needs its language (Han characters are drawn differently for
Chinese, Japanese and Korean; hyphenation and screen readers follow it too).
Where the name's script is written by one language above all others, the
script tells it (CLDR's "likely subtags": Hebrew script → ``he``); where it
does not (Han characters alone, Latin), the writer says it with ``native_lang``.
Tags are checked against the IANA registry by ``langcodes``; Unicode scripts
come from fontTools' copy of the Unicode Character Database.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

Direction = Literal["ltr", "rtl"]

#: Each script that one language writes above all others, as CLDR's likely
#: subtags give it (ISO 15924 code → BCP 47 tag).
SCRIPT_LANGUAGES = {
    "Arab": "ar", "Hebr": "he", "Hang": "ko", "Hira": "ja", "Kana": "ja",
    "Geor": "ka", "Armn": "hy", "Thai": "th", "Grek": "el", "Deva": "hi",
    "Cyrl": "ru", "Beng": "bn", "Taml": "ta", "Telu": "te", "Knda": "kn",
    "Mlym": "ml", "Gujr": "gu", "Guru": "pa", "Orya": "or", "Sinh": "si",
    "Khmr": "km", "Laoo": "lo", "Mymr": "my", "Ethi": "am", "Tibt": "bo",
    "Thaa": "dv", "Syrc": "syr",
}  # fmt: skip
#: Scripts written right to left (ISO 15924), among those a policy brief meets.
RTL_SCRIPTS = frozenset(
    {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr", "Mand", "Yezi"}
)
#: Scripts that add no language of their own: common punctuation and digits, marks.
_NEUTRAL_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})


def valid_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 tag whose subtags the IANA registry has."""
    import langcodes

    return bool(langcodes.tag_is_valid(tag))


def scripts(text: str) -> list[str]:
    """The scripts (ISO 15924 codes) of ``text``'s letters, in order of first use.

    Punctuation, digits, spaces and combining marks belong to no script here.
    """
    from fontTools import unicodedata as ucd

    found: list[str] = []
    for char in text:
        if char.isalpha():
            code = ucd.script(char)
            if code not in _NEUTRAL_SCRIPTS and code not in found:
                found.append(code)
    return found


def language_from_script(text: str) -> str | None:
    """The BCP 47 tag ``text``'s script tells, or None when it tells none.

    Kana with or without Han is Japanese, Hangul with or without Han Korean;
    any other single script is its language in :data:`SCRIPT_LANGUAGES`. Han
    alone, Latin, a script not listed and a mix of scripts tell nothing.
    """
    found = set(scripts(text))
    if found & {"Hira", "Kana"} and found <= {"Hira", "Kana", "Hani"}:
        return "ja"
    if "Hang" in found and found <= {"Hang", "Hani"}:
        return "ko"
    if len(found) == 1:
        return SCRIPT_LANGUAGES.get(found.pop())
    return None


def script_name(code: str) -> str:
    """The English name of the ISO 15924 script ``code`` ("Hani" → "Han")."""
    from fontTools import unicodedata as ucd

    return str(ucd.script_name(code, default=code)).replace("_", " ")


@cache
def direction(tag: str) -> Direction:
    """The direction the language ``tag`` is written in: by its script subtag, or its
    likely script (``fa`` → Arabic → right to left); ``ltr`` for a tag langcodes cannot read."""
    import langcodes

    try:
        script = langcodes.Language.get(tag).maximize().script
    except ValueError:
        return "ltr"
    return "rtl" if script in RTL_SCRIPTS else "ltr"


def text_direction(text: str, base: Direction = "ltr") -> Direction:
    """The direction of ``text`` by its words: ``rtl`` when right-to-left ones lead it.

    Words are counted, not letters: names in Latin letters are long, Arabic and
    Hebrew words short, and an Arabic sentence naming two English ministers has
    more Latin letters than Arabic ones. On a left-to-right page a text is right
    to left when its first word is and at least half its words are ("يلتقي
    Vladimir Putin مع Narendra Modi في نيودلهي": its names in order), when its
    first and last words are and at least a third of all (an Arabic sentence
    quoting an English title), or when right-to-left words outnumber the others
    three to one ("NATO قمة في واشنطن");
    so an English sentence that opens with an Arabic name, or a marking "OFFICIAL
    // سري // סודי", stays left to right. On a right-to-left page (``base``), a
    text with right-to-left words stays right to left unless left-to-right ones
    outnumber them two to one.
    """
    if text.isascii():  # most text: no right-to-left letter can be there
        return "ltr"
    rtl = ltr = 0
    first: bool | None = None  # whether the first letter is of a right-to-left script
    last = False  # whether the last word's is
    for word in text.split():
        letter = next((c for c in word if c.isalpha()), None)
        if letter is None:
            continue  # figures and marks: neutral
        last = _of_rtl_script(letter)
        if first is None:
            first = last
        if last:
            rtl += 1
        else:
            ltr += 1
    if base == "rtl":
        return "rtl" if rtl and rtl * 2 >= ltr else "ltr"
    if not rtl:
        return "ltr"
    # Led by a right-to-left word, at least as many of them; begun and ended by
    # one, half as many (an Arabic sentence quoting an English title); or three to one.
    if first and (rtl >= ltr or (last and rtl * 2 >= ltr)):
        return "rtl"
    return "rtl" if rtl >= 3 * ltr else "ltr"


def reference_direction(text: str, base: Direction) -> Direction:
    """The direction a bibliographic reference reads in on a page of direction
    ``base``: the page's when the reference holds any letter of that direction
    (an English publisher or date beside an Arabic title in an English brief;
    its fields are isolated each in its own direction), else the other.
    """
    if base == "ltr":
        return "ltr" if any(c.isalpha() and not is_rtl_letter(c) for c in text) else "rtl"
    return "rtl" if any(is_rtl_letter(c) for c in text) else "ltr"


def is_rtl_letter(char: str) -> bool:
    """Whether ``char`` is a letter of a right-to-left script."""
    return char.isalpha() and _of_rtl_script(char)


@cache
def _of_rtl_script(char: str) -> bool:
    """Whether ``char`` belongs to a right-to-left script (looked up once per character:
    a build asks for every letter of its text)."""
    from fontTools import unicodedata as ucd

    return ucd.script(char) in RTL_SCRIPTS


def name_language(name: str, tag: str | None) -> tuple[str, Direction]:
    """The ``lang`` and ``dir`` a page gives the native name ``name``.

    ``tag`` is the writer's ``native_lang`` (None: the one the script tells,
    or "", an unknown language, when it tells none).
    """
    lang = tag or language_from_script(name) or ""
    return lang, direction(lang) if lang else text_direction(name)
