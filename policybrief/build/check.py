"""Check a project: validate all content and every brief's template, render nothing.

``check`` never imports the renderer, so it stays fast enough for an editor's
save hook or a pre-commit run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.errors import Diagnostics, Position

if TYPE_CHECKING:
    from policybrief.content.corpus import Corpus
    from policybrief.content.standards import Silenced
    from policybrief.render.theme import Theme


@dataclass(frozen=True)
class CheckReport:
    """What a check found, unprinted."""

    diagnostics: Diagnostics
    #: Files read: content, briefs and the settings file.
    files: int
    #: ``strict: true`` is set in the project's settings.
    strict: bool
    #: Findings a file's ``lint-ignore`` silenced, with its reason (``check --explain``).
    silenced: tuple[Silenced, ...] = field(default=())


def check_project(root: Path) -> CheckReport:
    """Validate every file of the project at ``root`` and each brief's template.

    Never raises for content problems: they are the report's diagnostics.
    """
    from policybrief.content.load import load_project
    from policybrief.content.standards import check_standards
    from policybrief.content.validate import validate_project
    from policybrief.render.theme import Theme, template_ok

    root = root.resolve()
    diags = Diagnostics()
    project = load_project(root, diags)
    corpus = validate_project(project, diags)
    standards = check_standards(corpus, diags)
    theme = Theme.for_project(root)
    ok = [
        slug for slug, record in corpus.briefs.items() if template_ok(corpus, record, theme, diags)
    ]
    _check_glyphs(corpus, theme, ok, diags)
    _check_templates(root / "templates", diags)
    files = len(project.documents) + (project.settings is not None)
    return CheckReport(diags, files, corpus.settings.strict, tuple(standards.silenced))


def _check_templates(folder: Path, diags: Diagnostics) -> None:
    """Report a syntax error in the project's own templates (``templates/*.html``,
    ``*.j2``) at its line, as ``build`` would: ``check`` (and the pre-commit hook)
    once passed a template ``build`` then failed on. Syntax only: nothing renders."""
    from policybrief.render.theme import PACKAGED_THEME

    if not folder.is_dir() or folder.resolve() == PACKAGED_THEME.resolve():
        return  # none, or policybrief's own checkout, whose templates its tests parse
    names = [p for p in sorted(folder.rglob("*")) if p.suffix in (".html", ".j2")]
    if not names:
        return  # a theme of stylesheets and fonts only: no need for Jinja here
    import jinja2

    env = jinja2.Environment(autoescape=True)
    for path in names:
        if path.is_symlink() or not path.is_file():
            continue
        try:
            env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            diags.error(
                path,
                Position(exc.lineno or 1, 1),
                f"template error: {exc.message}",
                "fix the template's {{ }} or {% %} at that line",
                code="template-error",
            )
        except (OSError, UnicodeDecodeError) as exc:
            diags.error(
                path, Position(1, 1), f"cannot read the template: {exc}", code="template-error"
            )


def _check_glyphs(corpus: Corpus, theme: Theme, slugs: list[str], diags: Diagnostics) -> None:
    """Report what the build would: each template's missing fonts, and the characters
    no font of its template covers in what each brief shows (an error for a final brief).

    A file shown by several briefs is reported once, as an error if one of them is final.
    """
    from policybrief.render.fontfiles import CACHE_FILE, FontIndex, report_missing, template_fonts
    from policybrief.render.glyphs import Coverage, check_glyphs
    from policybrief.render.resolve import UnresolvedError, resolve_brief

    # The build's font cache, when the project has been built; check never creates it.
    state = corpus.root / ".policybrief"
    fonts = FontIndex(state / CACHE_FILE if state.is_dir() else None)
    coverage: dict[str, Coverage | None] = {}
    kinds = (corpus.actors, corpus.agenda, corpus.analysis, corpus.sources, corpus.briefs)
    records = {r.rel: r for kind in kinds for r in kind.values()}
    found = Diagnostics()
    # A file shown by several briefs of one template and status is reported alike
    # for each: read it once (300 briefs show 9,000 files, 800 of them different).
    checked: set[tuple[str, str, bool]] = set()
    for slug in slugs:
        # A template's fonts are checked even for a brief whose content has
        # errors: a missing font package is said in the same run, not after.
        data = corpus.briefs[slug].data
        template = data.template or corpus.settings.template
        if template not in coverage:
            paths, missing = template_fonts(theme, template, fonts)
            report_missing(missing, diags)
            coverage[template] = None if missing else Coverage(paths.values(), fonts)
        try:
            view = resolve_brief(corpus, slug)
        except UnresolvedError:
            continue  # validation has reported the content's errors
        points = coverage[view.template]
        if points is None:
            continue
        final = view.brief.data.status == "final" and not corpus.settings.allow_missing_glyphs
        rels = [d for d in sorted(view.dependencies) if (view.template, d, final) not in checked]
        checked.update((view.template, d, final) for d in rels)
        check_glyphs((records[d] for d in rels if d in records), points, found, error=final)
    fonts.save()
    # Errors first, so a warning for the same place (from a draft) is the one dropped.
    seen: set[tuple[object, ...]] = set()
    for d in sorted(found.items, key=lambda d: not d.is_error):
        key = (d.path, d.position, d.message)
        if key not in seen:
            seen.add(key)
            diags.items.append(d)
