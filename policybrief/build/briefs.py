"""Render the stale briefs: HTML here, PDFs in the worker pool, outputs written atomically.

One bad brief never stops the others: its problems become diagnostics and the
rest are built. Nothing is written for a brief whose PDF failed, so its
previous good output stays in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2

from policybrief.build.options import BuildOptions, BuildReport, Progress
from policybrief.build.outputs import (
    copy_assets,
    copy_images,
    remove_deleted,
    remove_temporary_files,
    write_output,
)
from policybrief.build.pool import PdfPool
from policybrief.build.site_output import build_site
from policybrief.build.staleness import (
    brief_inputs,
    build_inputs,
    in_shard,
    output_files,
    select_briefs,
    selections,
    why_stale,
)
from policybrief.build.state import BriefState, BuildState, diagnostic_from_json, diagnostic_to_json
from policybrief.content.corpus import Corpus, Record
from policybrief.content.refs import Image, find_references
from policybrief.errors import Diagnostic, Diagnostics, Position, Severity, position_at
from policybrief.render.fontfiles import CACHE_FILE, FontIndex, report_missing, template_fonts
from policybrief.render.glyphs import check_glyphs, covered
from policybrief.render.html import make_environment, render_page
from policybrief.render.resolve import BriefView, MarkdownText, UnresolvedError, resolve_brief
from policybrief.render.theme import Theme, template_ok
from policybrief.render.webfonts import WebFonts, site_characters
from policybrief.report import plural

#: WeasyPrint's own warning for a character no font has (its wording, not ours).
_NOTDEF_RE = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.*)"')
#: WeasyPrint's own warning for an image it could not read (its wording, not ours).
_IMAGE_FAILED_RE = re.compile(r"Failed to load image at '(?P<url>[^']*)': (?P<why>.*)", re.DOTALL)
_REFUSED_HINT = "the PDF may read only the theme's files and content/; nothing is fetched"


@dataclass
class _Pending:
    """A brief rendered to HTML whose PDF may still be on its way."""

    view: BriefView
    deps: dict[str, str]
    formats: tuple[str, ...]
    #: This brief's own problems (glyphs, writes, the PDF's), added to the build's at the end.
    own: list[Diagnostic] = field(default_factory=list)
    #: The characters the glyph check reported, so the PDF's warning for them is not repeated.
    uncovered: set[str] = field(default_factory=set)


def build_briefs(
    corpus: Corpus,
    brief_files: set[str],
    options: BuildOptions,
    diags: Diagnostics,
    *,
    output: Path,
    digests: dict[str, str],
    state: BuildState,
    progress: Progress | None = None,
) -> BuildReport:
    """Render the stale briefs among those selected, then the site; update ``state`` in place.

    ``brief_files`` is every brief file's slug (valid or not); ``digests`` maps
    every input file to its digest (:func:`policybrief.build.scan.scan_inputs`).

    Raises:
        UsageError: ``options.briefs`` names a brief that does not exist.
    """
    report = BuildReport()
    theme = Theme.for_project(corpus.root)
    notify = progress or (lambda event, slug, detail: None)
    slugs = [
        s for s in select_briefs(corpus, options.briefs, brief_files) if in_shard(s, options.shard)
    ]
    remove_deleted(state, brief_files, output, report, diags)
    remove_temporary_files(output)

    stale: list[_Pending] = []
    theme_files: dict[str, set[str]] = {}
    shared = build_inputs(corpus, options)
    for slug in slugs:
        view = _resolved(corpus, theme, slug, diags)
        if view is None:
            report.failed.append(slug)
            state.briefs.pop(slug, None)
            continue
        formats = tuple(options.formats or view.brief.data.outputs)
        deps = brief_inputs(view, theme, digests, formats, shared, theme_files)
        previous = state.briefs.get(slug)
        present = all((output / f).is_file() for f in output_files(slug, formats))
        reason = why_stale(previous, deps, selections(view), present, options.force)
        if reason is None and previous is not None:
            report.skipped.append(slug)
            diags.items.extend(diagnostic_from_json(w, corpus.root) for w in previous.warnings)
            continue
        notify("stale", slug, reason or "")
        stale.append(_Pending(view, deps, formats))

    if stale:
        _Renderer(corpus, theme, options, output, diags, state, report, notify).run(stale)
    fonts = FontIndex(corpus.root / ".policybrief" / CACHE_FILE)
    web = WebFonts(
        theme, site_characters(corpus, theme), fonts, corpus.root / ".policybrief" / "webfonts"
    )
    report.files += copy_assets(theme, output, diags, web)
    fonts.save()
    report.files += build_site(corpus, theme, output, diags)
    return report


def _resolved(corpus: Corpus, theme: Theme, slug: str, diags: Diagnostics) -> BriefView | None:
    """The brief's view, or None (with an error) if its template or content is unusable."""
    record = corpus.briefs[slug]
    if not template_ok(corpus, record, theme, diags):
        return None
    try:
        return resolve_brief(corpus, slug)
    except UnresolvedError as exc:
        diags.error(
            record.path,
            Position(1, 1),
            f"brief not built: it uses content with errors ({', '.join(exc.missing)})",
            "fix the errors reported in those files; the other briefs are built",
            code="content-with-errors",
        )
        return None


class _Renderer:
    """One build's rendering: HTML in this process, PDFs in the pool, results as they come."""

    def __init__(
        self,
        corpus: Corpus,
        theme: Theme,
        options: BuildOptions,
        output: Path,
        diags: Diagnostics,
        state: BuildState,
        report: BuildReport,
        notify: Progress,
    ) -> None:
        self.corpus, self.theme, self.options, self.output = corpus, theme, options, output
        self.diags, self.state, self.report, self.notify = diags, state, report, notify
        self.env = make_environment(theme)
        self.fonts = FontIndex(corpus.root / ".policybrief" / CACHE_FILE)
        #: What each template's fonts cover; None when one of its fonts is missing.
        self.coverage: dict[str, frozenset[int] | None] = {}
        self.records = _records_by_path(corpus)

    def _covered(self, template: str) -> frozenset[int] | None:
        """The code points the template's fonts cover; None (reported once) if a font is missing."""
        if template not in self.coverage:
            found, missing = template_fonts(self.theme, template)
            report_missing(missing, self.diags)
            self.coverage[template] = None if missing else covered(found.values(), self.fonts)
            self.fonts.save()
        return self.coverage[template]

    def run(self, stale: list[_Pending]) -> None:
        """Render every stale brief; stop the workers at once if interrupted."""
        wanted = sum("pdf" in p.formats for p in stale)
        pdfs = self._pool(wanted) if wanted else None
        pending: dict[str, _Pending] = {}
        try:
            for entry in stale:
                if self._render_html(entry, pdfs):
                    pending[entry.view.slug] = entry
                    if pdfs is None or "pdf" not in entry.formats:
                        self._finish(pending.pop(entry.view.slug))
            if pdfs is not None:
                for view, result in pdfs.results():
                    entry = pending.pop(view.slug)
                    self._finish(entry, failed=self._take_pdf(entry, result))
        except BaseException:
            if pdfs is not None:
                pdfs.stop()
            raise
        if pdfs is not None:
            pdfs.close()

    def _pool(self, wanted: int) -> PdfPool:
        settings = self.corpus.settings
        return PdfPool(
            self.corpus,
            self.theme,
            jobs=self.options.jobs or 0,
            timeout=self.options.timeout or 0,
            variant=self.options.pdf_variant or settings.pdf_variant,
            wanted=wanted,
        )

    def _render_html(self, entry: _Pending, pdfs: PdfPool | None) -> bool:
        """Write the screen page and queue the print page; False if the template failed."""
        view = entry.view
        self.notify("start", view.slug, "html")
        own = Diagnostics()
        points = self._covered(view.template)
        if points is not None:
            records = (self.records[d] for d in sorted(view.dependencies) if d in self.records)
            final = view.brief.data.status == "final"
            allowed = self.corpus.settings.allow_missing_glyphs
            entry.uncovered = check_glyphs(records, points, own, error=final and not allowed)
        if points is None or own.errors:
            # Nothing is written: a final brief never ships empty boxes.
            self._finish(entry, failed=True, own=own.items)
            return False
        try:
            if "html" in entry.formats:
                html = render_page(
                    self.env, self.corpus, view, medium="screen", assets="../assets/"
                )
                path = self.output / view.slug / "index.html"
                self.report.files += write_output(path, html.encode(), own)
                self.report.files += copy_images(self.corpus, view, self.output, own)
            if "pdf" in entry.formats and pdfs is not None:
                page = render_page(self.env, self.corpus, view, medium="print", assets=pdfs.base)
        except jinja2.TemplateError as exc:
            _template_error(view.brief, exc, self.diags)
            self.report.failed.append(view.slug)
            self.state.briefs.pop(view.slug, None)
            return False
        entry.own = own.items
        if "pdf" in entry.formats and pdfs is not None:
            pdfs.submit(view, page)
            self.notify("queued", view.slug, "pdf")
        return True

    def _take_pdf(self, entry: _Pending, result: Any) -> bool:
        """Write one rendered PDF and note its problems; True if the brief failed."""
        view, own = entry.view, entry.own
        if result is None:
            own.append(
                _brief_problem(
                    view, "PDF rendering failed: the worker process died", code="pdf-failed"
                )
            )
            return True
        own.extend(_refused(view, url) for url in result.refused)
        for warning in result.warnings:
            m = _NOTDEF_RE.match(warning)
            if m and set(m.group(1)) <= entry.uncovered:
                continue  # the glyph check reported these at their place in the content
            if failed := _image_failed(view, self.corpus, warning):
                own.append(failed)
                continue
            own.append(_brief_problem(view, f"PDF: {warning}", code="pdf-warning", warning=True))
        if result.pdf is None:
            own.append(
                _brief_problem(view, f"PDF rendering failed: {result.error}", code="pdf-failed")
            )
            return True
        limit = self.theme.max_pages(view.template)
        if limit is not None and result.pages > limit:
            message = (
                f"the PDF runs to {result.pages} pages; template "
                f"'{view.template}' is meant to fit {plural(limit, 'page')}"
            )
            hint = "shorten the summary, key judgments or sections this brief lists"
            own.append(_brief_problem(view, message, hint, code="page-limit", warning=True))
        path = self.output / view.slug / f"{view.slug}.pdf"
        self.report.files += write_output(path, result.pdf, Diagnostics(own))
        return False

    def _finish(
        self, entry: _Pending, failed: bool = False, own: list[Diagnostic] | None = None
    ) -> None:
        """Record one brief's outcome: its state and warnings, or its failure.

        ``own``, when given, replaces the brief's own problems collected so far.
        """
        view = entry.view
        if own is not None:
            entry.own = own
        # A file shown by several briefs is reported once per run.
        seen = {(d.path, d.position, d.code, d.message) for d in self.diags.items}
        self.diags.items.extend(
            d for d in entry.own if (d.path, d.position, d.code, d.message) not in seen
        )
        if failed or any(d.is_error for d in entry.own):
            self.report.failed.append(view.slug)
            self.state.briefs.pop(view.slug, None)
            self.notify("failed", view.slug, "")
            return
        self.state.briefs[view.slug] = BriefState(
            deps=entry.deps,
            selections=selections(view),
            outputs=output_files(view.slug, entry.formats),
            warnings=[diagnostic_to_json(d, self.corpus.root) for d in entry.own],
        )
        self.report.built.append(view.slug)
        self.notify("done", view.slug, ", ".join(entry.formats))


def _written_at(view: BriefView, needle: str) -> tuple[Path, Position] | None:
    """The file and place of the first content text of ``view`` holding ``needle``."""
    for text in view.texts:
        offset = text.text.find(needle)
        if offset >= 0:
            return text.record.path, _position(text, offset)
    return None


def _position(text: MarkdownText, offset: int) -> Position:
    """Where ``offset`` of a content text is in its file."""
    record = text.record
    if text.field is None:
        return position_at(text.text, offset, record.body_line)
    return record.smap.in_text(text.field, offset)


def _image_failed(view: BriefView, corpus: Corpus, warning: str) -> Diagnostic | None:
    """A content image the PDF could not embed, at the image in the content; None if the
    warning is about something else."""
    m = _IMAGE_FAILED_RE.match(warning)
    assets = (corpus.root / "content" / "assets").as_uri() + "/"
    if m is None or not m.group("url").startswith(assets):
        return None
    src = "assets/" + unquote(m.group("url").removeprefix(assets))
    path, position = view.brief.path, Position(1, 1)
    for text in view.texts:
        images = (r for r in find_references(text.text) if isinstance(r, Image))
        if image := next((i for i in images if i.src == src), None):
            path, position = text.record.path, _position(text, image.offset)
            break
    why = m.group("why").strip() or "the file is damaged or not what its header says"
    return Diagnostic(
        path,
        position,
        f"image '{src}' could not be embedded in the PDF: {why}",
        "open the image in an editor and save it again (PNG, JPEG, GIF, WebP or SVG)",
        Severity.WARNING,
        code="image-not-embedded",
    )


def _refused(view: BriefView, url: str) -> Diagnostic:
    """A refused fetch, named at the content text that asked for it when one did."""
    if found := _written_at(view, url):
        return Diagnostic(
            *found,
            f"refused to read {url}",
            _REFUSED_HINT,
            Severity.WARNING,
            code="refused-fetch",
        )
    message = f"refused to read {url} (asked for by template '{view.template}')"
    return Diagnostic(
        view.brief.path,
        Position(1, 1),
        message,
        _REFUSED_HINT,
        Severity.WARNING,
        code="refused-fetch",
    )


def _brief_problem(
    view: BriefView,
    message: str,
    hint: str | None = None,
    *,
    code: str,
    warning: bool = False,
) -> Diagnostic:
    severity = Severity.WARNING if warning else Severity.ERROR
    return Diagnostic(view.brief.path, Position(1, 1), message, hint, severity, code=code)


def _template_error(brief: Record[Any], exc: jinja2.TemplateError, diags: Diagnostics) -> None:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        diags.error(
            Path(exc.filename),
            Position(exc.lineno or 1, 1),
            f"template error: {exc.message}",
            code="template-error",
        )
    else:
        diags.error(
            brief.path,
            Position(1, 1),
            f"template error while rendering this brief: {exc}",
            code="template-error",
        )


def _records_by_path(corpus: Corpus) -> dict[str, Record[Any]]:
    table: dict[str, Record[Any]] = {}
    for kind in (corpus.actors, corpus.agenda, corpus.analysis, corpus.sources, corpus.briefs):
        for record in kind.values():
            table[record.rel] = record
    return table
