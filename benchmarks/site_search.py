"""Time the site's search folding: loading its table (once per build), and folding text.

Run from the repository root: ``.venv/bin/python benchmarks/site_search.py``.
Each measurement runs in a fresh process (the table is cached per process, as
in a build), ``--runs`` times; the median is reported with the table's size.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

_TABLE = """
import json, time
t = time.perf_counter()
from policybrief.site.folding import fold_table
table = fold_table()
print(json.dumps({"seconds": time.perf_counter() - t,
                  "bytes": len(json.dumps(table, ensure_ascii=False).encode())}))
"""
_FOLD = """
import json, time
from policybrief.site.folding import fold
text = open("content/analysis/background-commission.md", encoding="utf-8").read() * 20
t = time.perf_counter()
fold(text)
print(json.dumps({"seconds": time.perf_counter() - t, "chars": len(text)}))
"""


def _median(code: str, runs: int) -> tuple[float, dict[str, float]]:
    results = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(r["seconds"] for r in results), results[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    seconds, first = _median(_TABLE, args.runs)
    print(f"folding table: median {seconds:.2f} s to load, {first['bytes'] / 1024:.0f} KiB as JSON")
    seconds, first = _median(_FOLD, args.runs)
    rate = first["chars"] / seconds / 1e6
    print(
        f"folding text: median {seconds * 1000:.0f} ms for {first['chars']} characters "
        f"({rate:.1f} M characters/s, cold cache)"
    )


if __name__ == "__main__":
    main()
