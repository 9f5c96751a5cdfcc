"""Isolation of a writer's values (render/bidi.py): controls sealed, runs isolated,
English left alone (break report of 30 Nov, items 6 and 7)."""

from __future__ import annotations

import pytest

from policybrief.render.bidi import bdi, isolate_fields, isolate_text, seal

LRI, RLI, PDI, RLE, PDF = "\u2066", "\u2067", "\u2069", "\u202b", "\u202c"


@pytest.mark.parametrize(
    ("text", "sealed"),
    [
        (f"{RLE}محمد", f"{RLE}محمد{PDF}"),  # the report's input: closed at the end
        (f"a{PDF}b{PDI}", "ab"),  # closers with nothing to close are dropped
        (f"{RLI}x{RLE}y{PDI}z", f"{RLI}x{RLE}y{PDF}{PDI}z"),  # an isolate's end closes inside it
        (f"{LRI}{RLI}שלום", f"{LRI}{RLI}שלום{PDI}{PDI}"),  # nested, both closed
        ("John Smith", "John Smith"),
    ],
)
def test_seal_balances_every_control(text: str, sealed: str) -> None:
    assert seal(text) == sealed


@pytest.mark.parametrize(
    ("text", "base", "isolated"),
    [
        ("A first brief", "ltr", "A first brief"),  # English in an English brief: unchanged
        (
            "Talks: مصر — ישראל — Jordan",
            "ltr",
            f"{LRI}Talks: {RLI}مصر{PDI} — {RLI}ישראל{PDI} — Jordan{PDI}",
        ),
        ("محادثات الحدود: Rafah 2026", "rtl", f"{RLI}محادثات الحدود: {LRI}Rafah 2026{PDI}{PDI}"),
        ("Round 3 (2026)", "rtl", f"{LRI}Round 3 (2026){PDI}"),  # numbers on an RTL page
        (f"{RLE}سري", "ltr", f"{RLI}{RLE}سري{PDF}{PDI}"),
    ],
)
def test_isolate_text(text: str, base: str, isolated: str) -> None:
    assert isolate_text(text, base) == isolated


def test_a_line_of_values_is_isolated_in_the_pages_direction() -> None:
    foot = "وحدة تحليل السياسات · 30 November 2026 · B-E1"
    assert isolate_text(foot, "ltr", whole="ltr") == (
        f"{LRI}{RLI}وحدة تحليل السياسات{PDI} · 30 November 2026 · B-E1{PDI}"
    )
    assert isolate_text("30 November 2026 · B-E1", "rtl", whole="rtl") == (
        f"{RLI}{LRI}30 November 2026 · B-E1{PDI}{PDI}"
    )


@pytest.mark.parametrize(
    ("text", "base", "html"),
    [
        ("John Smith", "ltr", "John Smith"),
        ("John Smith", "rtl", '<bdi dir="ltr">John Smith</bdi>'),
        ("דוד לוי", "ltr", '<bdi dir="rtl">דוד לוי</bdi>'),
        ("Border: غزة 2025", "ltr", f'<bdi dir="ltr">Border: {RLI}غزة{PDI} 2025</bdi>'),
        ("<b>x</b> سري", "ltr", f'<bdi dir="ltr">&lt;b&gt;x&lt;/b&gt; {RLI}سري{PDI}</bdi>'),
    ],
)
def test_bdi(text: str, base: str, html: str) -> None:
    assert str(bdi(text, base)) == html


def test_reference_fields_are_isolated_only_when_a_script_mixes() -> None:
    assert [str(f) for f in isolate_fields("Example Ministry", "Statement", "1 May 2026")] == [
        "Example Ministry",
        "Statement",
        "1 May 2026",
    ]
    assert [str(f) for f in isolate_fields("وزارة الخارجية", "Annual report", "1 May 2026")] == [
        '<bdi dir="rtl">وزارة الخارجية</bdi>',
        '<bdi dir="ltr">Annual report</bdi>',
        '<bdi dir="ltr">1 May 2026</bdi>',
    ]


def test_a_persian_word_with_a_zero_width_non_joiner_stays_in_one_run() -> None:
    # "می‌خواهد" holds U+200C: the run was cut in two there, and an English
    # paragraph set its halves left to right ("خواهد ... یابد وزیر می").
    quote = "وزیر می\u200cخواهد ۱۲ درصد افزایش یابد"
    text = f"The ministry said, in Persian and English words alike: «{quote}» today."
    isolated = isolate_text(text)
    assert f"\u2067{quote}\u2069" in isolated
    assert isolated.count("\u2067") == 1
