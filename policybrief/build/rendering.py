"""Render the stale briefs a build chose: HTML here, PDFs in the worker pool.

:func:`~policybrief.build.briefs.build_briefs` decides which briefs are stale
and in what order; a :class:`Renderer` renders them, checks each one's glyphs,
takes its PDF from the pool as it comes, and writes each brief's files
together once all are ready (:func:`~policybrief.build.outputs.write_brief`),
so a failed brief keeps its last good page and PDF.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import jinja2

from policybrief.build.manifest import OutputManifest
from policybrief.build.options import BuildOptions, BuildReport, Progress, memory_limit_origin
from policybrief.build.outputs import (
    brief_images,
    remove_other_formats,
    write_brief,
)
from policybrief.build.pool import PdfPool
from policybrief.build.problems import (
    NOTDEF_RE,
    TIME_LIMIT_HINT,
    brief_problem,
    image_failed,
    link_problems,
    note_lost,
    records_by_path,
    refused,
    render_failure,
    template_error,
)
from policybrief.build.staleness import (
    output_files,
    selections,
)
from policybrief.build.state import BriefState, BuildState, diagnostic_to_json
from policybrief.content.corpus import Corpus
from policybrief.errors import Diagnostic, Diagnostics
from policybrief.limits import TimeLimitExceeded, time_limit
from policybrief.render.context import PdfLink
from policybrief.render.fontfiles import CACHE_FILE, FontIndex, report_missing, template_fonts
from policybrief.render.glyphs import Coverage, check_glyphs, mark_missing
from policybrief.render.html import make_environment, render_page
from policybrief.render.resolve import BriefView
from policybrief.render.theme import Theme
from policybrief.report import plural

if TYPE_CHECKING:
    from policybrief.render.pdf import PdfResult


@dataclass
class Pending:
    """A brief rendered to HTML whose PDF may still be on its way."""

    view: BriefView
    deps: dict[str, str]
    formats: tuple[str, ...]
    #: This brief's own problems (glyphs, writes, the PDF's), added to the build's at the end.
    own: list[Diagnostic] = field(default_factory=list)
    #: The characters the glyph check reported, so the PDF's warning for them is not repeated.
    uncovered: set[str] = field(default_factory=set)
    #: The brief's files, by path in the output folder, written together once all are ready.
    files: dict[str, bytes] = field(default_factory=dict)
    #: What stands for the PDF's page count in the web page until the PDF is rendered.
    pages_token: bytes = b""
    #: CPU seconds the PDF took to render, rounded for the state (None: no PDF).
    seconds: float | None = None


def fail(state: BuildState, report: BuildReport, slug: str) -> None:
    """Count ``slug`` as failed; keep its last good state, marked stale, if it has one."""
    report.failed.append(slug)
    previous = state.briefs.get(slug)
    if previous is not None:
        # No digests: the next build renders it again, whatever changed or not.
        state.briefs[slug] = replace(previous, deps={})


#: WeasyPrint's warnings for a link to an anchor the page lacks, and for a writer's
#: id given twice (their wording): link_problems reports both at the content.
_NO_ANCHOR_RE = re.compile(
    r"No anchor #\S* for internal URI reference|Anchor defined twice: 'content-"
)


class Renderer:
    """One build's rendering: HTML in this process, PDFs in the pool, results as they come."""

    def __init__(
        self,
        corpus: Corpus,
        theme: Theme,
        options: BuildOptions,
        manifest: OutputManifest,
        diags: Diagnostics,
        state: BuildState,
        report: BuildReport,
        notify: Progress,
    ) -> None:
        self.corpus, self.theme, self.options, self.manifest = corpus, theme, options, manifest
        self.diags, self.state, self.report, self.notify = diags, state, report, notify
        self.env = make_environment(theme)
        self.fonts = FontIndex(corpus.root / ".policybrief" / CACHE_FILE)
        #: What each template's fonts cover; None when one of its fonts is missing.
        self.coverage: dict[str, Coverage | None] = {}
        self.records = records_by_path(corpus)
        self.timeout = float(options.timeout or 0)

    def covered(self, template: str) -> Coverage | None:
        """The code points the template's fonts cover; None (reported once) if a font is missing.

        Each font is read when a character is first looked for in it: text
        without Han never reads the CJK collections (:class:`Coverage`).
        """
        if template not in self.coverage:
            found, missing = template_fonts(self.theme, template, self.fonts)
            report_missing(missing, self.diags)
            self.coverage[template] = None if missing else Coverage(found.values(), self.fonts)
        return self.coverage[template]

    def run(
        self,
        stale: list[Pending],
        early: PdfPool | None,
        while_rendering: Callable[[set[str], PdfPool], None] | None,
    ) -> None:
        """Render every stale brief, in order; stop the workers at once if interrupted.

        ``early`` is a pool started before the content was loaded (used if it
        fits, else stopped); ``while_rendering`` as for :func:`build_briefs`.
        """
        wanted = sum("pdf" in p.formats for p in stale)
        pdfs = early
        pending: dict[str, Pending] = {}
        try:
            pdfs = self._pool(wanted, early)
            for entry in stale:
                if self._render_html(entry, pdfs):
                    pending[entry.view.slug] = entry
                    if pdfs is None or "pdf" not in entry.formats:
                        self._finish(pending.pop(entry.view.slug))
            if pdfs is not None:
                if while_rendering is not None:
                    while_rendering(set(self.report.failed), pdfs)
                for view, result in pdfs.results():
                    entry = pending.pop(view.slug)
                    self._finish(entry, failed=self._take_pdf(entry, result))
        except BaseException:
            for pool in (early, pdfs):
                if pool is not None:
                    pool.stop()
            raise
        if pdfs is not None:
            pdfs.close()

    def _pool(self, wanted: int, early: PdfPool | None) -> PdfPool | None:
        """The pool for ``wanted`` PDFs: ``early`` if it fits the build's jobs, else a new one.

        ``early`` fits when it has no more workers than ``--jobs`` allows, no
        fewer than the build can use and the build's memory limit (the settings'
        ``memory_limit:`` is known for sure only now); one that does not fit is
        stopped.
        """
        jobs = self.options.jobs or os.cpu_count() or 1
        workers = min(wanted, jobs)
        limit = self.options.memory_limit
        if early is not None:
            if workers and workers <= early.workers <= jobs and early.memory_limit == limit:
                return early
            early.stop()
        if not workers:
            return None
        origin = memory_limit_origin(limit or 0, self.corpus.settings.memory_limit)
        return PdfPool(
            self.corpus.root, self.theme, workers=workers, memory_limit=limit, memory_origin=origin
        )

    def _render_html(self, entry: Pending, pdfs: PdfPool | None) -> bool:
        """Render the screen page and queue the print page; False if the brief failed.

        The HTML and the PDF share the brief's ``--timeout``: the PDF gets
        what the HTML left of it.
        """
        view = entry.view
        self.notify("start", view.slug, "html")
        own = Diagnostics()
        started = time.monotonic()
        page = ""
        points = self.covered(view.template)
        try:
            with time_limit(self.timeout):
                if points is not None:
                    records = (
                        self.records[d] for d in sorted(view.dependencies) if d in self.records
                    )
                    final = view.brief.data.status == "final"
                    allowed = self.corpus.settings.allow_missing_glyphs
                    entry.uncovered = check_glyphs(
                        records, points, own, error=final and not allowed
                    )
                    self.fonts.save()  # the fonts read for it, if any (cheap otherwise)
                if points is None or own.errors:
                    # Nothing is written: a final brief never ships empty boxes.
                    entry.own = own.items
                    self._finish(entry, failed=True)
                    return False
                if "html" in entry.formats:
                    pdf = None
                    if "pdf" in entry.formats and pdfs is not None:
                        # The page count is known once the PDF is rendered (_take_pdf).
                        token = f"pdf-pages-{secrets.token_hex(8)}"
                        entry.pages_token = token.encode()
                        pdf = PdfLink(f"{view.slug}.pdf", token)
                    html = render_page(
                        self.env, self.corpus, view, medium="screen", assets="../assets/", pdf=pdf
                    )
                    entry.files[f"{view.slug}/index.html"] = html.encode()
                    entry.files.update(brief_images(self.corpus, view))
                    own.items.extend(link_problems(view, html))
                if "pdf" in entry.formats and pdfs is not None:
                    page = render_page(
                        self.env, self.corpus, view, medium="print", assets=pdfs.base
                    )
                    if entry.uncovered:  # a draft's: printed as codes, never as empty boxes
                        page = mark_missing(page, entry.uncovered)
        except jinja2.TemplateError as exc:
            template_error(view.brief, exc, self.diags)
            self._failed(view.slug)
            return False
        except (Exception, RecursionError, TimeLimitExceeded) as exc:
            self.diags.items.append(render_failure(view.brief.path, exc, self.timeout))
            self._failed(view.slug)
            return False
        entry.own = own.items
        if "pdf" in entry.formats and pdfs is not None:
            left = self.timeout - (time.monotonic() - started) if self.timeout else 0
            variant = self.options.pdf_variant or self.corpus.settings.pdf_variant
            pdfs.submit(view, page, variant=variant, timeout=max(left, 1.0) if self.timeout else 0)
            self.notify("queued", view.slug, "pdf")
        return True

    def _take_pdf(self, entry: Pending, result: PdfResult) -> bool:
        """Note one rendered PDF's problems and keep its bytes; True if the brief failed."""
        view, own = entry.view, entry.own
        own.extend(refused(view, url) for url in result.refused)
        for warning in result.warnings:
            m = NOTDEF_RE.match(warning)
            if m and set(m.group(1)) <= entry.uncovered:
                continue  # the glyph check reported these at their place in the content
            if failed := image_failed(view, self.corpus, warning):
                own.append(failed)
                continue
            if "html" in entry.formats and _NO_ANCHOR_RE.match(warning):
                continue  # link_problems reported it at the link or id in the content
            own.append(brief_problem(view, f"PDF: {warning}", code="pdf-warning", warning=True))
        if result.pdf is None:
            own.append(self._pdf_failed(view, result))
            return True
        own.extend(note_lost(view, *lost) for lost in result.lost_notes)
        own_limit = view.brief.data.max_pages
        limit = self.theme.page_limit(view.template, own_limit)
        if limit is not None and result.pages > limit:
            meant = "the brief's max_pages" if own_limit else f"template '{view.template}'"
            message = (
                f"the PDF runs to {result.pages} pages; {meant} allows {plural(limit, 'page')}"
            )
            if result.overflow:
                message += f"; past page {limit} run: " + ", ".join(result.overflow)
            hint = "shorten the summary, key judgments or the sections that run over"
            own.append(brief_problem(view, message, hint, code="page-limit", warning=True))
        entry.files[f"{view.slug}/{view.slug}.pdf"] = result.pdf
        entry.seconds = round(result.seconds, 3)
        page = f"{view.slug}/index.html"
        if entry.pages_token and page in entry.files:
            count = plural(result.pages, "page").encode()
            entry.files[page] = entry.files[page].replace(entry.pages_token, count)
        return False

    def _pdf_failed(self, view: BriefView, result: PdfResult) -> Diagnostic:
        """The error for a brief whose PDF failed (``result.error``, at its code and hint)."""
        if result.code == "time-limit":
            # The job's own limit is what the HTML left of the brief's: name the brief's.
            what = f"rendering this brief took longer than {self.timeout:g} s, its time limit"
            message = f"{what}: {result.error}; it was not built"
            return brief_problem(view, message, TIME_LIMIT_HINT, code="time-limit")
        message = f"PDF rendering failed: {result.error}"
        if result.code == "cannot-write":  # a full disk
            return brief_problem(view, message, result.hint, code="cannot-write")
        return brief_problem(view, message, result.hint, code="pdf-failed")

    def _finish(self, entry: Pending, failed: bool = False) -> None:
        """Write one brief's files together and record its outcome, or its failure."""
        view = entry.view
        # Under --strict (or strict: true) a warning fails the brief like an error:
        # its files are not written, and its last good build stays published.
        strict = self.options.strict or self.corpus.settings.strict
        if strict and entry.own:
            failed = True
        if not failed and not any(d.is_error for d in entry.own):
            own = Diagnostics(entry.own)
            written = write_brief(self.manifest.output, self.manifest, entry.files, own)
            failed = written is None
            self.report.files += written or 0
        # A file shown by several briefs is reported once per run.
        seen = {(d.path, d.position, d.code, d.message) for d in self.diags.items}
        self.diags.items.extend(
            d for d in entry.own if (d.path, d.position, d.code, d.message) not in seen
        )
        if failed or any(d.is_error for d in entry.own):
            self._failed(view.slug)
            return
        previous = self.state.briefs.get(view.slug)
        self.state.briefs[view.slug] = BriefState(
            deps=entry.deps,
            selections=selections(view),
            outputs=output_files(view.slug, entry.formats),
            warnings=[diagnostic_to_json(d, self.corpus.root) for d in entry.own],
            listing=previous.listing if previous else None,
            seconds=entry.seconds,
            media=sorted(rel for rel in entry.files if rel.startswith("media/")),
        )
        self.report.built.append(view.slug)
        if not self.options.keep_other_formats:
            removed = remove_other_formats(self.manifest, view.slug, entry.formats, self.diags)
            if removed:
                self.report.notices.append(self._dropped(view, entry.formats, removed))
        self.notify("done", view.slug, ", ".join(entry.formats))

    def _dropped(self, view: BriefView, formats: tuple[str, ...], removed: list[str]) -> str:
        """The note that says which files of a brief went, and which setting dropped them."""
        asked = self.options.formats
        why = f"--outputs {','.join(asked)}" if asked else f"outputs: in briefs/{view.slug}.yaml"
        return (
            f"removed {', '.join(removed)}: {view.slug} is now built as "
            f"{' and '.join(formats)} only ({why})"
        )

    def _failed(self, slug: str) -> None:
        fail(self.state, self.report, slug)
        self.notify("failed", slug, "")
