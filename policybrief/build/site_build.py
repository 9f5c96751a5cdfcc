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

import html
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.build.last_good import remember_listings, site_listings
from policybrief.build.manifest import MANIFEST, OutputManifest
from policybrief.build.options import FORMATS, BuildOptions, BuildReport
from policybrief.build.outputs import copy_assets, remove_unshown_media
from policybrief.build.site_output import SitePages, render_site, site_media, write_site
from policybrief.build.staleness import output_files, selected
from policybrief.build.state import STATE_DIR, BuildState
from policybrief.content.corpus import Corpus
from policybrief.errors import Diagnostics, Position
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
        options: BuildOptions,
    ) -> None:
        """Take the corpus the site shows (last good copies of broken files) and the state.

        ``brief_files`` is every brief file's slug, valid or not; ``options``
        say which briefs this build makes, in which formats.
        """
        self.root, self.site, self.brief_files = root, site, brief_files
        self.state, self.manifest, self.options = state, manifest, options
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
            self.characters = self._characters(frozenset(failed))
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
        failed = frozenset(report.failed)
        characters = self._characters(failed)
        if characters != self.characters:  # a brief failed after all: its kept page's text
            self.characters, self.made, self.assets = characters, {}, None
        assets, asset_problems = self.assets or self._write_assets()
        if self.pages is None or self.pages[0] != failed:
            self.pages = self._render(failed)
        _, rendered, page_problems = self.pages
        diags.items.extend([*asset_problems.items, *page_problems.items])
        report.files += assets
        if rendered is not None:
            report.files += write_site(self.site, rendered, self.manifest, diags)
            # Only once the site's pages are known: an actor's summary shows images too.
            remove_unshown_media(self.state, self.manifest, site_media(rendered), diags)
        self._save_manifest(diags)
        listings, kept = site_listings(
            self.site, self.state, self.brief_files, set(failed), self._formats()
        )
        remember_listings(self.state, listings, kept)
        report.kept = kept
        if not self.site.settings.site.include_drafts:
            briefs = self.site.briefs
            drafts = sorted(slug for slug, r in briefs.items() if r.data.status == "draft")
            if drafts:
                report.notices.append(drafts_notice(drafts))

    def _formats(self) -> dict[str, tuple[str, ...]]:
        """The formats the site links of each brief: those published once the build is done.

        A brief this build makes (or that no build made yet: another shard's)
        is published in the formats asked for; another keeps those it was last
        built in. Serve's HTML-only builds link a brief's ``outputs:``.
        The same for every brief whatever it is still rendering, so the pages
        prepared early are those the finished build would render.
        """
        options = self.options
        formats: dict[str, tuple[str, ...]] = {}
        for slug, record in self.site.briefs.items():
            asked = tuple(options.formats or record.data.outputs)
            previous = self.state.briefs.get(slug)
            if options.keep_other_formats:
                formats[slug] = tuple(record.data.outputs)
            elif previous is None or selected(slug, options):
                formats[slug] = asked
            else:
                made = set(previous.outputs)
                formats[slug] = tuple(f for f in FORMATS if output_files(slug, [f])[0] in made)
        return formats

    def _save_manifest(self, diags: Diagnostics) -> None:
        """Save the files this build removed from the manifest (``cannot-write`` if it fails)."""
        try:
            self.manifest.save_removals()
        except OSError as exc:
            diags.error(
                self.manifest.output / MANIFEST,
                Position(1, 1),
                f"cannot write output: {exc.strerror}",
                "check that the output folder is writable and the disk not full",
                code="cannot-write",
            )

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

    def _characters(self, failed: frozenset[str]) -> frozenset[int]:
        """Every character the site shows if ``failed`` briefs fail (:func:`site_characters`).

        A failed brief is served from its last good build: its page and its
        listing may show text the corpus no longer holds (an actor's Chinese
        name, after the actor's file was deleted), so their characters count too
        - but not in a sharded build, whose shards must write the same web fonts
        and each knows only its own failures (docs/ci-guide.md).
        """
        if self.options.shard is not None:
            return site_characters(self.site, self.theme)
        _, kept = site_listings(self.site, self.state, self.brief_files, set(failed))
        return site_characters(self.site, self.theme, self._kept_texts(kept))

    def _kept_texts(self, kept: list[str]) -> list[str]:
        """The texts of the briefs ``kept`` from their last good build: listing and page."""
        texts: list[str] = []
        for slug in kept:
            previous = self.state.briefs.get(slug)
            if previous is not None and previous.listing is not None:
                texts.append(json.dumps(previous.listing, ensure_ascii=False))
            for rel in output_files(slug, ["html"]):
                try:
                    page = (self.manifest.output / rel).read_text("utf-8", errors="replace")
                except OSError:
                    continue  # never published as a page, or removed by hand
                texts.append(html.unescape(page))
        return texts

    def _web_fonts(self) -> WebFonts:
        state = self.root / STATE_DIR
        if self.characters is None:
            self.characters = self._characters(frozenset())
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
        listings, _ = site_listings(
            self.site, self.state, self.brief_files, set(failed), self._formats()
        )
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
