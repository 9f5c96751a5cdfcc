"""Read a project's files from disk: content, briefs and ``policybrief.yaml``.

Only this module touches the disk to read content; the build stage writes.
It yields raw documents, parsed but not yet checked against the models, and
reports files that cannot be read at all (encoding, YAML syntax, misplaced
files) with their position.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policybrief.content.characters import (
    CHARACTER_HINT,
    FORBIDDEN_RE,
    MAX_STACKED_MARKS,
    describe,
    first_forbidden,
    stacked_marks_re,
)
from policybrief.content.images import (
    HEADER_BYTES,
    ImageProblem,
    image_problem,
    raster_format,
    raster_problem,
)
from policybrief.content.model import SLUG_RE
from policybrief.content.project import (
    SETTINGS_FILE,
    find_root,  # noqa: F401 (re-exported: part of this module's API)
    suggest_slug,
)
from policybrief.content.svg_limits import svg_limits
from policybrief.content.yamlsrc import SourceMap, YamlSyntaxError, parse_yaml
from policybrief.errors import Diagnostics, Position, position_at
from policybrief.limits import file_guard

CONTENT_KINDS = ("actors", "agenda", "analysis", "sources")
#: Larger content files are refused before parsing: no writer types 2 MiB of YAML.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Larger images are refused: they would bloat every PDF and can exhaust the renderer.
MAX_ASSET_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, eq=False)
class RawDocument:
    """One parsed file: its data as plain text values, where each value was."""

    kind: str
    id: str
    path: Path
    rel: str
    data: Any
    smap: SourceMap
    digest: str
    body: str = ""
    body_line: int = 0


@dataclass
class RawProject:
    """Every file of one project as read, before validation.

    ``documents`` are the briefs and content files in load order; ``settings``
    is ``policybrief.yaml`` (None when absent or unreadable); ``assets`` holds
    the usable images as POSIX paths relative to ``content/`` (``assets/map.png``).
    """

    root: Path
    documents: list[RawDocument] = field(default_factory=list)
    settings: RawDocument | None = None
    assets: set[str] = field(default_factory=set)
    #: Assets that cannot be shown (format, unsafe SVG), by ``assets/NAME``.
    asset_problems: dict[str, ImageProblem] = field(default_factory=dict)
    #: What each SVG drawing asks that the PDF renderer does not draw, by ``assets/NAME``
    #: (:func:`~policybrief.content.svg_limits.svg_limits`; drawings with none left out).
    drawing_limits: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: (kind, id) of files that exist but could not be read; their error is
    #: reported once, not again at every reference to them.
    unreadable: set[tuple[str, str]] = field(default_factory=set)
    #: Bytes read in place of some files, by project-relative path (see load_project).
    instead: dict[str, bytes] = field(default_factory=dict)
    #: (kind, id) of the entities a refused file stands for (:func:`stands_for`):
    #: ``india.yaml`` renamed ``India.yaml`` or ``india.yml``. Their ids count as
    #: existing, so references to them are not errors too.
    refused: set[tuple[str, str]] = field(default_factory=set)


#: Suffixes a file of each kind should have, and the misspellings a file may have instead.
_SUFFIXES = {"analysis": ".md", "briefs": ".yaml"}
_MISSPELT = {
    ".yaml": ("", ".yml", ".yaml", ".json"),
    ".md": ("", ".md", ".markdown", ".mdown"),
}


def stands_for(root: Path, path: Path) -> str | None:
    """The project-relative path of the file a refused file at ``path`` stands for.

    ``briefs/Summit.yaml`` (an id with capitals) stands for ``briefs/summit.yaml``,
    ``content/actors/india.yml`` (a misspelt suffix, or none, or ``.json``) for
    ``content/actors/india.yaml``;
    None when ``path`` is no such file, or the file it would stand for exists. The
    build reads the last good copy of the file stood for, so a typo in a file's
    name does not take its entity off the site.
    """
    try:
        rel = path.relative_to(root)
    except ValueError:
        return None
    if len(rel.parts) == 2 and rel.parts[0] == "briefs":
        kind = "briefs"
    elif len(rel.parts) == 3 and rel.parts[0] == "content" and rel.parts[1] in CONTENT_KINDS:
        kind = rel.parts[1]
    else:
        return None
    suffix = _SUFFIXES.get(kind, ".yaml")
    if path.suffix == suffix and SLUG_RE.fullmatch(path.stem):
        return None  # a file of the right name: most files, no work
    if path.suffix.lower() not in _MISSPELT[suffix] or path.is_dir():
        return None
    slug = suggest_slug(path.stem, brief=kind == "briefs")
    if not slug or (slug == path.stem and path.suffix == suffix):
        return None
    wanted = rel.with_name(slug + suffix)
    return None if (root / wanted).exists() else wanted.as_posix()


def _ignored(path: Path) -> bool:
    return path.name.startswith(".") or path.name == "README.md"


def load_project(
    root: Path, diags: Diagnostics, *, instead: Mapping[str, bytes] | None = None
) -> RawProject:
    """Read every file of the project; unreadable files become diagnostics.

    ``instead`` maps project-relative POSIX paths of existing files to the bytes
    to read in their place: the build reads the last good copy of a file that
    now has errors this way, to keep the site as it was. Any failure on one
    file (a time limit, a bug) is that file's error; the others are read.
    """
    _resolved.cache_clear()  # folders are resolved once per load, never trusted across loads
    project = RawProject(root, instead=dict(instead or {}))
    settings = root / SETTINGS_FILE
    if settings.is_file():
        project.settings = _guarded(project, settings, "settings", diags)
    briefs = root / "briefs"
    if briefs.is_dir():
        for path in sorted(briefs.iterdir()):
            if _ignored(path):
                continue
            _note_refused(project, "briefs", path)
            if path.suffix == ".yaml" and path.is_file():
                _add(project, "briefs", path, _guarded(project, path, "briefs", diags))
            elif (wanted := stands_for(root, path)) is not None:
                name = Path(wanted).name
                why = (
                    "briefs/ holds one .yaml manifest per brief: if this is one, rename it "
                    f"to '{name}'"
                )
                _misplaced(
                    root,
                    path,
                    f"{why} (its last good build, if any, stays published); else move or remove it",
                    diags,
                    rename=True,
                )
            else:
                _misplaced(root, path, "briefs/ holds one .yaml manifest per brief", diags)
        _stood_for(project, briefs, "briefs", diags)
    content = root / "content"
    if content.is_dir():
        for folder in sorted(content.iterdir()):
            if _ignored(folder):
                continue
            if folder.name == "assets" and folder.is_dir():
                project.assets = _list_assets(root, folder, diags)
                project.asset_problems, project.drawing_limits = _asset_problems(
                    root, project.assets
                )
            elif folder.name in CONTENT_KINDS and folder.is_dir():
                _load_kind(project, folder, diags)
            else:
                _misplaced(
                    root,
                    folder,
                    "content/ holds the folders " + ", ".join((*CONTENT_KINDS, "assets")),
                    diags,
                )
    return project


def _note_refused(project: RawProject, kind: str, path: Path) -> None:
    """Remember the entity a refused file stands for (:func:`stands_for`)."""
    if (wanted := stands_for(project.root, path)) is not None:
        project.refused.add((kind, Path(wanted).stem))


def _stood_for(project: RawProject, folder: Path, kind: str, diags: Diagnostics) -> None:
    """Read the files of ``folder`` that only ``project.instead`` holds: the last
    good copies of files a refused file stands for."""
    for rel in sorted(project.instead):
        path = project.root / rel
        if path.parent == folder and not path.exists():
            _add(project, kind, path, _guarded(project, path, kind, diags))


def _add(project: RawProject, kind: str, path: Path, doc: RawDocument | None) -> None:
    if doc is not None:
        project.documents.append(doc)
    else:
        project.unreadable.add((kind, path.stem))


def _load_kind(project: RawProject, folder: Path, diags: Diagnostics) -> None:
    kind = folder.name
    suffix = ".md" if kind == "analysis" else ".yaml"
    for path in sorted(folder.iterdir()):
        if _ignored(path):
            continue
        _note_refused(project, kind, path)
        if path.is_file() and path.suffix == suffix:
            _add(project, kind, path, _guarded(project, path, kind, diags))
        elif path.is_dir():
            _misplaced(project.root, path, f"content/{kind}/ holds files, not folders", diags)
        elif (wanted := stands_for(project.root, path)) is not None:
            _misplaced(
                project.root,
                path,
                f"content/{kind}/ holds one {suffix} file per {_singular(kind)}: if this is "
                f"one, rename it to '{Path(wanted).name}' (its last good copy, if any, is "
                "published meanwhile); else move or remove it",
                diags,
                rename=True,
            )
        else:
            _misplaced(
                project.root,
                path,
                f"content/{kind}/ holds one {suffix} file per {_singular(kind)}",
                diags,
            )
    _stood_for(project, folder, kind, diags)


def _guarded(project: RawProject, path: Path, kind: str, diags: Diagnostics) -> RawDocument | None:
    """Read one file; None (with an error at the file) when it fails in any way."""
    read = _read_markdown if kind == "analysis" else _read_yaml
    data = project.instead.get(path.relative_to(project.root).as_posix())
    with file_guard(path, diags, "reading"):
        return read(project.root, path, kind, diags, data)
    return None


def _singular(kind: str) -> str:
    return {"actors": "actor", "agenda": "agenda item", "sources": "source"}.get(
        kind, "analysis section"
    )


def _misplaced(
    root: Path, path: Path, why: str, diags: Diagnostics, *, rename: bool = False
) -> None:
    if path.is_symlink() and not path.exists():
        # A link to nothing (or to itself, round a loop) is no file of the wrong kind.
        diags.error(
            path,
            Position(1, 1),
            f"'{path.relative_to(root).as_posix()}' is a broken link: what it points to"
            " does not exist, or it points back to itself",
            "remove the link, or replace it with the file itself",
            code="stray-file",
        )
        return
    what = "folder" if path.is_dir() else "file"
    diags.error(
        path,
        Position(1, 1),
        f"unexpected {what} '{path.relative_to(root).as_posix()}'",
        why if rename else f"{why}; move or remove it (README.md and dotfiles are ignored)",
        code="stray-file",
    )


def _list_assets(root: Path, folder: Path, diags: Diagnostics) -> set[str]:
    assets: set[str] = set()
    # A link may point anywhere inside content/, never beside it: .git/config, .env
    # and the build state are inside the project too.
    content = _resolved(root / "content")
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(p.startswith(".") for p in path.parts[-2:]):
            if not _inside(path, content):
                diags.error(
                    path,
                    Position(1, 1),
                    "asset is a link to a file outside content/",
                    "copy the image into content/assets/ instead of linking to it",
                    code="outside-project",
                )
                continue
            if (at := first_forbidden(path.name)) is not None:
                diags.error(
                    path,
                    Position(1, 1),
                    f"file name holds the control character {describe(path.name[at])}",
                    "rename the file",
                    code="control-character",
                )
                continue
            if (why := unportable(path.relative_to(folder).as_posix())) is not None:
                diags.error(
                    path,
                    Position(1, 1),
                    f"'{path.name}' cannot be copied to a Windows server or share: {why}",
                    "rename the file with letters, digits, '-', '_' and '.' (lowercase "
                    "names are safest)",
                    code="asset-name-clash",
                )
                continue
            size = path.stat().st_size
            if size > MAX_ASSET_BYTES:
                diags.error(
                    path,
                    Position(1, 1),
                    f"image is too large ({size // 1024**2} MiB; the limit is "
                    f"{MAX_ASSET_BYTES // 1024**2} MiB)",
                    "export it at the size it is printed: a full-page figure needs about 2 MiB",
                    code="file-too-large",
                )
                continue
            assets.add(path.relative_to(root / "content").as_posix())
    _case_clashes(root, assets, diags)
    return assets


#: Characters no Windows file name holds (NTFS, SMB shares, IIS).
_WINDOWS_FORBIDDEN = frozenset('<>:"|?*\\')
#: Names Windows reserves for devices, whatever their extension (``CON.png``).
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)


def unportable(rel: str) -> str | None:
    """Why the asset path ``rel`` (POSIX, inside ``assets/``) cannot be copied to a
    Windows server; None when it can. Publishers copy ``output/`` to IIS or a share,
    where such a file fails to copy or is renamed, and its image breaks."""
    for part in rel.split("/"):
        bad = sorted({c for c in part if c in _WINDOWS_FORBIDDEN})
        if bad:
            return "it holds " + " ".join(f"'{c}'" for c in bad)
        if part.split(".", 1)[0].lower() in _WINDOWS_DEVICES:
            return f"'{part.split('.', 1)[0]}' is a name Windows keeps for a device"
        if part.endswith((".", " ")):
            return "it ends in a dot or a space"
    return None


def _case_clashes(root: Path, assets: set[str], diags: Diagnostics) -> None:
    """Report each asset whose name equals an earlier one's but for case: copied to
    a case-insensitive server (IIS, a Windows share, macOS), one overwrites the
    other, and a page shows the wrong image under its caption."""
    seen: dict[str, str] = {}
    for rel in sorted(assets):
        key = unicodedata.normalize("NFC", rel).casefold()
        if key in seen:
            # Two names for the same letters: é as one character and as e + accent.
            how = (
                "only in how its accents are encoded (é as one character or as e and a "
                "combining accent)"
                if rel.casefold() != seen[key].casefold()
                and unicodedata.normalize("NFC", rel) == unicodedata.normalize("NFC", seen[key])
                else "only in case"
            )
            diags.error(
                root / "content" / rel,
                Position(1, 1),
                f"'{rel}' differs from '{seen[key]}' {how}: on a case-insensitive "
                "server one would overwrite the other",
                "rename one of them (lowercase names are safest)",
                code="asset-name-clash",
            )
        else:
            seen[key] = rel


def _asset_problems(
    root: Path, assets: set[str]
) -> tuple[dict[str, ImageProblem], dict[str, tuple[str, ...]]]:
    """What stops each asset from being shown, read from its bytes (a raster's header
    only); and what each SVG that may be shown asks that the PDF does not draw."""
    problems: dict[str, ImageProblem] = {}
    limits: dict[str, tuple[str, ...]] = {}
    for rel in sorted(assets):
        path = root / "content" / rel
        try:
            with path.open("rb") as f:
                data = f.read(HEADER_BYTES)
                if raster_format(data) is None:
                    data += f.read()
        except OSError:
            continue  # an image that vanished since it was listed; the build reports it
        problem = image_problem(data, rel)
        if problem is None and raster_format(data) is not None:
            problem = raster_problem(path)
        if problem is not None:
            problems[rel] = problem
        elif raster_format(data) is None and (found := svg_limits(data)):
            limits[rel] = found
    return problems, limits


def _inside(path: Path, resolved_root: Path) -> bool:
    """Is ``path``, symlinks followed, inside the project?

    A file that is not a link, in a folder already known to be inside, is inside:
    one ``lstat`` instead of resolving every component of every file's path.
    """
    try:
        if not path.is_symlink() and _resolved(path.parent).is_relative_to(resolved_root):
            return True
        return path.resolve().is_relative_to(resolved_root)
    except OSError:
        return False


@functools.lru_cache(maxsize=256)
def _resolved(folder: Path) -> Path:
    return folder.resolve()


def _read_text(
    root: Path, path: Path, diags: Diagnostics, data: bytes | None = None
) -> tuple[str, str] | None:
    """The file's text and content digest, or None after reporting why not.

    ``data``, when given, is read in place of the file's bytes. A file under
    ``content/`` must lie inside ``content/`` once links are followed; any
    other (a brief, the settings) inside the project.
    """
    boundary, where = root, "the project"
    if path.is_relative_to(root / "content"):
        boundary, where = root / "content", "content/"
    if not _inside(path, _resolved(boundary)):
        diags.error(
            path,
            Position(1, 1),
            f"file is a link to somewhere outside {where}",
            f"content must live inside {where}; copy the file in",
            code="outside-project",
        )
        return None
    try:
        # A file only ``data`` holds (a last good copy of one a refused file stands for).
        size = len(data) if data is not None and not path.exists() else path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.error(
                path,
                Position(1, 1),
                f"file is too large ({size // 1024} KiB; the limit is "
                f"{MAX_FILE_BYTES // 1024} KiB)",
                "split it into several entities, or move data out of the text",
                code="file-too-large",
            )
            return None
        raw = path.read_bytes() if data is None else data
    except OSError as exc:
        diags.error(
            path, Position(1, 1), f"cannot read file: {exc.strerror}", code="unreadable-file"
        )
        return None
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The text cannot be decoded, so here the column counts bytes, not characters.
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        diags.error(
            path,
            Position(line, column),
            f"file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8 in your editor",
            code="not-utf8",
        )
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if first_forbidden(text) is not None:
        # Every one at once (a paste from a PDF brings several): one run each took six.
        found = [m.start() for m in FORBIDDEN_RE.finditer(text)]
        for at in found[:_LISTED_CONTROLS]:
            diags.error(
                path,
                position_at(text, at),
                f"control character {describe(text[at])} is not allowed",
                CHARACTER_HINT,
                code="control-character",
            )
        if len(found) > _LISTED_CONTROLS:
            diags.error(
                path,
                position_at(text, found[_LISTED_CONTROLS]),
                f"{len(found) - _LISTED_CONTROLS} more control characters from here on",
                CHARACTER_HINT,
                code="control-character",
            )
        return None
    if not text.isascii():
        for m in _stacked_marks(text):
            count = sum(unicodedata.category(c) in ("Mn", "Me") for c in m.group())
            diags.error(
                path,
                position_at(text, m.start()),
                f"a character carries {count} combining marks, which print over "
                f"the lines above and below (at most {MAX_STACKED_MARKS})",
                "delete the marks: text from a 'Zalgo' generator or a broken conversion",
                code="stacked-marks",
            )
    return text, digest


def _stacked_marks(text: str) -> Iterator[re.Match[str]]:
    """The runs of :func:`~policybrief.content.characters.stacked_marks_re` in
    ``text``, looked for only in its runs of non-ASCII characters long enough to
    hold one (the whole text took the large character class a tenth of check)."""
    marks = stacked_marks_re()
    for run in _LONG_NON_ASCII_RE.finditer(text):
        yield from marks.finditer(text, run.start(), run.end())


#: A run of non-ASCII characters as long as a refused run of marks.
_LONG_NON_ASCII_RE = re.compile(f"[^\x00-\x7f]{{{MAX_STACKED_MARKS + 1},}}")


#: Control characters reported one by one in a file; the rest are counted.
_LISTED_CONTROLS = 20


def _parse(
    path: Path, text: str, line_offset: int, diags: Diagnostics
) -> tuple[Any, SourceMap] | None:
    try:
        data, smap, problems = parse_yaml(text, line_offset)
    except YamlSyntaxError as exc:
        problem = exc.problem
        diags.error(path, problem.position, problem.message, problem.hint, code=problem.code)
        return None
    for problem in problems:
        report = diags.warning if problem.warning else diags.error
        report(path, problem.position, problem.message, problem.hint, code=problem.code)
    if any(problem.fatal for problem in problems):
        return None
    if not isinstance(data, dict):
        diags.error(
            path,
            smap.value(()),
            "expected 'field: value' lines at the top level",
            "each file holds one mapping of field names to values",
            code="wrong-type",
        )
        return None
    return data, smap


def read_yaml_document(root: Path, path: Path, kind: str, diags: Diagnostics) -> RawDocument | None:
    """Read one YAML file of ``kind`` under ``root``, or None after reporting why not.

    For files outside the content folders that are read like content (an
    estimative scale); ``root`` is the folder the file must stay inside.
    """
    return _read_yaml(root, path, kind, diags)


def _read_yaml(
    root: Path, path: Path, kind: str, diags: Diagnostics, data: bytes | None = None
) -> RawDocument | None:
    read = _read_text(root, path, diags, data)
    if read is None:
        return None
    text, digest = read
    parsed = _parse(path, text, 0, diags)
    if parsed is None:
        return None
    data, smap = parsed
    rel = path.relative_to(root).as_posix()
    return RawDocument(kind, path.stem, path, rel, data, smap, digest)


def _read_markdown(
    root: Path, path: Path, kind: str, diags: Diagnostics, data: bytes | None = None
) -> RawDocument | None:
    read = _read_text(root, path, diags, data)
    if read is None:
        return None
    text, digest = read
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        diags.error(
            path,
            Position(1, 1),
            "missing front matter",
            "start the file with a '---' line, the fields (title, kind…), "
            "and another '---' line before the text",
            code="invalid-front-matter",
        )
        return None
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        diags.error(
            path,
            Position(1, 1),
            "front matter is not closed",
            "end the front matter with a line holding only '---'",
            code="invalid-front-matter",
        )
        return None
    parsed = _parse(path, "\n".join(lines[1:closing]) + "\n", 1, diags)
    if parsed is None:
        return None
    data, smap = parsed
    body = "\n".join(lines[closing + 1 :])
    rel = path.relative_to(root).as_posix()
    return RawDocument(kind, path.stem, path, rel, data, smap, digest, body, closing + 2)
