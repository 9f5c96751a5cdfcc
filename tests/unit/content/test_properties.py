"""Property-based tests: arbitrary text into the loaders and the renderer.

Whatever a writer (or an attacker) types, the result is a clean error or a
clean result, never a traceback, and rendered HTML never carries a script.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policybrief.content.dates import DateError, PartialDate
from policybrief.content.load import load_project
from policybrief.content.refs import find_references
from policybrief.content.validate import validate_project
from policybrief.content.yamlsrc import YamlSyntaxError, parse_yaml
from policybrief.errors import Diagnostics
from policybrief.render.chart import ChartItem, agenda_timeline
from policybrief.render.labels import date_range
from policybrief.render.markdown import BriefMarkdown, NoteSequence
from policybrief.site.feed import _timestamp as feed_timestamp
from tests.helpers import VALID

#: Text rich in the characters that matter to YAML, Markdown and HTML.
SYNTAX = st.text(
    alphabet=st.sampled_from([*"ab1 -:[]{}|>!&*#@^\\'\"\n\t<>/=()`~%.,;_", "é", "Ж", "न"]),
    max_size=200,
)
TEXT = st.one_of(SYNTAX, st.text(max_size=200))


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_yaml_gives_data_or_a_positioned_error(text: str) -> None:
    try:
        data, _, problems = parse_yaml(text)
    except YamlSyntaxError as exc:
        position = exc.problem.position
    else:
        position = None
    if position is not None:
        assert position.line >= 1
        assert position.column >= 1
        return
    assert data is None or isinstance(data, (dict, list, str))
    for problem in problems:
        assert problem.position.line >= 1


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_references_are_found_without_error(text: str) -> None:
    for ref in find_references(text):
        assert 0 <= ref.offset < ref.end <= len(text)


@given(st.binary(max_size=300) | TEXT.map(lambda t: t.encode("utf-8")))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_content_file_gives_diagnostics_not_a_crash(make_project, data: bytes) -> None:
    root = make_project()
    (root / "content/actors/bob-jones.yaml").write_bytes(data)
    (root / "content/analysis/outlook.md").write_bytes(
        b"---\ntitle: T\nkind: outlook\n---\n" + data
    )
    diags = Diagnostics()
    validate_project(load_project(root, diags), diags)
    for d in diags.items:
        assert d.position.line >= 0
        assert d.message


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_markdown_renders_anything_safely(text: str) -> None:
    diags = Diagnostics()
    corpus = validate_project(load_project(VALID, diags), diags)
    md = BriefMarkdown(
        corpus,
        note_style="endnotes",
        notes=NoteSequence(),
        link_href=lambda id_: None,
        image_url=lambda src: "../media/" + src.removeprefix("assets/"),
    )
    html = str(md.render(text + "\n\n<script>alert(1)</script>"))
    html += str(md.render_inline(text))
    assert "<script" not in html.lower()
    assert "\x02" not in html  # no Markdown placeholders leak
    assert "\x03" not in html


#: Date text as writers type it, weighted towards the calendar's edges.
_YEARS = st.one_of(st.integers(0, 9999), st.sampled_from([0, 1, 2, 9998, 9999]))
DATE_TEXT = st.builds(
    lambda y, m, d, form: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:form]),
    _YEARS,
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(1, 3),
)


def _parsed(text: str) -> PartialDate | None:
    try:
        return PartialDate.parse(text)
    except DateError:
        return None


@given(st.lists(st.tuples(DATE_TEXT, st.none() | DATE_TEXT), min_size=1, max_size=4))
@settings(max_examples=400, deadline=None)
def test_every_date_check_accepts_renders(pairs: list[tuple[str, str | None]]) -> None:
    """Whatever dates ``check`` lets through, the agenda table, the chart and the feed print."""
    items: list[ChartItem] = []
    for start_text, end_text in pairs:
        start = _parsed(start_text)
        end = _parsed(end_text) if end_text else None
        if start is None or (end is not None and end.last_day() < start.first_day()):
            continue  # check refuses these (invalid-date, date-order)
        when = date_range(start, end)
        assert str(start.year) in when
        assert feed_timestamp(start).startswith(start.iso()[:4])
        start.sort_key()
        items.append(ChartItem("Talks", start, end, "held", "Held", when))
    if len(items) >= 2:
        svg = ET.fromstring(str(agenda_timeline(items, "c")))
        ticks = [t for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        assert len(ticks) < 40  # a readable axis, whatever the span
        for rect in svg.iter("{http://www.w3.org/2000/svg}rect"):
            assert float(rect.get("width", 0)) > 0


@pytest.mark.parametrize("text", ["0000", "0000-01", "0000-01-01"])
def test_year_zero_is_refused(text: str) -> None:
    with pytest.raises(DateError, match="has no year 0"):
        PartialDate.parse(text)
