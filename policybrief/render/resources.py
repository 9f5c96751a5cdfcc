"""The one door to files for screen and print: theme folders and ``content/``, links followed.

The PDF renderer reads through :class:`~policybrief.render.fetcher.ConfinedFetcher`,
and the build copies a page's images into ``output/media/`` through
:func:`content_image`; both decide with :func:`confined`, so what a web page
can show is what a PDF can, and neither can reach a file beside the allowed
folders through a link (``.git/config``, ``.env``, the build state).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from policybrief.content.corpus import Corpus


def confined(path: Path, allowed: Iterable[Path]) -> Path | None:
    """``path`` resolved, when it is a file inside one of the ``allowed`` (resolved) folders.

    None for anything else: a missing file, a folder, a link that leads out.
    """
    try:
        resolved = path.resolve()
    except OSError:
        return None
    if resolved.is_file() and any(resolved.is_relative_to(folder) for folder in allowed):
        return resolved
    return None


def content_image(corpus: Corpus, src: str) -> Path | None:
    """The file to publish for the image ``src`` (``assets/NAME``), or None.

    Only an image ``check`` accepted (in the corpus's assets, its bytes a
    format that prints) inside ``content/assets/`` is ever published.
    """
    if src not in corpus.assets or src in corpus.asset_problems:
        return None
    assets = corpus.root / "content" / "assets"
    return confined(corpus.asset_path(src), (assets.resolve(),))
