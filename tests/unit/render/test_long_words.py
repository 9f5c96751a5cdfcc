"""Long words in tables: which are marked to break anywhere, and how."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import markdown
from markupsafe import Markup

from policybrief.render.long_words import LONG_WORD, LongWords, long_words, mark_long_words

LONG = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"


def test_the_filter_marks_long_words_only_and_escapes_the_rest() -> None:
    out = long_words(f"Role <b> {LONG} & co")
    assert out == f'Role &lt;b&gt; <span class="long-word">{LONG}</span> &amp; co'
    assert long_words("x" * (LONG_WORD - 1)) == "x" * (LONG_WORD - 1)
    assert long_words("x" * LONG_WORD) == f'<span class="long-word">{"x" * LONG_WORD}</span>'


def test_hyphens_and_spaces_end_a_word() -> None:
    word = "Staats-" + "a" * (LONG_WORD - 2)
    assert long_words(word).count("long-word") == 0
    assert long_words("Bundes" + "-" + "b" * LONG_WORD).count("long-word") == 1


def test_scripts_that_break_between_letters_are_never_marked() -> None:
    for text in (
        "中华人民共和国外交部发言人在例行记者会上表示双方将继续加强",
        "日本国外務省報道官は定例記者会見において両国が引き続き",
        "ประเทศไทยและสหรัฐอเมริกาได้ลงนามในข้อตกลงความร่วมมือ",
    ):
        assert "long-word" not in long_words(text)


def test_arabic_and_german_long_words_are_marked() -> None:
    arabic = "والمستشارينوالمستشاراتوالمسؤولين"
    assert f'<span class="long-word">{arabic}</span>' in long_words(f"قال {arabic} إن")
    assert f'<span class="long-word">{LONG}</span>' in long_words(LONG)


def test_html_already_built_is_left_as_it_is() -> None:
    html = Markup(f"<bdi>{LONG}</bdi>")
    assert long_words(html) is html


def test_a_cell_s_words_are_marked_around_its_elements() -> None:
    cell = ET.fromstring(f"<td>{LONG} and <em>{LONG}</em> then {LONG} <code>{LONG}</code></td>")
    mark_long_words(cell)
    spans = [el for el in cell.iter("span") if el.get("class") == "long-word"]
    assert len(spans) == 3  # the code span keeps its own break marks
    assert "".join(cell.itertext()) == f"{LONG} and {LONG} then {LONG} {LONG}"


def test_markdown_tables_are_marked_and_paragraphs_are_not() -> None:
    md = markdown.Markdown(extensions=["tables"])
    md.treeprocessors.register(LongWords(md), "long_words", 1)
    html = md.convert(f"{LONG} in a paragraph.\n\n| A | B |\n|---|---|\n| {LONG} | 1,234,567 |\n")
    assert html.count("long-word") == 1
    assert f'<td><span class="long-word">{LONG}</span></td>' in html
