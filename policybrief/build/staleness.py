"""Which briefs a build renders, and why: selection, shards, fingerprints, staleness.

Pure functions of data: a brief is stale when the digest of one of its inputs
changed (its manifest, the content it resolves to, what its ``auto`` sections
select, the theme files its template uses, the options that change output, this
package's code), never because of a file's modification time.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policybrief.build.options import BuildOptions
from policybrief.build.state import BriefState, code_digest
from policybrief.errors import UsageError, closest
from policybrief.render.theme import Theme, template_files

if TYPE_CHECKING:  # annotations only: the build starts its workers before importing the renderer
    from policybrief.content.corpus import Corpus
    from policybrief.render.resolve import BriefView


def in_shard(slug: str, shard: tuple[int, int] | None) -> bool:
    """Return whether the brief ``slug`` belongs to ``shard``, (K, N): shard K (1-based) of N.

    None means no sharding: every brief belongs. The split is by a digest of
    the slug, so a brief stays in its shard on every machine and run.
    """
    if shard is None:
        return True
    k, n = shard
    return int(hashlib.sha256(slug.encode()).hexdigest(), 16) % n == k - 1


def selected(slug: str, options: BuildOptions) -> bool:
    """Whether the build ``options`` ask for makes the brief ``slug`` (named, in its shard)."""
    named = not options.briefs or slug in slugs_named(options.briefs)
    return named and in_shard(slug, options.shard)


def own_brief_names(root: Path, names: Sequence[str]) -> tuple[str, ...]:
    """Return ``names`` with each path of a brief file replaced by its slug.

    A name without a slash is a slug or a ``briefs/`` file name, kept as it
    is, unless it names a ``.yaml`` file in the current folder. A name with
    one (or that) is a path: relative to the current folder, or to
    ``root`` (the absolute project folder) when that names a file there, as
    ``briefs/NAME.yaml`` does from anywhere. It must be a ``.yaml`` file
    directly in ``root/briefs/``; whether one exists is checked later.

    Raises:
        UsageError: a path outside ``root/briefs/`` (a brief of another
            project, a content file), naming the file and the project.
    """
    briefs = root / "briefs"
    own = []
    for name in names:
        plain = "/" not in name and os.sep not in name
        if plain and not (name.endswith(".yaml") and (Path.cwd() / name).is_file()):
            own.append(name)
            continue
        given = Path(name).expanduser()
        places = [Path.cwd() / given] if not given.is_absolute() else [given]
        if not given.is_absolute() and not places[0].exists():
            places.append(root / given)
        place = next((p for p in places if _in_folder(p, briefs)), None)
        if place is None or place.suffix != ".yaml":
            shown = Path(os.path.abspath(places[0]))
            raise UsageError(
                f"{shown} is not a brief of this project ({root}): name a brief by its "
                f"slug or its .yaml file in {briefs}"
            )
        own.append(place.stem)
    return tuple(own)


def _in_folder(path: Path, folder: Path) -> bool:
    """Whether ``path`` lies directly in ``folder``, as written or with links resolved."""
    parent = Path(os.path.abspath(path)).parent
    if parent == Path(os.path.abspath(folder)):
        return True
    try:
        return path.resolve().parent == folder.resolve()
    except OSError:
        return False


def slugs_named(names: Sequence[str]) -> set[str]:
    """The slugs that ``--briefs`` names, given as slugs or ``briefs/`` file names."""
    return {Path(n).stem if n.endswith(".yaml") else n for n in names}


def select_briefs(corpus: Corpus, names: Sequence[str], existing: set[str]) -> list[str]:
    """The slugs to build: every valid brief, or those ``names`` names, in order.

    ``names`` are slugs or ``briefs/`` file names; ``existing`` is every brief
    file's slug, valid or not (a brief with errors is named but not built).

    Raises:
        UsageError: a name matches no file in ``briefs/`` (with the closest slug).
    """
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
    """The inputs every brief of this build shares: options that change output, the
    output folder, the code.

    Computed once per build: the code digest reads the whole package.
    """
    return {
        "option:SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
        "option:pdf_variant": options.pdf_variant or corpus.settings.pdf_variant,
        # The state describes one output folder: after a build into another
        # (--output), outputs here may be older than the fingerprints say.
        "option:output": str(options.output_folder(corpus.root)),
        "code": code_digest(),
        "scale": corpus.scale.digest,
    }


def brief_inputs(
    view: BriefView,
    theme: Theme,
    digests: dict[str, str],
    formats: Sequence[str],
    shared: dict[str, str],
    theme_files: dict[str, set[str]] | None = None,
) -> dict[str, str]:
    """Every input of one brief with its digest: what its fingerprint is made of.

    ``digests`` maps each project file (and ``theme:REL``) to its digest;
    ``shared`` comes from :func:`build_inputs`; ``theme_files`` caches each
    template's files across the briefs of one build.
    """
    cache = {} if theme_files is None else theme_files
    if view.template not in cache:
        cache[view.template] = template_files(theme, view.template)
    deps = {rel: digests.get(rel, "missing") for rel in view.dependencies}
    for rel in cache[view.template]:
        deps[f"theme:{rel}"] = digests.get(f"theme:{rel}", "missing")
    deps["option:outputs"] = ",".join(formats)
    if view.past_edition is not None:  # what its "What changed" section compares with
        deps["edition:past"] = view.past_edition.digest()
    deps.update(shared)
    return deps


def why_stale(
    previous: BriefState | None,
    deps: dict[str, str],
    selections: list[Any],
    outputs_present: bool,
    force: bool,
) -> str | None:
    """Return why a brief must be rendered again, or None when its outputs are current.

    ``previous`` is its saved state (None: never built); ``deps`` its inputs
    now (:func:`brief_inputs`); ``selections`` what its ``auto`` sections
    select now (:func:`selections`). The reason is shown by ``--verbose``:
    "--force", "not built before", "output missing", "X changed", or a
    changed auto selection.
    """
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


def selections(view: BriefView) -> list[Any]:
    """Return what the brief's ``auto`` sections selected, as JSON-ready lists for the state.

    Each is ``[section index, kind, [id, ...]]``; lists, not tuples, so a value
    read back from the state compares equal.
    """
    return [[index, kind, list(ids)] for index, kind, ids in view.selections]


def output_files(slug: str, formats: Sequence[str]) -> list[str]:
    """Return the output files of one brief, as POSIX paths relative to the output folder.

    ``formats`` may hold "html" (``SLUG/index.html``) and "pdf"
    (``SLUG/SLUG.pdf``); other values add nothing.
    """
    files = []
    if "html" in formats:
        files.append(f"{slug}/index.html")
    if "pdf" in formats:
        files.append(f"{slug}/{slug}.pdf")
    return files
