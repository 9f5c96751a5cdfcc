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
a git checkout), every project under this repository's tests/data (each
broken and hostile case laid over the valid project in /tmp/check-overlays,
as the tests do; the shared cases, valid, scripts, print-layout, exhibits) in
text and github formats, and
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


#: Where the broken and hostile cases are laid over the valid project, as the tests do.
OVERLAYS = Path("/tmp/check-overlays")
#: A case folder's files that describe it instead of overlaying the project.
_CASE_FILES = frozenset({"expected.txt", "delete.txt"})


def overlay(case: Path, dest: Path) -> Path:
    """Copy tests/data/valid to ``dest`` and lay the case folder ``case`` over it: its
    files replace or add files, its ``delete.txt`` lists files to remove."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(HERE / "tests" / "data" / "valid", dest)
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case)
        if path.is_file() and rel.as_posix() not in _CASE_FILES:
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest / rel)
    delete = case / "delete.txt"
    for line in delete.read_text(encoding="utf-8").splitlines() if delete.is_file() else ():
        if line.strip():
            (dest / line.strip()).unlink()
    return dest


def projects() -> list[Path]:
    """Every project of tests/data: the broken and hostile cases laid over the valid
    project (in :data:`OVERLAYS`), and each other folder holding settings, briefs/ or
    content/ (the shared cases, valid, scripts, exhibits, print-layout)."""
    data = HERE / "tests" / "data"
    found: set[Path] = set()
    for area in ("broken", "hostile"):
        for case in sorted(p for p in (data / area).iterdir() if p.is_dir()):
            found.add(overlay(case, OVERLAYS / f"{area}~{case.name}"))
    for marker in ("policybrief.yaml", "briefs", "content"):
        for path in data.rglob(marker):
            parts = path.relative_to(data).parts
            if parts[0] not in ("broken", "hostile") and "templates" not in parts[:-1]:
                if path.parent != data:
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
        name = re.sub(r"^work~[^~]+~", "", name.replace("/", "~"))
        (out / f"{name}{''.join(args)}.txt").write_bytes(run(checkout, root, args))
    print(f"recorded {len(jobs)} runs in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
