"""What ``check`` costs, this checkout against another: CPU time, imports, instructions.

``python benchmarks/check_cost.py BASE_DIR [--runs 9] [--callgrind] [PROJECT ...]``
runs ``build.py check -q`` of this checkout and of ``BASE_DIR`` (a worktree
with its own ``.venv``, e.g. one of c20de0e) on each project, alternating
the two, and prints per project:

- the median CPU time (user + sys of the process and its children, from
  ``wait4``) of ``--runs`` runs each, and their ratio;
- the sum of ``python -X importtime``'s top-level cumulative times (median of
  as many runs, also alternating) and how many modules were imported;
- with ``--callgrind``, the instructions the interpreter executed (one run
  each under ``valgrind --tool=callgrind``: slow, about 50 times the CPU time,
  but the same from run to run however busy the machine is).

Projects by default: the example of this repository (both checkouts check
the same folder, so neither uses the other's font cache) and /tmp/c10 and
/tmp/c300 when they exist (``benchmarks/make_corpus.py 300 /tmp/c300``).
Wall time is not shown: on a shared machine it measures the neighbours.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
_CORPORA = ("/tmp/c10", "/tmp/c300")
_IMPORT_RE = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| {1}\S")


def command(checkout: Path, root: Path, *python_args: str) -> list[str]:
    """The command line that checks ``root`` with ``checkout``'s code and interpreter."""
    python = str(checkout / ".venv" / "bin" / "python")
    return [python, *python_args, str(checkout / "build.py"), "check", "-q", "--root", str(root)]


def cpu_seconds(cmd: list[str]) -> float:
    """Run ``cmd`` (output discarded); the user + sys CPU seconds it and its children used."""
    with open(os.devnull, "wb") as null:
        process = subprocess.Popen(cmd, stdout=null, stderr=null)
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_utime + usage.ru_stime


def imports(cmd: list[str]) -> tuple[float, int]:
    """Milliseconds of imports in one run (the top-level cumulative times of -X importtime)
    and how many modules it imported."""
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    total = sum(int(m.group(1)) for m in _IMPORT_RE.finditer(done.stderr)) / 1000
    return total, done.stderr.count("import time:") - 1  # less the header line


def instructions(cmd: list[str]) -> int:
    """Instructions executed by ``cmd`` (the main process) under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
            capture_output=True,
            text=True,
            check=False,
        )
    m = re.search(r"Collected : (\d+)", done.stderr)
    if m is None:
        raise RuntimeError(f"callgrind reported no count: {done.stderr[-500:]}")
    return int(m.group(1))


def measure(base: Path, root: Path, runs: int, callgrind: bool) -> None:
    """Print the figures of one project, base then ours, and their ratio."""
    times: dict[Path, list[float]] = {base: [], HERE: []}
    spent: dict[Path, list[float]] = {base: [], HERE: []}
    modules: dict[Path, int] = {}
    for _ in range(runs):
        for checkout in (base, HERE):
            times[checkout].append(cpu_seconds(command(checkout, root)))
            ms, modules[checkout] = imports(command(checkout, root, "-X", "importtime"))
            spent[checkout].append(ms)
    cpu = {c: statistics.median(t) for c, t in times.items()}
    ms_median = {c: statistics.median(t) for c, t in spent.items()}
    print(f"{root}:")
    print(
        f"  CPU (median of {runs}): base {cpu[base]:.3f} s, ours {cpu[HERE]:.3f} s, "
        f"ratio {cpu[HERE] / cpu[base]:.2f}"
    )
    print(
        f"  imports (-X importtime, median of {runs}): base {ms_median[base]:.0f} ms "
        f"({modules[base]} modules), ours {ms_median[HERE]:.0f} ms ({modules[HERE]} modules), "
        f"ratio {ms_median[HERE] / ms_median[base]:.2f}"
    )
    if callgrind:
        counts = {c: instructions(command(c, root)) for c in (base, HERE)}
        print(
            f"  instructions: base {counts[base] / 1e9:.2f} G, ours {counts[HERE] / 1e9:.2f} G, "
            f"ratio {counts[HERE] / counts[base]:.2f}"
        )
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    """Measure each project named in ``argv`` (or the default ones)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", type=Path, help="the other checkout, with its own .venv")
    parser.add_argument("projects", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--callgrind", action="store_true", help="also count instructions")
    args = parser.parse_args(argv)
    roots = args.projects or [HERE, *(Path(p) for p in _CORPORA if Path(p).is_dir())]
    for root in roots:
        measure(args.base.resolve(), root.resolve(), args.runs, args.callgrind)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
