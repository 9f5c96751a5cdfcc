"""Build a project: ``build_project(root, options) -> BuildReport``, for ``build`` and ``serve``.

Under the project lock: digest every input without parsing it and stop when
nothing changed since the last build (the no-op build); otherwise load and
validate all content, render what is stale and save the build state, even
when interrupted, so the next build finishes the job.

The state describes only what was rendered: the digests recorded are those of
the bytes the build read, and every input is digested again once the build is
done; a file saved in the meantime leaves the state saying so, and the next
build renders again whatever used it (docs/reliability.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.build.options import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_TIMEOUT,
    BuildOptions,
    BuildReport,
    Progress,
    memory_limit_origin,
)
from policybrief.build.state import SITE_FILES, BuildState
from policybrief.errors import Diagnostics, PolicybriefError, Position
from policybrief.render.theme import Theme

if TYPE_CHECKING:  # annotations only: the build imports these when it needs them
    from policybrief.build.pool import PdfPool
    from policybrief.build.site_build import SiteBuild
    from policybrief.content.load import RawProject

#: Problems after which the saved state must not claim the build complete.
_INCOMPLETE = frozenset({"pdf-failed", "cannot-write"})


def build_project(
    root: Path,
    options: BuildOptions,
    *,
    state: BuildState | None = None,
    on_wait: Callable[[], None] | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build what is stale in the project at ``root``; return what happened, unprinted.

    ``root`` may be relative (it is resolved first). With ``state`` the build
    compares against and updates that state in memory and leaves
    ``.policybrief/state.json`` alone: ``serve``'s HTML-only builds must not make
    the next full build think the PDFs are current. ``on_wait`` is called if
    another build of the project holds the lock; ``progress`` receives each
    brief's events.

    Raises:
        PolicybriefError: ``.policybrief/`` cannot be created or locked.
        UsageError: ``options.briefs`` names a brief that does not exist, or
            a file that is not a brief of this project.
    """
    from policybrief.build.lock import project_lock
    from policybrief.build.manifest import check_output_folder
    from policybrief.build.staleness import own_brief_names

    root = root.resolve()
    if options.briefs:
        options = replace(options, briefs=own_brief_names(root, options.briefs))
    if state is None and not options.briefs and _nothing_to_build(root):
        return _check_only(root, options)
    output = options.output_folder(root)
    check_output_folder(root, output)
    theme = Theme.for_project(root)
    with ExitStack() as stack:
        try:
            stack.enter_context(project_lock(root / ".policybrief", on_wait or (lambda: None)))
        except OSError as exc:
            raise PolicybriefError(
                f"cannot use {root / '.policybrief'}: {exc.strerror}; "
                "the project folder must be writable"
            ) from None
        return _locked_build(root, options, output, theme, state, progress)


def _nothing_to_build(root: Path) -> bool:
    """Whether the project has no brief and never had a build whose outputs must go.

    A project whose last brief was deleted still builds, so that brief's outputs
    are removed; one that never had a brief only gets its content checked.
    """
    has_briefs = any((root / "briefs").glob("*.yaml"))
    return not has_briefs and not (root / ".policybrief").exists()


def _check_only(root: Path, options: BuildOptions) -> BuildReport:
    """Validate the content of a project without briefs; write nothing (not even the site)."""
    from policybrief.build.check import check_project

    checked = check_project(root)
    return BuildReport(
        diagnostics=checked.diagnostics,
        strict=options.strict or checked.strict,
        no_briefs=True,
    )


def _locked_build(
    root: Path,
    options: BuildOptions,
    output: Path,
    theme: Theme,
    state: BuildState | None,
    progress: Progress | None,
) -> BuildReport:
    from policybrief.build.scan import scan_inputs
    from policybrief.build.state import (
        UnusableStateError,
        code_digest,
        combine,
        diagnostic_from_json,
        load_state,
    )
    from policybrief.content.editions import history_marker

    if _workers_left_files(root):
        from policybrief.render.pdf import remove_stale_temporary_folders

        # A killed build's workers could not remove their temporary files (with the
        # CJK fonts, about 100 MB each); a build that starts no workers removes them too.
        remove_stale_temporary_folders(root / ".policybrief" / "tmp")
    digests = scan_inputs(root, theme)
    shard = f"{options.shard[0]}/{options.shard[1]}" if options.shard else ""
    request = {
        "code": code_digest(),
        "output": str(output),
        "briefs": ",".join(options.briefs),
        "outputs": ",".join(options.formats or ()),
        "shard": shard,
        "pdf_variant": options.pdf_variant or "",
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
        # A brief's "What changed" section reads git history, which no file digest sees.
        "history": history_marker(root),
    }
    inputs = combine([*digests.items(), *(("request:" + k, v) for k, v in request.items())])
    persist = state is None
    notices = []
    if state is None:
        try:
            state = load_state(root) or BuildState()
        except UnusableStateError as exc:
            notices.append(f"ignored the build state in .policybrief/ ({exc}); rebuilt everything")
            state = BuildState()
    if not options.force and state.inputs == inputs and outputs_present(state, output):
        # Nothing changed since the last build: show its diagnostics again, stop.
        diags = Diagnostics([diagnostic_from_json(d, root) for d in state.diagnostics])
        return BuildReport(
            skipped=sorted(state.briefs),
            diagnostics=diags,
            strict=options.strict or state.strict,
            up_to_date=True,
        )
    pool = _early_pool(root, theme, options, state, digests, output)
    try:
        report = _full_build(root, options, output, digests, inputs, state, persist, progress, pool)
    except BaseException:
        if pool is not None:
            pool.stop()
        raise
    finally:
        if pool is not None:
            pool.close()  # unused, or closed already by the rendering
    report.notices[:0] = notices
    return report


def _workers_left_files(root: Path) -> bool:
    """Is there a PDF workers' temporary folder under ``root/.policybrief/`` (cheap: one stat)?"""
    return (root / ".policybrief" / "tmp").is_dir()


def _early_pool(
    root: Path,
    theme: Theme,
    options: BuildOptions,
    state: BuildState,
    digests: dict[str, str],
    output: Path,
) -> PdfPool | None:
    """Start the PDF workers the build will probably need, before it loads the content.

    They import WeasyPrint while this process loads, validates and renders
    HTML (:mod:`policybrief.build.schedule`); None when no PDF is likely.
    """
    from policybrief.build.pool import PdfPool
    from policybrief.build.schedule import likely_pdfs, settings_jobs, settings_memory_limit
    from policybrief.build.staleness import in_shard, slugs_named

    if options.formats is not None and "pdf" not in options.formats:
        return None
    slugs = {p.stem for p in (root / "briefs").glob("*.yaml")}
    if options.briefs:
        slugs &= slugs_named(options.briefs)
    slugs = {s for s in slugs if in_shard(s, options.shard)}
    likely = likely_pdfs(
        state,
        digests,
        sorted(slugs),
        force=options.force,
        present=lambda rel: (output / rel).is_file(),
    )
    jobs = options.jobs or settings_jobs(root) or os.cpu_count() or 1
    if not likely:
        return None
    setting = settings_memory_limit(root)
    limit = options.memory_limit or setting or DEFAULT_MEMORY_LIMIT
    origin = memory_limit_origin(limit, None if options.memory_limit else setting)
    return PdfPool(root, theme, workers=min(likely, jobs), memory_limit=limit, memory_origin=origin)


def _full_build(
    root: Path,
    options: BuildOptions,
    output: Path,
    digests: dict[str, str],
    inputs: str,
    state: BuildState,
    persist: bool,
    progress: Progress | None,
    pool: PdfPool | None,
) -> BuildReport:
    """Load, validate and render; save the state whatever happens (its own reason below).

    ``pool`` is the workers started before loading (:func:`_early_pool`). One
    function, longer than most: the ``finally`` that saves the state must see
    every step.
    """
    from policybrief.build.briefs import build_briefs
    from policybrief.build.last_good import broken_files, site_corpus
    from policybrief.build.manifest import OutputManifest
    from policybrief.build.site_build import SiteBuild
    from policybrief.content.load import load_project
    from policybrief.content.project import suggest_slug
    from policybrief.content.standards import check_standards
    from policybrief.content.validate import validate_project

    diags = Diagnostics()
    project = load_project(root, diags)
    corpus = check_standards(validate_project(project, diags), diags).corpus
    # Render what was digested: the digests of the bytes read, not of the scan's.
    read = {d.rel: d.digest for d in [*project.documents, project.settings] if d is not None}
    raced = any(digests.get(rel) != digest for rel, digest in read.items())
    digests = {**digests, **read}
    settings = corpus.settings
    options = replace(
        options,
        jobs=options.jobs or settings.jobs or os.cpu_count() or 1,
        timeout=options.timeout or settings.timeout or DEFAULT_TIMEOUT,
        memory_limit=options.memory_limit or settings.memory_limit or DEFAULT_MEMORY_LIMIT,
    )
    brief_files = {d.id for d in project.documents if d.kind == "briefs"}
    brief_files |= {p.stem for p in (root / "briefs").glob("*.yaml")}
    # A manifest refused for its name (Summit.yaml, summit.yml) stands for its
    # brief: a typo there keeps the brief's last good build, as one inside does.
    stood_for = {id_ for kind, id_ in project.refused if kind == "briefs"}
    brief_files = {s for s in brief_files if suggest_slug(s, brief=True) not in stood_for}
    brief_files |= stood_for
    broken = broken_files(root, diags)
    manifest = OutputManifest.read(output) or OutputManifest(output)
    report = BuildReport()
    finished = False
    try:
        site = site_corpus(root, corpus, broken, state)
        overlap = _Overlap(
            SiteBuild(root, site, brief_files, state, manifest, options),
            lambda: _remember_good(root, project, broken, state, persist),
        )
        report = build_briefs(
            corpus,
            brief_files,
            options,
            diags,
            output=output,
            manifest=manifest,
            digests=digests,
            broken=broken,
            site=site,
            state=state,
            progress=progress,
            pool=pool,
            while_rendering=overlap.prepare,
        )
        overlap.finish(report, diags)
        finished = True
    finally:
        # Save what was built even when interrupted: the next build finishes the job.
        changed = _changed_since(root, digests, state)
        complete = (
            finished and not report.failed and not any(d.code in _INCOMPLETE for d in diags.items)
        )
        state.inputs = inputs if complete and not raced and not changed else ""
        state.output = str(output)
        state.strict = settings.strict
        _save(root, state, diags, persist)
    report.diagnostics = diags
    report.strict = options.strict or settings.strict
    return report


class _Overlap:
    """What the build does while the last PDFs render: the site's work, the last good copies.

    Neither depends on how the briefs still rendering turn out, but for the
    site pages, which :class:`~policybrief.build.site_build.SiteBuild` renders
    again if one of them fails.
    """

    def __init__(self, site: SiteBuild, remember_good: Callable[[], None]) -> None:
        self.site, self.remember_good = site, remember_good
        self.remembered = False

    def prepare(self, failed: set[str], pool: PdfPool) -> None:
        """Prepare the site and record the last good copies; never raise (see :meth:`finish`)."""
        self.site.prepare(failed, pool)
        try:
            self.remember_good()
            self.remembered = True
        except Exception:  # done again in finish(), where an error is raised as before
            pass

    def finish(self, report: BuildReport, diags: Diagnostics) -> None:
        """Write the site for the briefs' outcomes; record the last good copies if not yet."""
        self.site.finish(report, diags)
        if not self.remembered:
            self.remember_good()


def _remember_good(
    root: Path, project: RawProject, broken: set[str], state: BuildState, persist: bool
) -> None:
    from policybrief.build.last_good import remember_good

    remember_good(root, project, broken, state, collect=persist)


def _changed_since(root: Path, digests: dict[str, str], state: BuildState) -> bool:
    """Digest every input again; mark each brief using a file saved since it was read stale.

    True when any input changed during the build (the state must not then
    claim the build complete).
    """
    from policybrief.build.scan import scan_inputs

    after = scan_inputs(root, Theme.for_project(root))
    changed = {k for k in after.keys() | digests.keys() if after.get(k) != digests.get(k)}
    for brief in state.briefs.values():
        for name in changed & brief.deps.keys():
            brief.deps[name] = "changed during the build"
    return bool(changed)


def _save(root: Path, state: BuildState, diags: Diagnostics, persist: bool) -> None:
    from policybrief.build.state import diagnostic_to_json, save_state

    state.diagnostics = [diagnostic_to_json(d, root) for d in diags.sorted()]
    try:
        if persist:
            save_state(root, state)
    except OSError as exc:
        diags.warning(
            root / ".policybrief",
            Position(0, 0),
            f"cannot save build state: {exc.strerror}",
            code="state-unsaved",
        )


def outputs_present(state: BuildState, output: Path) -> bool:
    """Whether every output the state records, every site file, and every file the
    output folder's manifest lists (an actor's page, a web font) is still in place:
    a page deleted from output/ is written again, not skipped as up to date."""
    from policybrief.build.manifest import OutputManifest

    briefs = all((output / rel).is_file() for b in state.briefs.values() for rel in b.outputs)
    if not briefs or not all((output / rel).is_file() for rel in SITE_FILES):
        return False
    manifest = OutputManifest.read(output)
    return manifest is None or all((output / rel).is_file() for rel in manifest.files)
