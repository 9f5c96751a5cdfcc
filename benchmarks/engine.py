"""Benchmark the build engine on synthetic projects of N briefs: full, no-op and one-edit builds.

    .venv/bin/python benchmarks/engine.py [--sizes 10,100,300] [--runs 3] [--runs-at 300=1]
                                          [--cheap-runs 5] [--json results.json] [--keep]

For each size N, ``make_corpus.py`` writes a project into a temporary folder;
then every figure is measured by running the command line as its own process,
``.venv/bin/python build.py COMMAND --root PROJECT [--output OUT]``, as a writer
or CI runs it, and timing it from outside (wall time, start-up included):

- full build: ``clean``, then ``build`` (every brief rendered; cold
  ``.policybrief/`` cache) -- median of ``--runs`` (``--runs-at N=R`` per size);
- no-op build: ``build`` again, nothing changed -- median of ``--cheap-runs``;
- one-edit build: append a comment line to one actor file that a few briefs
  show, ``build``; the summary line says how many briefs were rebuilt; each run
  appends a different line, and the file is restored (and rebuilt) after the
  last run -- median of ``--cheap-runs``;
- ``check`` -- median of ``--cheap-runs``;
- peak memory (VmHWM) of the main process and of the largest PDF worker, from
  ``benchmarks/memprobe/sitecustomize.py`` (see its docstring for why);
- WeasyPrint's floor: ``weasyprint_floor.py`` renders every brief's print HTML in
  one warm process; the sum of render times divided by the CPU count, and the
  full build's ratio to it.

The package is copied (``policybrief/`` and ``build.py``) into the temporary
folder first and run from there, so edits made to the working tree during a
long run cannot change the code mid-measurement (``--live`` runs the working
tree instead; ``--rev REV`` copies a git revision, e.g. HEAD). Machines are
shared and noisy: read medians and ratios, and the CPU times (user + system of
the build and its workers), which other load disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import io
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from make_corpus import write_project  # noqa: E402

PYTHON = REPO / ".venv" / "bin" / "python"
SUMMARY_RE = re.compile(r"^built (\d+), skipped (\d+), failed (\d+)", re.MULTILINE)
NOOP_RE = re.compile(r"^nothing to do: ", re.MULTILINE)
CLEAN_RE = re.compile(r"no problems \(", re.MULTILINE)
KINDS = ("briefs", "actors", "agenda", "analysis", "sources")


@dataclass
class Run:
    """One command, timed from outside."""

    seconds: float
    #: CPU seconds (user + system) of the process and every worker it waited for.
    cpu_seconds: float = 0.0
    built: int | None = None
    skipped: int | None = None
    failed: int | None = None
    noop: bool = False
    #: Peak RSS (KiB) of the main process and of each PDF worker.
    main_kib: int | None = None
    workers_kib: list[int] = field(default_factory=list)


class BenchError(Exception):
    pass


def children_cpu() -> float:
    """User + system CPU seconds of every child this process has waited for (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(code: Path, args: list[str], memlog: Path) -> Run:
    """Run ``build.py ARGS`` as its own process; time it; read its summary and memory."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(BENCH / "memprobe"), env.get("PYTHONPATH")) if p
    )
    env["PB_BENCH_MEMLOG"] = str(memlog)
    env["NO_COLOR"] = "1"
    env.pop("GITHUB_ACTIONS", None)
    memlog.unlink(missing_ok=True)
    argv = [str(PYTHON), str(code / "build.py"), *args]
    cpu_before = children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    cpu_seconds = children_cpu() - cpu_before
    if proc.returncode != 0:
        raise BenchError(
            f"{' '.join(args)} exited with {proc.returncode}:\n{proc.stderr[-3000:]}{proc.stdout}"
        )
    run = Run(seconds, cpu_seconds)
    if m := SUMMARY_RE.search(proc.stdout):
        run.built, run.skipped, run.failed = (int(g) for g in m.groups())
    run.noop = bool(NOOP_RE.search(proc.stdout))
    if args[0] in ("build", "check") and not CLEAN_RE.search(proc.stdout):
        raise BenchError(f"{' '.join(args)} reported problems:\n{proc.stderr[-3000:]}{proc.stdout}")
    if memlog.is_file():
        for line in memlog.read_text().splitlines():
            record = json.loads(line)
            if record["role"] == "main":
                run.main_kib = record["vmhwm_kib"]
            elif record["role"] == "worker":
                run.workers_kib.append(record["vmhwm_kib"])
    return run


def spread(values: list[float]) -> dict[str, Any]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": len(values),
        "values": values,
    }


def pick_actor(project: Path) -> tuple[str, list[str]]:
    """An actor file a few briefs depend on (nearest to 3, at least 2), from the build state."""
    state = json.loads((project / ".policybrief" / "state.json").read_text(encoding="utf-8"))
    users: dict[str, list[str]] = {}
    for slug, brief in state["briefs"].items():
        for rel in brief["deps"]:
            if rel.startswith("content/actors/"):
                users.setdefault(rel, []).append(slug)
    candidates = sorted(
        users.items(), key=lambda kv: (abs(len(kv[1]) - 3) + (len(kv[1]) < 2) * 100, kv[0])
    )
    rel, slugs = candidates[0]
    return rel, sorted(slugs)


def snapshot_code(dest: Path, rev: str | None) -> Path:
    """Copy build.py, the package and its theme (``templates/``) to ``dest``; compile it.

    From the working tree, or with ``rev`` from that git revision (``git archive``).
    """
    dest.mkdir(parents=True)
    if rev:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", rev,
             "build.py", "policybrief", "templates"],
            check=True, capture_output=True,
        ).stdout  # fmt: skip
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="tar")
    else:
        shutil.copy2(REPO / "build.py", dest / "build.py")
        shutil.copytree(
            REPO / "policybrief",
            dest / "policybrief",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
        # The theme: a checkout's package reads it from ../templates (render/theme.py).
        shutil.copytree(REPO / "templates", dest / "templates")
    compileall.compile_dir(dest / "policybrief", quiet=1)
    return dest


def code_info(code: Path, rev: str | None) -> dict[str, Any]:
    digest = hashlib.sha256()
    for path in sorted((code / "policybrief").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    if rev:
        return {
            "code": f"git revision {rev}",
            "package_digest": digest.hexdigest()[:16],
            "git_commit": git("rev-parse", rev),
            "uncommitted_changes": "",
        }
    return {
        "code": "working tree" if code == REPO else "copy of the working tree",
        "package_digest": digest.hexdigest()[:16],
        "git_commit": git("rev-parse", "HEAD"),
        "uncommitted_changes": git("status", "--porcelain", "--", "policybrief", "build.py"),
    }


def bench_size(
    n: int, full_runs: int, cheap_runs: int, work: Path, code: Path, seed: int, log: Any
) -> dict[str, Any]:
    folder = work / f"n{n}"
    project, out, memlog = folder / "project", folder / "output", folder / "memlog.jsonl"
    result: dict[str, Any] = {"briefs": n, "loadavg_start": os.getloadavg()}

    started = time.perf_counter()
    result["files"] = write_project(n, project, seed)
    result["generate_seconds"] = time.perf_counter() - started
    root = ["--root", str(project)]
    build = ["build", *root, "--output", str(out)]
    run_cli(code, ["check", *root], memlog)  # warm-up; fails on any error or warning
    log(f"N={n}: corpus written ({result['files']}); full builds ×{full_runs}…")

    # The main process's share: the same build without PDFs (no workers at all).
    html_only: list[Run] = []
    for _ in range(full_runs):
        run_cli(code, ["clean", *root, "--output", str(out)], memlog)
        html_only.append(run_cli(code, [*build, "--outputs", "html"], memlog))
    result["html_only_build"] = spread([r.seconds for r in html_only])
    result["memory_html_only_main_peak_kib"] = max(r.main_kib or 0 for r in html_only)
    log(f"  HTML-only build {result['html_only_build']['median']:.2f} s")

    full: list[Run] = []
    for _ in range(full_runs):
        run_cli(code, ["clean", *root, "--output", str(out)], memlog)
        run = run_cli(code, build, memlog)
        if (run.built, run.failed) != (n, 0):
            raise BenchError(f"full build built {run.built} of {n}, failed {run.failed}")
        full.append(run)
        log(f"  full build {run.seconds:.2f} s")
    result["full_build"] = spread([r.seconds for r in full])
    result["full_build_cpu"] = spread([r.cpu_seconds for r in full])
    result["full_build_runs"] = [asdict(r) for r in full]
    result["memory_full_build"] = {
        "main_peak_kib": max(r.main_kib or 0 for r in full),
        "largest_worker_peak_kib": max(max(r.workers_kib, default=0) for r in full),
        "workers": max(len(r.workers_kib) for r in full),
    }

    noop = [run_cli(code, build, memlog) for _ in range(cheap_runs)]
    if not all(r.noop for r in noop):
        raise BenchError("a build with nothing changed did not take the no-op path")
    result["noop_build"] = spread([r.seconds for r in noop])
    result["memory_noop_main_peak_kib"] = max(r.main_kib or 0 for r in noop)
    log(f"  no-op median {result['noop_build']['median']:.3f} s")

    rel, users = pick_actor(project)
    actor = project / rel
    original = actor.read_bytes()
    edits: list[Run] = []
    try:
        for k in range(cheap_runs):
            actor.write_bytes(original + f"# benchmark edit {k + 1}\n".encode())
            edits.append(run_cli(code, build, memlog))
    finally:
        actor.write_bytes(original)
    restore = run_cli(code, build, memlog)
    result["edit_build"] = spread([r.seconds for r in edits])
    result["edit_build_cpu"] = spread([r.cpu_seconds for r in edits])
    result["edit"] = {
        "file": rel,
        "briefs_showing_it": len(users),
        "rebuilt": [r.built for r in edits],
        "rebuilt_on_restore": restore.built,
        "main_peak_kib": max(r.main_kib or 0 for r in edits),
        "largest_worker_peak_kib": max(max(r.workers_kib, default=0) for r in edits),
    }
    log(
        f"  one-edit median {result['edit_build']['median']:.2f} s, "
        f"rebuilt {result['edit']['rebuilt']} (state says {len(users)} use {rel})"
    )

    check = [run_cli(code, ["check", *root], memlog) for _ in range(cheap_runs)]
    result["check"] = spread([r.seconds for r in check])
    result["memory_check_main_peak_kib"] = max(r.main_kib or 0 for r in check)
    log(f"  check median {result['check']['median']:.3f} s; WeasyPrint floor…")

    floor_json = folder / "floor.json"
    subprocess.run(
        [str(PYTHON), str(BENCH / "weasyprint_floor.py"), "--root", str(project),
         "--code", str(code), "--json", str(floor_json)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    floor = json.loads(floor_json.read_text(encoding="utf-8"))
    result["floor"] = {k: v for k, v in floor.items() if k != "renders"}
    result["floor"]["render_seconds"] = {s: r["seconds"] for s, r in floor["renders"].items()}
    result["full_over_floor"] = result["full_build"]["median"] / floor["floor_seconds"]
    result["full_cpu_over_render_cpu"] = (
        result["full_build_cpu"]["median"] / floor["sum_cpu_seconds"]
    )
    result["loadavg_end"] = os.getloadavg()
    log(
        f"  floor {floor['floor_seconds']:.2f} s ({floor['pages']} pages); "
        f"full/floor {result['full_over_floor']:.2f}"
    )
    return result


def fmt_spread(s: dict[str, Any], digits: int = 2) -> str:
    if s["runs"] == 1:
        return f"{s['median']:.{digits}f} (1 run)"
    return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}–{s['max']:.{digits}f}) ×{s['runs']}"


def mib(kib: int | None) -> str:
    return f"{kib / 1024:.0f} MiB" if kib else "n/a"


def table(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    rows: list[tuple[str, list[str]]] = [
        ("content files (briefs/actors/agenda/analysis/sources)", [
            "/".join(str(results[n]["files"].get(k, 0)) for k in KINDS) for n in sizes
        ]),
        ("full build: clean + build, s", [fmt_spread(results[n]["full_build"]) for n in sizes]),
        ("  per brief, s", [f"{results[n]['full_build']['median'] / n:.3f}" for n in sizes]),
        ("  CPU time, all processes (user+sys), s", [
            fmt_spread(results[n]["full_build_cpu"], 1) for n in sizes
        ]),
        ("full build without PDFs (--outputs html), s", [
            fmt_spread(results[n]["html_only_build"]) for n in sizes
        ]),
        ("no-op build, s", [fmt_spread(results[n]["noop_build"], 3) for n in sizes]),
        ("one-actor edit build, s", [fmt_spread(results[n]["edit_build"]) for n in sizes]),
        ("  CPU time, all processes, s", [
            fmt_spread(results[n]["edit_build_cpu"], 1) for n in sizes
        ]),
        ("  briefs rebuilt / briefs using the file", [
            f"{'/'.join(str(b) for b in sorted(set(results[n]['edit']['rebuilt'])))}"
            f" / {results[n]['edit']['briefs_showing_it']}"
            for n in sizes
        ]),
        ("check, s", [fmt_spread(results[n]["check"], 3) for n in sizes]),
        ("peak RSS, main process (full build)", [
            mib(results[n]["memory_full_build"]["main_peak_kib"]) for n in sizes
        ]),
        ("peak RSS, largest PDF worker (full build)", [
            f"{mib(results[n]['memory_full_build']['largest_worker_peak_kib'])}"
            f" ({results[n]['memory_full_build']['workers']} workers)"
            for n in sizes
        ]),
        ("peak RSS, main process (no-op / check)", [
            f"{mib(results[n]['memory_noop_main_peak_kib'])} / "
            f"{mib(results[n]['memory_check_main_peak_kib'])}"
            for n in sizes
        ]),
        ("WeasyPrint warm renders: sum, s", [
            f"{results[n]['floor']['sum_seconds']:.2f} ({results[n]['floor']['pages']} pages)"
            for n in sizes
        ]),
        ("  CPU time of those renders, s", [
            f"{results[n]['floor']['sum_cpu_seconds']:.2f}" for n in sizes
        ]),
        ("WeasyPrint floor: sum / CPUs, s", [
            f"{results[n]['floor']['floor_seconds']:.2f} ({results[n]['floor']['cpus']} CPUs)"
            for n in sizes
        ]),
        ("full build / floor (wall)", [f"{results[n]['full_over_floor']:.2f}" for n in sizes]),
        ("full build CPU / render CPU", [
            f"{results[n]['full_cpu_over_render_cpu']:.2f}" for n in sizes
        ]),
    ]  # fmt: skip
    width = max(len(name) for name, _ in rows)
    cols = [max(len(f"N={n}"), *(len(cells[i]) for _, cells in rows)) for i, n in enumerate(sizes)]
    lines = [
        " " * width + "  " + "  ".join(f"{f'N={n}':>{w}}" for n, w in zip(sizes, cols, strict=True))
    ]
    for name, cells in rows:
        lines.append(
            f"{name:<{width}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(cells, cols, strict=True))
        )
    return "\n".join(lines)


def parse_runs_at(values: list[str]) -> dict[int, int]:
    runs: dict[int, int] = {}
    for value in values:
        size, _, count = value.partition("=")
        try:
            runs[int(size)] = int(count)
        except ValueError:
            raise SystemExit(f"--runs-at: write SIZE=RUNS, e.g. 300=1, not '{value}'") from None
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10,100,300", help="briefs per project (default: %(default)s)"
    )
    parser.add_argument("--runs", type=int, default=3, help="full builds per size (default: 3)")
    parser.add_argument(
        "--runs-at", action="append", default=[], metavar="N=R",
        help="full builds for size N (e.g. 300=1); repeatable",
    )  # fmt: skip
    parser.add_argument(
        "--cheap-runs", type=int, default=5,
        help="no-op builds, one-edit builds and checks per size (default: 5)",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, help="write all results (every run) here")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--workdir", type=Path, help="folder for projects (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the projects and outputs")
    parser.add_argument("--live", action="store_true", help="run the working tree, not a copy")
    parser.add_argument(
        "--rev", help="benchmark this git revision of the package (e.g. HEAD), not the working tree"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs_at = parse_runs_at(args.runs_at)
    full_runs = {n: runs_at.get(n, args.runs) for n in sizes}
    if not PYTHON.is_file():
        raise SystemExit(f"{PYTHON} not found: run scripts/setup.sh first")

    work = Path(tempfile.mkdtemp(prefix="policybrief-bench-", dir=args.workdir))
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f} s] {message}", file=sys.stderr, flush=True)

    try:
        code = REPO if args.live else snapshot_code(work / "code", args.rev)
        report: dict[str, Any] = {
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "code": code_info(code, args.rev),
            "full_build_runs": full_runs,
            "cheap_runs": args.cheap_runs,
            "sizes": {},
        }
        results: dict[int, dict[str, Any]] = {}
        for n in sizes:
            results[n] = bench_size(n, full_runs[n], args.cheap_runs, work, code, args.seed, log)
            report["sizes"][str(n)] = results[n]
            if args.json:  # after every size, so a long run leaves partial results
                args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        report["total_seconds"] = time.perf_counter() - started
        if args.json:
            args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    except BenchError as exc:
        print(f"engine.py: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"projects kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    info = report["code"]
    dirty = "with uncommitted changes" if info["uncommitted_changes"] else "no local changes"
    print(
        f"policybrief {info['code']} at {info['git_commit'][:10]} ({dirty}; package digest "
        f"{info['package_digest']}), {report['machine']['cpus']} CPUs, "
        f"Python {report['machine']['python']}"
    )
    print(
        "wall seconds, median (min–max) ×runs; full builds: "
        + ", ".join(f"N={n} ×{full_runs[n]}" for n in sizes)
        + f"; other timings ×{args.cheap_runs}"
    )
    if any(r < 3 for r in full_runs.values()):
        print(
            "note: "
            + ", ".join(f"N={n}" for n in sizes if full_runs[n] < 3)
            + " full build measured fewer than 3 times (--runs/--runs-at): no spread"
        )
    print(table(results))
    print(f"total {report['total_seconds'] / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
