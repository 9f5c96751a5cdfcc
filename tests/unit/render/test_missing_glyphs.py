"""A character no font covers prints as its code, never as an empty box (report item 12)."""

from __future__ import annotations

import pytest

from policybrief.render.glyphs import mark_missing

MISSING = frozenset("ሰላም\U0001f1fa\U0001f1e6த")


def _code(char: str) -> str:
    return f'<span class="missing-glyph">[U+{ord(char):04X}]</span>'


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Ethiopic ሰላም.</p>", f"<p>Ethiopic {_code('ሰ')}{_code('ላ')}{_code('ም')}.</p>"),
        ("<p>🇺🇦</p>", f"<p>{_code(chr(0x1F1FA))}{_code(chr(0x1F1E6))}</p>"),
        (
            '<img alt="ሰ"><a href="https://x.example/த">த</a>',
            f'<img alt="ሰ"><a href="https://x.example/த">{_code("த")}</a>',
        ),
        (
            "<title>ሰ</title><style>p::after { content: 'ሰ' }</style><p>x</p>",
            "<title>ሰ</title><style>p::after { content: 'ሰ' }</style><p>x</p>",
        ),
        ("<p>Plain text, all covered.</p>", "<p>Plain text, all covered.</p>"),
        # A character reference prints as its character (it printed as a box).
        ("<p>&#x1230; &#4656; &amp;#x1230;</p>", f"<p>{_code('ሰ')} {_code('ሰ')} &amp;#x1230;</p>"),
        ("<p>&starf; &lt;</p>", "<p>&starf; &lt;</p>"),
    ],
)
def test_missing_characters_become_their_codes_in_text_only(html: str, expected: str) -> None:
    assert mark_missing(html, MISSING) == expected
