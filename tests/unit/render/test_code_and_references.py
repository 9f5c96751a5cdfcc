"""Property: the tokenizer and the renderer agree on what is a reference and what is code.

For Markdown mixing prose, lists indented by 2 or 4, headings, fenced and
indented code blocks and code spans with ``[[id]]`` and ``[@id]`` references,
every reference :func:`find_references` reports renders as a reference (an
entity link or a note), and nothing inside code does.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policybrief.content.corpus import Corpus
from policybrief.content.refs import CitationGroup, Link, find_references
from policybrief.render.markdown import BriefMarkdown, NoteSequence
from tests.helpers import VALID, load_corpus

#: References outside code (known ids of the valid project) and the text code holds:
#: ids that exist nowhere, so any of them in a link or a note is a failure.
REFERENCE = st.sampled_from(
    ["[[alpha-ministry]]", "[[beta|the other side]]", "[@gazette]", "[@report, p. 4]"]
)
IN_CODE = st.sampled_from(
    ["[[code-id]]", "[@code-src]", "[^code-note]", "[[code-id|x]] [@code-src]"]
)
WORD = st.sampled_from(
    ["talks", "resumed", "the", "minister", "said", "quota", "(2024)", "'so'", '"yes"']
)


@st.composite
def code_span(draw: st.DrawFn) -> str:
    ticks = "`" * draw(st.integers(1, 3))
    inner = draw(IN_CODE)
    if len(ticks) > 1:
        inner = f"a ` {inner}"  # a backtick inside a longer run
    return f"{ticks}{inner}{ticks}"


def inline(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(WORD, WORD, REFERENCE, code_span()), min_size=1, max_size=8))
    return " ".join(parts)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.just(None), min_size=1, max_size=3))
    return "\n".join(inline(draw) for _ in lines)


@st.composite
def fence(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["```", "~~~", "````"]))
    info = draw(st.sampled_from(["", "python", " yaml", "text title"]))
    body = draw(st.lists(st.one_of(IN_CODE, st.just("[^n]: note"), st.just("")), max_size=4))
    indent = draw(st.sampled_from(["", " ", "   "]))
    lines = [indent + marker + info, *(indent + b for b in body), indent + marker]
    return "\n".join(lines)


@st.composite
def indented_code(draw: st.DrawFn) -> str:
    body = draw(st.lists(IN_CODE, min_size=1, max_size=3))
    return "\n".join(draw(st.sampled_from(["    ", "\t"])) + b for b in body)


@st.composite
def a_list(draw: st.DrawFn) -> str:
    step = draw(st.sampled_from([2, 4]))
    lines: list[str] = []
    depth = 0
    for n in range(draw(st.integers(1, 5))):
        depth = draw(st.integers(0, depth + 1)) if lines else 0
        marker = draw(st.sampled_from(["-", "*", f"{n + 1}."]))
        lines.append(" " * (step * depth) + f"{marker} {inline(draw)}")
    return "\n".join(lines)


@st.composite
def heading(draw: st.DrawFn) -> str:
    return "## " + inline(draw)


BLOCK = st.one_of(paragraph(), paragraph(), fence(), indented_code(), a_list(), heading())
DOCUMENT = st.lists(BLOCK, min_size=1, max_size=6).map("\n\n".join)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(VALID)


@given(text=DOCUMENT)
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_every_reported_reference_renders_and_nothing_in_code_does(
    corpus: Corpus, text: str
) -> None:
    notes = NoteSequence()
    md = BriefMarkdown(
        corpus,
        note_style="endnotes",
        notes=notes,
        link_href=lambda id_: f"#actor-{id_}",
        image_url=lambda src: src,
    )
    html = str(md.render(text))
    found = find_references(text)
    links = [r.id for r in found if isinstance(r, Link)]
    groups = [r for r in found if isinstance(r, CitationGroup)]
    # Each reported link is one entity link, and no other is (code-id only when
    # the tokenizer read it as prose, e.g. an indented line continuing a list item).
    assert sorted(re.findall(r'class="entity" href="#actor-([^"]+)"', html)) == sorted(
        links
    ) or sorted(re.findall(r'href="#actor-([^"]+)" class="entity"', html)) == sorted(links), html
    assert len(notes.notes) == len(groups), html
    cited = {i.id for g in groups for i in g.items}
    assert ("code-src" in cited) == any("code-src" in n.html for n in notes.notes)
    # What is code prints as code: a footnote call inside it is never a note.
    if "code-note" in text:
        assert "code-note" in html
    assert "<script" not in html
