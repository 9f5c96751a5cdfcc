"""The site's share of a build, done while the last PDFs render: assets, then pages.

Once every PDF is queued, the build process has nothing to do but wait for the
workers, so it does the site's work then (:meth:`SiteBuild.prepare`): it
writes the theme's assets with the site's web fonts (no brief's outcome
changes them) and renders every site page as if each brief still rendering
succeeds. When the workers have every CPU, the web font subsets (about a
second of CPU for the theme's faces) are queued behind the PDFs instead, for
the workers to make as each runs out of PDFs, and the assets are written once
the workers are done: the subsets fill the time a worker would idle while
another renders the last PDF, rather than take a CPU from the PDFs. Nothing a
brief's outcome decides is written then: once every brief is done,
:meth:`SiteBuild.finish` writes the pages rendered, or renders them again if a
brief failed after all, so a failed brief keeps its last good listing
(:mod:`policybrief.build.last_good`) exactly as if the site had waited.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.build.last_good import remember_listings, site_listings
from policybrief.build.manifest import OutputManifest
from policybrief.build.options import BuildReport
from policybrief.build.outputs import copy_assets
from policybrief.build.site_output import SitePages, render_site, write_site
from policybrief.build.state import STATE_DIR, BuildState
from policybrief.content.corpus import Corpus
from policybrief.errors import Diagnostics
from policybrief.render.fontfiles import CACHE_FILE, FontIndex
from policybrief.render.theme import Theme
from policybrief.render.webfonts import WebFonts, site_characters
from policybrief.report import plural

if TYPE_CHECKING:  # annotations only: the pool is made before the site's modules load
    from policybrief.build.pool import PdfPool


class SiteBuild:
    """The assets and site pages of one build, prepared early and written once briefs are done."""

    def __init__(
        self,
        root: Path,
        site: Corpus,
        brief_files: set[str],
        state: BuildState,
        manifest: OutputManifest,
    ) -> None:
        """Take the corpus the site shows (last good copies of broken files) and the state.

        ``brief_files`` is every brief file's slug, valid or not.
        """
        self.root, self.site, self.brief_files = root, site, brief_files
        self.state, self.manifest = state, manifest
        self.theme = Theme.for_project(root)
        #: Asset files written (None: not yet) and the problems met writing them.
        self.assets: tuple[int, Diagnostics] | None = None
        #: The web font subsets queued in the PDF workers, by key (see :meth:`prepare`).
        self.made: dict[str, Callable[[], bytes]] = {}
        #: Every character the site shows (:func:`site_characters`), once known.
        self.characters: frozenset[int] | None = None
        #: The failed briefs the pages were rendered for, the pages (None after a
        #: template error) and the problems met rendering them.
        self.pages: tuple[frozenset[str], SitePages | None, Diagnostics] | None = None

    def prepare(self, failed: set[str], pool: PdfPool | None = None) -> None:
        """Write the assets and render the pages, assuming only ``failed`` briefs fail.

        Called while PDFs render. With a ``pool`` whose workers have every CPU,
        the web font subsets are queued in it and the assets left for
        :meth:`finish`. Never raises an error of its own: whatever goes wrong is
        left for :meth:`finish` to do again and report.
        """
        try:
            self.made = self._queue_subsets(pool)
            if not self.made:
                self.assets = self._write_assets()
            self.pages = self._render(frozenset(failed))
        except Exception:
            self.assets, self.pages = None, None

    def finish(self, report: BuildReport, diags: Diagnostics) -> None:
        """Write the site for the briefs' outcomes in ``report``; note which were kept.

        Problems go to ``diags`` in the order an unprepared build reports them.
        """
        assets, asset_problems = self.assets or self._write_assets()
        failed = frozenset(report.failed)
        if self.pages is None or self.pages[0] != failed:
            self.pages = self._render(failed)
        _, rendered, page_problems = self.pages
        diags.items.extend([*asset_problems.items, *page_problems.items])
        report.files += assets
        if rendered is not None:
            report.files += write_site(self.site, rendered, self.manifest, diags)
        listings, kept = site_listings(self.site, self.state, self.brief_files, set(failed))
        remember_listings(self.state, listings, kept)
        report.kept = kept
        if not self.site.settings.site.include_drafts:
            briefs = self.site.briefs
            drafts = sorted(slug for slug, r in briefs.items() if r.data.status == "draft")
            if drafts:
                report.notices.append(drafts_notice(drafts))

    def _queue_subsets(self, pool: PdfPool | None) -> dict[str, Callable[[], bytes]]:
        """Queue in ``pool`` the web font subsets not kept from an earlier build, if its
        workers have every CPU (else this process has one to spare); by their keys."""
        if pool is None or pool.workers < (os.cpu_count() or 1):
            return {}
        fonts = self._web_fonts()
        wanted = [
            subset
            for rel, source in self.theme.asset_files().items()
            if rel.endswith(".css")
            for subset in fonts.wanted(rel, source.read_text("utf-8"))
        ]
        fonts.index.save()
        return {s.key: pool.subset(s.font, s.points) for s in wanted}

    def _web_fonts(self) -> WebFonts:
        state = self.root / STATE_DIR
        if self.characters is None:
            self.characters = site_characters(self.site, self.theme)
        index = FontIndex(state / CACHE_FILE)
        return WebFonts(self.theme, self.characters, index, state / "webfonts", self.made)

    def _write_assets(self) -> tuple[int, Diagnostics]:
        """Copy the theme's assets with the site's web fonts; the count written, the problems."""
        fonts = self._web_fonts()
        problems = Diagnostics()
        written = copy_assets(self.theme, self.manifest.output, self.manifest, problems, fonts)
        fonts.index.save()
        return written, problems

    def _render(
        self, failed: frozenset[str]
    ) -> tuple[frozenset[str], SitePages | None, Diagnostics]:
        """Render the pages for the briefs ``failed`` failing: theirs are the last good listings."""
        listings, _ = site_listings(self.site, self.state, self.brief_files, set(failed))
        problems = Diagnostics()
        return failed, render_site(self.site, self.theme, problems, listings), problems


def drafts_notice(drafts: list[str]) -> str:
    """The note that names the draft briefs kept off the site and how to list them."""
    names = ", ".join(f"{slug} (briefs/{slug}.yaml)" for slug in drafts)
    return (
        f"{plural(len(drafts), 'draft')} built at {'its' if len(drafts) == 1 else 'their'} "
        f"address but kept off the site's pages, feed and search: {names}; "
        "set 'status: final' in a brief, or 'include_drafts: true' under 'site:' in "
        "policybrief.yaml to list drafts"
    )
