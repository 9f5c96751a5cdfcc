"""Write policybrief/site/fold_table.json: search's folding rules, compiled for every character.

    python scripts/fold_table.py          rewrite the table
    python scripts/fold_table.py --check  exit 1 if the table is not the rules' compilation

The rules are ``rule_fold_char`` in policybrief/site/folding.py; the table is
what the build and the browser both apply, so a change to the rules is a
change to this file, reviewed as data. Run it with the Python the table
records (``"unicode"``): another Python knows another Unicode version, and
``--check`` says so instead of comparing. tests/unit/site/test_folding.py
runs the check.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TABLE = REPO / "policybrief" / "site" / "fold_table.json"


def table_text(table: dict[str, Any]) -> str:
    """The table as JSON, one mapping or range a line, so a change reads as a diff."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{", f'"unicode": {dump(table["unicode"])},', '"map": {']
    items = list(table["map"].items())
    lines += [
        f"{dump(k)}: {dump(v)}{',' if i < len(items) - 1 else ''}" for i, (k, v) in enumerate(items)
    ]
    lines.append("},")
    for key, last in (("drop", False), ("space", True)):
        ranges = table[key]
        lines.append(f'"{key}": [')
        lines += [f"{dump(r)}{',' if i < len(ranges) - 1 else ''}" for i, r in enumerate(ranges)]
        lines.append("]" if last else "],")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    from policybrief.site.folding import compile_table

    current = json.loads(TABLE.read_text(encoding="utf-8")) if TABLE.is_file() else None
    if "--check" in argv:
        if current is None:
            sys.stderr.write(f"{TABLE} is missing: run python scripts/fold_table.py\n")
            return 1
        if current["unicode"] != unicodedata.unidata_version:
            sys.stdout.write(
                f"the table is of Unicode {current['unicode']}, this Python knows "
                f"{unicodedata.unidata_version}: check with the Python the table records\n"
            )
            return 0
        if current != compile_table():
            sys.stderr.write(f"{TABLE} is stale: run python scripts/fold_table.py\n")
            return 1
        return 0
    TABLE.write_text(table_text(compile_table()), encoding="utf-8")
    sys.stdout.write(f"wrote {TABLE.relative_to(REPO)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
