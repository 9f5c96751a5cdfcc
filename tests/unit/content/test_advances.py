"""Noto Sans's advances, which measure a table before it is rendered (table_fit.width)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policybrief.content.table_fit import width

REPO = Path(__file__).resolve().parents[3]
FONTS = REPO / "templates" / "fonts"


def test_the_committed_table_is_the_theme_fonts() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "font_advances.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _set_width(word: str, bold: bool) -> float:
    """How wide WeasyPrint sets ``word`` in the theme's Noto Sans, in ems."""
    import weasyprint

    face = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    html = (
        "<style>@font-face { font-family: T; src: url(" + (FONTS / face).as_uri() + ") }"
        "span { font: 100px T; white-space: pre }</style><p><span>" + word + "</span></p>"
    )
    page = weasyprint.HTML(string=html).render().pages[0]
    boxes = [page._page_box]
    while boxes:
        box = boxes.pop()
        if type(box).__name__ == "TextBox":
            return float(box.width) / 100
        boxes.extend(getattr(box, "children", ()))
    raise AssertionError("no text box")


@pytest.mark.parametrize(
    ("word", "bold"),
    [
        ("ЩЮЖШЫ", False),  # the widest Cyrillic capitals (once estimated at 0.78 em)
        ("Министерство", False),
        ("ВНЕШНЕЭКОНОМИЧЕСКИЙ", True),
        ("Υπουργείο", False),
        ("Verteidigungsministerium", True),
        ("45,678,901.23", False),
        ("MWmw%@", False),
        ("Côte-d’Ivoire", False),
    ],
)
def test_a_word_is_measured_as_it_sets(word: str, bold: bool) -> None:
    # Kerning and shaping move a word by a percent or two, inside the room a
    # table is given (table_fit.ROOM).
    assert width(word, bold) == pytest.approx(_set_width(word, bold), rel=0.02)
