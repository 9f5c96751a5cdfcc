"""compare.py's table: each figure's median for both sides and the ratio candidate ÷ baseline."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

Row = tuple[str, str, str, str, str]  # scenario, figure, baseline, candidate, ratio


def median(values: list[Any], key: str) -> float | None:
    numbers = [v[key] for v in values if v.get(key) is not None]
    return statistics.median(numbers) if numbers else None


def number(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    return "n/a" if a is None or b is None or a == 0 else f"{b / a:.3f}"


class Rows:
    """Collects the rows of one scenario from both sides' runs."""

    def __init__(self, name: str, sides: dict[str, dict[str, list[Any]]]) -> None:
        self.name = name
        self.base = sides.get("baseline", {})
        self.cand = sides.get("candidate", {})
        self.rows: list[Row] = []

    def add(
        self, figure: str, measure: Callable[[dict[str, list[Any]]], float | None], digits: int
    ) -> None:
        a, b = measure(self.base), measure(self.cand)
        if a is None and b is None:
            return
        self.rows.append((self.name, figure, number(a, digits), number(b, digits), ratio(a, b)))

    def note(self, figure: str, text: str) -> None:
        self.rows.append((self.name, figure, text, "", ""))


def floor_of(runs: dict[str, list[Any]], key: str) -> float | None:
    floors = runs.get("floor") or []
    return floors[0].get(key) if floors else None


def per(a: float | None, b: float | None, scale: float = 1.0) -> float | None:
    return None if a is None or not b else a / b * scale


def scenario_rows(name: str, data: dict[str, Any]) -> list[Row]:
    """Every figure the scenario measured, in the table's order."""
    rows = Rows(name, data["sides"])
    full_rows(rows)
    if same := data.get("identical_outputs"):
        rows.note(
            "outputs byte-identical in both sides",
            ", ".join(f"{v[0]} of {v[1]} {ext.upper()} files" for ext, v in same.items()),
        )
    cheap_rows(rows)
    peak = lambda k: lambda s: max((r[k] or 0 for r in s.get("full", [])), default=None)  # noqa: E731
    rows.add(
        "peak RSS, main process (full build), MiB", lambda s: per(peak("main_kib")(s), 1024), 0
    )
    rows.add("peak RSS, largest PDF worker, MiB", lambda s: per(peak("worker_kib")(s), 1024), 0)
    peer_rows(rows, data.get("peer") or [])
    return rows.rows


def full_rows(rows: Rows) -> None:
    """Full builds, the floor, the render per page and the instruction counts."""
    full = lambda k: lambda s: median(s.get("full", []), k)  # noqa: E731
    n_full = len(rows.base.get("full", []))
    if n_full:
        rows.add(f"full build, wall s (median of {n_full})", full("seconds"), 2)
        rows.add("full build, CPU s (all processes)", full("cpu_seconds"), 1)
        rows.add(
            "full build ÷ WeasyPrint floor (wall)",
            lambda s: per(median(s.get("full", []), "seconds"), floor_of(s, "floor_seconds")),
            2,
        )
        rows.add(
            "full build CPU ÷ WeasyPrint render CPU",
            lambda s: per(median(s.get("full", []), "cpu_seconds"), floor_of(s, "sum_cpu_seconds")),
            2,
        )
    rows.add("pages rendered (floor)", lambda s: floor_of(s, "pages"), 0)
    rows.add(
        "warm render CPU per page, ms",
        lambda s: per(floor_of(s, "sum_cpu_seconds"), floor_of(s, "pages"), 1000.0),
        1,
    )
    rows.add(
        "one warm render, G instructions (callgrind)",
        lambda s: per(median([{"i": i} for i in s.get("instructions", [])], "i"), 1e9),
        3,
    )


def cheap_rows(rows: Rows) -> None:
    """No-op builds, checks and one-edit builds."""
    cheap = len(rows.base.get("check", []))
    rows.add(
        f"no-op build, wall s (median of {cheap})",
        lambda s: median(s.get("noop", []), "seconds"),
        3,
    )
    rows.add(
        f"check, wall s (median of {cheap})", lambda s: median(s.get("check", []), "seconds"), 3
    )
    rows.add("check, CPU s", lambda s: median(s.get("check", []), "cpu_seconds"), 3)
    rows.add(
        f"one-edit build, wall s (median of {cheap})",
        lambda s: median(s.get("edit", []), "seconds"),
        2,
    )
    rows.add("one-edit build, CPU s", lambda s: median(s.get("edit", []), "cpu_seconds"), 2)
    for label, runs in (("baseline", rows.base), ("candidate", rows.cand)):
        edits = runs.get("edit", [])
        if edits:
            built = "/".join(str(b) for b in sorted({e["built"] for e in edits}))
            rows.note(
                f"one-edit: briefs rebuilt / using the file ({label})",
                f"{built} / {edits[0]['users']}",
            )


def peer_rows(rows: Rows, peer: list[dict[str, Any]]) -> None:
    """The peer's batch, and each side's full build over it."""
    if not peer:
        return
    wall = median(peer, "seconds")
    cpu = median(peer, "cpu_seconds")
    rows.note(
        "Pandoc + WeasyPrint (peer), one process per brief",
        f"wall {wall:.2f} s, CPU {cpu:.1f} s, {peer[0]['pages']} pages (median of {len(peer)})",
    )
    rows.add(
        "full build ÷ peer (wall): target ≤ 0.5",
        lambda s: per(median(s.get("full", []), "seconds"), wall),
        3,
    )
    rows.add(
        "full build CPU ÷ peer CPU", lambda s: per(median(s.get("full", []), "cpu_seconds"), cpu), 3
    )


def table(report: dict[str, Any]) -> str:
    """The whole comparison as fixed-width text: a header, then one row per figure."""
    code = report.get("code", {})
    lines = []
    for side in ("baseline", "candidate"):
        info = code.get(side, {})
        dirty = " (with uncommitted changes)" if info.get("uncommitted_changes") else ""
        lines.append(f"{side}: {info.get('code', '?')} at {info.get('git_commit', '')[:10]}{dirty}")
    machine = report["machine"]
    lines.append(
        f"{machine['cpus']} CPUs, Python {machine['python']}, load average at start "
        + ", ".join(f"{x:.2f}" for x in machine["loadavg_start"])
    )
    rows: list[Row] = [("scenario", "figure", "baseline", "candidate", "cand÷base")]
    for name, data in report["scenarios"].items():
        rows += scenario_rows(name, data)
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for k, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        if row[3] or row[4] or k == 0:
            cells += [row[i].rjust(widths[i]) for i in (2, 3, 4)]
        else:  # a note: its text spans the value columns
            cells.append(row[2])
        lines.append("  ".join(cells).rstrip())
    if "total_seconds" in report:
        lines.append(f"total {report['total_seconds'] / 60:.1f} min")
    return "\n".join(lines)
