"""What stays published when something fails: last good copies of files, last good listings.

A build never takes a brief or an entity off the site because it failed to
load: only deleting its file does that. Two records in the build state make
this so:

- each brief's **listing** from its last good build
  (:mod:`policybrief.site.listing`): a brief that fails (content errors, a
  render failure, a time limit) is listed on every site page as it was;
- each content file's **last good copy** (``.policybrief/good/<sha256>``): a
  file with errors is read from that copy to build the site, so an actor whose
  file has a typo keeps its page, its place in lists and its name on the
  timeline until the typo is fixed; so does one whose file's name has a typo
  (``india.yml``, ``India.yaml``: the copy of ``india.yaml`` is read).

The copies are named by their digest and checked against it when read, so a
poisoned cache can at worst show an older text of the same file, never a path
outside the project.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from policybrief.build.state import STATE_DIR, BuildState
from policybrief.build.write import write_atomic
from policybrief.content.corpus import Corpus
from policybrief.content.load import RawProject, load_project, stands_for
from policybrief.content.project import RESERVED_SLUGS
from policybrief.content.validate import validate_project
from policybrief.errors import Diagnostics
from policybrief.site.data import brief_listings
from policybrief.site.listing import BriefListing, listing_from_json, listing_to_json

#: The folder of last good copies inside ``.policybrief/``.
GOOD_DIR = "good"


def broken_files(root: Path, diags: Diagnostics) -> set[str]:
    """The project-relative POSIX paths of the files inside ``root`` that have errors."""
    broken = set()
    for d in diags.errors:
        try:
            broken.add(d.path.relative_to(root).as_posix())
        except ValueError:
            continue  # a theme file or an output: not content
    return broken


def _stood_for(root: Path, broken: set[str]) -> set[str]:
    """The files that files of ``broken`` refused for their name stand for
    (:func:`~policybrief.content.load.stands_for`: ``india.yaml`` for ``india.yml``)."""
    return {wanted for rel in broken if (wanted := stands_for(root, root / rel)) is not None}


def site_corpus(root: Path, corpus: Corpus, broken: set[str], state: BuildState) -> Corpus:
    """The corpus the site is built from: each file with errors read from its last good copy.

    A file with errors and no usable last good copy (new, or its copy has
    errors too now) is left out of it. Without errors, ``corpus`` itself.
    """
    if not broken:
        return corpus
    instead = {}
    stood_for = _stood_for(root, broken)
    for rel in sorted(broken | stood_for):
        digest = state.good.get(rel)
        # A file with errors, or one that a file refused for its name stands for.
        if digest is not None and ((root / rel).is_file() or rel in stood_for):
            data = _read_copy(root, digest)
            if data is not None:
                instead[rel] = data
    diags = Diagnostics()
    site = validate_project(load_project(root, diags, instead=instead), diags)
    still = broken_files(root, diags)
    for records in (site.actors, site.agenda, site.analysis, site.sources, site.briefs):
        for id_ in [i for i, r in records.items() if r.rel in still]:
            del records[id_]
    return site


def site_listings(
    site: Corpus,
    state: BuildState,
    brief_files: set[str],
    failed: set[str],
    formats: Mapping[str, Sequence[str]] | None = None,
) -> tuple[dict[str, BriefListing], list[str]]:
    """Return the listings the site shows and the briefs served from their last good build.

    A brief that failed, or that cannot be listed from ``site`` for errors
    (not because it is a draft on purpose), takes the listing of its last
    good build, if it has one; it is served from its last good build if it
    has saved state at all. The others link the ``formats`` published of
    them (:func:`~policybrief.site.data.brief_listings`).
    """
    listings = brief_listings(site, formats)
    kept = []
    for slug in sorted(brief_files):
        if slug not in failed and (slug in listings or _unlisted_on_purpose(site, slug)):
            continue
        listings.pop(slug, None)
        previous = state.briefs.get(slug)
        if previous is None:
            continue
        kept.append(slug)
        if previous.listing is not None:
            listings[slug] = listing_from_json(previous.listing)
    return listings, kept


def _unlisted_on_purpose(site: Corpus, slug: str) -> bool:
    """A valid brief the site does not list: a draft (without include_drafts), a reserved slug."""
    record = site.briefs.get(slug)
    if record is None:
        return False
    draft = record.data.status == "draft" and not site.settings.site.include_drafts
    return draft or slug in RESERVED_SLUGS


def remember_listings(
    state: BuildState, listings: dict[str, BriefListing], kept: list[str]
) -> None:
    """Save each brief's listing as its last good one, except for briefs served from theirs."""
    for slug, brief in state.briefs.items():
        if slug not in kept:
            listing = listings.get(slug)
            brief.listing = listing_to_json(listing) if listing is not None else None


def remember_good(
    root: Path, project: RawProject, broken: set[str], state: BuildState, *, collect: bool
) -> None:
    """Record the copy of each file read without errors as its last good one.

    A file with errors keeps the copy it had; a file deleted on purpose loses
    it. With ``collect``, copies nothing refers to any more are removed. A
    copy that cannot be written is skipped: the state is a cache.
    """
    folder = root / STATE_DIR / GOOD_DIR
    good: dict[str, str] = {}
    documents = [*project.documents, *([project.settings] if project.settings else [])]
    for doc in documents:
        if (
            doc.rel not in broken
            and doc.rel not in project.instead
            and _keep_copy(root, doc.rel, doc.digest, folder)
        ):
            good[doc.rel] = doc.digest
    stood_for = _stood_for(root, broken)
    for rel, digest in state.good.items():
        if (rel in broken and (root / rel).is_file()) or rel in stood_for:
            good.setdefault(rel, digest)
    state.good = good
    if collect and folder.is_dir():
        wanted = set(good.values())
        for path in folder.iterdir():
            if path.name not in wanted:
                path.unlink(missing_ok=True)


def _keep_copy(root: Path, rel: str, digest: str, folder: Path) -> bool:
    """Make sure ``folder/digest`` holds the file's bytes; False if they changed or it cannot."""
    target = folder / digest
    if target.is_file():
        return True
    try:
        data = (root / rel).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            return False  # saved again since it was read: that text was never checked
        write_atomic(target, data)
    except OSError:
        return False
    return True


def _read_copy(root: Path, digest: str) -> bytes | None:
    """The last good copy named ``digest``, or None when missing or not what its name says."""
    try:
        data = (root / STATE_DIR / GOOD_DIR / digest).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None
