"""``check``: validate all content and briefs; render nothing."""

from __future__ import annotations

import gc
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from policybrief.cli.common import STRICT, common_options, finish, global_options
from policybrief.errors import CODES
from policybrief.report import display_path, plural

if TYPE_CHECKING:
    from policybrief.content.standards import Silenced

#: Allocations between two young-generation collections while checking (Python's
#: default is 700); older generations follow at the usual ratios.
_GC_THRESHOLD = 100_000


@click.command()
@STRICT
@click.option(
    "--explain",
    is_flag=True,
    help="Also list the findings that lint-ignore silenced, each with its reason.",
)
@common_options
def check(strict: bool, explain: bool) -> None:
    """Validate all content and briefs; render nothing."""
    from policybrief.build.check import check_project

    opts = global_options()
    started = time.perf_counter()
    # A check builds long-lived objects (modules, models, the corpus) and little
    # cyclic garbage, so the collector's full passes walked a growing heap for
    # nothing: 8 % of a 300-brief check's CPU. Rarer passes still bound the
    # garbage; peak memory is unchanged (docs/performance.md).
    thresholds = gc.get_threshold()
    gc.set_threshold(_GC_THRESHOLD, *thresholds[1:])
    try:
        report = check_project(opts.root)
    finally:
        gc.set_threshold(*thresholds)
    if explain:
        explain_silenced(report.silenced)
    what = f"checked {plural(report.files, 'file')}"
    finish(opts, report.diagnostics, what, started, strict=strict or report.strict)


def explain_silenced(silenced: Sequence[Silenced]) -> None:
    """Print each silenced finding, what its code means, and the reason that silences it."""
    if not silenced:
        click.echo("lint-ignore silences nothing")
        return
    click.echo(f"lint-ignore silences {plural(len(silenced), 'finding')}:")
    for item in sorted(silenced, key=lambda s: s.diagnostic.sort_key()):
        d = item.diagnostic
        where = f"{display_path(d.path)}:{d.position.line}:{d.position.column}"
        click.echo(f"{where}: {d.code}: {d.message}")
        click.echo(f"  means: {CODES[d.code]}")
        click.echo(f"  reason (line {item.where.line}): {item.reason}")
