"""Long words in tables: which are marked to break anywhere, and how."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
from markupsafe import Markup

from policybrief.content.table_fit import LONG_WORD, SHORTEST, TEXT_BLOCK_EM, threshold, width
from policybrief.render.long_words import LongWords, _words, long_words, mark_long_words

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


def _column(*words: str) -> list[tuple[int, float]]:
    return [(len(w), width(w)) for w in words]


def test_widths_are_about_noto_sans() -> None:
    assert 11.5 < width("Verteidigungsministerium") < 13  # 12.3 em set
    assert 4.3 < width("3,703,701") < 4.8  # 4.54 em
    assert width("Anteil", bold=True) > width("Anteil")


def test_a_table_that_fits_marks_only_very_long_words() -> None:
    numbers = [_column("2019"), *[_column("3,703,701")] * 4, _column("15,308,642")]
    assert threshold(numbers) == LONG_WORD
    assert threshold([_column("x" * 30), _column("y" * 30)]) == LONG_WORD


def test_a_table_too_wide_for_the_page_marks_shorter_words_until_it_fits() -> None:
    six = [
        _column(w)
        for w in (
            "Interoperabilitätsrahmen",
            "Verteidigungsministerium",
            "Rahmenvereinbarungsentwurf",
            "Unterzeichnungsvorbereitung",
            "Rüstungsbeschaffungsamt",
            "Grundsatzvereinbarung",
        )
    ]
    length = threshold(six)
    assert SHORTEST < length <= 21  # every compound may break, not only the four longest
    assert threshold(six, TEXT_BLOCK_EM * 3) == LONG_WORD  # a page three times as wide
    assert threshold([_column("Beschaffung")] * 40) == 11  # 40 columns of a letter or two
    assert threshold([_column("Beschaffung")] * 100) == LONG_WORD  # cannot fit: left whole
    figures = [[(0, width("3,703,701"))]] * 12  # a figure counts, but is never marked
    assert threshold([*figures, _column("Beschaffung")]) == LONG_WORD


def test_a_wide_markdown_table_breaks_its_compounds_and_a_narrow_one_does_not() -> None:
    md = markdown.Markdown(extensions=["tables"])
    md.treeprocessors.register(LongWords(md), "long_words", 1)
    words = ["Verteidigungsministerium", "Rüstungsbeschaffungsamt", "Grundsatzvereinbarung"]
    row = "| " + " | ".join(words * 2) + " |\n"
    wide = md.convert("| " + " | ".join("ABCDEF") + " |\n|" + "---|" * 6 + "\n" + row)
    assert wide.count("long-word") == 6
    narrow = md.convert("| A | B | C |\n|---|---|---|\n| " + " | ".join(words) + " |\n")
    assert 'class="long-word"' not in narrow  # fits the text block
    assert narrow.count('class="long-word-narrow"') == 3  # not a column of the one-pager
    short = md.convert("| A | B |\n|---|---|\n| Ministerium | Beschaffungsamt |\n")
    assert "long-word" not in short


def test_numbers_are_never_marked_but_count_towards_their_column() -> None:
    md = markdown.Markdown(extensions=["tables"])
    md.treeprocessors.register(LongWords(md), "long_words", 1)
    words = ["Verteidigungsministerium", "Rüstungsbeschaffungsamt", "Grundsatzvereinbarung"]
    # Too wide for smaller type alone: its compounds must break too.
    figures = ["3,703,701", "(4,938,268)", "−1.234.567,50", "12.5 %"] * 2
    row = "| " + " | ".join(figures + words) + " |\n"
    html = md.convert("| " + " | ".join("ABCDEFGHIJK") + " |\n|" + "---|" * 11 + "\n" + row)
    marked = re.findall(r'<span class="long-word-table">([^<]*)</span>', html)
    assert marked == words


def test_code_and_urls_do_not_count_towards_a_column_or_get_marked() -> None:
    cell = ET.fromstring(
        "<td>short <code>averyveryverylongidentifier_name</code> "
        '<a class="url">https://example.org/averyveryverylongpath</a> end</td>'
    )
    assert _words(cell) == ["short", "end"]
    mark_long_words(cell, SHORTEST)
    assert [s.text for s in cell.iter("span")] == []


def test_template_helpers_find_spanning_exhibits_and_landscape_openings() -> None:
    from policybrief.render.long_words import landscape_opening, spans_columns

    landscape = '<figure class="exhibit exhibit-table exhibit-spans exhibit-landscape">'
    table = f"{landscape}<table></table></figure>"
    rest = f"<p>{'After. ' * 70}</p>"
    assert landscape_opening(f"\n  {table}{rest}") == (f"\n  {table}", rest)
    # A tail as short as a lead-in goes with the table: no page of one line after it.
    assert landscape_opening(f"{table}<p>After.</p>") == (f"{table}<p>After.</p>", "")
    # A lead-in of any blocks (a subheading, a list, two paragraphs, another
    # script's dir) goes with the table when its text is short.
    lead = '<h3>Trade</h3><ul><li>Oil</li></ul><p dir="rtl">نفط</p><p>Two.</p>'
    assert landscape_opening(f"{lead}{table}{rest}") == (f"{lead}{table}", rest)
    assert landscape_opening(f"<p>{'Long. ' * 100}</p>{table}") is None
    assert landscape_opening(f"<blockquote><p>Q.</p>{table}</blockquote>") is None  # never cut
    assert landscape_opening("<p>No table.</p>") is None
    assert spans_columns(f"<p>x</p>{table}")
    assert spans_columns('<table class="exhibit-spans exhibit-scale-80"><tr></tr></table>')
    # A writer's classes are all content-…; text that reads like a class is text.
    assert not spans_columns('<table class="content-exhibit-spans">')
    assert not spans_columns("<p>class=“exhibit-spans”</p>")


def test_a_bare_table_too_wide_for_an_agenda_entry_gets_smaller_type() -> None:
    md = markdown.Markdown(extensions=["tables"])
    md.treeprocessors.register(LongWords(md), "long_words", 1)
    figures = " | ".join(["1,234,567.89"] * 6)
    html = md.convert(
        "| A | " + " | ".join("BCDEFG") + " |\n|" + "---|" * 7 + f"\n| x | {figures} |\n"
    )
    assert re.search(r'<table class="[^"]*exhibit-scale-(90|80)', html)
    assert "exhibit-landscape" not in html  # an entry never turns
