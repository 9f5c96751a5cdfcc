"""The theme: templates, CSS, fonts and images, looked up project-first.

The packaged theme (this repository's ``templates/``, shipped in the wheel as
``policybrief/theme``) is the default; a project's own ``templates/`` overrides
it file by file and may add templates, as MkDocs' ``custom_dir`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.errors import Diagnostics, Position, closest

if TYPE_CHECKING:  # annotations only: the no-op build imports this module, not pydantic
    from policybrief.content.corpus import Corpus, Record
    from policybrief.content.model import Brief


def _packaged_theme() -> Path:
    """The default theme's folder: package data in a wheel, ``templates/`` in a checkout.

    pyproject.toml maps the repository's ``templates/`` to the package
    ``policybrief.theme``, so an installed wheel has it beside this package's code;
    a source checkout or an editable install reads the repository's folder itself.
    """
    package = Path(__file__).resolve().parents[1]
    installed = package / "theme"
    return installed if installed.is_dir() else package.parent / "templates"


PACKAGED_THEME = _packaged_theme()
_MAX_PAGES_RE = re.compile(r"policybrief: max-pages (\d+)")
#: Files of the theme that are never copied to ``output/assets/``: templates, and
#: notes for the theme's authors (``fonts/README.md``).
_PRIVATE_SUFFIXES = {".html", ".j2", ".md"}
#: Top-level theme folders never copied to ``output/assets/``: ``serve/`` holds what
#: the preview server adds to the pages it sends (reload script, problems banner
#: style), which the published site must never carry.
_PRIVATE_FOLDERS = {"serve"}
#: Suffixes of font files.
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".woff", ".woff2"})


@dataclass(frozen=True)
class FontPackage:
    """A Debian font package whose files the theme's ``fonts/`` may name.

    ``folder`` is where the package installs them (fixed by the package, so a
    font is found at one path on every machine); ``patterns`` are shell patterns
    of the file names it has, so a missing file's error can name the package.
    """

    name: str
    folder: Path
    patterns: tuple[str, ...]


#: The font packages ``scripts/setup.sh`` installs, searched in this order after
#: the theme folders; see docs/languages.md for why fonts come from packages.
FONT_PACKAGES = (
    FontPackage("fonts-noto-cjk", Path("/usr/share/fonts/opentype/noto"), ("Noto*CJK*",)),
    FontPackage("fonts-noto-core", Path("/usr/share/fonts/truetype/noto"), ("Noto*",)),
)


def _confined(path: Path, folder: Path) -> bool:
    """Is ``path``, links followed, inside the theme ``folder``?

    A theme file that is a link to ``.env`` or ``.git/config`` would be copied
    to ``output/assets/`` and published; such a file is not part of the theme.
    """
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


@dataclass(frozen=True)
class Theme:
    """The ordered theme folders: the project's ``templates/`` (if any), then the package's.

    ``fonts/NAME`` is looked up in the theme folders first, then in the
    ``font_packages``' folders: a stylesheet names a packaged font by file name
    alone, and a project may override it with its own copy.
    """

    folders: tuple[Path, ...]
    font_packages: tuple[FontPackage, ...] = FONT_PACKAGES

    @classmethod
    def for_project(cls, root: Path) -> Theme:
        """Return the theme of the project at ``root``: its ``templates/`` first, if it has one.

        Both folders are resolved; a project whose ``templates/`` is the packaged
        theme itself (this repository's checkout) gets it once.
        """
        own = root / "templates"
        packaged = PACKAGED_THEME.resolve()
        if own.is_dir() and own.resolve() != packaged:
            return cls((own.resolve(), packaged))
        return cls((packaged,))

    def find(self, rel: str) -> Path | None:
        """Return the file that ``rel`` (a theme-relative POSIX path) names, project first.

        None when no theme folder has it, or when ``rel`` is absolute or climbs
        out with ``..``.
        """
        if rel.startswith("/") or ".." in Path(rel).parts:
            return None
        for folder in self.folders:
            candidate = folder / rel
            if candidate.is_file() and _confined(candidate, folder):
                return candidate
        parts = Path(rel).parts
        if len(parts) == 2 and parts[0] == "fonts":
            for package in self.font_packages:
                candidate = package.folder / parts[1]
                if candidate.is_file():
                    return candidate
        return None

    def font_package(self, rel: str) -> FontPackage | None:
        """The font package that has (or should have) ``fonts/NAME``, by its file name."""
        name = Path(rel).name
        return next(
            (p for p in self.font_packages if any(fnmatch(name, g) for g in p.patterns)), None
        )

    def packaged_fonts(self) -> dict[str, Path]:
        """Every font file a theme stylesheet names that a font package provides, by
        theme-relative path (``fonts/NAME``): the inputs outside the theme folders."""
        found: dict[str, Path] = {}
        for rel, path in self.files().items():
            if not rel.endswith(".css"):
                continue
            for font in stylesheet_fonts(rel, path.read_text(encoding="utf-8", errors="replace")):
                located = self.find(font)
                if located is not None and not any(located.is_relative_to(f) for f in self.folders):
                    found[font] = located
        return dict(sorted(found.items()))

    def has_template(self, name: str) -> bool:
        """Return whether the theme has the brief template ``name`` (``NAME.html``)."""
        return self.find(f"{name}.html") is not None

    def templates(self) -> list[str]:
        """Return the names of the brief templates, sorted, each once.

        A template is a top-level ``NAME.html`` of any theme folder; its name is NAME.
        """
        names = {p.stem for folder in self.folders for p in folder.glob("*.html")}
        return sorted(names)

    def files(self) -> dict[str, Path]:
        """Every file of the theme (templates included) by theme-relative POSIX path,
        the project's file where both folders have one."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and _confined(path, folder):
                    found[path.relative_to(folder).as_posix()] = path
        return dict(sorted(found.items()))

    def page_limit(self, template: str, brief_limit: int | None) -> int | None:
        """The most pages a brief's PDF may have: its own ``max_pages``, else its template's."""
        return brief_limit or self.max_pages(template)

    def max_pages(self, template: str) -> int | None:
        """The page limit the template NAME declares with ``policybrief: max-pages N``.

        None when it declares none, or the theme has no such template.
        """
        path = self.find(f"{template}.html")
        if path is None:
            return None
        m = _MAX_PAGES_RE.search(path.read_text(encoding="utf-8"))
        return int(m.group(1)) if m else None

    def asset_files(self) -> dict[str, Path]:
        """Every non-template file outside ``serve/``, by theme-relative path: what
        ``output/assets/`` holds."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):  # later (project) entries win
            for path in sorted(folder.rglob("*")):
                rel = path.relative_to(folder).as_posix()
                if (
                    path.is_file()
                    and _confined(path, folder)
                    and path.suffix not in _PRIVATE_SUFFIXES
                    and Path(rel).parts[0] not in _PRIVATE_FOLDERS
                    and not any(part.startswith(".") for part in Path(rel).parts)
                ):
                    found[rel] = path
        return dict(sorted(found.items()))


def template_ok(corpus: Corpus, record: Record[Brief], theme: Theme, diags: Diagnostics) -> bool:
    """Return whether the theme has the brief's template (its own, or the project default).

    False means the brief cannot be rendered. A missing template is reported
    in ``diags`` (``unknown-template``, at the ``template:`` that named it, with
    the closest name or the list); a malformed name is not, as validation has
    already reported it.
    """
    name = record.data.template or corpus.settings.template
    if theme.has_template(name):
        return True
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        return False  # validation has already said the name is malformed
    available = theme.templates()
    guess = closest(name, available)
    if record.data.template is not None:
        path, position = record.path, record.smap.value(("template",))
    elif corpus.settings_record is not None:
        settings = corpus.settings_record
        path, position = settings.path, settings.smap.value(("template",))
    else:
        path, position = record.path, Position(1, 1)
    diags.error(
        path,
        position,
        f"unknown template '{name}'",
        f"did you mean '{guess}'?" if guess else "available: " + ", ".join(available),
        code="unknown-template",
    )
    return False


_JINJA_REF_RE = re.compile(r"{%-?\s*(?:extends|include|import|from)\s+[\"']([^\"']+)[\"']")
_ASSET_REF_RE = re.compile(r"{{\s*page\.assets\s*}}([^\"'\s<>]+)")
_CSS_REF_RE = re.compile(r"(?:@import\s+(?:url\()?|url\()\s*[\"']?([^\"')\s]+)")


def template_files(theme: Theme, name: str) -> set[str]:
    """Theme-relative paths of every file a template uses: templates it extends or
    imports, the stylesheets it links, and what those import (fonts, images)."""
    found: set[str] = set()
    pending = [f"{name}.html"]
    while pending:
        rel = pending.pop()
        if rel in found:
            continue
        path = theme.find(rel)
        if path is None:
            continue
        found.add(rel)
        if not rel.endswith((".html", ".css")):
            continue  # fonts and images refer to nothing else
        text = path.read_text(encoding="utf-8", errors="replace")
        if rel.endswith(".html"):
            pending += _JINJA_REF_RE.findall(text)
            pending += _ASSET_REF_RE.findall(text)
        else:
            base = Path(rel).parent
            for ref in _CSS_REF_RE.findall(text):
                if ":" not in ref:
                    pending.append(theme_relative(base / ref))
    return found


def stylesheet_fonts(rel: str, text: str) -> list[str]:
    """The theme-relative paths of the font files the stylesheet ``rel`` (its ``text``) names."""
    base = Path(rel).parent
    found = []
    for ref in _CSS_REF_RE.findall(text):
        if ":" not in ref and Path(ref).suffix.lower() in FONT_SUFFIXES:
            found.append(theme_relative(base / ref))
    return found


def theme_relative(path: Path) -> str:
    """``path`` (relative, may hold ``.`` and ``..``) as a plain POSIX theme path."""
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
