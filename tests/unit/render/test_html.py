"""Laying out a brief with the theme's templates, for the screen and for print (no PDF)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policybrief.content.corpus import Corpus
from policybrief.content.dates import PartialDate
from policybrief.content.load import load_project
from policybrief.content.model import AnalysisMeta
from policybrief.content.scale import shipped_scale
from policybrief.content.validate import validate_project
from policybrief.errors import Diagnostics
from policybrief.render.context import Estimate
from policybrief.render.html import make_environment, render_page
from policybrief.render.labels import date_range
from policybrief.render.markdown import Medium
from policybrief.render.page import estimate
from policybrief.render.resolve import resolve_brief
from policybrief.render.theme import Theme
from tests.helpers import VALID

VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr", "col", "area"}
VALID_BRIEF = (VALID / "briefs").joinpath("test-brief.yaml")


# a small DOM over html.parser, enough to assert structure


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> list[Element]:
        found = [self]
        for child in self.children:
            if isinstance(child, Element):
                found += child.iter()
        return found

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.attrs.get("class", "").split())
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Element:
        found = self.find_all(tag, cls)
        assert len(found) == 1, f"{len(found)} <{tag} class={cls}> elements"
        return found[0]

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join("".join(parts).split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


# rendering a project


def load_corpus(root: Path) -> Corpus:
    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    assert [str(d.message) for d in diags.items] == []
    return corpus


def render(root: Path, medium: Medium = "screen", slug: str = "test-brief") -> str:
    corpus = load_corpus(root)
    env = make_environment(Theme.for_project(root))
    assets = "../assets/" if medium == "screen" else "file:///theme/"
    return render_page(env, corpus, resolve_brief(corpus, slug), medium=medium, assets=assets)


def brief_with(**fields: str) -> str:
    """The valid project's brief with some top-level fields replaced or added."""
    lines = VALID_BRIEF.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.split(":")[0] not in fields]
    return "\n".join([*(f"{k}: {v}" for k, v in fields.items()), *kept]) + "\n"


@pytest.fixture
def valid(make_project) -> Path:
    return make_project()


# the brief's own text is escaped


TITLE = 'A <b>&</b> "test"'


@pytest.mark.parametrize("medium", ["screen", "print"])
def test_title_is_escaped_never_markup(make_project, medium: Medium) -> None:
    root = make_project({"briefs/test-brief.yaml": brief_with(title=f"'{TITLE}'")})
    html = render(root, medium)
    doc = parse(html)
    assert doc.find_all("title")[0].text == TITLE  # the second is the agenda chart's
    assert doc.find("h1").text == TITLE
    assert doc.find_all("b") == []
    assert "A &lt;b&gt;&amp;&lt;/b&gt; &#34;test&#34;" in html


def test_names_in_the_agenda_are_escaped(make_project) -> None:
    root = make_project({"content/actors/bob-jones.yaml": "name: Bob <i>Jones</i>\nkind: person\n"})
    doc = parse(render(root))
    assert doc.find_all("i") == []
    participants = [p.text for p in doc.find_all("p", "participants")]
    assert "With Bob <i>Jones</i>" in participants


# head: language, metadata and stylesheets


def test_screen_page_head_and_landmarks(valid: Path) -> None:
    doc = parse(render(valid, "screen"))
    html = doc.find("html")
    assert html.attrs["lang"] == "en"
    meta = {m.attrs.get("name"): m.attrs.get("content") for m in doc.find_all("meta")}
    assert meta["description"] == "The bottom line, about Ann Smith."
    assert meta["author"] == "Test Unit"
    assert meta["keywords"] == "test"
    assert [link.attrs["href"] for link in doc.find_all("link")] == [
        "../assets/css/screen.css",
        "../assets/img/favicon.svg",
    ]
    assert len(doc.find_all("h1")) == 1
    assert doc.find("main").attrs["id"] == "main"
    doc.find("nav", "toc")
    assert doc.find("a", "skip-link").attrs["href"] == "#main"


def test_print_page_links_the_print_css_and_sets_the_paper(make_project) -> None:
    root = make_project({"briefs/test-brief.yaml": brief_with(paper="Letter")})
    doc = parse(render(root, "print"))
    assert [link.attrs["href"] for link in doc.find_all("link")] == ["file:///theme/css/print.css"]
    assert "@page { size: Letter; }" in doc.find("style").text
    assert doc.find_all("a", "skip-link") == []


def test_language_comes_from_the_brief(make_project) -> None:
    root = make_project({"briefs/test-brief.yaml": brief_with(language="fr-CA")})
    assert parse(render(root)).find("html").attrs["lang"] == "fr-CA"


# security marking and draft status


def test_marking_banner_top_and_bottom(valid: Path) -> None:
    body = parse(render(valid, "screen")).find("body")
    banners = body.find_all("div", "marking")
    assert [b.attrs["class"] for b in banners] == ["marking marking-top", "marking marking-bottom"]
    assert [b.text for b in banners] == ["OFFICIAL", "OFFICIAL"]
    elements = [c for c in body.children if isinstance(c, Element)]
    # First in the header landmark after the skip link, last in the footer landmark.
    assert elements[1].tag == "header"
    assert elements[1].find_all("div")[0] is banners[0]
    footer = [c for c in elements[-1].children if isinstance(c, Element)]
    assert elements[-1].tag == "footer"
    assert footer[-1] is banners[1]


def test_print_puts_the_marking_in_the_page_margins(valid: Path) -> None:
    style = parse(render(valid, "print")).find("style").text
    assert '@top-center { content: "OFFICIAL"; font-size: 8.5pt; }' in style
    assert '@bottom-center { content: "OFFICIAL"; font-size: 8.5pt; }' in style


def test_no_marking_no_banner(make_project) -> None:
    root = make_project({"policybrief.yaml": "organisation: Test Unit\n"})
    for medium in ("screen", "print"):
        doc = parse(render(root, medium))  # type: ignore[arg-type]
        assert doc.find_all(cls="marking") == []
    assert "@top-center" not in parse(render(root, "print")).find("style").text


HOSTILE = 'SECRET "EYES" </style><script>alert(1)</script> \\ end'


def css_strings(css: str, margin: str) -> list[str]:
    """The CSS string values of ``@<margin> { content: "…" }``, unescaped."""
    found = re.findall(rf'@{margin} \{{ content: "((?:[^"\\]|\\.)*)";', css)
    escape = r"\\([0-9a-fA-F]{1,6}) ?|\\(.)"
    return [
        re.sub(escape, lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), s)
        for s in found
    ]


def test_marking_is_safe_in_the_banner_and_in_the_css_string(make_project) -> None:
    marking = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    root = make_project({"briefs/test-brief.yaml": brief_with(marking=f'"{marking}"')})
    screen = parse(render(root, "screen"))
    assert [b.text for b in screen.find_all(cls="marking")] == [HOSTILE, HOSTILE]
    assert screen.find_all("script") == []

    html = render(root, "print")
    doc = parse(html)
    assert doc.find_all("script") == []
    style = doc.find("style").text
    assert "</style" not in style.lower()
    # The raw page: the parsed style's text has its spaces collapsed.
    assert css_strings(html, "top-center") == [HOSTILE]
    assert css_strings(html, "bottom-center") == [HOSTILE]
    assert html.lower().count("</style>") == 1


def test_draft_adds_to_the_marking_and_prints_a_watermark(make_project) -> None:
    root = make_project({"briefs/test-brief.yaml": brief_with(status="draft")})
    screen = parse(render(root, "screen"))
    assert [b.text for b in screen.find_all(cls="marking")] == ["OFFICIAL · DRAFT"] * 2
    assert screen.find_all(cls="watermark") == []
    assert screen.find("span", "draft-tag").text == "Draft"

    doc = parse(render(root, "print"))
    watermark = doc.find("div", "watermark")
    assert watermark.text == "DRAFT"
    assert watermark.attrs["aria-hidden"] == "true"
    assert css_strings(doc.find("style").text, "top-center") == ["OFFICIAL · DRAFT"]


def test_draft_without_a_marking_is_marked_draft(make_project) -> None:
    root = make_project(
        {
            "policybrief.yaml": "organisation: Test Unit\n",
            "briefs/test-brief.yaml": brief_with(status="draft"),
        }
    )
    assert [b.text for b in parse(render(root)).find_all(cls="marking")] == ["DRAFT"] * 2


def test_final_brief_has_no_watermark(valid: Path) -> None:
    doc = parse(render(valid, "print"))
    assert doc.find_all(cls="watermark") == []
    assert doc.find_all(cls="draft-tag") == []


# dates


AGENDA_2025 = "title: Annual review\nkind: other\ndate: '2025'\nparticipants: [ann-smith]\n"


def test_agenda_shows_dates_as_precise_as_known(make_project) -> None:
    root = make_project({"content/agenda/review.yaml": AGENDA_2025 + "status: scheduled\n"})
    doc = parse(render(root))
    items = doc.find("ol", "timeline").find_all("li", "agenda-item")
    assert [i.attrs["id"] for i in items] == ["agenda-review", "agenda-talks", "agenda-summit"]
    times = [i.find("time") for i in items]
    assert [t.text for t in times] == ["2025", "December 2025", "4–5 December 2025"]
    assert [t.attrs["datetime"] for t in times] == ["2025", "2025-12", "2025-12-04"]
    for t in times[:2]:  # no day nobody knows, e.g. "1 December 2025"
        assert not re.search(r"\b\d{1,2}\b", t.text), t.text


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2025-12-04", None, "4 December 2025"),
        ("2025-12-04", "2025-12-04", "4 December 2025"),
        ("2025-12-04", "2025-12-05", "4–5 December 2025"),
        ("2025-11-30", "2025-12-02", "30 November – 2 December 2025"),
        ("2025-12-30", "2026-01-02", "30 December 2025 – 2 January 2026"),
        ("2025-12", None, "December 2025"),
        ("2025-12", "2025-12", "December 2025"),
        ("2025-11", "2025-12", "November 2025 – December 2025"),
        ("2025", None, "2025"),
        ("2025", "2026", "2025 – 2026"),
        ("2025-12", "2025-12-05", "December 2025 – 5 December 2025"),
        ("2025-12-04", "2026", "4 December 2025 – 2026"),
    ],
)
def test_date_range(start: str, end: str | None, shown: str) -> None:
    assert date_range(d(start), d(end) if end else None) == shown


# estimative language


def meta(**fields: str) -> AnalysisMeta:
    return AnalysisMeta.model_validate({"title": "T", "kind": "assessment", **fields})


def test_estimate_helper() -> None:
    icd = shipped_scale("icd203")
    assert estimate(meta(), icd) is None
    assert estimate(meta(likelihood="likely", confidence="high"), icd) == Estimate(
        "Likely", "55–80%", "High confidence"
    )
    assert estimate(meta(confidence="low"), icd) == Estimate(None, None, "Low confidence")
    assert estimate(meta(likelihood="almost-no-chance", confidence="moderate"), icd) == Estimate(
        "Almost no chance", "1–5%", "Moderate confidence"
    )


def test_likelihood_scale_is_icd_203() -> None:
    likelihoods = shipped_scale("icd203").likelihoods
    assert list(likelihoods) == [
        "almost-no-chance",
        "very-unlikely",
        "unlikely",
        "roughly-even-chance",
        "likely",
        "very-likely",
        "almost-certain",
    ]
    bands = [band for _, band in likelihoods.values()]
    assert bands == ["1–5%", "5–20%", "20–45%", "45–55%", "55–80%", "80–95%", "95–99%"]


def test_key_judgment_shows_likelihood_words_and_confidence_apart(valid: Path) -> None:
    box = parse(render(valid)).find("section", "key-judgments")
    assert box.find("p", "judgment").text == "The summit will likely produce a joint statement"
    line = box.find("p", "estimate")
    assert line.find("span", "likelihood").text == "Likely (55–80%)"
    assert line.find("span", "confidence").text == "Moderate confidence"
    assert "confidence" not in line.find("span", "likelihood").text.lower()


def test_section_head_shows_its_estimate_only_when_it_has_one(make_project) -> None:
    sections = "  - analysis: kj-summit\n  - analysis: outlook\n"
    brief = brief_with().split("sections:")[0] + "sections:\n" + sections
    root = make_project({"briefs/test-brief.yaml": brief})
    doc = parse(render(root))
    kj = next(s for s in doc.find_all("section") if s.attrs.get("id") == "section-kj-summit")
    outlook = next(s for s in doc.find_all("section") if s.attrs.get("id") == "section-outlook")
    assert kj.find("p", "section-label").text == "Key judgment 1"  # its number in the box
    assert kj.find("span", "likelihood").text == "Likely (55–80%)"
    assert outlook.find_all(cls="estimate") == []
    # the key judgment box links to the full text shown below
    box = doc.find("section", "key-judgments")
    assert box.find("p", "judgment").find("a").attrs["href"] == "#section-kj-summit"


# notes


def ids(doc: Element) -> list[str]:
    return [e.attrs["id"] for e in doc.iter() if "id" in e.attrs]


def test_screen_notes_are_endnotes_numbered_in_reading_order(valid: Path) -> None:
    doc = parse(render(valid, "screen"))
    # background: [@gazette, p. 2] and [^1]; agenda outcome: [@gazette]
    calls = [a for a in doc.find_all("a") if a.attrs.get("id", "").startswith("note-call-")]
    assert [a.attrs["id"] for a in calls] == ["note-call-1", "note-call-2", "note-call-3"]
    assert [a.attrs["href"] for a in calls] == ["#note-1", "#note-2", "#note-3"]
    assert [a.text for a in calls] == ["1", "2", "3"]
    where = [
        next(s.attrs["id"] for s in doc.find_all("section") if a in s.iter() and "id" in s.attrs)
        for a in calls
    ]
    assert where == ["section-background", "section-background", "agenda"]

    notes = doc.find("section", "notes")
    assert notes.find("h2").text == "Notes"
    items = notes.find_all("li")
    assert [li.attrs["id"] for li in items] == ["note-1", "note-2", "note-3"]
    backlinks = [li.find("a", "backlink") for li in items]
    assert [a.attrs["href"] for a in backlinks] == [f"#note-call-{n}" for n in (1, 2, 3)]
    assert [li.text for li in items] == [
        "1. Alpha Government, Official gazette notice, 30 November 2025, p. 2.",
        "2. A footnote.",
        "3. Alpha Government, Official gazette notice, 30 November 2025.",
    ]
    assert doc.find_all(cls="footnote") == []


def test_every_id_is_unique_and_every_fragment_link_lands(valid: Path) -> None:
    for medium in ("screen", "print"):
        doc = parse(render(valid, medium))  # type: ignore[arg-type]
        all_ids = ids(doc)
        assert len(all_ids) == len(set(all_ids)), medium
        hrefs = [a.attrs.get("href", "") for a in doc.find_all("a")]
        targets = {href[1:] for href in hrefs if href.startswith("#")}
        assert targets, medium
        assert targets <= set(all_ids), (medium, targets - set(all_ids))


# names the brief does not show link to the site on screen, stay text in print


SHOWN_ELSEWHERE = """title: A test brief
date: 2025-12-01
status: final
summary: '[[ann-smith]] met [[bob-jones]] before the [[summit]] and the [[talks]].'
sections:
  - actors: [ann-smith]
  - agenda: [summit]
"""


def test_screen_links_names_not_shown_to_the_site_pages(make_project) -> None:
    root = make_project({"briefs/test-brief.yaml": SHOWN_ELSEWHERE})
    doc = parse(render(root, "screen"))
    links = {a.text: a.attrs["href"] for a in doc.find_all("a", "entity")}
    assert links["Ann Smith"] == "#actor-ann-smith"  # shown: its row in the brief
    assert links["Bob Jones"] == "../actors/bob-jones/index.html"
    assert links["Alpha–Beta summit"] == "#agenda-summit"
    assert links["Preparatory talks"] == "../timeline/index.html#agenda-talks"
    # Names in the tables link the same way: affiliation, country, participants.
    assert links["Alpha Ministry of Things"] == "../actors/alpha-ministry/index.html"
    assert links["Alpha Land"] == "../actors/alpha/index.html"
    assert doc.find("nav", "site-nav").find_all("a")[0].attrs["href"] == "../index.html"


def test_print_keeps_names_not_shown_as_text(make_project) -> None:
    root = make_project({"briefs/test-brief.yaml": SHOWN_ELSEWHERE})
    html = render(root, "print")
    doc = parse(html)
    hrefs = {a.attrs["href"] for a in doc.find_all("a", "entity")}
    assert hrefs == {"#actor-ann-smith", "#agenda-summit"}
    spans = [s.text for s in doc.find_all("span", "entity")]
    assert spans == ["Bob Jones", "Preparatory talks"]
    assert "../actors/" not in html
    assert "../timeline/" not in html
    assert doc.find_all("nav", "site-nav") == []


def test_print_notes_are_footnotes_in_the_text(valid: Path) -> None:
    doc = parse(render(valid, "print"))
    footnotes = doc.find_all("span", "footnote")
    assert [f.text for f in footnotes] == [
        "Alpha Government, Official gazette notice, 30 November 2025, p. 2.",
        "A footnote.",
        "Alpha Government, Official gazette notice, 30 November 2025.",
    ]
    assert doc.find_all(cls="note-call") == []
    assert doc.find_all("section", "notes") == []


def test_one_pager_keeps_endnotes_in_print(make_project) -> None:
    root = make_project({"briefs/test-brief.yaml": brief_with(template="one-pager")})
    for medium in ("screen", "print"):
        doc = parse(render(root, medium))  # type: ignore[arg-type]
        assert "one-pager" in doc.find("body").attrs["class"].split()
        assert doc.find_all("span", "footnote") == [], medium
        assert len(doc.find_all("sup", "note-call")) == 2, medium  # no outcomes shown
        notes = doc.find("section", "notes")
        assert notes.find("h2").text == "Sources and notes"
        assert [li.attrs["id"] for li in notes.find_all("li")] == ["note-1", "note-2"]


CUSTOM = """{% extends "layout/base.html" %}
{% block body %}<main id="main"><h1>{{ brief.title }}</h1>
{% for s in page.sections %}
{% if s.html %}<div class="prose">{{ s.html }}</div>{% endif %}
{% endfor %}
</main>{% endblock %}
"""


@pytest.mark.parametrize(("pragma", "footnotes"), [("", 2), ("{# policybrief: endnotes #}", 0)])
def test_a_template_chooses_endnotes_for_print_with_the_pragma(
    make_project, pragma: str, footnotes: int
) -> None:
    root = make_project(
        {
            "templates/custom.html": pragma + CUSTOM,
            "briefs/test-brief.yaml": brief_with(template="custom"),
        }
    )
    doc = parse(render(root, "print"))
    assert len(doc.find_all("span", "footnote")) == footnotes
    assert len(doc.find_all("sup", "note-call")) == 2 - footnotes


def test_a_text_the_template_does_not_show_takes_no_note_number(make_project) -> None:
    """The custom template shows analysis sections only: the agenda outcome's citation
    must not take a number (notes are numbered as printed)."""
    root = make_project(
        {"templates/custom.html": CUSTOM, "briefs/test-brief.yaml": brief_with(template="custom")}
    )
    calls = parse(render(root)).find_all("sup", "note-call")
    assert [c.text for c in calls] == ["1", "2"]


@pytest.mark.parametrize("medium", ["screen", "print"])
def test_a_brief_whose_auto_sections_select_nothing_prints_no_empty_heading(
    make_project, medium: Medium
) -> None:
    """A brief fresh from ``new brief``: no "Agenda" over nothing, no contents of nothing."""
    brief = "title: New\ndate: 2025-12-01\nsummary: No links.\nsections:\n"
    brief += "  - agenda: auto\n  - actors: auto\n  - sources: auto\n"
    root = make_project({"briefs/test-brief.yaml": brief})
    html = render(root, medium)
    assert 'class="toc"' not in html
    assert "section-agenda" not in html
    assert "section-actors" not in html
    assert "section-sources" not in html
    assert "No links." in html
