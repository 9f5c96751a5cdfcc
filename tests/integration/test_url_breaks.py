"""URLs print as typed: no hyphen is added inside an address, and it copies back whole.

The ``url-hyphenation`` case (a long source URL) and more shapes: a link whose
words are its address, an e-mail address, a URL in a footnote, long code
spans, in the full brief and the one-page read-ahead, and on the site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import DATA, overlay_case, pages_text, run_build

CASES = DATA / "cases"
DECISION = (
    "https://gazette.example/archive/2025/11/02/notices/trade/ministry-of-foreign-affairs-"
    "and-international-cooperation/decision-on-the-opening-of-bilateral-negotiations.pdf"
)
MORE = [
    "https://www.mfa.example/en/press-centre/news/2025/12/statement-by-the-spokesperson-on-the-"
    "bilateral-consultations?lang=en&section=press-releases",
    "press-office.bilateral-consultations@mfa-international-cooperation.example",
    "https://archive.gazette.example/documents/2025/official-journal/series-c/notices-from-"
    "the-ministry-of-foreign-affairs/decision.pdf",
    "https://institute.example/publications/reports/2025/report_on_the_state_of_negotiations-"
    "final_version.pdf#page=12",
    "policybrief.render.markdown.BriefMarkdown.render_inline_with_a_rather_long_name",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each case built once: case name -> its output folder."""
    out = {}
    for case in ("url-hyphenation", "url-hyphenation-more"):
        root = overlay_case(CASES / case, tmp_path_factory.mktemp("urls") / case)
        run = run_build(root)
        assert run.code == 0, run.err
        out[case] = root / "output"
    return out


def assert_prints_as_typed(pdf: Path, addresses: list[str]) -> None:
    """Each address is in the PDF's text, whole once its lines are joined; none is hyphenated."""
    # In drawing order (-raw): pdftotext's reading-order guess interleaves the
    # one-pager's balanced columns, which a reader copying from one never sees.
    text = "\n".join(pages_text(pdf, "-raw"))
    flat = text.replace("\n", "")
    for address in addresses:
        assert address in flat, f"{address} does not copy back from {pdf.name}"
        span = _span(text, address)
        assert "\u2010" not in span, f"{address} is hyphenated"
        # A line never ends in the address's own hyphen, which reads as an added one.
        assert "-\n" not in span, f"{address} breaks after a hyphen"


def _span(text: str, address: str) -> str:
    """The printed text of ``address`` with its line breaks (and any added hyphen)."""
    pattern = "[\u2010\n]*".join(re.escape(c) for c in address)
    m = re.search(pattern, text)
    assert m is not None, f"{address} is not printed"
    return m.group(0)


def test_a_long_source_url_is_not_hyphenated(built: dict[str, Path]) -> None:
    pdf = built["url-hyphenation"] / "bc-url" / "bc-url.pdf"
    span = _span("\n".join(pages_text(pdf)), DECISION)
    assert "\n" in span  # the URL does break across lines …
    assert "\u2010" not in span  # … with no hyphen added
    assert_prints_as_typed(pdf, [DECISION])


@pytest.mark.parametrize("slug", ["urls-brief", "urls-one-pager"])
def test_every_address_shape_prints_as_typed(built: dict[str, Path], slug: str) -> None:
    pdf = built["url-hyphenation-more"] / slug / f"{slug}.pdf"
    assert_prints_as_typed(pdf, MORE)
    spans = [_span("\n".join(pages_text(pdf, "-raw")), a) for a in MORE]
    assert any("\n" in s for s in spans)  # the narrow column breaks them


def test_the_web_page_marks_breaks_without_adding_text(built: dict[str, Path]) -> None:
    html = (built["url-hyphenation"] / "bc-url" / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<a class="url" href="([^"]+)">(.*?)</a>', html)
    assert m is not None
    assert "<wbr>" in m.group(2)
    assert re.sub(r"<[^>]+>", "", m.group(2)) == m.group(1) == DECISION


def test_the_site_prints_source_urls_with_breaks(built: dict[str, Path]) -> None:
    # The valid project's actor "alpha-ministry" lists the gazette, which has a URL.
    html = (built["url-hyphenation"] / "actors" / "alpha-ministry" / "index.html").read_text(
        encoding="utf-8"
    )
    m = re.search(r'<a class="url" href="([^"]+)">(.*?)</a>', html)
    assert m is not None
    assert "<wbr>" in m.group(2)
    assert re.sub(r"<[^>]+>", "", m.group(2)) == m.group(1)
