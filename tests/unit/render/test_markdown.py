"""The brief's Markdown: entity links, citations and footnotes as one note sequence, safety."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policybrief.content.corpus import Corpus
from policybrief.content.load import load_project
from policybrief.content.model import Source
from policybrief.content.refs import (
    CitationGroup,
    FootnoteCall,
    FootnoteDefinition,
    find_references,
)
from policybrief.content.validate import validate_project
from policybrief.errors import Diagnostics
from policybrief.render.markdown import (
    BriefMarkdown,
    NoteSequence,
    NoteStyle,
    plain_text,
    short_form,
    short_title,
)
from tests.helpers import VALID

#: The short forms of the valid project's two sources, as a note prints them.
GAZETTE = "Alpha Government, <cite>Official gazette notice</cite>, 30 November 2025"
REPORT = "News report (unattributed), <cite>A news report</cite>, December 2025"

Make = Callable[..., BriefMarkdown]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    diags = Diagnostics()
    corpus = validate_project(load_project(VALID, diags), diags)
    assert [d.message for d in diags.items] == []
    return corpus


@pytest.fixture
def make(corpus: Corpus) -> Make:
    """``make(style="endnotes", shown={id: href}, notes=None)``: a renderer for one brief."""

    def make(
        style: NoteStyle = "endnotes",
        shown: dict[str, str] | None = None,
        notes: NoteSequence | None = None,
    ) -> BriefMarkdown:
        return BriefMarkdown(
            corpus,
            note_style=style,
            notes=notes if notes is not None else NoteSequence(),
            link_href=(shown or {}).get,
            image_url=lambda src: "../media/" + src.removeprefix("assets/"),
        )

    return make


def call(n: int) -> str:
    """The endnote call the screen page prints for note ``n``."""
    return (
        f'<sup class="note-call"><a href="#note-{n}" id="note-call-{n}" '
        f'role="doc-noteref" aria-label="Note {n}">{n}</a></sup>'
    )


def tidy(html: str) -> str:
    """The HTML without whitespace before ``</p>`` (left where a definition was taken out)."""
    return re.sub(r"\s+</p>", "</p>", str(html))


def notes_of(md: BriefMarkdown) -> list[tuple[int, str]]:
    return [(n.number, str(n.html)) for n in md.notes.notes]


# entity links


def test_link_reads_as_the_entity_name_and_links_when_shown(make: Make) -> None:
    md = make(shown={"ann-smith": "#actor-ann-smith"})
    html = md.render("Met [[ann-smith]] and [[bob-jones]].")
    assert html == (
        '<p>Met <a class="entity" href="#actor-ann-smith">Ann Smith</a> and '
        '<span class="entity">Bob Jones</span>.</p>'
    )


def test_link_with_words_reads_as_the_words(make: Make) -> None:
    md = make(shown={"ann-smith": "#actor-ann-smith"})
    assert md.render("[[ann-smith|the minister]] spoke.") == (
        '<p><a class="entity" href="#actor-ann-smith">the minister</a> spoke.</p>'
    )


def test_link_to_an_agenda_item_reads_as_its_title(make: Make) -> None:
    assert make().render("See [[summit]].") == (
        '<p>See <span class="entity">Alpha–Beta summit</span>.</p>'
    )


def test_link_in_a_table_cell_uses_an_escaped_bar(make: Make) -> None:
    md = make(shown={"talks": "#agenda-talks"})
    html = md.render("| Year | Event |\n| --- | --- |\n| 2024 | [[talks\\|Talks]] |\n")
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert cells == ["2024", '<a class="entity" href="#agenda-talks">Talks</a>']


def test_link_words_are_escaped(make: Make) -> None:
    html = make().render("[[ann-smith|<b>bold</b> & co]]")
    assert html == '<p><span class="entity">&lt;b&gt;bold&lt;/b&gt; &amp; co</span></p>'


# citations


def test_citation_is_one_note_with_the_short_form(make: Make) -> None:
    md = make()
    assert md.render("A claim [@gazette].") == f"<p>A claim.{call(1)}</p>"
    assert notes_of(md) == [(1, f"{GAZETTE}.")]


def test_citation_group_with_a_locator_is_one_note(make: Make) -> None:
    md = make()
    assert md.render("A claim [@gazette; @report, p. 4].") == f"<p>A claim.{call(1)}</p>"
    assert notes_of(md) == [(1, f"{GAZETTE}; {REPORT}, p. 4.")]


def test_citation_locator_on_the_first_item(make: Make) -> None:
    md = make()
    md.render("Text [@gazette, pp. 2–3; @report]")
    assert notes_of(md) == [(1, f"{GAZETTE}, pp. 2–3; {REPORT}.")]


def test_a_markdown_link_starting_with_at_is_not_a_citation(make: Make) -> None:
    md = make()
    assert md.render("[@handle](https://example.org)") == (
        '<p><a href="https://example.org">@handle</a></p>'
    )
    assert md.notes.notes == []


# footnotes


def test_footnotes_become_notes_and_definitions_leave_the_text(make: Make) -> None:
    md = make()
    html = md.render("First.[^a] Second.[^b]\n\n[^a]: Note A.\n[^b]: Note B.\n\nAfter.")
    assert html == f"<p>First.{call(1)} Second.{call(2)}</p>\n<p>After.</p>"
    assert notes_of(md) == [(1, "Note A."), (2, "Note B.")]


def test_footnote_with_lazy_and_indented_continuation(make: Make) -> None:
    text = (
        "Body.[^1] More.[^2]\n\n"
        "[^1]: Starts here\ncontinues lazily.\n\n"
        "[^2]: Starts there\n\n    and goes on after a blank line.\n\n"
        "Last paragraph."
    )
    md = make()
    html = md.render(text)
    assert notes_of(md) == [
        (1, "Starts here continues lazily."),
        # Two paragraphs, run on at the page foot (each a span of its own).
        (
            2,
            '<span class="note-block note-p">Starts there</span>'
            '<span class="note-block note-p">and goes on after a blank line.</span>',
        ),
    ]
    assert html == f"<p>Body.{call(1)} More.{call(2)}</p>\n<p>Last paragraph.</p>"


def test_a_note_s_list_after_a_blank_line_stays_in_the_note(make: Make) -> None:
    # It went to the body as an indented code block, right after the calling paragraph.
    text = (
        "Body.[^1]\n\nNext.\n\n[^1]: The points:\n\n    - item one\n    - item two\n\n"
        "Last paragraph."
    )
    md = make()
    html = str(md.render(text))
    assert "<pre>" not in html
    assert "item one" not in html
    assert notes_of(md) == [
        (
            1,
            '<span class="note-block note-p">The points:</span>'
            '<span class="note-block note-ul"><span class="note-block note-li">item one</span>'
            '<span class="note-block note-li">item two</span></span>',
        )
    ]


def test_footnote_body_is_markdown(make: Make) -> None:
    md = make()
    md.render("Body.[^1]\n\n[^1]: See *this* and [[bob-jones]].")
    assert notes_of(md) == [(1, 'See <em>this</em> and <span class="entity">Bob Jones</span>.')]


def test_footnote_call_without_definition_stays_as_written(make: Make) -> None:
    md = make()
    assert md.render("Body [^9].") == "<p>Body [^9].</p>"
    assert md.notes.notes == []


def test_footnote_definitions_do_not_leak_into_later_texts(make: Make) -> None:
    md = make()
    md.render("One.[^1]\n\n[^1]: Belongs to the first text.")
    assert md.render("Two [^1].") == "<p>Two [^1].</p>"
    assert len(md.notes.notes) == 1


def test_footnote_definitions_do_not_leak_into_later_inline_texts(make: Make) -> None:
    """An agenda outcome (inline) after an analysis section must not pick up its notes."""
    md = make()
    md.render("One.[^1]\n\n[^1]: Belongs to the first text.")
    assert md.render_inline("Outcome [^1]") == "Outcome [^1]"
    assert len(md.notes.notes) == 1


# one sequence per brief, in reading order


def test_numbering_continues_across_texts_of_one_brief(make: Make) -> None:
    notes = NoteSequence()
    md = make(notes=notes)
    first = tidy(md.render("A [@gazette]. B.[^1]\n\n[^1]: Aside."))
    second = md.render("C [@report].")
    third = md.render_inline("D [@gazette; @report]")
    assert first == f"<p>A.{call(1)} B.{call(2)}</p>"
    assert second == f"<p>C.{call(3)}</p>"
    assert third == f"D{call(4)}"
    assert [n.number for n in notes.notes] == [1, 2, 3, 4]
    assert str(notes.notes[3].html) == f"{GAZETTE}; {REPORT}."


def test_a_second_brief_starts_its_own_sequence(make: Make) -> None:
    make().render("A [@gazette].")
    md = make()
    assert md.render("B [@report].") == f"<p>B.{call(1)}</p>"


def test_inline_text_after_block_text_keeps_its_note_call(make: Make) -> None:
    """Agenda outcomes are rendered inline between block texts (a bug leaked the
    stash placeholder into the page)."""
    md = make("footnotes")
    md.render("Summary [@report].")
    html = md.render_inline("A joint statement [@gazette]")
    assert html == f'A joint statement<span class="footnote" dir="ltr">{GAZETTE}.</span>'
    assert "\x02" not in md.render("Next.") + html


# the note call: space and punctuation (Pandoc's rule)


@pytest.mark.parametrize("punct", [".", ",", ";", ":"])
def test_space_before_the_call_goes_and_punctuation_moves_before_it(make: Make, punct: str) -> None:
    md = make()
    assert md.render(f"A claim [@gazette]{punct} then more") == (
        f"<p>A claim{punct}{call(1)} then more</p>"
    )


def test_footnote_call_also_moves_punctuation(make: Make) -> None:
    md = make()
    assert tidy(md.render("A claim [^x], then more.\n\n[^x]: X.")) == (
        f"<p>A claim,{call(1)} then more.</p>"
    )


SEP = '<sup class="note-sep">,</sup>'


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("A claim [@gazette][^x].\n\n[^x]: X.", id="citation-then-footnote"),
        pytest.param("A claim [^x] [@gazette].\n\n[^x]: X.", id="footnote-then-citation"),
        pytest.param("A claim [@gazette] [@report].", id="two-citations"),
    ],
)
def test_touching_note_calls_are_separated_by_a_comma(make: Make, text: str) -> None:
    md = make()
    assert tidy(md.render(text)) == f"<p>A claim.{call(1)}{SEP}{call(2)}</p>"
    assert len(md.notes.notes) == 2


def test_touching_footnotes_in_print_are_separated_by_a_comma(make: Make) -> None:
    md = make("footnotes")
    html = tidy(md.render("Claim [@gazette][^x].\n\n[^x]: X."))
    gazette = f'<span class="footnote" dir="ltr">{GAZETTE}.</span>'
    x = '<span class="footnote" dir="ltr">X.</span>'
    assert html == f"<p>Claim.{gazette}{SEP}{x}</p>"


def test_a_citation_wrapped_over_two_lines_is_one_note(make: Make) -> None:
    md = make()
    assert md.render("A claim [@gazette;\n@report,\np. 4].") == f"<p>A claim.{call(1)}</p>"
    assert notes_of(md) == [(1, f"{GAZETTE}; {REPORT}, p. 4.")]


def test_a_citation_split_by_a_blank_line_is_text(make: Make) -> None:
    md = make()
    assert "[@gazette;" in md.render("A claim [@gazette;\n\n@report].")
    assert notes_of(md) == []


def test_other_punctuation_stays_after_the_call(make: Make) -> None:
    md = make()
    assert md.render("Really [@gazette]?") == f"<p>Really{call(1)}?</p>"


# the two note styles


def test_print_style_puts_the_note_inline_as_a_footnote(make: Make) -> None:
    md = make("footnotes")
    assert md.render("A claim [@gazette; @report, p. 4].") == (
        f'<p>A claim.<span class="footnote" dir="ltr">{GAZETTE}; {REPORT}, p. 4.</span></p>'
    )
    assert tidy(md.render("Aside.[^n]\n\n[^n]: *Only* this.")) == (
        '<p>Aside.<span class="footnote" dir="ltr"><em>Only</em> this.</span></p>'
    )
    assert [n.number for n in md.notes.notes] == [1, 2]


def test_screen_style_puts_a_linked_call_and_keeps_the_text_for_the_endnotes(
    make: Make,
) -> None:
    md = make("endnotes")
    html = tidy(md.render("Aside.[^n]\n\n[^n]: Only this."))
    assert html == f"<p>Aside.{call(1)}</p>"
    assert "Only this" not in html
    assert notes_of(md) == [(1, "Only this.")]


# untrusted content


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", ""),
        # A raw image goes whole (check says it is removed), not left without a source.
        ('<img src="x" onerror="alert(1)">', ""),
        ('A <IMG SRC="https://evil.example/b.png" alt="b"> b', "<p>A b</p>"),
        ('<picture><source srcset="x.webp"><img src="x.png" alt="p"></picture>', ""),
        ('<video src="v.mp4" poster="p.png"><img src="p.png" alt="v"></video>', ""),
        ('<audio src="a.mp3">no audio</audio>', "<p>no audio</p>"),
        ("Inline <b onclick=x>bold</b> text", "<p>Inline <b>bold</b> text</p>"),
        ("<div>\n<iframe src=x></iframe>\n</div>", ""),
        ("<style>body{}</style>", ""),
        ('<p style="color:red">x</p>', "<p>x</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<p><a>x</a></p>"),
        ('<object data="x">o</object><embed src="x"><link rel="stylesheet" href="x">', ""),
        ("<form action=x><input name=a></form>", ""),
        (
            'H<sub>2</sub>O and <abbr title="x">X</abbr>',
            '<p>H<sub>2</sub>O and <abbr title="x">X</abbr></p>',
        ),
    ],
)
def test_raw_html_is_sanitised(make: Make, text: str, expected: str) -> None:
    html = make().render(text)
    assert html.replace("<p></p>", "").strip() == expected
    for needle in ("<script", "onerror", "onclick", "<iframe", "<style", "style=", "javascript:"):
        assert needle not in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
    ],
)
def test_links_that_could_run_code_lose_their_target(make: Make, url: str) -> None:
    html = make().render(f"[click]({url})")
    assert html == "<p><a>click</a></p>"


def test_reference_style_javascript_link_loses_its_target(make: Make) -> None:
    html = make().render("[click][x]\n\n[x]: javascript:alert(1)")
    assert html == "<p><a>click</a></p>"


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=1", "http://example.org", "mailto:a@example.org", "#agenda"]
)
def test_ordinary_links_keep_their_target(make: Make, url: str) -> None:
    html = make(shown={"section:agenda": "#agenda"}).render(f"[text]({url})")
    assert f'href="{url.replace("&", "&amp;")}"' in html


# code and images


def test_code_spans_keep_references_literally(make: Make) -> None:
    md = make(shown={"ann-smith": "#actor-ann-smith"})
    html = tidy(md.render("Write `[[ann-smith]]` or `[@gazette]` or `[^1]`.\n\n[^1]: Unused."))
    assert html == (
        "<p>Write <code>[[ann-smith]]</code> or <code>[@gazette]</code> or <code>[^1]</code>.</p>"
    )
    assert md.notes.notes == []


def test_code_blocks_keep_references_literally(make: Make) -> None:
    md = make()
    html = md.render("Text.\n\n    [[ann-smith]] [@gazette]\n")
    assert "<pre><code>[[ann-smith]] [@gazette]\n</code></pre>" in html
    assert md.notes.notes == []


def test_render_inline_drops_only_a_single_paragraph_wrapper(make: Make) -> None:
    md = make()
    assert md.render_inline("Just *this*") == "Just <em>this</em>"
    assert md.render_inline("One\n\nTwo") == "<p>One</p>\n<p>Two</p>"


# short forms


@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("Official gazette notice", "Official gazette notice"),
        ("Annual report: defence and security", "Annual report"),
        ("Annual report – defence and security", "Annual report"),
        ("Annual report — defence and security", "Annual report"),
        ("Russia–India ties: a review", "Russia–India ties"),
        ("Time:10 minutes", "Time:10 minutes"),
        ("One two three four five six seven eight", "One two three four five six seven eight"),
        (
            "Russian defence minister arrives in India ahead of presidential visit",
            "Russian defence minister arrives in India ahead…",
        ),
        # A cut title ends on a word of its own: "session of the…", "origin,…" read badly.
        (
            "Statement at the opening of the 46th session of the Human Rights Council",
            "Statement at the opening of the 46th session…",
        ),
        (
            "Imports of crude oil by country of origin, commodity and year",
            "Imports of crude oil by country of origin…",
        ),
    ],
)
def test_short_title(title: str, short: str) -> None:
    assert short_title(title) == short


def source(**fields: str) -> Source:
    return Source.model_validate({"title": "A title", "publisher": "A publisher", **fields})


def test_short_form_with_date_and_locator() -> None:
    s = source(title="Statement: the full text", publisher="Ministry", date="2025-12-03")
    assert short_form(s, "p. 4") == "Ministry, <cite>Statement</cite>, 3 December 2025, p. 4"


def test_short_form_without_date_or_locator() -> None:
    assert short_form(source(), None) == "A publisher, <cite>A title</cite>"


def test_short_form_never_shows_a_day_nobody_knows() -> None:
    assert short_form(source(date="2025"), None) == "A publisher, <cite>A title</cite>, 2025"


def test_short_form_escapes_its_text() -> None:
    s = source(title="<b>Bold</b> claims", publisher="Smith & Sons")
    html = short_form(s, '"p. 4" <i>')
    assert html == (
        "Smith &amp; Sons, <cite>&lt;b&gt;Bold&lt;/b&gt; claims</cite>, &#34;p. 4&#34; &lt;i&gt;"
    )


# footnotes: check and the page agree (the one tokenizer)

#: Pieces of Markdown around footnotes: calls, definitions, code, lists, continuation lines.
_FOOTNOTE_PIECES = st.sampled_from(
    [
        "Text", " ", "\n", "\n\n", "[^a]", "[^b]", "[^long-label]", ".",
        "\n[^a]: Note a.", "\n[^b]: Note b", "\n[^long-label]: Long\n    continued",
        "`[^a]`", "\n- item", "\n    indented",
        " [@gazette] ", " [[ann-smith]] ", "```\n[^b]: fenced\n```", "\n~~~\nSee [^a].\n~~~\n",
    ]
)  # fmt: skip


@given(st.lists(_FOOTNOTE_PIECES, max_size=14).map("".join))
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_every_footnote_call_check_accepts_prints_as_a_note(corpus: Corpus, text: str) -> None:
    """Each call the tokenizer reports is a note on the page, and nothing else is.

    Texts ``check`` refuses (a call without a definition, a note inside a note,
    an unused definition) are skipped: they never reach a page.
    """
    refs = find_references(text)
    definitions = [r for r in refs if isinstance(r, FootnoteDefinition)]
    labels = {d.label for d in definitions}
    calls = [r for r in refs if isinstance(r, FootnoteCall)]
    nested = any(d.offset < c.offset < d.end for d in definitions for c in calls)
    if nested or len(labels) < len(definitions) or labels != {c.label for c in calls}:
        return
    cite_notes = 0
    for cite in (r for r in refs if isinstance(r, CitationGroup)):
        # A citation inside a note prints in the note's text: no note of its own.
        inside = any(d.offset < cite.offset < d.end for d in definitions)
        cite_notes += 0 if inside else 1
    md = BriefMarkdown(
        corpus,
        note_style="endnotes",
        notes=NoteSequence(),
        link_href=lambda id_: None,
        image_url=lambda src: src,
    )
    html = str(md.render(text))
    assert len(md.notes.notes) == len(calls) + cite_notes
    for label in labels:
        outside_code = re.sub(r"<code[^>]*>.*?</code>", "", html, flags=re.S)
        assert f"[^{label}]" not in outside_code


# what the sanitiser removes leaves no stray space

_STRIPPED = [
    ("Due in March 2027 <script>alert(1)</script>.", "Due in March 2027."),
    ("Due in March 2027 <!-- a comment -->.", "Due in March 2027."),
    ("In 2027 <input type=text>, then more.", "In 2027, then more."),
    ("Talks <style>p {}</style>; then <iframe src=x></iframe>a vote!", "Talks; then a vote!"),
    ("A <b>bold</b> word <form>kept</form> here.", "A bold word kept here."),
]


@pytest.mark.parametrize(("text", "words"), _STRIPPED)
def test_removed_html_leaves_no_space_before_punctuation_on_the_page(
    make: Make, text: str, words: str
) -> None:
    html = str(make().render(text))
    assert re.sub(r"<[^>]+>", "", html).strip() == words


@pytest.mark.parametrize(("text", "words"), _STRIPPED)
def test_removed_html_leaves_no_space_in_plain_text(corpus: Corpus, text: str, words: str) -> None:
    assert plain_text(corpus, text) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Cited [@gazette].", "Cited."),
        ("Noted [^1] and [@gazette; @report, p. 4], twice.", "Noted and, twice."),
        (
            "About [[ann-smith]] [^a].\n\n[^a]: Text\n    continued.\n\nNext.",
            "About Ann Smith. Text continued. Next.",  # a note's text stays searchable
        ),
    ],
)
def test_plain_text_drops_notes_with_the_space_before_them(
    corpus: Corpus, text: str, words: str
) -> None:
    assert plain_text(corpus, text) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # Listings, the feed and search read this: "file_name_v2" was "filenamev2",
        # so searching for the identifier as typed found nothing.
        (
            "The file_name_v2 field and `snake_case_id`.",
            "The file_name_v2 field and snake_case_id.",
        ),
        (
            "A \\*literal\\* star, \\[not a link\\], \\_under\\_.",
            "A *literal* star, [not a link], _under_.",
        ),
        ("R&amp;D and &lt;b&gt; and AT&T.", "R&D and <b> and AT&T."),
        ("**Bold**, *em*, __strong__, _em_; 3 * 4 = 12.", "Bold, em, strong, em; 3 * 4 = 12."),
        ("A `code *span*` and ``a ` tick``.", "A code *span* and a ` tick."),
        ("\\# not a heading", "# not a heading"),
        # Links, images and autolinks were listed as typed on the index, tag pages,
        # timeline, feed and in search (whose words then held the addresses).
        (
            'With [ext](https://example.org/y "T"), <https://example.org/x> and '
            "![a map](assets/my%20map.png).",
            "With ext, https://example.org/x and a map.",
        ),
        (
            "See [the brief](<../ja brief/index.html>) or <desk@example.org>.",
            "See the brief or desk@example.org.",
        ),
        ("A `[code](x)` link and [unclosed](http://x", "A [code](x) link and [unclosed](http://x"),
        ("a < b and c > d", "a < b and c > d"),
        # What a trial found listed as typed: words over a line's end, an address
        # with parentheses, a reference link and its definition.
        ("See [the long\nreport](https://example.org/r) now.", "See the long report now."),
        ("[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) rose.", "Foo rose."),
        ("Read [the report][r].\n\n[r]: https://example.org/r", "Read the report."),
    ],
)
def test_plain_text_is_the_text_the_page_shows(corpus: Corpus, text: str, words: str) -> None:
    assert plain_text(corpus, text) == words


# Markdown as writers type it: fenced code, lists indented by 2 or 4, typographic quotes


def render_in(
    corpus: Corpus, text: str, language: str = "en", notes: NoteSequence | None = None
) -> str:
    md = BriefMarkdown(
        corpus,
        note_style="endnotes",
        notes=notes if notes is not None else NoteSequence(),
        link_href={"alpha-ministry": "#actor-alpha-ministry"}.get,
        image_url=lambda src: src,
        language=language,
    )
    return str(md.render(text))


#: The case ``fenced-code``: a note's syntax shown inside a fence.
FENCED_NOTE = """Write the call and the note like this:

```
The talks resumed.[^n]

[^n]: Alpha Gazette, 2 November.
```

End of section.
"""


def test_a_fence_is_code_and_holds_no_note(corpus: Corpus) -> None:
    notes = NoteSequence()
    html = render_in(corpus, FENCED_NOTE, notes=notes)
    assert (
        "<pre><code>The talks resumed.[^n]\n\n[^n]: Alpha Gazette, 2 November.\n</code></pre>"
        in html
    )
    assert "<p>End of section.</p>" in html
    assert notes.notes == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param(
            "~~~yaml\nname: [[alpha-ministry]] [@gazette]\n~~~\n",
            '<pre><code class="language-yaml">name: [[alpha-ministry]] [@gazette]\n</code></pre>',
            id="tilde-fence-with-language",
        ),
        pytest.param(
            '````\n```\n<b>&amp;</b> -- "q"\n```\n````\n',
            '<pre><code>```\n&lt;b&gt;&amp;amp;&lt;/b&gt; -- "q"\n```\n</code></pre>',
            id="longer-fence-holds-a-fence-and-html-verbatim",
        ),
        pytest.param(
            "Text:\n\n    [^n]: [[alpha-ministry]] 'q'\n",
            "<pre><code>[^n]: [[alpha-ministry]] 'q'\n</code></pre>",
            id="indented-code",
        ),
        pytest.param(
            "Use ``a ` [@gazette]`` and `[[alpha-ministry]]`.",
            "<code>a ` [@gazette]</code> and <code>[[alpha-ministry]]</code>",
            id="code-spans",
        ),
    ],
)
def test_nothing_inside_code_is_a_reference(corpus: Corpus, text: str, code: str) -> None:
    notes = NoteSequence()
    html = render_in(corpus, text, notes=notes)
    assert code in html
    assert notes.notes == []
    assert "entity" not in html


def test_a_fence_inside_a_list_item_stays_in_the_item(corpus: Corpus) -> None:
    html = render_in(corpus, "- step one\n\n  ```\n  run --it\n  ```\n- step two\n")
    assert re.fullmatch(
        r"<ul>\s*<li>\s*<p>step one</p>\s*<pre><code>run --it\n</code></pre>\s*</li>"
        r"\s*<li>\s*<p>step two</p>\s*</li>\s*</ul>",
        html,
    ), html


#: The case ``nested-list-2space``.
NESTED_2 = """The delegation set out two demands:

- Tariffs
  - beef quota raised to 20,000 t
  - poultry quota unchanged
- Visas
  1. business visas within 10 days
  2. student visas within 30 days
"""


def shape(html: str) -> str:
    """The list structure only: tags and first words."""
    return re.sub(r"\s+", "", re.sub(r"<li>(\w+)[^<]*", r"<li>\1", html))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            NESTED_2,
            "<p>The</p><ul><li>Tariffs<ul><li>beef</li>"
            "<li>poultry</li></ul></li><li>Visas<ol><li>business</li><li>student</li></ol>"
            "</li></ul>",
            id="case-2-spaces",
        ),
        pytest.param(
            NESTED_2.replace("\n  ", "\n    "),
            "<p>The</p><ul><li>Tariffs<ul><li>beef</li>"
            "<li>poultry</li></ul></li><li>Visas<ol><li>business</li><li>student</li></ol>"
            "</li></ul>",
            id="4-spaces",
        ),
        pytest.param(
            "1. First\n   - x\n   - y\n2. Second\n  3. third\n  4. fourth\n",
            '<ol><li>First<ul><li>x</li><li>y</li></ul></li><li>Second<olstart="3">'
            "<li>third</li><li>fourth</li></ol></li></ol>",
            id="ul-in-ol-and-ol-starting-at-3",
        ),
        pytest.param(
            "- one\n  - two\n    - three\n      1. four\n- back\n",
            "<ul><li>one<ul><li>two<ul><li>three<ol><li>four</li></ol></li></ul></li></ul></li>"
            "<li>back</li></ul>",
            id="four-levels",
        ),
        pytest.param(
            "3. Third\n4. Fourth\n- a bullet\n",
            '<olstart="3"><li>Third</li><li>Fourth</li></ol><ul><li>a</li></ul>',
            id="start-kept-and-ul-apart",
        ),
        pytest.param(
            "- item\n\n  its second paragraph\n- next\n",
            "<ul><li><p>item</p><p>its</p></li><li><p>next</p></li></ul>",
            id="paragraph-indented-by-2-stays-in-the-item",
        ),
    ],
)
def test_lists_nest_as_typed(corpus: Corpus, text: str, expected: str) -> None:
    html = render_in(corpus, text)
    assert shape(re.sub(r"<p>(\w+)[^<]*</p>", r"<p>\1</p>", html)) == expected, html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        pytest.param("en", "“Yes,” she said, ‘it’s done’ – 2024–2025 — so…"),
        pytest.param("en-GB", "“Yes,” she said, ‘it’s done’ – 2024–2025 — so…"),
        pytest.param("de", "„Yes,“ she said, ‚it’s done‘ – 2024–2025 — so…"),
        pytest.param("de-CH", "«Yes,» she said, ‹it’s done› – 2024–2025 — so…"),
        pytest.param("fr", "«\u202fYes,\u202f» she said, “it’s done” – 2024–2025 — so…"),
        pytest.param("ru", "«Yes,» she said, „it’s done“ – 2024–2025 — so…"),
        pytest.param("hi", "“Yes,” she said, ‘it’s done’ – 2024–2025 — so…"),
    ],
)
def test_quotes_and_dashes_print_as_the_language_sets_them(
    corpus: Corpus, language: str, expected: str
) -> None:
    text = "\"Yes,\" she said, 'it's done' -- 2024--2025 --- so..."
    assert render_in(corpus, text, language) == f"<p>{expected}</p>"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # No space before a quotation in Chinese or Japanese: smarty read every
        # quote there as closing (表示：”我们欢迎对话。”).
        (
            "zh-Hans",
            "中国政府表示：\"我们欢迎对话。\"他说，'这很重要'。",
            "中国政府表示：“我们欢迎对话。”他说，‘这很重要’。",
        ),
        ("zh", '他说"好"和"不"。', "他说“好”和“不”。"),
        ("ja", '首相は"対話を歓迎する"と述べた。', "首相は「対話を歓迎する」と述べた。"),
        ("zh-Hant-TW", '他說"好"。', "他說「好」。"),
        ("ko", '그는 "좋다"고 말했다.', "그는 “좋다”고 말했다."),
        # Chinese in an English brief, and an apostrophe between Latin letters there.
        ("en", '他说"don\'t"。', "他说“don’t”。"),
        # A quotation never runs on into the next paragraph.
        ("zh", '他说"好。\n\n"第二段"。', "他说“好。</p>\n<p>“第二段”。"),
        # Only quotes touching CJK text take turns: an English apostrophe or
        # quotation in the same paragraph reads as smarty reads it.
        (
            "en",
            "The Ministers' meeting in Zürich's 'old town' discussed 一带一路.",
            "The Ministers’ meeting in Zürich’s ‘old town’ discussed 一带一路.",
        ),
        (
            "en",
            "the ministers' \"core\" idea (一带一路) since the '90s",
            "the ministers’ “core” idea (一带一路) since the ’90s",
        ),
        # An inch mark no longer turns every later pair round.
        ("zh", '5" 屏幕和"手机"。', "5” 屏幕和“手机”。"),
        # A quote with nothing after it in its block closes, one with nothing before opens.
        ("zh", '"第一段\n\n第二段"', "“第一段</p>\n<p>第二段”"),
        ("zh", '他说"**重要**"。', "他说“<strong>重要</strong>”。"),
        # An apostrophe beside CJK text stays one: a possessive, a year cut short.
        ("en", "习近平's visit", "习近平’s visit"),
        (
            "ja",
            "万博'25の'テーマ'です。",
            "万博’25の「テーマ」です。".replace("「", "『").replace("」", "』"),
        ),
    ],
)
def test_quotes_open_and_close_in_turn_in_chinese_and_japanese(
    corpus: Corpus, language: str, text: str, expected: str
) -> None:
    assert render_in(corpus, text, language) == f"<p>{expected}</p>"


def test_a_thin_space_between_digits_never_breaks_a_figure(corpus: Corpus) -> None:
    text = "Le total : 12\u2009345\u2009678,9 ; à 3\u2009h, mot\u2009mot."
    html = render_in(corpus, text, "fr")
    assert "12\u202f345\u202f678,9" in html  # narrow no-break spaces, the same width
    assert "3\u2009h" in html
    assert "mot\u2009mot" in html


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        pytest.param("`\"a\" -- 'b'...`", "\"a\" -- 'b'...", id="code-span"),
        pytest.param("https://example.org/a--b/'c'...d", "a--b/'c'...d", id="bare-url"),
        pytest.param("<https://example.org/a--b>", ">https://example.org/a--b<", id="autolink"),
        pytest.param("mail first--last@example.org", "first--last@", id="e-mail"),
        pytest.param(
            '[x](https://example.org/a--b "it\'s")',
            'href="https://example.org/a--b" title="it\'s"',
            id="link-target-and-title",
        ),
        pytest.param("```\n\"a\" -- 'b'...\n```", "\"a\" -- 'b'...\n", id="fence"),
    ],
)
def test_no_typography_inside_code_urls_or_attributes(
    corpus: Corpus, text: str, typed: str
) -> None:
    html = render_in(corpus, text, "de").replace("&#39;", "'").replace("&#34;", '"')
    # Break opportunities (<wbr>, a kept-together tail) are not typography.
    html = re.sub(r'<wbr>|<span class="nobreak">|</span>', "", html)
    assert typed in html


# addresses and code break at their punctuation (no hyphen is ever added)


def test_a_link_whose_words_are_its_address_breaks_at_punctuation(make: Make) -> None:
    url = "https://example.org/a-b?c=1&section=2"
    html = make().render(f"See [{url}]({url}).")
    assert html == (
        f'<p>See <a class="url" href="{url.replace("&", "&amp;")}">https://<wbr>example'
        '<wbr>.org<wbr>/a<wbr><span class="nobreak">-b</span><wbr>?c=<wbr>1<wbr>&amp;'
        "section=<wbr>2</a>.</p>"
    )


def test_autolinks_and_email_addresses_break_at_punctuation(make: Make) -> None:
    html = make().render("Write to <desk@example.org> or see <https://example.org/x>.")
    assert (
        '<a class="url" href="https://example.org/x">https://<wbr>example<wbr>.org<wbr>/x</a>'
        in html
    )
    assert ">desk<wbr>@example<wbr>.org</a>" in html


def test_a_link_with_words_is_left_alone(make: Make) -> None:
    html = make().render("See [the gazette](https://example.org/a.b).")
    assert html == '<p>See <a href="https://example.org/a.b">the gazette</a>.</p>'


def test_code_spans_break_at_punctuation(make: Make) -> None:
    html = make().render("Call `a.b_c(x<y & z, w)` or `x.y` now.")
    assert html == (
        "<p>Call <code>a<wbr>.b<wbr>_c(x&lt;y <wbr>&amp; z<wbr>, w)</code> or "
        "<code>x.y</code> now.</p>"
    )


def test_a_footnote_url_breaks_at_punctuation(make: Make) -> None:
    notes = NoteSequence()
    make(style="footnotes", notes=notes).render(
        "Text.[^u]\n\n[^u]: At <https://example.org/a.pdf>."
    )
    assert "https://<wbr>example<wbr>.org<wbr>/a<wbr>.pdf</a>" in str(notes.notes[0].html)


# notes called in a table follow the table


def test_a_note_called_in_a_table_follows_the_table(make: Make) -> None:
    notes = NoteSequence()
    md = make(style="footnotes", notes=notes)
    html = md.render(
        "| A | B |\n| - | - |\n| x[^n] | y [@gazette] |\n\nAfter.[^m]\n\n[^n]: N.\n[^m]: M."
    )
    assert '<td>x<sup class="table-note-call"><a href="#table-1-note-a" id="table-1-call-a"' in html
    table_end, notes_at = html.index("</table>"), html.index('<ol class="table-notes">')
    assert table_end < notes_at < html.index("After.")
    assert '<li id="table-1-note-b">' in html
    assert GAZETTE in html
    # Only the paragraph's note takes a number.
    assert [n.html for n in notes.notes] == ["M."]
    second = md.render("| A |\n| - |\n| z[^k] |\n\n[^k]: K.")
    assert 'id="table-2-note-a"' in second


def test_table_note_letters_go_on_after_z() -> None:
    from policybrief.render.table_notes import letter

    assert [letter(i) for i in (0, 25, 26, 27, 51, 52)] == ["a", "z", "aa", "ab", "az", "ba"]


def test_a_definition_right_after_a_list_item_is_a_note_not_item_text(make: Make) -> None:
    notes = NoteSequence()
    html = make(style="endnotes", notes=notes).render("- A demand.[^l]\n[^l]: The note.\n")
    assert "[^l]" not in html
    assert [n.html for n in notes.notes] == ["The note."]


@pytest.mark.parametrize(
    ("text", "note", "code"),
    [
        pytest.param(
            "Said `x\n[^a]: The note.`\n\nCalled.[^a]\n", "The note.`", None,
            id="a-definition-line-ends-a-code-span",
        ),
        pytest.param(
            "Called.[^a]\n\n[^a]: The note.\n```\ncode\n```\n", "The note.", "code\n",
            id="a-fence-ends-a-definition",
        ),
    ],
)  # fmt: skip
def test_definitions_are_blocks_read_before_code_spans_as_check_reads_them(
    corpus: Corpus, text: str, note: str, code: str | None
) -> None:
    definitions = [r for r in find_references(text) if isinstance(r, FootnoteDefinition)]
    assert [d.text for d in definitions] == [note]
    notes = NoteSequence()
    html = render_in(corpus, text, notes=notes)
    assert [str(n.html) for n in notes.notes] == [note]
    assert "[^a]" not in html
    if code is not None:
        assert f"<pre><code>{code}</code></pre>" in html


def test_a_first_line_of_spaces_is_blank_as_check_reads_it(corpus: Corpus) -> None:
    assert render_in(corpus, " \n    code [@gazette]\n").startswith("<pre><code>code [@")
    assert render_in(corpus, " \n- item\n").startswith("<ul>")


def test_a_heading_that_calls_notes_has_its_words_as_title(make: Make) -> None:
    html = make(style="footnotes").render(
        "## Trade *talks* & <abbr>EU</abbr>[^t] [@gazette]\n\n[^t]: T."
    )
    assert html.startswith('<h2 title="Trade talks &amp; EU">')
    assert "<h2>Plain</h2>" in make().render("## Plain")


def test_a_table_keeps_its_column_alignment(corpus: Corpus) -> None:
    """``---:`` and ``:---:`` survive the sanitiser (as align=, since style= never does)."""
    html = render_in(
        corpus, "| Item | Tonnes | Share |\n| --- | ---: | :---: |\n| Beef | 20,000 | 12 |"
    )
    assert '<th align="right">Tonnes</th>' in html
    assert '<td align="right">20,000</td>' in html
    assert '<td align="center">12</td>' in html
    assert "style=" not in html


def test_notes_in_a_table_inside_an_inline_text_are_placed(corpus: Corpus) -> None:
    """An agenda outcome may hold a table; its cells' notes print after it, no placeholder."""
    md = BriefMarkdown(
        corpus,
        note_style="endnotes",
        notes=NoteSequence(),
        link_href=lambda id_: None,
        image_url=lambda src: src,
    )
    html = str(md.render_inline("| a | b |\n| - | - |\n| x | y[^q] |\n\n[^q]: The note."))
    assert "\x02" not in html
    assert "tablenote" not in html
    assert "The note." in html


# a note's text holds no block and reads in its own direction (break report item 5)


def _print_notes(make: Make, text: str) -> tuple[str, list[tuple[int, str, str]]]:
    md = make(style="footnotes")
    html = str(md.render(text))
    return html, [(n.number, str(n.html), n.dir) for n in md.notes.notes]


@pytest.mark.parametrize(
    ("definition", "note", "direction"),
    [
        ("הערה: ראו את הדוח השנתי.", "הערה: ראו את הדוח השנתי.", "rtl"),  # the report's input
        ("انظر التقرير 2025، ص. 14.", "انظر التقرير 2025، ص. 14.", "rtl"),  # numbers in Arabic
        ("An English note about [[bob-jones]].", None, "ltr"),
        ("- first point\n    - second point", None, "ltr"),  # a list
        ("> A quoted line from a report.", None, "ltr"),  # a quotation
        ("ראו *עמ׳ 4* ו-Annex B של הדוח.", None, "rtl"),  # Hebrew with English and emphasis
    ],
)
def test_a_footnote_holds_no_block_whatever_its_text(
    make: Make, definition: str, note: str | None, direction: str
) -> None:
    html, notes = _print_notes(make, f"An English paragraph.[^n] After.\n\n[^n]: {definition}\n")
    [(_, body, dir_)] = notes
    assert dir_ == direction
    assert not re.search(r"<(p|ul|ol|li|blockquote|div|h\d)\b", body), body
    if note is not None:
        assert body == note
    # One paragraph, the note inside it: a parser meeting a block there would close it.
    assert html.startswith(f'<p>An English paragraph.<span class="footnote" dir="{direction}">')
    assert html.count("<p>") == 1
    assert html.endswith(" After.</p>")


def test_a_citation_in_an_arabic_paragraph_reads_left_to_right(make: Make) -> None:
    html, notes = _print_notes(make, "زار الوزير نيودلهي قبل القمة بأيام [@gazette].")
    assert html.startswith('<p dir="rtl">زار الوزير')
    assert f'<span class="footnote" dir="ltr">{GAZETTE}.</span>' in html
    assert notes == [(1, f"{GAZETTE}.", "ltr")]


def test_endnotes_carry_their_direction_too(make: Make) -> None:
    md = make()
    md.render("Body.[^a] זה.[^b]\n\n[^a]: English.\n[^b]: עברית בלבד.")
    got = [(n.html, n.dir) for n in md.notes.notes]
    assert got == [("English.", "ltr"), ("עברית בלבד.", "rtl")]


def test_plain_text_sets_apostrophes_as_the_page_does(corpus: Corpus) -> None:
    # The page's description and the PDF's Subject read this; titles and names
    # beside it are set with ’ when read (content/apostrophes.py).
    assert plain_text(corpus, "The ministers' talks on India's role") == (
        "The ministers’ talks on India’s role"
    )


def test_plain_text_reads_a_table_as_a_sentence(corpus: Corpus) -> None:
    # The site's timeline and the feed show an outcome's table as words, not pipes.
    text = "Working groups:\n\n| Group | Lead |\n|---|---|\n| Trade | DG TRADE |\n\nNext."
    assert plain_text(corpus, text) == "Working groups: Group, Lead; Trade, DG TRADE. Next."


def test_a_top_level_heading_is_a_heading(make: Make) -> None:
    # "# Heading" lost its element (the page keeps h1 for its title) and its words
    # ran into the next paragraph.
    assert str(make().render("# Overview\n\nText.")) == "<h2>Overview</h2>\n<p>Text.</p>"


@pytest.mark.parametrize(
    ("text", "context", "levels"),
    [
        # The fault: an actor's "####" sat right under the page's h1 (axe: heading-order).
        ("#### Role\n\nText.", 1, [2]),
        ("#### Detail", 2, [3]),  # under a section's h2
        ("## A\n\n#### B\n\n###### C\n\n### D\n\n## E", 2, [2, 3, 4, 3, 2]),
        ("## A\n\n### B\n\n#### C", 2, [2, 3, 4]),  # no skip: kept as written
        ("# A\n\n### B", 1, [2, 3]),
        ("- item\n\n    #### In a list", 2, [3]),
    ],
)
def test_headings_skip_no_level_below_the_page_heading(
    corpus: Corpus, text: str, context: int, levels: list[int]
) -> None:
    md = BriefMarkdown(
        corpus,
        note_style="endnotes",
        notes=NoteSequence(),
        link_href=lambda _: None,
        image_url=lambda src: src,
        heading_context=context,
    )
    assert [int(n) for n in re.findall(r"<h(\d)", str(md.render(text)))] == levels


@pytest.mark.parametrize("style", ["footnotes", "endnotes"])
def test_a_citation_in_a_note_prints_in_the_note_and_numbers_nothing(
    make: Make, style: NoteStyle
) -> None:
    # It was a note of its own, numbered before the note holding it: the text
    # read "claim.2", and the page foot "2." above "1.".
    md = make(style=style)
    md.render("Claim.[^a] Later [@report].\n\n[^a]: As the gazette says [@gazette, p. 3].")
    numbers = [n for n, _ in notes_of(md)]
    assert numbers == [1, 2]
    first, second = (html for _, html in notes_of(md))
    assert first.startswith("As the gazette says ")
    assert "<cite>Official gazette notice</cite>" in first
    assert first.endswith("p. 3.")
    assert "A news report" in second


def test_a_backslash_escapes_any_ascii_punctuation(make: Make) -> None:
    # CommonMark's rule (and plain_text's): "\<" and "\%" kept their backslash.
    html = str(make().render("\\<angle\\> 100\\% \\$5 \\~x \\@y \\= a\\\\b"))
    assert html == "<p>&lt;angle&gt; 100% $5 ~x @y = a\\b</p>"


def test_an_escaped_reference_is_text(make: Make) -> None:
    # "\[[id]]" printed a backslash and the link; check's hint says to write it so.
    text = "\\[[alpha-ministry]], \\[@gazette] and \\[^1]; \\\\[[alpha-ministry]]"
    md = make()
    html = str(md.render(text))
    assert html.startswith("<p>[[")
    assert "[@gazette] and [^1]" in html
    assert html.count('class="entity"') == 1  # after an escaped backslash, a link
    assert notes_of(md) == []
    assert [r.offset for r in find_references(text)] == [text.rindex("[[")]


def test_an_arabic_table_with_one_latin_cell_runs_right_to_left(make: Make) -> None:
    # A weapon's name in Latin letters in one cell left the table left to right.
    table = "| النظام | الكمية |\n| --- | --- |\n| S-400 | خمسة |\n| بانتسير | عشرة |"
    assert '<table dir="rtl"' in str(make().render(table))
    english = "| System | Count |\n| --- | --- |\n| S-400 | five |\n| بانتسير | ten |"
    assert 'dir="rtl"' not in str(make().render(english)).split("<tbody>")[0]
