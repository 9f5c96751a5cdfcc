"""``check``: validate all content and briefs; render nothing."""

from __future__ import annotations

import time

import click

from policybrief.cli.common import STRICT, common_options, finish, global_options
from policybrief.report import plural


@click.command()
@STRICT
@common_options
def check(strict: bool) -> None:
    """Validate all content and briefs; render nothing."""
    from policybrief.build.check import check_project

    opts = global_options()
    started = time.perf_counter()
    report = check_project(opts.root)
    what = f"checked {plural(report.files, 'file')}"
    finish(opts, report.diagnostics, what, started, strict=strict or report.strict)
