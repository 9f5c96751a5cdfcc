"""Chinese text takes its quotation marks from the CJK font: full width, as readers expect.

Seen: a brief in Chinese took its quotation marks from Noto Serif (narrow, set
low: “双方”). (It is not justified: WeasyPrint stretches only spaces.)
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import VALID, make_project_at, run_build, run_tool

#: A paragraph of Chinese several lines long, with a figure and a name in Latin.
PARAGRAPH = (
    "据外交部称 “” 双方将于12月举行会谈。中国与俄罗斯在能源、军工和贸易领域的合作不断加深，"
    "两国领导人多次会晤，签署了多项协议，涉及石油、天然气、核能以及航天等方面。分析人士认为，"
    "这种合作关系在未来几年内仍将持续，但也面临西方制裁和国际局势变化带来的挑战。"
)


def _words(pdf: Path) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMin, text) of each word on the first page."""
    layout = run_tool("pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-")
    return [
        (float(a), float(b), float(y), text)
        for a, y, b, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            layout,
        )
    ]


def test_a_chinese_brief_has_full_width_quotation_marks(tmp_path: Path) -> None:
    root = make_project_at(tmp_path / "project", {}, base=VALID)
    brief = root / "briefs" / "test-brief.yaml"
    text = brief.read_text(encoding="utf-8")
    text = text.replace("title: A test brief\n", "title: 中俄关系简报\nlanguage: zh-Hans\n")
    text = text.replace("  The bottom line, about [[ann-smith]].\n", f"  {PARAGRAPH}\n")
    brief.write_text(text, encoding="utf-8")
    run = run_build(root, "--outputs", "pdf")
    assert run.code == 0, run.err
    words = _words(root / "output" / "test-brief" / "test-brief.pdf")
    # The two marks alone: full width (about 2 em of 10.5 pt), not Noto Serif's 0.8 em.
    (quotes,) = [w for w in words if w[3] == "“”"]
    assert quotes[1] - quotes[0] > 17


def test_a_chinese_phrase_in_an_english_brief_has_them_too(tmp_path: Path) -> None:
    # The stacks were set for the page's language only: a [phrase]{lang=zh} inherited
    # its paragraph's font list, and its quotation marks were Noto Serif's.
    root = make_project_at(tmp_path / "project", {}, base=VALID)
    brief = root / "briefs" / "test-brief.yaml"
    text = brief.read_text(encoding="utf-8")
    text = text.replace(
        "  The bottom line, about [[ann-smith]].\n",
        "  The ministry said: [外交部称 “” 双方将举行会谈。]{lang=zh}\n",
    )
    brief.write_text(text, encoding="utf-8")
    run = run_build(root, "--outputs", "pdf")
    assert run.code == 0, run.err
    words = _words(root / "output" / "test-brief" / "test-brief.pdf")
    (quotes,) = [w for w in words if w[3] == "“”"]
    assert quotes[1] - quotes[0] > 17
