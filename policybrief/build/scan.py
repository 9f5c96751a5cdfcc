"""Digest every input of a project without parsing it: the no-op build's whole job.

A build whose inputs all have the digests the last build recorded (and whose
outputs are still in place) has nothing to do, so it can stop before loading
the YAML parser, the validation models or the renderer.
"""

from __future__ import annotations

from pathlib import Path

from policybrief.build.state import STATE_DIR, file_digest
from policybrief.content.project import INPUT_FOLDERS, SETTINGS_FILE, scale_file_setting
from policybrief.render.fontfiles import CACHE_FILE, FontIndex
from policybrief.render.theme import Theme


def scan_inputs(root: Path, theme: Theme) -> dict[str, str]:
    """Return every input's digest: {project-relative POSIX path: sha256 hex}.

    ``policybrief.yaml`` and the files under the input folders are keyed by
    their path; a team's own estimative scale file by ``scale:PATH``; theme
    files by ``theme:REL`` (theme-relative, project first), font packages'
    files that a theme stylesheet names too (``theme:fonts/NAME``);
    an empty input folder by its path and "/", with the digest "empty folder",
    so adding or removing one changes the build's inputs.

    A file that cannot be read gets "unreadable: REASON" as its digest: the
    build's loading reports it as that file's error.
    """
    digests: dict[str, str] = {}
    settings = root / SETTINGS_FILE
    if settings.is_file():
        digests[SETTINGS_FILE] = _digest(settings)
        try:
            scale = scale_file_setting(settings.read_text("utf-8", errors="replace"))
        except OSError:
            scale = None  # loading reports the unreadable settings file
        if scale is not None and (root / scale).is_file():
            digests[f"scale:{scale}"] = _digest(root / scale)
    for name in INPUT_FOLDERS:
        folder = root / name
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    digests[path.relative_to(root).as_posix()] = _digest(path)
                elif path.is_dir() and not any(path.iterdir()):
                    digests[path.relative_to(root).as_posix() + "/"] = "empty folder"
    for rel, path in theme.files().items():
        digests[f"theme:{rel}"] = _digest(path)
    # Fonts the theme names from a font package: digested once per file version.
    fonts = FontIndex(root / STATE_DIR / CACHE_FILE)
    for rel, path in theme.packaged_fonts().items():
        digests[f"theme:{rel}"] = fonts.digest(path)
    fonts.save()
    return digests


def _digest(path: Path) -> str:
    """The file's digest, or why it has none: loading reports the file, at its place."""
    try:
        return file_digest(path)
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
