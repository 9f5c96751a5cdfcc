"""What compare.py measures: scenarios (a project and its figures) and the presets.

A preset is a list of scenarios sized to a time budget on an idle 2-CPU
machine: ``smoke`` checks that everything runs (under a minute), ``quick``
(about 5 minutes) gives the example, N=30 against the peer and ``check`` of 300
briefs, ``full`` (about 25 minutes) everything issue 20's "Measure" names.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace

EXAMPLE_BRIEF = "russia-india-december-2025"


@dataclass(frozen=True)
class Scenario:
    """One project, and which figures to take on it (counts are per side)."""

    name: str
    kind: str  # "example" | "corpus" | "long" | "check-only"
    briefs: int = 0
    pages: int | None = None
    full_runs: int = 0
    cheap_runs: int = 0  # rounds of no-op build, check and (if ``edit``) one-edit build
    noop: bool = True
    edit: bool = True
    floor: bool = False
    peer: bool = False
    instrument: str | None = None  # a brief's slug: callgrind of one warm render

    def describe(self) -> dict[str, object]:
        """The scenario as JSON-ready data."""
        return dict(vars(self))


def corpus(n: int, full: int, cheap: int, *, floor: bool = False, peer: bool = True) -> Scenario:
    return Scenario(f"N={n}", "corpus", n, None, full, cheap, floor=floor, peer=peer)


def long(pages: int, full: int = 1) -> Scenario:
    """Two briefs of about ``pages`` pages: one per worker on 2 CPUs."""
    return Scenario(
        f"2×{pages}p", "long", 2, pages, full, 0, noop=False, edit=False, floor=True, peer=True
    )


def check_only(n: int, cheap: int) -> Scenario:
    return Scenario(f"N={n} check", "check-only", n, None, 0, cheap, noop=False, edit=False)


def example(full: int, cheap: int, *, floor: bool, instrument: bool) -> Scenario:
    return Scenario(
        "example", "example", 0, None, full, cheap, floor=floor,
        instrument=EXAMPLE_BRIEF if instrument else None,
    )  # fmt: skip


PRESETS: dict[str, list[Scenario]] = {
    "smoke": [corpus(2, 1, 1, floor=True), long(8)],
    "quick": [
        example(2, 3, floor=False, instrument=False),
        corpus(30, 2, 3),
        check_only(300, 5),
    ],
    "full": [
        example(3, 3, floor=True, instrument=True),
        corpus(10, 3, 3, floor=True),
        corpus(30, 3, 3),
        corpus(100, 1, 2),
        check_only(300, 5),
        long(10),
        long(60),
        long(120),
    ],
}


def scenarios_from(args: argparse.Namespace) -> list[Scenario]:
    """The preset's scenarios, changed by the command line's overrides.

    ``--sizes``/``--pages`` replace the preset's corpora/long briefs (taking the
    preset's settings for them, or defaults; an empty value leaves them out);
    ``--runs``/``--cheap-runs`` set every scenario's counts;
    ``--no-example``/``--no-instrument``/``--no-peer`` leave those out.
    """
    plan = list(PRESETS[args.preset])
    if args.sizes is not None:  # "" leaves the corpora out
        like = next((s for s in plan if s.kind == "corpus"), corpus(0, 1, 1))
        sizes = [int(n) for n in args.sizes.split(",") if n.strip()]
        plan = [s for s in plan if s.kind != "corpus"] + [
            replace(like, name=f"N={n}", briefs=n) for n in sizes
        ]
    if args.pages is not None:
        like = next((s for s in plan if s.kind == "long"), long(0))
        pages = [int(p) for p in args.pages.split(",") if p.strip()]
        plan = [s for s in plan if s.kind != "long"] + [
            replace(like, name=f"2×{p}p", pages=p) for p in pages
        ]
    if args.no_example:
        plan = [s for s in plan if s.kind != "example"]
    if args.no_instrument:
        plan = [replace(s, instrument=None) for s in plan]
    if args.no_peer:
        plan = [replace(s, peer=False) for s in plan]
    if args.runs is not None:
        plan = [replace(s, full_runs=args.runs) if s.full_runs else s for s in plan]
    if args.cheap_runs is not None:
        plan = [replace(s, cheap_runs=args.cheap_runs) if s.cheap_runs else s for s in plan]
    order = {"example": 0, "corpus": 1, "check-only": 2, "long": 3}
    return sorted(plan, key=lambda s: (order[s.kind], s.briefs, s.pages or 0))
