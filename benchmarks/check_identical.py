"""Record what ``check`` reports on many projects, to compare two checkouts byte for byte.

``python benchmarks/check_identical.py CHECKOUT OUT_DIR [PROJECT ...]`` runs
``build.py check`` of ``CHECKOUT`` (a worktree with its own ``.venv``) on each
project and writes exit code, stdout and stderr to one file per project and
variant in ``OUT_DIR``; the elapsed time in the summary line ("(1.23 s)") is
the only part masked. Record the base and this checkout, then compare them
with ``diff -r BASE_OUT OUR_OUT`` (no output: identical)::

    python benchmarks/make_corpus.py 10 /tmp/c10
    python benchmarks/make_corpus.py 300 /tmp/c300
    python benchmarks/check_identical.py /work/wt-base20 /tmp/check-base
    python benchmarks/check_identical.py . /tmp/check-ours
    diff -r /tmp/check-base /tmp/check-ours

Projects by default: the checkout's own example (checked from its own folder,
a git checkout), every project under this repository's tests/data (broken,
hostile, cases, valid, scripts, print-layout) in text and github formats, and
the synthetic corpora /tmp/c10 and /tmp/c300 when they exist and
/tmp/c10-glyphs (made from /tmp/c10 with characters of many scripts, for the
missing-glyph check), which like the example are also checked with ``--strict``,
``--explain`` and ``-q``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
_ELAPSED = re.compile(rb"\(\d+\.\d+ s\)")
_FORMATS: tuple[tuple[str, ...], ...] = (("--format", "text"), ("--format", "github"))
_MORE: tuple[tuple[str, ...], ...] = (("--strict",), ("--explain",), ("-q",))
_CORPORA = ("/tmp/c10", "/tmp/c300", "/tmp/c10-glyphs")
#: Characters no theme font has (Ethiopic, Cherokee, private use, hieroglyphs...)
#: and some only a later font of the list has (CJK, Thai, Hebrew, Arabic).
_GLYPHS = (
    "ሰላም", "ᏣᎳᎩ", "\ue000\ue001", "中国", "한국어", "สวัสดี", "שלום", "مرحبا",
    "ⵜⴰⵎⴰⵣⵉⵖⵜ", "𓀀", "ᚠᚢᚦ", "ꦗꦮ", "ࢠ", "🜁", "\u200b",
)  # fmt: skip


def glyph_corpus(source: Path, dest: Path) -> None:
    """Copy the corpus ``source`` to ``dest`` with characters of many scripts in a third of
    its files (titles, names, texts), half its briefs final and two on another template,
    so the missing-glyph check has something to find."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest)
    files = sorted([*dest.glob("content/*/*"), *dest.glob("briefs/*.yaml")])
    for i, path in enumerate(files[::3]):
        text = path.read_text(encoding="utf-8")
        chars = f"{_GLYPHS[i % len(_GLYPHS)]} {_GLYPHS[i * 7 % len(_GLYPHS)]}"
        if path.suffix == ".md":
            text = text.rstrip("\n") + f"\n\nA phrase: {chars}.\n"
        else:
            first = re.compile(r'^((?:title|name): )"?(.*?)"?$', re.M)
            text = first.sub(rf'\1"\2 {chars}"', text, count=1)
        path.write_text(text, encoding="utf-8")
    for j, path in enumerate(sorted(dest.glob("briefs/*.yaml"))):
        text = path.read_text(encoding="utf-8")
        if j % 2:
            text = text.replace("status: draft", "status: final")
        if j in (2, 3):
            text += "template: one-pager\n"
        path.write_text(text, encoding="utf-8")


def projects() -> list[Path]:
    """Every project folder under tests/data: one holding settings, briefs/ or content/."""
    found: set[Path] = set()
    data = HERE / "tests" / "data"
    for marker in ("policybrief.yaml", "briefs", "content"):
        for path in data.rglob(marker):
            if "templates" not in path.parts and path.parent != data:
                found.add(path.parent)
    return sorted(found)


def run(checkout: Path, root: Path | None, args: tuple[str, ...]) -> bytes:
    """Run ``check`` of ``checkout`` on ``root`` (its own example when None); its record."""
    cmd = [str(checkout / ".venv/bin/python"), str(checkout / "build.py"), "check", *args]
    if root is not None:
        cmd += ["--root", str(root)]
    cwd = checkout if root is None else root.parent
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, env=env, check=False)
    out, err = (_ELAPSED.sub(b"(T)", s) for s in (done.stdout, done.stderr))
    return b"exit %d\n--- stdout\n%s--- stderr\n%s" % (done.returncode, out, err)


def main(argv: list[str]) -> int:
    """Record every project's reports of the checkout ``argv[0]`` in the folder ``argv[1]``."""
    checkout, out = Path(argv[0]).resolve(), Path(argv[1])
    if Path(_CORPORA[0]).is_dir() and not Path(_CORPORA[2]).is_dir():
        glyph_corpus(Path(_CORPORA[0]), Path(_CORPORA[2]))
    out.mkdir(parents=True, exist_ok=True)
    named = [Path(p).resolve() for p in argv[2:]]
    big: list[Path | None] = [None, *(Path(p) for p in _CORPORA if Path(p).is_dir())]
    jobs: list[tuple[Path | None, tuple[str, ...]]] = []
    for root in named or [*big, *projects()]:
        variants = _FORMATS + (_MORE if root in big or named else ())
        jobs += [(root, args) for args in variants]
    for root, args in jobs:
        name = "example" if root is None else str(root.relative_to(root.anchor))
        name = name.replace("/", "~").replace("work~wt-check~", "").replace("work~wt-base20~", "")
        (out / f"{name}{''.join(args)}.txt").write_bytes(run(checkout, root, args))
    print(f"recorded {len(jobs)} runs in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
