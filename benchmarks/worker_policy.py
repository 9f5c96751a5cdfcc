"""Compare the PDF worker's CPU, collector time and peak memory with another commit's.

    .venv/bin/python benchmarks/worker_policy.py [SLUG ...] [--root DIR] [--renders 3]
        [--base /work/wt-base20]

Renders the briefs' print HTML (built here, as the build builds it) ``--renders``
times in one fresh process set up as a PDF worker (``_init_worker``: private
fontconfig, limits, warm-up), once with this tree's code and once with the
code of ``--base`` (a worktree of another commit, e.g. c20de0e, with its own
``.venv``), one after the other. Each process reports the median CPU time
(user + sys) of a render after the first, the time the cyclic garbage
collector took (``gc.callbacks``) as a share of all renders' CPU, the
collections by generation, and its peak memory: resident (VmHWM) and address
space (VmPeak, what the worker's memory limit counts), with the address space
the warm worker held before its first render. The last columns are this
tree's figures divided by the base's.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", default=["russia-india-december-2025"])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this one)")
    parser.add_argument("--renders", type=int, default=3)
    parser.add_argument(
        "--base", type=Path, default=Path("/work/wt-base20"), help="worktree to compare with"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.renders)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        jobs = Path(tmp) / "jobs.pickle"
        prepare(args.root.resolve(), args.slugs, jobs)
        rows = {}
        for name, tree in (("base", args.base.resolve()), ("this", ROOT)):
            python = tree / ".venv" / "bin" / "python"
            command = [str(python), __file__, "--child", str(jobs), "--renders", str(args.renders)]
            done = subprocess.run(command, capture_output=True, text=True, cwd=tree)
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return 1
            rows[name] = json.loads(done.stdout.splitlines()[-1])
    report(rows, args)
    return 0


def prepare(root: Path, slugs: list[str], out: Path) -> None:
    """Write the briefs' PDF jobs (as plain fields) and the fontconfig file to ``out``."""
    from policybrief.content.load import load_project
    from policybrief.content.validate import validate_project
    from policybrief.errors import Diagnostics
    from policybrief.render.fontfiles import CACHE_FILE, FontChoice, FontIndex
    from policybrief.render.html import make_environment, render_page
    from policybrief.render.pdf import PdfJob, write_fontconfig
    from policybrief.render.resolve import resolve_brief
    from policybrief.render.theme import Theme

    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    theme = Theme.for_project(root)
    fontconfig = write_fontconfig(theme, root / ".policybrief")
    env = make_environment(theme)
    base = theme.folders[0].as_uri() + "/"
    fonts = FontChoice(theme, FontIndex(root / ".policybrief" / CACHE_FILE))
    jobs = []
    for slug in slugs:
        html = render_page(env, corpus, resolve_brief(corpus, slug), medium="print", assets=base)
        variant = corpus.settings.pdf_variant
        job = PdfJob(
            slug, html, base, theme.folders, root / "content",
            None if variant == "plain" else variant, timeout=1e6, skip_fonts=fonts.unused(html),
        )  # fmt: skip
        jobs.append(dataclasses.asdict(job))
    out.write_bytes(pickle.dumps((str(fontconfig), jobs)))


def child(path: Path, renders: int) -> dict[str, object]:
    """Render the jobs in ``path`` in this process, set up as a worker; return its figures."""
    import gc

    fontconfig, fields = pickle.loads(path.read_bytes())
    from policybrief.render import pdf

    known = {f.name for f in dataclasses.fields(pdf.PdfJob)}
    jobs = [pdf.PdfJob(**{k: v for k, v in f.items() if k in known}) for f in fields]
    pdf._init_worker(fontconfig, None, None, 64 * 1024**3)
    pdf.warm_up()
    warm = _status("VmSize")
    collector = [0.0, 0.0]
    counts = [0, 0, 0]

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collector[1] = time.process_time()
        else:
            collector[0] += time.process_time() - collector[1]
            counts[info["generation"]] += 1

    gc.callbacks.append(watch)
    cpu, pages = [], 0
    for i in range(renders * len(jobs)):
        started = time.process_time()
        result = pdf.render_pdf(jobs[i % len(jobs)])
        cpu.append(time.process_time() - started)
        if result.pdf is None:
            raise SystemExit(f"{result.slug}: {result.error}")
        pages += result.pages if i < len(jobs) else 0
    return {
        "pages": pages,
        "cpu": statistics.median(cpu[len(jobs) :] or cpu),
        "gc_share": collector[0] / sum(cpu),
        "collections": counts,
        "hwm": _status("VmHWM"),
        "peak": _status("VmPeak"),
        "warm": warm,
    }


def _status(key: str) -> int:
    """A ``/proc/self/status`` figure in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) // 1024
    return 0


def report(rows: dict[str, dict[str, object]], args: argparse.Namespace) -> None:
    """Print one line per tree and the ratios."""
    print(f"{', '.join(args.slugs)} ({rows['this']['pages']} pages), {args.renders} renders each")
    print(f"{'tree':<6}{'CPU/render':>12}{'GC share':>10}{'collections':>16}"
          f"{'VmHWM':>9}{'VmPeak':>9}{'warm':>8}")  # fmt: skip
    for name, row in rows.items():
        gen = "/".join(str(n) for n in row["collections"])  # type: ignore[attr-defined]
        print(
            f"{name:<6}{row['cpu']:>11.3f}s{row['gc_share']:>10.1%}{gen:>16}"
            f"{row['hwm']:>5} MiB{row['peak']:>5} MiB{row['warm']:>4} MiB"
        )
    this, base = rows["this"], rows["base"]
    ratios = {k: float(this[k]) / float(base[k]) for k in ("cpu", "hwm", "peak")}  # type: ignore[arg-type]
    print(
        f"this ÷ base: CPU/render {ratios['cpu']:.3f}, VmHWM {ratios['hwm']:.3f}, "
        f"VmPeak {ratios['peak']:.3f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
