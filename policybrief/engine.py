"""Build briefs: resolve each, render HTML here and PDFs in worker processes, write atomically.

One bad brief never stops the others: its problems become diagnostics and the
rest are built. Nothing is written for a brief that failed, so its previous
good output stays in place.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .corpus import Corpus, Record
from .errors import Diagnostics, Position, UsageError
from .glyphs import check_glyphs, covered
from .model import Brief
from .refs import Image, find_references
from .render_html import make_environment, render_page
from .report import plural
from .resolve import BriefView, UnresolvedError, resolve_brief
from .theme import Theme, template_ok
from .validate import closest
from .write import copy_atomic, write_atomic

STATE_DIR = ".policybrief"


@dataclass(frozen=True)
class BuildOptions:
    output: Path
    briefs: tuple[str, ...] = ()
    outputs: tuple[str, ...] | None = None
    jobs: int = 0


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    files: int = 0


def select_briefs(corpus: Corpus, names: Sequence[str], existing: set[str]) -> list[str]:
    """The slugs to build: all valid briefs, or those named (unknown names are usage errors)."""
    if not names:
        return sorted(corpus.briefs)
    chosen: list[str] = []
    for name in names:
        slug = Path(name).stem if name.endswith(".yaml") else name
        if slug not in existing:
            guess = closest(slug, existing)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            raise UsageError(f"no brief named '{name}' in briefs/{hint}")
        if slug in corpus.briefs and slug not in chosen:
            chosen.append(slug)
    return chosen


def build(
    corpus: Corpus,
    brief_files: set[str],
    options: BuildOptions,
    diags: Diagnostics,
) -> BuildReport:
    """Build the selected briefs of a validated corpus into ``options.output``."""
    report = BuildReport()
    slugs = select_briefs(corpus, options.briefs, brief_files)
    theme = Theme.for_project(corpus.root)
    env = make_environment(theme)
    env.filters["css_string"] = _css_string
    output = options.output

    views: list[BriefView] = []
    for slug in slugs:
        record = corpus.briefs[slug]
        if not template_ok(corpus, record, theme, diags):
            report.failed.append(slug)
            continue
        try:
            views.append(resolve_brief(corpus, slug))
        except UnresolvedError as exc:
            diags.error(
                record.path,
                Position(1, 1),
                f"brief not built: it uses content with errors ({', '.join(exc.missing)})",
                "fix the errors reported above; the other briefs are built",
            )
            report.failed.append(slug)
    if not views:
        return report

    points = covered(f / "fonts" for f in theme.folders)
    records = _records_by_path(corpus)
    glyph_diags = Diagnostics()
    for view in views:
        check_glyphs(
            (records[d] for d in sorted(view.dependencies) if d in records), points, glyph_diags
        )
    # A file shown by several briefs is reported once.
    diags.items.extend({(d.path, d.position, d.message): d for d in glyph_diags.items}.values())

    jobs = []
    state = corpus.root / STATE_DIR
    primary = theme.folders[0].as_uri() + "/"
    for view in views:
        kinds = options.outputs or view.brief.data.outputs
        try:
            if "html" in kinds:
                html = render_page(env, corpus, view, medium="screen", assets="../assets/")
                report.files += _write(output / view.slug / "index.html", html.encode(), diags)
                report.files += _copy_images(corpus, view, output, diags)
            if "pdf" in kinds:
                print_html = render_page(env, corpus, view, medium="print", assets=primary)
                jobs.append((view, print_html))
        except jinja2.TemplateError as exc:
            _template_error(view.brief, exc, diags)
            report.failed.append(view.slug)
            continue
        report.built.append(view.slug)

    if jobs:
        report.files += _render_pdfs(
            corpus, theme, jobs, state, output, options.jobs, diags, report
        )
    report.files += _copy_assets(theme, output, diags)
    return report


def _render_pdfs(
    corpus: Corpus,
    theme: Theme,
    jobs: list[tuple[BriefView, str]],
    state: Path,
    output: Path,
    workers: int,
    diags: Diagnostics,
    report: BuildReport,
) -> int:
    from .render_pdf import PdfJob, render_pdf, start_workers, write_fontconfig

    fontconfig = write_fontconfig(theme, state)
    variant = corpus.settings.pdf_variant
    count = min(len(jobs), workers or os.cpu_count() or 1)
    written = 0
    with start_workers(count, fontconfig) as pool:
        futures = [
            (
                view,
                pool.submit(
                    render_pdf,
                    PdfJob(
                        view.slug,
                        html,
                        theme.folders[0].as_uri() + "/",
                        theme.folders,
                        corpus.root / "content",
                        None if variant == "plain" else variant,
                    ),
                ),
            )
            for view, html in jobs
        ]
        for view, future in futures:
            result = future.result()
            for warning in result.warnings:
                diags.warning(view.brief.path, Position(1, 1), f"PDF: {warning}")
            if result.pdf is None:
                diags.error(
                    view.brief.path, Position(1, 1), f"PDF rendering failed: {result.error}"
                )
                if view.slug in report.built:
                    report.built.remove(view.slug)
                report.failed.append(view.slug)
                continue
            limit = max_pages(theme, view.template)
            if limit is not None and result.pages > limit:
                diags.warning(
                    view.brief.path,
                    Position(1, 1),
                    f"the PDF runs to {result.pages} pages; template '{view.template}' is "
                    f"meant to fit {plural(limit, 'page')}",
                    "shorten the summary, key judgments or sections this brief lists",
                )
            written += _write(output / view.slug / f"{view.slug}.pdf", result.pdf, diags)
    return written


def max_pages(theme: Theme, template: str) -> int | None:
    """The page limit a template declares with ``policybrief: max-pages N``, if any."""
    path = theme.find(f"{template}.html")
    if path is None:
        return None
    m = re.search(r"policybrief: max-pages (\d+)", path.read_text(encoding="utf-8"))
    return int(m.group(1)) if m else None


def _template_error(brief: Record[Brief], exc: jinja2.TemplateError, diags: Diagnostics) -> None:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        diags.error(
            Path(exc.filename), Position(exc.lineno or 1, 1), f"template error: {exc.message}"
        )
    else:
        diags.error(brief.path, Position(1, 1), f"template error while rendering this brief: {exc}")


def _records_by_path(corpus: Corpus) -> dict[str, Record]:  # type: ignore[type-arg]
    table: dict[str, Record] = {}  # type: ignore[type-arg]
    for kind in (corpus.actors, corpus.agenda, corpus.analysis, corpus.sources, corpus.briefs):
        for record in kind.values():
            table[record.rel] = record
    return table


def _write(path: Path, data: bytes, diags: Diagnostics) -> int:
    try:
        return int(write_atomic(path, data))
    except OSError as exc:
        diags.error(
            path,
            Position(1, 1),
            f"cannot write output: {exc.strerror}",
            "check that the output folder is writable and the disk not full",
        )
        return 0


def _copy_images(corpus: Corpus, view: BriefView, output: Path, diags: Diagnostics) -> int:
    written = 0
    for text in view.texts:
        for ref in find_references(text.text):
            if isinstance(ref, Image) and ref.src in corpus.assets:
                source = corpus.root / "content" / ref.src
                target = output / "media" / ref.src.removeprefix("assets/")
                try:
                    written += copy_atomic(source, target)
                except OSError as exc:
                    diags.error(target, Position(1, 1), f"cannot write output: {exc.strerror}")
    return written


def _copy_assets(theme: Theme, output: Path, diags: Diagnostics) -> int:
    written = 0
    for rel, source in theme.asset_files().items():
        target = output / "assets" / rel
        try:
            written += copy_atomic(source, target)
        except OSError as exc:
            diags.error(target, Position(1, 1), f"cannot write output: {exc.strerror}")
            break
    return written


def _css_string(value: object) -> str:
    """Text for a CSS string in a print-only ``<style>``: quotes escaped, no ``</style>``."""
    from markupsafe import Markup

    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return Markup(text.replace("<", "\\3c "))
