"""Build briefs: decide what is stale, render HTML here and PDFs in workers, write atomically.

A brief is re-rendered only when the digest of one of its inputs changed (its
manifest, the content it resolves to, what its ``auto`` sections select, the
theme files its template uses, the options that change output, this package's
code). One bad brief never stops the others: its problems become diagnostics
and the rest are built. Nothing is written for a brief that failed, so its
previous good output stays in place.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from policybrief.build.state import (
    BriefState,
    BuildState,
    code_digest,
    diagnostic_from_json,
    diagnostic_to_json,
)
from policybrief.build.write import copy_atomic, write_atomic
from policybrief.content.corpus import Corpus, Record
from policybrief.content.refs import Image, find_references
from policybrief.content.validate import closest
from policybrief.errors import Diagnostic, Diagnostics, Position, UsageError
from policybrief.render.glyphs import check_glyphs, covered
from policybrief.render.html import make_environment, render_page
from policybrief.render.page import created_date
from policybrief.render.resolve import BriefView, UnresolvedError, resolve_brief
from policybrief.render.theme import Theme, template_files, template_ok
from policybrief.report import plural
from policybrief.site.pages import build_site

_UNCOVERED_RE = re.compile(r"no theme font has the character '(.)'")
_NOTDEF_RE = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.*)"')

#: Seconds one brief's PDF may take; a normal brief takes one or two.
DEFAULT_TIMEOUT = 120


@dataclass(frozen=True)
class BuildOptions:
    output: Path
    briefs: tuple[str, ...] = ()
    outputs: tuple[str, ...] | None = None
    jobs: int = 0
    force: bool = False
    #: (K, N): build only the briefs of shard K of N (1-based).
    shard: tuple[int, int] | None = None
    #: Seconds one PDF may take to render.
    timeout: float = DEFAULT_TIMEOUT
    #: "pdf/ua-1", "pdf/a-3b" or "plain"; None: the project's ``pdf_variant`` setting.
    pdf_variant: str | None = None


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    files: int = 0


#: Called with (event, slug, detail): "start" before a brief renders, "done" after.
Progress = Callable[[str, str, str], None]


def in_shard(slug: str, shard: tuple[int, int] | None) -> bool:
    """Whether a brief belongs to shard K of N: stable, by a digest of its slug."""
    if shard is None:
        return True
    k, n = shard
    return int(hashlib.sha256(slug.encode()).hexdigest(), 16) % n == k - 1


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


def build_inputs(corpus: Corpus, options: BuildOptions) -> dict[str, str]:
    """The inputs every brief of this build shares: options that change output, the code.

    Computed once per build: the code digest reads the whole package.
    """
    return {
        "option:SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
        "option:pdf_variant": options.pdf_variant or corpus.settings.pdf_variant,
        "code": code_digest(),
    }


def brief_inputs(
    view: BriefView,
    theme: Theme,
    digests: dict[str, str],
    kinds: Sequence[str],
    shared: dict[str, str],
    theme_files: dict[str, set[str]] | None = None,
) -> dict[str, str]:
    """Every input of one brief with its digest: what its fingerprint is made of.

    ``shared`` comes from :func:`build_inputs`; ``theme_files`` caches each
    template's files across the briefs of one build.
    """
    cache = {} if theme_files is None else theme_files
    if view.template not in cache:
        cache[view.template] = template_files(theme, view.template)
    deps = {rel: digests.get(rel, "missing") for rel in view.dependencies}
    for rel in cache[view.template]:
        deps[f"theme:{rel}"] = digests.get(f"theme:{rel}", "missing")
    deps["option:outputs"] = ",".join(kinds)
    deps.update(shared)
    return deps


def why_stale(
    previous: BriefState | None,
    deps: dict[str, str],
    selections: list[Any],
    outputs_present: bool,
    force: bool,
) -> str | None:
    """Why a brief must be rendered again, or None when its outputs are current."""
    if force:
        return "--force"
    if previous is None:
        return "not built before"
    if not outputs_present:
        return "output missing"
    changed = sorted(
        k for k in deps.keys() | previous.deps.keys() if deps.get(k) != previous.deps.get(k)
    )
    if changed:
        more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
        return f"{changed[0]} changed{more}"
    if selections != previous.selections:
        return "what an auto section selects changed"
    return None


def build(
    corpus: Corpus,
    brief_files: set[str],
    options: BuildOptions,
    diags: Diagnostics,
    *,
    digests: dict[str, str],
    state: BuildState,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the stale briefs among those selected; update ``state`` in place."""
    report = BuildReport()
    theme = Theme.for_project(corpus.root)
    output = options.output
    notify = progress or (lambda event, slug, detail: None)
    slugs = [
        s for s in select_briefs(corpus, options.briefs, brief_files) if in_shard(s, options.shard)
    ]

    _remove_deleted(state, brief_files, output, report, diags)
    _remove_temporary_files(output)

    env = make_environment(theme)
    stale: list[tuple[BriefView, dict[str, str], tuple[str, ...]]] = []
    theme_files: dict[str, set[str]] = {}
    shared = build_inputs(corpus, options)
    for slug in slugs:
        record = corpus.briefs[slug]
        if not template_ok(corpus, record, theme, diags):
            report.failed.append(slug)
            state.briefs.pop(slug, None)
            continue
        try:
            view = resolve_brief(corpus, slug)
        except UnresolvedError as exc:
            diags.error(
                record.path,
                Position(1, 1),
                f"brief not built: it uses content with errors ({', '.join(exc.missing)})",
                "fix the errors reported in those files; the other briefs are built",
            )
            report.failed.append(slug)
            state.briefs.pop(slug, None)
            continue
        kinds = tuple(options.outputs or view.brief.data.outputs)
        deps = brief_inputs(view, theme, digests, kinds, shared, theme_files)
        files = _output_files(slug, kinds)
        previous = state.briefs.get(slug)
        present = all((output / f).is_file() for f in files)
        reason = why_stale(previous, deps, _selections(view), present, options.force)
        if reason is None and previous is not None:
            report.skipped.append(slug)
            diags.items.extend(diagnostic_from_json(w, corpus.root) for w in previous.warnings)
            continue
        notify("stale", slug, reason or "")
        stale.append((view, deps, kinds))

    if stale:
        _render(corpus, theme, env, stale, options, diags, state, report, notify)
    report.files += _copy_assets(theme, output, diags)
    report.files += build_site(corpus, theme, output, diags)
    return report


def _selections(view: BriefView) -> list[Any]:
    return [[index, kind, list(ids)] for index, kind, ids in view.selections]


def _output_files(slug: str, kinds: Sequence[str]) -> list[str]:
    files = []
    if "html" in kinds:
        files.append(f"{slug}/index.html")
    if "pdf" in kinds:
        files.append(f"{slug}/{slug}.pdf")
    return files


def _render(
    corpus: Corpus,
    theme: Theme,
    env: jinja2.Environment,
    stale: list[tuple[BriefView, dict[str, str], tuple[str, ...]]],
    options: BuildOptions,
    diags: Diagnostics,
    state: BuildState,
    report: BuildReport,
    notify: Progress,
) -> None:
    """Render HTML here while the PDF workers start; hand each print page over as it is ready."""
    output = options.output
    points = covered(f / "fonts" for f in theme.folders)
    records = _records_by_path(corpus)
    wanted = sum("pdf" in kinds for _, _, kinds in stale)
    pdfs = _PdfRenderer(corpus, theme, options, wanted) if wanted else None
    pending: dict[str, tuple[BriefView, dict[str, str], tuple[str, ...], list[Diagnostic]]] = {}
    try:
        for view, deps, kinds in stale:
            notify("start", view.slug, "html")
            own = Diagnostics()
            check_glyphs(
                (records[d] for d in sorted(view.dependencies) if d in records), points, own
            )
            try:
                if "html" in kinds:
                    html = render_page(env, corpus, view, medium="screen", assets="../assets/")
                    report.files += _write(output / view.slug / "index.html", html.encode(), own)
                    report.files += _copy_images(corpus, view, output, own)
                if "pdf" in kinds:
                    page = render_page(env, corpus, view, medium="print", assets=pdfs.base)
            except jinja2.TemplateError as exc:
                _template_error(view.brief, exc, diags)
                report.failed.append(view.slug)
                state.briefs.pop(view.slug, None)
                continue
            pending[view.slug] = (view, deps, kinds, own.items)
            if "pdf" in kinds:
                pdfs.submit(view, page)
                notify("queued", view.slug, "pdf")
            else:
                _finish_brief(pending.pop(view.slug), corpus, diags, state, report, notify)
        if pdfs is not None:
            for view, result in pdfs.results():
                entry = pending.pop(view.slug)
                failed = _take_pdf(theme, view, result, options.output, entry[3], report)
                _finish_brief(entry, corpus, diags, state, report, notify, failed=failed)
    except BaseException:
        if pdfs is not None:
            pdfs.stop()
        raise
    if pdfs is not None:
        pdfs.close()


class _PdfRenderer:
    """The PDF worker pool, started before the first page is ready so its imports overlap."""

    def __init__(self, corpus: Corpus, theme: Theme, options: BuildOptions, wanted: int) -> None:
        from policybrief.render.pdf import start_workers, warm_up, write_fontconfig

        fontconfig = write_fontconfig(theme, corpus.root / ".policybrief")
        variant = options.pdf_variant or corpus.settings.pdf_variant
        self.variant = None if variant == "plain" else variant
        self.theme = theme
        self.root = corpus.root
        self.timeout = options.timeout
        self.content = corpus.root / "content"
        self.base = theme.folders[0].as_uri() + "/"
        self.futures: dict[Future[Any], BriefView] = {}
        count = min(wanted, options.jobs or os.cpu_count() or 1)
        self.pool = start_workers(count, fontconfig)
        # Workers are spawned one per submitted task: warm them all up now, so
        # WeasyPrint is imported while this process renders the HTML.
        for _ in range(count):
            self.pool.submit(warm_up)

    def submit(self, view: BriefView, html: str) -> None:
        from concurrent.futures.process import BrokenProcessPool

        from policybrief.render.pdf import PdfJob, render_pdf

        job = PdfJob(
            view.slug,
            html,
            self.base,
            self.theme.folders,
            self.content,
            self.variant,
            self.timeout,
            self._attachments(view),
            created_date(view),
        )
        try:
            future = self.pool.submit(render_pdf, job)
        except BrokenProcessPool as exc:  # a worker died while warming up
            future = Future()
            future.set_exception(exc)
        self.futures[future] = view

    def _attachments(self, view: BriefView) -> tuple[tuple[str, Path], ...]:
        if self.variant != "pdf/a-3b":
            return ()
        return tuple((rel, self.root / rel) for rel in sorted(view.dependencies))

    def results(self) -> Iterator[tuple[BriefView, Any]]:
        """Each brief with its PdfResult (or None if its worker died), as they finish."""
        from concurrent.futures.process import BrokenProcessPool

        for future in as_completed(self.futures):
            try:
                yield self.futures[future], future.result()
            except BrokenProcessPool:
                yield self.futures[future], None

    def close(self) -> None:
        self.pool.shutdown(wait=True)

    def stop(self) -> None:
        """Interrupted: stop now rather than wait for the renders in flight."""
        # The executor has no public way to stop its workers.
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for process in processes:
            process.terminate()
        try:
            self.pool.shutdown(wait=False, cancel_futures=True)
        except RuntimeError:  # interrupted while the pool was still starting its threads
            pass


def _finish_brief(
    entry: tuple[BriefView, dict[str, str], tuple[str, ...], list[Diagnostic]],
    corpus: Corpus,
    diags: Diagnostics,
    state: BuildState,
    report: BuildReport,
    notify: Progress,
    failed: bool = False,
) -> None:
    view, deps, kinds, warnings = entry
    # A file shown by several briefs is reported once per run.
    seen = {(d.path, d.position, d.message) for d in diags.items}
    diags.items.extend(d for d in warnings if (d.path, d.position, d.message) not in seen)
    if failed or any(d.is_error for d in warnings):
        report.failed.append(view.slug)
        state.briefs.pop(view.slug, None)
        notify("failed", view.slug, "")
        return
    state.briefs[view.slug] = BriefState(
        deps=deps,
        selections=_selections(view),
        outputs=_output_files(view.slug, kinds),
        warnings=[diagnostic_to_json(d, corpus.root) for d in warnings],
    )
    report.built.append(view.slug)
    notify("done", view.slug, ", ".join(kinds))


def _take_pdf(
    theme: Theme,
    view: BriefView,
    result: Any,
    output: Path,
    own: list[Diagnostic],
    report: BuildReport,
) -> bool:
    """Write one rendered PDF and note its problems in ``own``; True if the brief failed."""
    if result is None:
        own.append(_error(view, "PDF rendering failed: the worker process died"))
        return True
    for url in result.refused:
        own.append(_refused(view, url))
    # Characters the glyph check already reported, at their place in the content.
    reported = {m.group(1) for d in own if (m := _UNCOVERED_RE.match(d.message))}
    for warning in result.warnings:
        m = _NOTDEF_RE.match(warning)
        if m and set(m.group(1)) <= reported:
            continue
        own.append(_warning(view, f"PDF: {warning}"))
    if result.pdf is None:
        own.append(_error(view, f"PDF rendering failed: {result.error}"))
        return True
    limit = max_pages(theme, view.template)
    if limit is not None and result.pages > limit:
        own.append(
            _warning(
                view,
                f"the PDF runs to {result.pages} pages; template "
                f"'{view.template}' is meant to fit {plural(limit, 'page')}",
                "shorten the summary, key judgments or sections this brief lists",
            )
        )
    report.files += _write(output / view.slug / f"{view.slug}.pdf", result.pdf, Diagnostics(own))
    return False


def _refused(view: BriefView, url: str) -> Diagnostic:
    """A refused fetch, named at the content text that asked for it when one did."""
    from policybrief.errors import Severity

    hint = "the PDF may read only the theme's files and content/; nothing is fetched"
    for text in view.texts:
        offset = text.text.find(url)
        if offset >= 0:
            record = text.record
            if text.field is None:
                line = record.body_line + text.text.count("\n", 0, offset)
                column = offset - (text.text.rfind("\n", 0, offset) + 1) + 1
                position = Position(line, column)
            else:
                position = record.smap.in_text(text.field, offset)
            return Diagnostic(
                record.path, position, f"refused to read {url}", hint, Severity.WARNING
            )
    message = f"refused to read {url} (asked for by template '{view.template}')"
    return Diagnostic(view.brief.path, Position(1, 1), message, hint, Severity.WARNING)


def _error(view: BriefView, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(view.brief.path, Position(1, 1), message, hint)


def _warning(view: BriefView, message: str, hint: str | None = None) -> Diagnostic:
    from policybrief.errors import Severity

    return Diagnostic(view.brief.path, Position(1, 1), message, hint, Severity.WARNING)


def _remove_deleted(
    state: BuildState, brief_files: set[str], output: Path, report: BuildReport, diags: Diagnostics
) -> None:
    """Remove the outputs of briefs whose manifests were deleted."""
    for slug in sorted(set(state.briefs) - brief_files):
        for rel in state.briefs[slug].outputs:
            target = output / rel
            try:
                target.unlink(missing_ok=True)
            except OSError as exc:
                diags.error(target, Position(1, 1), f"cannot remove output: {exc.strerror}")
        folder = output / slug
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        del state.briefs[slug]
        report.removed.append(slug)


def _remove_temporary_files(output: Path) -> None:
    """Remove temporary files a killed build left behind, so none is ever published."""
    if output.is_dir():
        for path in output.rglob(".*.tmp"):
            path.unlink(missing_ok=True)


def max_pages(theme: Theme, template: str) -> int | None:
    """The page limit a template declares with ``policybrief: max-pages N``, if any."""
    path = theme.find(f"{template}.html")
    if path is None:
        return None
    m = re.search(r"policybrief: max-pages (\d+)", path.read_text(encoding="utf-8"))
    return int(m.group(1)) if m else None


def _template_error(brief: Record[Any], exc: jinja2.TemplateError, diags: Diagnostics) -> None:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        diags.error(
            Path(exc.filename), Position(exc.lineno or 1, 1), f"template error: {exc.message}"
        )
    else:
        diags.error(brief.path, Position(1, 1), f"template error while rendering this brief: {exc}")


def _records_by_path(corpus: Corpus) -> dict[str, Record[Any]]:
    table: dict[str, Record[Any]] = {}
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


def clean(root: Path, output: Path) -> list[Path]:
    """Remove the output folder and the build state; return what was removed."""
    removed = []
    for path in (output, root / ".policybrief"):
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
    return removed
