"""Where a project is: its root folder and the files and folders that make it up.

The tool never assumes it runs from its own checkout: every command
works on a project root, found from the current folder unless ``--root`` says.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

#: The project's settings file, at its root; optional.
SETTINGS_FILE = "policybrief.yaml"
#: Folders of a project whose files are inputs (every file: a stray file is an error).
INPUT_FOLDERS = ("briefs", "content")
#: The site's own folders in ``output/``, which a brief's slug may not take.
RESERVED_SLUGS = frozenset({"actors", "agenda", "assets", "media", "search", "tags", "timeline"})


#: The folders of ``content/``, one per kind of entity, plus the images.
CONTENT_FOLDERS = ("actors", "agenda", "analysis", "sources", "assets")


#: Latin letters with no decomposition to a base letter, as they are usually written in ASCII.
_LATIN_LETTERS = str.maketrans(
    {"æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i", "ħ": "h"}
)


def suggest_slug(text: str, *, brief: bool = False) -> str:
    """An id to suggest for ``text``: accents dropped as tags drop them (``ümlaut`` ->
    ``umlaut``), other runs of characters one hyphen; a brief's never a reserved slug.

    Empty when nothing in ``text`` is a letter or digit of the Latin alphabet.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LATIN_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if brief and slug in RESERVED_SLUGS:
        slug += "-brief"
    return slug


def find_root(start: Path) -> Path:
    """The nearest folder from ``start`` up that is a project; ``start`` itself when none is.

    A project is a folder holding ``policybrief.yaml``, ``briefs/`` or a
    ``content/`` folder of one of the kinds (``content/actors/``…): a project
    begun with ``new actor`` has no brief yet, and a command run from inside its
    ``content/actors/`` must still find it rather than nest a second
    ``content/`` there. ``start`` (resolved) is the answer when no folder up
    from it is a project, so a command run in an empty folder works on that folder.
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_project(folder):
            return folder
    return start


#: ``estimative_scale: VALUE`` on a top-level line of the settings.
_SCALE_SETTING_RE = re.compile(
    r"^estimative_scale:[ \t]*['\"]?([^'\"#\n]*?)['\"]?[ \t]*(?:#.*)?$", re.M
)


def scale_file_setting(settings_text: str) -> str | None:
    """Return the project-relative path of a team's own estimative scale, or None.

    For the no-op scan, which digests that file without parsing YAML; None when
    the settings name a shipped scale (a name without ``.yaml``/``.yml``) or
    none. Only a block-style top-level ``estimative_scale:`` line is seen, the
    form every example uses.
    """
    m = _SCALE_SETTING_RE.search(settings_text)
    value = m.group(1).strip() if m else ""
    return value if value.endswith((".yaml", ".yml")) else None


def is_project(folder: Path) -> bool:
    """Whether ``folder`` is a project's root (see :func:`find_root`)."""
    if (folder / SETTINGS_FILE).is_file() or (folder / "briefs").is_dir():
        return True
    content = folder / "content"
    return content.is_dir() and any((content / kind).is_dir() for kind in CONTENT_FOLDERS)
