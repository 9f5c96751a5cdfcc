"""When and in what order a build's PDFs are rendered: no CPU idle at either end.

Two decisions, both made so that no CPU waits while there is work:

- **How many workers to start before the content is loaded.** Starting a
  worker costs about a second (it imports WeasyPrint), so the build starts
  them first thing, to import while this process loads, validates and
  renders HTML. Which briefs are stale is known only once the content is
  loaded; :func:`likely_pdfs` guesses it from the last build's state and the
  digests of the files as they are now. A wrong guess costs little: too few
  and the build starts the pool again once it knows; too many and a worker
  idles.
- **Which brief goes first.** A worker that finishes while another still
  renders a long brief idles to the end; giving out the longest renders first
  (:func:`longest_first`) leaves only short ones for the end. Each brief's
  last render time is kept in the build state; a brief without one is
  estimated from the size of its text.

The order changes only when each PDF is made, never its bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.build.state import BuildState, code_digest
from policybrief.content.project import SETTINGS_FILE

if TYPE_CHECKING:  # annotations only: imported before the workers start, so kept light
    from policybrief.render.resolve import BriefView

#: ``jobs: N`` on a top-level line of the settings (the form every example uses).
_JOBS_RE = re.compile(r"^jobs:[ \t]*(\d+)[ \t]*(?:#.*)?$", re.M)
#: ``memory_limit: N`` (MiB) on a top-level line of the settings.
_MEMORY_RE = re.compile(r"^memory_limit:[ \t]*(\d+)[ \t]*(?:#.*)?$", re.M)
#: Inputs of a brief that are not files: the options and the scale are known
#: only once the settings are loaded, the past edition once history is read.
_NOT_FILES = ("option:", "edition:", "scale")


def settings_jobs(root: Path) -> int | None:
    """The ``jobs:`` of the project's settings read without parsing YAML; None if not there.

    Only a block-style top-level line is seen; the build checks the number
    against the parsed settings once they are loaded.
    """
    return _settings_number(root, _JOBS_RE)


def settings_memory_limit(root: Path) -> int | None:
    """The ``memory_limit:`` (MiB) of the project's settings, read as :func:`settings_jobs` reads.

    A guess for the workers started before loading; the build compares it
    with the parsed settings' and starts new workers if they differ.
    """
    return _settings_number(root, _MEMORY_RE)


def _settings_number(root: Path, line: re.Pattern[str]) -> int | None:
    """The positive whole number ``line`` captures in the settings file; None if none."""
    try:
        text = (root / SETTINGS_FILE).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    m = line.search(text)
    return (int(m.group(1)) if m else 0) or None


def likely_pdfs(
    state: BuildState,
    digests: Mapping[str, str],
    slugs: Iterable[str],
    *,
    force: bool,
    present: Callable[[str], bool],
) -> int:
    """How many of the briefs ``slugs`` will probably render a PDF: a guess, before loading.

    ``digests`` are the scan's (:func:`~policybrief.build.scan.scan_inputs`);
    ``present`` tells whether an output file (a path relative to the output
    folder) exists. A brief counts when it was never built, failed last time,
    lost an output, or one of its recorded file inputs or the code changed;
    a brief that made no PDF last time does not. What an ``auto`` section
    would newly select is not seen here.
    """
    count = 0
    for slug in slugs:
        previous = state.briefs.get(slug)
        if force or previous is None or not previous.deps:
            count += 1
            continue
        if not any(rel.endswith(".pdf") for rel in previous.outputs):
            continue
        if not all(present(rel) for rel in previous.outputs) or _changed(previous.deps, digests):
            count += 1
    return count


def _changed(deps: Mapping[str, str], digests: Mapping[str, str]) -> bool:
    for name, digest in deps.items():
        if name == "code":
            if digest != code_digest():
                return True
        elif not name.startswith(_NOT_FILES) and digests.get(name, "missing") != digest:
            return True
    return False


def brief_size(view: BriefView) -> int:
    """The characters of text a brief prints: what its render time grows with, roughly."""
    return sum(len(text.text) for text in view.texts)


def longest_first(sizes: Mapping[str, int], seconds: Mapping[str, float | None]) -> list[str]:
    """The slugs of ``sizes`` in the order to render them: the longest render first.

    ``sizes`` gives each brief's :func:`brief_size`; ``seconds`` its last
    render's CPU seconds (None or absent: not known). A brief without seconds
    is estimated at the seconds per character of those with both; when none
    has seconds, size alone decides. Ties go by slug, so the order is the same
    on every run.
    """
    timed = {slug: s for slug, s in seconds.items() if s is not None and slug in sizes}
    sized = sum(sizes[slug] for slug in timed)
    rate = sum(timed.values()) / sized if timed and sized else None

    def estimate(slug: str) -> float:
        if slug in timed:
            return timed[slug]
        return sizes[slug] * rate if rate is not None else float(sizes[slug])

    return sorted(sizes, key=lambda slug: (-estimate(slug), slug))
