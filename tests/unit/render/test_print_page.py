"""What the print and screen pages carry for issue 13: product identifier, kickers,
the actors table's columns, the scale's tones (no PDF; tests/integration/test_print_layout.py
looks at the PDF)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policybrief.render.context import Page
from policybrief.render.html import make_environment
from policybrief.render.page import PageBuilder
from policybrief.render.resolve import resolve_brief
from policybrief.render.theme import PACKAGED_THEME, Theme
from tests.unit.render.test_html import brief_with, load_corpus, parse, render


def brief_of(sections: str) -> str:
    """The valid project's brief with its sections replaced by ``sections`` (a YAML flow list)."""
    return (
        "title: A test brief\ndate: 2025-12-01\nstatus: final\nsummary: The bottom line.\n"
        f"key_judgments: [kj-summit]\nsections: {sections}\n"
    )


@pytest.fixture
def valid(make_project) -> Path:
    return make_project()


def page_of(root: Path, slug: str = "test-brief") -> Page:
    corpus = load_corpus(root)
    view = resolve_brief(corpus, slug)
    make_environment(Theme.for_project(root))
    return PageBuilder(corpus, view, "print", "file:///theme/", "footnotes").build()


def test_the_product_id_is_on_page_1_and_in_the_metadata(valid: Path) -> None:
    for medium in ("screen", "print"):
        doc = parse(render(valid, medium))  # type: ignore[arg-type]
        assert doc.find(cls="product-id").text == "TEST-BRIEF-E1"
        ids = [m for m in doc.find_all("meta") if m.attrs.get("name") == "identifier"]
        assert [m.attrs["content"] for m in ids] == ["TEST-BRIEF-E1"]


def test_the_manifest_product_id_and_the_site_address(make_project) -> None:
    root = make_project(
        {
            "briefs/test-brief.yaml": brief_with(product_id="PB-2025-017"),
            "policybrief.yaml": "organisation: Test Unit\nmarking: OFFICIAL\n"
            "site:\n  base_url: https://intranet.example/briefs/\n",
        }
    )
    doc = parse(render(root, "print"))
    assert doc.find(cls="product-id").text == "PB-2025-017"
    link = doc.find(cls="product").find("a")
    assert link.attrs["href"] == "https://intranet.example/briefs/test-brief/"
    style = doc.find("style").text
    assert "PB-2025-017 · https://intranet.example/briefs/test-brief/" in style


def test_the_running_foot_names_the_product_in_print(valid: Path) -> None:
    style = parse(render(valid, "print")).find("style").text
    assert re.search(
        r'@bottom-left \{ content: "Test Unit · 1 December 2025 · TEST-BRIEF-E1"', style
    )


def test_no_viewport_in_print_so_the_pdf_metadata_stays_clean(valid: Path) -> None:
    names = [m.attrs.get("name") for m in parse(render(valid, "print")).find_all("meta")]
    assert "viewport" not in names
    names = [m.attrs.get("name") for m in parse(render(valid, "screen")).find_all("meta")]
    assert "viewport" in names


def test_kickers_add_information(make_project) -> None:
    root = make_project()
    labels = {s.title: s.label for s in page_of(root).sections if s.kind == "analysis"}
    # "Background" over "Background" and "Outlook" over "Outlook" say nothing.
    assert labels == {"Background": "", "Outlook": ""}
    root = make_project(
        {"briefs/test-brief.yaml": brief_of("[{analysis: kj-summit}, {analysis: outlook}]")}
    )
    labels = {s.title: s.label for s in page_of(root).sections}
    assert labels["The summit will likely produce a joint statement"] == "Key judgment 1"
    doc = parse(render(root, "print"))
    assert [p.text for p in doc.find_all(cls="section-label")] == ["Key judgment 1"]


def test_a_missing_role_shows_a_dash_and_empty_columns_go(valid: Path) -> None:
    table = parse(render(valid, "print")).find("table", cls="actors")
    heads = [th.text for th in table.find("thead").find_all("th")]
    assert heads == ["Name", "Role", "Affiliation"]
    rows = {
        tr.find("th").text.split()[0]: [td.text for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    }
    assert rows["Ann"][0] == "Minister of Things"
    assert all(cells[0] in ("–", "Minister of Things", "Envoy") for cells in rows.values())
    assert "State" not in {cells[0] for cells in rows.values()}


def test_a_column_no_actor_fills_is_left_out(make_project) -> None:
    root = make_project(
        {"briefs/test-brief.yaml": brief_of("[{analysis: background}, {actors: [alpha, beta]}]")}
    )
    table = parse(render(root, "print")).find("table", cls="actors")
    assert [th.text for th in table.find("thead").find_all("th")] == ["Name"]
    assert all(tr.find_all("td") == [] for tr in table.find("tbody").find_all("tr"))


def test_the_scale_has_seven_tones_one_per_step(valid: Path) -> None:
    for medium in ("screen", "print"):
        steps = parse(render(valid, medium)).find("ol", cls="scale").find_all("li")  # type: ignore[arg-type]
        tones = [
            next(c for c in li.attrs["class"].split() if c.startswith("tone-")) for li in steps
        ]
        assert tones == [f"tone-{n}" for n in range(1, 8)]


def _tone_colours(css: str) -> list[str]:
    return [
        m.group(2).lower()
        for m in re.finditer(r"\.scale \.tone-(\d) \{ background: (#[0-9a-f]{6})", css)
    ]


def test_the_seven_tones_are_distinct_and_graded_in_both_schemes() -> None:
    light = _tone_colours((PACKAGED_THEME / "css" / "base.css").read_text())
    screen = (PACKAGED_THEME / "css" / "screen.css").read_text()
    dark = _tone_colours(screen[screen.index("prefers-color-scheme: dark") :])
    for tones, falling in ((light, True), (dark, False)):
        assert len(tones) == 7
        assert len(set(tones)) == 7
        levels = [int(t[1:3], 16) for t in tones]
        assert levels == sorted(levels, reverse=falling)


def test_the_running_head_names_the_section_from_its_first_box(valid: Path) -> None:
    doc = parse(render(valid, "print"))
    heads = doc.find_all("header", cls="section-head")
    assert heads
    assert all(h.attrs["data-title"] for h in heads)
