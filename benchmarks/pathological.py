"""Time check and HTML rendering on pathological Markdown, doubling each input's size.

Each KIND of input (runs of backticks, brackets, images, emphasis, nesting, long
lines, many notes…) is measured at sizes N, 2N, 4N, 8N: the time of validating
one analysis file (what ``check`` runs: references, HTML, links) and of
rendering it to HTML (Python-Markdown, the brief's syntax, the sanitiser). The
table prints each time and the ratio to the size before: about 2 when time
grows linearly, about 4 when it grows quadratically. A content error is a fine
outcome (the input is refused, quickly); the column says so.

Every measurement runs in a child process with a time cap (``--cap``, default
20 s), so an input that still blows up shows as ``>cap`` instead of hanging.

    .venv/bin/python benchmarks/pathological.py               # every kind
    .venv/bin/python benchmarks/pathological.py backticks nesting --base 4000
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

#: Each kind's payload of about ``n`` characters.
PAYLOADS: dict[str, Callable[[int], str]] = {
    # Backtick runs of growing length, none closed (the redos case's input).
    "backticks": lambda n: " ".join("`" * k + "a" for k in range(1, 2 * int(n**0.5))),
    "backtick-pairs": lambda n: "`a` " * (n // 4),
    "brackets": lambda n: "[" * n,
    "double-brackets": lambda n: "[[" * (n // 2),
    "closing-brackets": lambda n: "]" * n,
    "images": lambda n: "![a](" * (n // 5),
    "links": lambda n: "[a](" * (n // 4),
    "citations": lambda n: "[@" * (n // 2),
    "note-calls": lambda n: "[^" * (n // 2),
    "stars": lambda n: "*" * n,
    "underscores": lambda n: "_" * n,
    "star-words": lambda n: "*a " * (n // 3),
    "angles": lambda n: "<a " * (n // 3),
    "html-tags": lambda n: '<span title="x">' * (n // 16),
    "scripts": lambda n: "<script>" * (n // 8),
    "entities": lambda n: "&#" * (n // 2),
    "spaces": lambda n: "a" + " " * n + "b",
    "long-line": lambda n: "word " * (n // 5),
    "nesting": lambda n: "\n".join("  " * i + "- a" for i in range(int(n**0.5))),
    "quotes": lambda n: "> " * (n // 2) + "a",
    "footnotes": lambda n: (
        "".join(f"x[^{i}]" for i in range(n // 12))
        + "\n\n"
        + "\n".join(f"[^{i}]: note" for i in range(n // 12))
    ),
    "table-bars": lambda n: "a|" * (n // 2) + "\n-|-\n" + "b|" * (n // 2),
}

_CHILD = r"""
import json, sys, time
from pathlib import Path
from policybrief.errors import Diagnostics
from policybrief.content.load import load_project
from policybrief.content.validate import validate_project
from policybrief.render.markdown import BriefMarkdown, NoteSequence

root, text, what = Path(sys.argv[1]), sys.stdin.read(), sys.argv[2]
diags = Diagnostics()
corpus = validate_project(load_project(root, diags), diags)
page = root / "content/analysis/outlook.md"
head = page.read_text(encoding="utf-8")
page.write_text(head + "\n\n" + text + "\n", encoding="utf-8")
start = time.perf_counter()
if what == "check":
    diags = Diagnostics()
    validate_project(load_project(root, diags), diags)
    refused = bool(diags.errors)
else:
    md = BriefMarkdown(corpus, note_style="endnotes", notes=NoteSequence(),
                       link_href=lambda i: None, image_url=lambda s: s)
    md.render(text)
    refused = False
page.write_text(head, encoding="utf-8")
print(json.dumps({"seconds": time.perf_counter() - start, "refused": refused}))
"""


def measure(root: str, what: str, text: str, cap: float) -> tuple[float | None, bool]:
    """Seconds to check or render ``text`` (None past ``cap``), and whether it was refused."""
    page = Path(root) / "content/analysis/outlook.md"
    original = page.read_bytes()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, root, what],
            input=text,
            capture_output=True,
            text=True,
            timeout=cap,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None, False
    except subprocess.CalledProcessError as exc:
        # A crash (a RecursionError on deep nesting) is a finding too: show it.
        last = (exc.stderr or "").strip().splitlines()[-1:] or ["failed"]
        print(f"# {what} failed: {last[0][:100]}", file=sys.stderr)
        return -1.0, False
    finally:
        page.write_bytes(original)  # a child stopped mid-way leaves its text there
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return float(result["seconds"]), bool(result["refused"])


def main() -> None:
    """Print one table row per kind, size and stage."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kinds", nargs="*", default=list(PAYLOADS), help="kinds to measure")
    parser.add_argument("--base", type=int, default=10_000, help="smallest size in characters")
    parser.add_argument("--steps", type=int, default=4, help="sizes: base, 2 base, 4 base…")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (the median is shown)")
    parser.add_argument("--cap", type=float, default=20.0, help="seconds before giving up")
    parser.add_argument("--root", default="tests/data/valid", help="project the text is added to")
    args = parser.parse_args()
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = shutil.copytree(args.root, f"{tmp}/project")
        print(f"{'kind':18} {'stage':6} {'chars':>8} {'median s':>9} {'ratio':>6}  note")
        for kind in args.kinds:
            for what in ("check", "render"):
                before: float | None = None
                for step in range(args.steps):
                    text = PAYLOADS[kind](args.base * 2**step)
                    times: list[float] = []
                    refused = False
                    for _ in range(args.runs):
                        seconds, refused = measure(str(root), what, text, args.cap)
                        if seconds is None or seconds < 0:
                            break
                        times.append(seconds)
                    if len(times) < args.runs:
                        shown = "failed" if seconds is not None else f">{args.cap:g}"
                        print(f"{kind:18} {what:6} {len(text):8} {shown:>9}")
                        break
                    median = statistics.median(times)
                    ratio = f"{median / before:6.2f}" if before else "      "
                    note = "refused (content error)" if refused else ""
                    print(f"{kind:18} {what:6} {len(text):8} {median:9.4f} {ratio}  {note}")
                    sys.stdout.flush()
                    before = max(median, 1e-4)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"# {time.perf_counter() - started:.0f} s", file=sys.stderr)
