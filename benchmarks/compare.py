"""Compare two revisions of policybrief in one run, A/B interleaved, and against the peer.

    .venv/bin/python benchmarks/compare.py --baseline c20de0e [--candidate HEAD] --preset full
    .venv/bin/python benchmarks/compare.py --preset quick            # HEAD~1 against HEAD
    .venv/bin/python benchmarks/compare.py --preset smoke --baseline . --candidate .

Both revisions are copied frozen (``git archive``, as ``engine.py --rev`` does;
``.`` copies the working tree) and run on the same projects, each side in its
own copy of the project (its own ``.policybrief/`` state). Every measurement
alternates the sides, baseline then candidate, round after round, so load on
the machine hits both alike; the table gives each figure's median for both
and the ratio candidate ÷ baseline (below 1: the candidate is cheaper).

Scenarios: the repository's example project; synthetic corpora of N briefs
(``make_corpus.py N``); corpora of two briefs of about P pages each
(``make_corpus.py 2 --pages P``); and ``check`` alone on a large corpus. For
each, as the preset says: full builds (``clean`` + ``build``: wall, CPU of all
processes, peak memory of the main process and of the largest PDF worker),
no-op builds, one-edit builds, ``check``, WeasyPrint's floor
(``weasyprint_floor.py``: the full build ÷ floor and the warm render CPU per
page), the instructions of one warm render of the example brief under
callgrind (``warm_render.py --instrument``), and the peer (``peer.py``:
Pandoc + WeasyPrint, one process per brief, on the same content), run in the
same rounds, with our full build ÷ the peer's wall and CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from compare_report import table  # noqa: E402
from compare_scenarios import PRESETS, Scenario, scenarios_from  # noqa: E402
from engine import (  # noqa: E402
    PYTHON,
    REPO,
    BenchError,
    Run,
    code_info,
    pick_actor,
    run_cli,
    snapshot_code,
)
from make_corpus import write_project  # noqa: E402

SIDES = ("baseline", "candidate")
EXAMPLE_FILES = ("policybrief.yaml", "briefs", "content")
COLLECTED_RE = re.compile(r"Collected\s*:\s*(\d+)")


class Side:
    """One revision: its frozen code, and per scenario its project, output and memory log."""

    def __init__(self, name: str, rev: str, work: Path) -> None:
        self.name = name
        self.rev = rev
        self.folder = work / name
        tree = rev == "."
        self.code = snapshot_code(self.folder / "code", None if tree else rev)
        self.info = code_info(self.code, None if tree else rev)

    def paths(self, scenario: Scenario) -> tuple[Path, Path, Path]:
        base = self.folder / scenario.name
        return base / "project", base / "output", base / "memlog.jsonl"

    def cli(self, scenario: Scenario, *args: str) -> Run:
        project, out, memlog = self.paths(scenario)
        argv = [args[0], "--root", str(project)]
        if args[0] in ("build", "clean"):
            argv += ["--output", str(out)]
        return run_cli(self.code, [*argv, *args[1:]], memlog)


def write_scenario_project(scenario: Scenario, dest: Path, seed: int) -> None:
    """Write the scenario's project into ``dest`` (the example: copied from the checkout)."""
    if scenario.kind == "example":
        dest.mkdir(parents=True)
        for name in EXAMPLE_FILES:
            src = REPO / name
            if src.is_dir():
                shutil.copytree(src, dest / name)
            else:
                shutil.copy2(src, dest / name)
    else:
        write_project(scenario.briefs, dest, seed, scenario.pages)


def full_build(side: Side, scenario: Scenario) -> dict[str, Any]:
    side.cli(scenario, "clean")
    run = side.cli(scenario, "build")
    if run.failed:
        raise BenchError(f"{side.name} {scenario.name}: {run.failed} briefs failed")
    return {
        "seconds": run.seconds,
        "cpu_seconds": run.cpu_seconds,
        "built": run.built,
        "main_kib": run.main_kib,
        "worker_kib": max(run.workers_kib, default=None),
    }


def same_outputs(sides: list[Side], scenario: Scenario) -> dict[str, list[int]]:
    """Per format (pdf, html): [files byte-identical in both sides' outputs, files in either]."""
    outs = [side.paths(scenario)[1] for side in sides]
    counts: dict[str, list[int]] = {}
    for ext in ("pdf", "html"):
        rels = {p.relative_to(out) for out in outs for p in out.rglob(f"*.{ext}")}
        same = sum(
            (outs[0] / rel).is_file()
            and (outs[1] / rel).is_file()
            and (outs[0] / rel).read_bytes() == (outs[1] / rel).read_bytes()
            for rel in rels
        )
        counts[ext] = [same, len(rels)]
    return counts


def edit_build(side: Side, scenario: Scenario, k: int) -> dict[str, Any]:
    """Append a comment line to an actor a few briefs show; build; restore after the caller."""
    project = side.paths(scenario)[0]
    rel, users = pick_actor(project)
    actor = project / rel
    original = actor.read_bytes()
    try:
        actor.write_bytes(original + f"# benchmark edit {k + 1}\n".encode())
        run = side.cli(scenario, "build")
    finally:
        actor.write_bytes(original)
    side.cli(scenario, "build")  # back to the unedited state, untimed
    return {
        "seconds": run.seconds,
        "cpu_seconds": run.cpu_seconds,
        "built": run.built,
        "users": len(users),
    }


def floor(side: Side, scenario: Scenario) -> dict[str, Any]:
    project, _, _ = side.paths(scenario)
    out = side.folder / scenario.name / "floor.json"
    subprocess.run(
        [str(PYTHON), str(BENCH / "weasyprint_floor.py"), "--root", str(project),
         "--code", str(side.code), "--json", str(out)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    data = json.loads(out.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k != "renders"}


def instructions(side: Side, scenario: Scenario, slug: str) -> int:
    """Instructions of one warm render of ``slug`` under callgrind (its "Collected" line)."""
    project, _, _ = side.paths(scenario)
    out = side.folder / scenario.name / "callgrind.out"
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
         str(PYTHON), str(BENCH / "warm_render.py"), slug, "--root", str(project),
         "--code", str(side.code), "--instrument"],
        check=False, capture_output=True, text=True,
    )  # fmt: skip
    m = COLLECTED_RE.search(proc.stderr)
    if proc.returncode != 0 or m is None:
        raise BenchError(f"callgrind of {slug} ({side.name}) failed:\n{proc.stderr[-2000:]}")
    return int(m.group(1))


def run_scenario(
    scenario: Scenario, sides: list[Side], seed: int, peer: bool, log: Any
) -> dict[str, Any]:
    """Every figure the scenario asks for, both sides interleaved in each round."""
    template = sides[0].folder.parent / "projects" / scenario.name
    write_scenario_project(scenario, template, seed)
    for side in sides:
        shutil.copytree(template, side.paths(scenario)[0])
        side.cli(scenario, "check")  # warm-up; fails on any error or warning
    result: dict[str, Any] = {"scenario": scenario.describe(), "loadavg_start": os.getloadavg()}
    per: dict[str, dict[str, list[Any]]] = {s.name: {} for s in sides}

    def record(side: Side, key: str, value: Any) -> None:
        per[side.name].setdefault(key, []).append(value)

    peer_runs: list[dict[str, Any]] = []
    markdown: list[Path] = []
    if peer and scenario.peer:
        from peer import run_peer
        from peer_markdown import write_markdown

        markdown = write_markdown(template, template.parent / f"{scenario.name}-markdown")
    for r in range(scenario.full_runs):
        for side in sides:
            record(side, "full", full_build(side, scenario))
        if markdown:
            out = template.parent / f"{scenario.name}-peer"
            peer_runs.append(vars(run_peer(markdown, out, os.cpu_count() or 1)))
        log(f"{scenario.name}: full builds, round {r + 1} of {scenario.full_runs}")
    if scenario.full_runs:
        result["identical_outputs"] = same_outputs(sides, scenario)
    if scenario.full_runs == 0 and (scenario.noop or scenario.edit):
        for side in sides:  # no-op and edit builds need a built state
            side.cli(scenario, "build")
    for k in range(scenario.cheap_runs):
        for side in sides:
            if scenario.noop:
                noop = side.cli(scenario, "build")
                if not noop.noop:
                    raise BenchError(f"{side.name} {scenario.name}: a no-op build did work")
                record(side, "noop", {"seconds": noop.seconds, "cpu_seconds": noop.cpu_seconds})
            check = side.cli(scenario, "check")
            record(side, "check", {"seconds": check.seconds, "cpu_seconds": check.cpu_seconds})
            if scenario.edit:
                record(side, "edit", edit_build(side, scenario, k))
    if scenario.cheap_runs:
        log(f"{scenario.name}: no-op, check and edit builds ×{scenario.cheap_runs}")
    if scenario.floor:
        for side in sides:
            record(side, "floor", floor(side, scenario))
        log(f"{scenario.name}: WeasyPrint floor")
    if scenario.instrument:
        for side in sides:
            record(side, "instructions", instructions(side, scenario, scenario.instrument))
        log(f"{scenario.name}: callgrind of {scenario.instrument}")
    result["sides"] = per
    result["peer"] = peer_runs
    result["loadavg_end"] = os.getloadavg()
    return result


def parse_args() -> argparse.Namespace:
    """The command line (see the module docstring and benchmarks/README.md)."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", help="git revision to compare against (default: CANDIDATE~1)")
    parser.add_argument(
        "--candidate",
        default="HEAD",
        help="git revision, or . for the working tree (default: HEAD)",
    )
    parser.add_argument("--preset", choices=sorted(PRESETS), default="quick")
    parser.add_argument(
        "--sizes", help="corpora of N briefs, e.g. 10,100, instead of the preset's ('' for none)"
    )
    parser.add_argument(
        "--pages", help="two briefs of P pages each, e.g. 10,60, instead of the preset's"
    )
    parser.add_argument("--runs", type=int, help="full builds per side and scenario")
    parser.add_argument("--cheap-runs", type=int, help="no-op, edit builds and checks per side")
    parser.add_argument("--no-example", action="store_true", help="leave out the example project")
    parser.add_argument("--no-peer", action="store_true", help="leave out Pandoc + WeasyPrint")
    parser.add_argument("--no-instrument", action="store_true", help="leave out callgrind")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--json", type=Path, help="write every run's figures here")
    parser.add_argument("--workdir", type=Path, help="folder for the copies (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the copies and outputs")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    baseline = args.baseline or ("HEAD~1" if args.candidate == "." else f"{args.candidate}~1")
    plan = scenarios_from(args)
    peer = not args.no_peer and any(s.peer for s in plan)
    if peer:
        from peer import find_pandoc

        find_pandoc()
    if any(s.instrument for s in plan) and shutil.which("valgrind") is None:
        raise SystemExit(
            "compare.py: valgrind not found (apt-get install valgrind), or --no-instrument"
        )
    if not PYTHON.is_file():
        raise SystemExit(f"{PYTHON} not found: run scripts/setup.sh first")

    work = Path(tempfile.mkdtemp(prefix="policybrief-compare-", dir=args.workdir))
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f} s] {message}", file=sys.stderr, flush=True)

    report: dict[str, Any] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_start": os.getloadavg(),
        },
        "scenarios": {},
    }
    try:
        sides = [Side("baseline", baseline, work), Side("candidate", args.candidate, work)]
        report["code"] = {side.name: side.info for side in sides}
        log("code copied: " + ", ".join(f"{s.name} {s.rev}" for s in sides))
        for scenario in plan:
            report["scenarios"][scenario.name] = run_scenario(scenario, sides, args.seed, peer, log)
            if args.json:  # after every scenario, so a long run leaves partial results
                args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        report["total_seconds"] = time.perf_counter() - started
        if args.json:
            args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    except (BenchError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        print(f"compare.py: {exc}\n{detail[-3000:]}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"copies kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(table(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
