"""Choose the stale briefs and the order they render in; hand them to the renderer.

One bad brief never stops the others: anything that goes wrong while resolving
or rendering it (content errors in a file it uses, a template error, a time
limit, a recursion, a bug) becomes its error and the rest are built. A brief's
files are all rendered before any is written, and written together
(:func:`~policybrief.build.outputs.write_brief`), so a failed brief keeps its
last good page and PDF, and the site keeps its last good listing
(:mod:`policybrief.build.last_good`). The rendering itself, HTML here and PDFs
in the worker pool, is :mod:`policybrief.build.rendering`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

from policybrief.build.manifest import MANIFEST, OutputManifest
from policybrief.build.options import BuildOptions, BuildReport, Progress
from policybrief.build.outputs import (
    remove_deleted,
)
from policybrief.build.pool import PdfPool
from policybrief.build.problems import (
    render_failure,
)
from policybrief.build.rendering import Pending, Renderer, fail
from policybrief.build.schedule import brief_size, longest_first
from policybrief.build.staleness import (
    brief_inputs,
    build_inputs,
    in_shard,
    output_files,
    select_briefs,
    selections,
    slugs_named,
    why_stale,
)
from policybrief.build.state import BuildState, diagnostic_from_json
from policybrief.content.corpus import Corpus
from policybrief.content.project import SETTINGS_FILE, suggest_slug
from policybrief.errors import Diagnostics, Position
from policybrief.limits import TimeLimitExceeded
from policybrief.render.resolve import BriefView, UnresolvedError, resolve_brief
from policybrief.render.theme import Theme, template_ok


def build_briefs(
    corpus: Corpus,
    brief_files: set[str],
    options: BuildOptions,
    diags: Diagnostics,
    *,
    output: Path,
    manifest: OutputManifest,
    digests: dict[str, str],
    broken: set[str],
    site: Corpus,
    state: BuildState,
    progress: Progress | None = None,
    pool: PdfPool | None = None,
    while_rendering: Callable[[set[str], PdfPool], None] | None = None,
) -> BuildReport:
    """Render the stale briefs among those selected; update ``state`` in place.

    ``brief_files`` is every brief file's slug (valid or not); ``digests`` maps
    every input file to the digest of the bytes read; ``broken`` holds the
    project-relative paths of files with errors: a brief using one is not built,
    nor one that would use one as it was last good (``site``, the corpus with
    their last good copies: an ``auto`` section that selected it, say).
    A failed brief keeps its saved state, marked stale, for its last good
    listing (:mod:`policybrief.build.last_good`).

    Stale briefs are rendered longest first (:mod:`policybrief.build.schedule`).
    ``pool`` is a PDF pool started before the content was loaded, used if it
    fits the build, else stopped.
    ``while_rendering`` is called once every PDF is queued, with the briefs
    failed so far and the workers' pool, to use this process while the workers
    render and queue work behind the PDFs (the site's work,
    :mod:`policybrief.build.site_build`); it must not raise.

    Raises:
        UsageError: ``options.briefs`` names a brief that does not exist.
    """
    report = BuildReport()
    theme = Theme.for_project(corpus.root)
    notify = progress or (lambda event, slug, detail: None)
    slugs = [
        s for s in select_briefs(corpus, options.briefs, brief_files) if in_shard(s, options.shard)
    ]
    remove_deleted(state, brief_files, manifest, report, diags)
    manifest.remove_temporary_files()
    # The output's top-level names policybrief writes: briefs' folders, the site's.
    owned = set(brief_files) | {*SITE_FOLDERS, MANIFEST}
    for link in manifest.remove_links(owned):
        report.notices.append(
            f"removed the link output/{link}: the output folder holds only what policybrief "
            "writes, and a build never writes through a link"
        )

    for slug in sorted(brief_files - set(corpus.briefs)):
        # A manifest that cannot be read is a brief that failed, if it was asked for.
        if (not options.briefs or slug in slugs_named(options.briefs)) and in_shard(
            slug, options.shard
        ):
            fail(state, report, slug)
    stale: list[Pending] = []
    theme_files: dict[str, set[str]] = {}
    shared = build_inputs(corpus, options)
    renderer: Renderer | None = None
    for slug in slugs:
        view = _resolved(corpus, theme, slug, (broken, site), diags)
        if view is None:
            fail(state, report, slug)
            # Its template's fonts are checked all the same: a missing font
            # package is said in this run, not once the content is fixed.
            template = corpus.briefs[slug].data.template or corpus.settings.template
            if theme.has_template(template):
                renderer = renderer or Renderer(
                    corpus, theme, options, manifest, diags, state, report, notify
                )
                renderer.covered(template)
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
        stale.append(Pending(view, deps, formats))

    if stale:
        renderer = renderer or Renderer(
            corpus, theme, options, manifest, diags, state, report, notify
        )
        renderer.run(_in_order(stale, state), pool, while_rendering)
    elif pool is not None:
        pool.stop()  # not needed after all: no use waiting for its warm-up
    return report


#: The site's top-level files and folders in the output folder.
SITE_FOLDERS = ("index.html", "feed.xml", "search", "timeline", "tags", "actors", "assets", "media")


def _in_order(stale: list[Pending], state: BuildState) -> list[Pending]:
    """The stale briefs, the longest render first (:mod:`policybrief.build.schedule`)."""
    by_slug = {entry.view.slug: entry for entry in stale}
    sizes = {slug: brief_size(entry.view) for slug, entry in by_slug.items()}
    seconds = {slug: b.seconds for slug, b in state.briefs.items() if slug in by_slug}
    return [by_slug[slug] for slug in longest_first(sizes, seconds)]


def _resolved(
    corpus: Corpus,
    theme: Theme,
    slug: str,
    broken: tuple[set[str], Corpus],
    diags: Diagnostics,
) -> BriefView | None:
    """The brief's view, or None (with an error) if its template or content is unusable."""
    record = corpus.briefs[slug]
    if not template_ok(corpus, record, theme, diags):
        return None
    try:
        view = resolve_brief(corpus, slug)
    except UnresolvedError as exc:
        _with_errors(record.path, _failing(exc, broken[0]), diags)
        return None
    except (Exception, RecursionError, TimeLimitExceeded) as exc:
        diags.items.append(render_failure(record.path, exc, 0))
        return None
    files, site = broken
    uses = view.dependencies | {SETTINGS_FILE}
    if files and site is not corpus and slug in site.briefs:
        try:
            uses |= resolve_brief(site, slug).dependencies
        except (Exception, RecursionError, TimeLimitExceeded):
            pass  # what it used then cannot be known: what it uses now decides
    bad = sorted(uses & files)
    if bad:
        _with_errors(record.path, bad, diags)
        return None
    return view


def _failing(exc: UnresolvedError, files: set[str]) -> list[str]:
    """What keeps a brief from resolving, for its message: the files with errors it
    uses, then the ids it names that no valid file defines.

    An entity whose file has errors is left out of the corpus, so a mention of it
    is missing too: it is named by its file (``content/actors/x.yaml``), not as a
    missing "link 'x'" or "actor 'x'".
    """
    # By the id each file stands for: "India.yaml" (an id with a capital) is india's.
    by_id = {suggest_slug(PurePosixPath(rel).stem) or PurePosixPath(rel).stem: rel for rel in files}
    named = sorted(exc.uses & files)
    missing = []
    for item in exc.missing:
        id_ = item.partition(" ")[2].strip("'")
        rel = by_id.get(id_)
        if rel is None:
            missing.append(item)
        elif rel not in named:
            named.append(rel)
    return [*named, *missing]


def _with_errors(path: Path, what: list[str], diags: Diagnostics) -> None:
    diags.error(
        path,
        Position(1, 1),
        f"brief not built: it uses content with errors ({', '.join(what)})",
        "fix the errors reported in those files; the other briefs are built, and this "
        "one's last good build stays published",
        code="content-with-errors",
    )
