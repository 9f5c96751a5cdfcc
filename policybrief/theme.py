"""The theme: templates, CSS, fonts and images, looked up project-first.

The packaged theme (this repository's ``templates/``, shipped in the wheel as
``policybrief/theme``) is the default; a project's own ``templates/`` overrides
it file by file and may add templates, as MkDocs' ``custom_dir`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGED_THEME = Path(__file__).resolve().parent / "theme"
#: Files of the theme that are never copied to ``output/assets/``.
_PRIVATE_SUFFIXES = {".html", ".j2"}


@dataclass(frozen=True)
class Theme:
    """The ordered theme folders: the project's ``templates/`` (if any), then the package's."""

    folders: tuple[Path, ...]

    @classmethod
    def for_project(cls, root: Path) -> Theme:
        own = root / "templates"
        packaged = PACKAGED_THEME.resolve()
        if own.is_dir() and own.resolve() != packaged:
            return cls((own.resolve(), packaged))
        return cls((packaged,))

    def find(self, rel: str) -> Path | None:
        """The file that ``rel`` (a theme-relative POSIX path) names, project first."""
        if rel.startswith("/") or ".." in Path(rel).parts:
            return None
        for folder in self.folders:
            candidate = folder / rel
            if candidate.is_file():
                return candidate
        return None

    def has_template(self, name: str) -> bool:
        return self.find(f"{name}.html") is not None

    def templates(self) -> list[str]:
        """Names of the brief templates (top-level ``*.html``) the theme offers."""
        names = {p.stem for folder in self.folders for p in folder.glob("*.html")}
        return sorted(names)

    def asset_files(self) -> dict[str, Path]:
        """Every non-template file, by theme-relative path: what ``output/assets/`` holds."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):  # later (project) entries win
            for path in sorted(folder.rglob("*")):
                rel = path.relative_to(folder).as_posix()
                if (
                    path.is_file()
                    and path.suffix not in _PRIVATE_SUFFIXES
                    and not any(part.startswith(".") for part in Path(rel).parts)
                ):
                    found[rel] = path
        return dict(sorted(found.items()))
