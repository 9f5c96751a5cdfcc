"""Write policybrief/content/advances.json: the theme's Noto Sans advance widths.

    python scripts/font_advances.py          rewrite the table
    python scripts/font_advances.py --check  exit 1 if the table is not the fonts'

A table's width is estimated from its words before it is rendered
(policybrief/content/table_fit.py), so that ``check`` can say a table fits no
page and the renderer can choose its type and page. The estimate reads each
character's advance in the fonts the theme sets tables in (templates/fonts/
NotoSans-Regular.ttf and -Bold.ttf), from this table, not the fonts: reading
them with fontTools costs ``check`` about 0.13 s, the table 3 ms. A change of
the fonts is a change of this file, reviewed as data;
tests/unit/content/test_advances.py runs the check.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TABLE = REPO / "policybrief" / "content" / "advances.json"
FONTS = {"regular": "NotoSans-Regular.ttf", "bold": "NotoSans-Bold.ttf"}


def advances(font: Path) -> tuple[int, dict[int, int]]:
    """The font's units per em, and the advance (font units) of each character it maps."""
    from fontTools.ttLib import TTFont

    with TTFont(font, lazy=True) as ttf:
        metrics = ttf["hmtx"].metrics
        mapped = {cp: metrics[glyph][0] for cp, glyph in ttf.getBestCmap().items()}
        return int(ttf["head"].unitsPerEm), mapped


def table_text() -> str:
    """The table as JSON: a line per font of runs ``[first code point, advances...]``
    of consecutive characters, so that a change reads as a diff of a few lines."""
    lines = ["{"]
    units = set()
    for key, name in FONTS.items():
        per_em, mapped = advances(REPO / "templates" / "fonts" / name)
        units.add(per_em)
        runs: list[list[int]] = []
        for cp in sorted(mapped):
            if runs and runs[-1][0] + len(runs[-1]) - 1 == cp:
                runs[-1].append(mapped[cp])
            else:
                runs.append([cp, mapped[cp]])
        lines.append(f'"{key}": [')
        lines += [
            json.dumps(run) + ("," if i < len(runs) - 1 else "") for i, run in enumerate(runs)
        ]
        lines.append("],")
    (per_em,) = units
    lines.append(f'"units_per_em": {per_em}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = table_text()
    if "--check" in argv:
        if not TABLE.is_file() or TABLE.read_text(encoding="utf-8") != text:
            sys.stderr.write(
                f"{TABLE} is not the theme's fonts: run python scripts/font_advances.py\n"
            )
            return 1
        return 0
    TABLE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
