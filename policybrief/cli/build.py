"""``build``: render the stale briefs as HTML and PDF, and the site."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import click

from policybrief.build.options import FORMATS, MEMORY_LIMIT_RANGE, PDF_VARIANTS, BuildOptions
from policybrief.cli.common import (
    STRICT,
    common_options,
    finish,
    global_options,
    program,
    waiting_for_build,
)


@click.command("build")
@click.argument("briefs", nargs=-1)
@click.option(
    "--outputs",
    help="Comma-separated formats to write, html and/or pdf (default: each brief's outputs:).",
)
@click.option("--force", is_flag=True, help="Render every selected brief, stale or not.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="PDF worker processes (default: CPUs)."
)
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    help="Seconds one brief's PDF may take to render (default: 120).",
)
@click.option(
    "--memory-limit",
    metavar="SIZE",
    help="Memory one PDF worker may use: MiB, or a size such as 4GiB or 3000MiB "
    "(default: 2GiB, briefs of about 700 pages).",
)
@click.option(
    "--shard",
    metavar="K/N",
    help="Render only shard K of N (a stable share of the briefs, by slug), for CI matrices.",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS),
    help="PDF/UA-1 (tagged, accessible; the default), PDF/A-3b (archival, with the "
    "brief's sources attached) or plain PDF (default: pdf_variant in policybrief.yaml).",
)
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: output/ in the project).",
)
@STRICT
@common_options
def build_command(
    briefs: tuple[str, ...] = (),
    outputs: str | None = None,
    force: bool = False,
    jobs: int | None = None,
    timeout: int | None = None,
    memory_limit: str | None = None,
    shard: str | None = None,
    pdf_variant: str | None = None,
    output_dir: Path | None = None,
    strict: bool = False,
) -> None:
    """Build BRIEFS (slugs or this project's briefs/*.yaml files), or all, as HTML and PDF.

    Only briefs whose inputs changed since the last build are rendered again.
    """
    from policybrief.build.progress import make_progress
    from policybrief.build.project import build_project

    opts = global_options()
    options = BuildOptions(
        briefs=briefs,
        formats=parse_formats(outputs),
        force=force,
        jobs=jobs,
        timeout=timeout,
        memory_limit=parse_memory(memory_limit),
        shard=parse_shard(shard),
        pdf_variant=pdf_variant,
        output=output_dir,
        strict=strict,
    )
    started = time.perf_counter()
    progress = make_progress(sys.stderr, quiet=opts.quiet, verbose=opts.verbose)
    with progress:
        report = build_project(
            opts.root, options, on_wait=waiting_for_build, progress=progress.update
        )
    if not opts.quiet:
        for notice in report.notices:
            click.echo(f"note: {notice}", err=True)
    finish(opts, report.diagnostics, report.summary, started, strict=report.strict)
    if report.no_briefs and not opts.quiet:
        click.echo(f"  next: '{program()} new brief SLUG' writes one")


def parse_formats(value: str | None) -> tuple[str, ...] | None:
    """``--outputs html,pdf`` as a tuple of formats; None when not given.

    Raises:
        click.BadParameter: an unknown format, or none at all.
    """
    if value is None:
        return None
    formats = tuple(dict.fromkeys(f.strip() for f in value.split(",") if f.strip()))
    if not formats or any(f not in FORMATS for f in formats):
        raise click.BadParameter("give html, pdf or html,pdf", param_hint="--outputs")
    return formats


#: Binary size units ``--memory-limit`` accepts, in MiB; a bare number is MiB.
_UNITS = {"": 1, "m": 1, "mb": 1, "mib": 1, "g": 1024, "gb": 1024, "gib": 1024}


def parse_memory(value: str | None) -> int | None:
    """``--memory-limit`` in MiB (``4096``, ``4096MiB``, ``4GiB``, ``1.5G``); None when not given.

    Raises:
        click.BadParameter: not a size, or outside ``MEMORY_LIMIT_RANGE`` (512 MiB to 1 TiB).
    """
    if value is None:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", value.lower())
    if m is None or m.group(2) not in _UNITS:
        raise click.BadParameter(
            "give MiB (4096) or a size in MiB or GiB such as 4GiB or 3000MiB",
            param_hint="--memory-limit",
        )
    mib = int(float(m.group(1)) * _UNITS[m.group(2)])
    low, high = MEMORY_LIMIT_RANGE
    if not low <= mib <= high:
        raise click.BadParameter(
            f"give {low} MiB (a worker's least) to {high} MiB (1 TiB), not {mib} MiB",
            param_hint="--memory-limit",
        )
    return mib


def parse_shard(value: str | None) -> tuple[int, int] | None:
    """``--shard K/N`` as (K, N); None when not given.

    Raises:
        click.BadParameter: not two whole numbers, or K outside 1..N.
    """
    if value is None:
        return None
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter("write K/N, e.g. 1/4", param_hint="--shard") from None
    if not 1 <= k <= n:
        raise click.BadParameter("K must be between 1 and N", param_hint="--shard")
    return k, n
