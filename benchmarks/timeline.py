"""Print the event timeline and the idle CPU of full builds, at the head and the tail.

    .venv/bin/python benchmarks/timeline.py [PROJECT] [--briefs N] [--runs R] [--rev-tree DIR]

Builds PROJECT (default: this repository's examples; with ``--briefs N`` a
synthetic corpus from make_corpus.py) from scratch, ``--runs`` times, each a
``build.py build --force`` of a copy in a temporary folder, with the probe of
``benchmarks/timeprobe/`` logging events (process start, build called, content
loaded, workers started and warm, each PDF submitted, rendered and written,
assets, site, state, pool closed, exit). ``--rev-tree DIR`` runs another
checkout's ``build.py`` (a worktree of the baseline) with this interpreter.

While the build runs, every process of its tree is sampled every 10 ms from
``/proc/PID/schedstat``: time on a CPU and time waiting for one. Their sum is
the build's demand for CPUs; idle CPU is ``min(jobs, CPUs) - demand`` summed
over a window, so it does not count the time other programs of a busy machine
take away. Windows: head (process start to the first PDF render's start), end
imbalance (the first worker done for good to the last render's end) and tail
(the last render's end to the build's exit). Each window also gets the CPU
seconds the build's processes used in it: a serial window on an idle machine
lasts about as long as the CPU it uses, the figure to compare on a busy one.
Medians over the runs are printed after the first run's timeline.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TICK = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    found = [int(c) for c in text.split()]
    return found + [g for c in found for g in _children(c)]


def _sched(pid: int) -> tuple[int, int] | None:
    try:
        run, wait, _ = Path(f"/proc/{pid}/schedstat").read_text().split()
    except (OSError, ValueError):
        return None
    return int(run), int(wait)


def _start(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[19]) / TICK  # field 22: start time in ticks since boot


Event = tuple[float, int, str, str]  # boot seconds, pid, name, detail


def _run_once(
    tree: Path, project: Path, jobs: int
) -> tuple[list[Event], list, float, float, float]:
    """Build once; the events, the demand samples, start and end (boot seconds), CPU seconds."""
    log = Path(tempfile.mkdtemp(prefix="pb-timeline-")) / "events"
    env = {
        **os.environ,
        "PB_TIMELINE": str(log),
        "PYTHONPATH": os.pathsep.join([str(HERE / "timeprobe"), str(tree)]),
        "SOURCE_DATE_EPOCH": "1764547200",
    }
    command = [sys.executable, str(tree / "build.py"), "build", "--root", str(project), "-q"]
    command += ["--force", "--jobs", str(jobs)]
    build = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    started = _start(build.pid)
    last: dict[int, tuple[int, int]] = {}
    samples = []  # (boot seconds, cumulative demand seconds, cumulative CPU seconds)
    while True:
        pid, status, usage = os.wait4(build.pid, os.WNOHANG)
        if pid:
            break
        for pid in [build.pid, *_children(build.pid)]:
            if (s := _sched(pid)) is not None:
                last[pid] = s
        now = time.clock_gettime(time.CLOCK_BOOTTIME)
        demand = sum(r + w for r, w in last.values()) / 1e9
        samples.append((now, demand, sum(r for r, _ in last.values()) / 1e9))
        time.sleep(0.01)
    ended = time.clock_gettime(time.CLOCK_BOOTTIME)
    build.returncode = os.waitstatus_to_exitcode(status)
    if build.returncode != 0:
        sys.exit(f"build failed ({build.returncode})")
    events = []
    for line in log.read_text().splitlines():
        t, pid_text, name, *detail = line.split(" ", 3)
        events.append((float(t), int(pid_text), name, detail[0].strip() if detail else ""))
    shutil.rmtree(log.parent, ignore_errors=True)  # a late exit may still log
    return sorted(events), samples, started, ended, usage.ru_utime + usage.ru_stime


def _cpu(samples: list[tuple[float, float, float]], a: float, b: float) -> float:
    """CPU seconds the build's processes used between a and b (the samples around them)."""
    inside = [cpu for t, _, cpu in samples if a <= t <= b]
    before = [cpu for t, _, cpu in samples if t < a]
    return (inside[-1] - (before[-1] if before else 0.0)) if inside else 0.0


def _idle(samples: list[tuple[float, float, float]], cores: int, a: float, b: float) -> float:
    """CPU seconds nobody in the build's tree used or wanted between a and b."""
    idle = 0.0
    for (t0, d0, _), (t1, d1, _) in itertools.pairwise(samples):
        lo, hi = max(t0, a), min(t1, b)
        if hi <= lo:
            continue
        rate = (d1 - d0) / (t1 - t0)
        idle += max(0.0, cores - rate) * (hi - lo)
    return idle


def _windows(events, started: float, ended: float) -> dict[str, tuple[float, float]]:
    renders = [(t, pid, name, d) for t, pid, name, d in events if name.startswith("render:")]
    first = min(t for t, _, n, _ in renders if n == "render:start")
    ends = [t for t, _, n, _ in renders if n == "render:end"]
    last_by_worker: dict[int, float] = {}
    for t, pid, name, _ in renders:
        if name == "render:end":
            last_by_worker[pid] = t
    return {
        "head": (started, first),
        "end imbalance": (min(last_by_worker.values()), max(ends)),
        "tail": (max(ends), ended),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=REPO)
    parser.add_argument("--briefs", type=int, help="a synthetic corpus of N briefs instead")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rev-tree", type=Path, default=REPO, help="checkout whose build.py runs")
    args = parser.parse_args()
    cores = min(args.jobs, os.cpu_count() or 1)
    work = Path(tempfile.mkdtemp(prefix="pb-timeline-"))
    try:
        source = work / "source"
        if args.briefs:
            subprocess.run(
                [sys.executable, str(HERE / "make_corpus.py"), str(args.briefs), str(source)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        else:
            shutil.copytree(
                args.project,
                source,
                ignore=shutil.ignore_patterns(
                    "output", ".policybrief", ".git", ".venv", "node_modules", "tests", "benchmarks"
                ),
            )
        figures: dict[str, list[float]] = {}
        for run in range(args.runs):
            project = work / f"run{run}"
            shutil.copytree(source, project)
            tree = args.rev_tree.resolve()
            events, samples, started, ended, cpu = _run_once(tree, project, args.jobs)
            windows = _windows(events, started, ended)
            if run == 0:
                main_pid = next(pid for _, pid, n, d in events if n == "process-up" and d == "main")
                print(f"{'s':>7}  {'who':<9} event")
                print(f"{0:7.3f}  {'main':<9} process start")
                for t, pid, name, detail in events:
                    who = "main" if pid == main_pid else f"w{pid}"
                    print(f"{t - started:7.3f}  {who:<9} {name} {detail}")
                print(f"{ended - started:7.3f}  {'main':<9} exit (seen by the parent)")
            row = {"wall": ended - started}
            for name, (a, b) in windows.items():
                row[f"{name} s"] = b - a
                row[f"{name} idle CPU s"] = _idle(samples, cores, a, b)
                row[f"{name} CPU s used"] = _cpu(samples, a, b)
            row["CPU s (user+sys)"] = cpu
            row["demand CPU s"] = samples[-1][1]
            for key, value in row.items():
                figures.setdefault(key, []).append(value)
        print(f"\nmedians of {args.runs} runs ({cores} CPUs; demand = on a CPU + waiting for one):")
        for key, values in figures.items():
            print(f"  {key:<26} {statistics.median(values):7.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
