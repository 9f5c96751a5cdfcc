"""Lay out a resolved brief with its Jinja template, for the screen or for print.

The same brief view renders twice: ``screen`` for ``output/<slug>/index.html``
(endnotes with back-links, CSS from ``../assets/``) and ``print`` for the PDF
(notes as footnotes at the page foot, CSS from the theme folders). Templates
only lay out the page ``render/page.py`` builds (``render/context.py`` is their
contract); they never select content.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import jinja2
from markupsafe import Markup

from policybrief.content.corpus import Corpus
from policybrief.content.languages import direction, reference_direction, text_direction
from policybrief.render.bidi import bdi, isolate_runs, isolate_text, needs_isolation, seal
from policybrief.render.breaks import url_breaks
from policybrief.render.context import PdfLink
from policybrief.render.long_words import landscape_opening, long_words, spans_columns
from policybrief.render.markdown import Medium, NoteStyle
from policybrief.render.page import PageBuilder
from policybrief.render.resolve import BriefView
from policybrief.render.theme import Theme

#: A template containing this comment keeps notes as endnotes in print too.
ENDNOTES_PRAGMA = "policybrief: endnotes"


def make_environment(theme: Theme) -> jinja2.Environment:
    """A Jinja environment over the theme folders, autoescaping everything."""
    env = jinja2.Environment(
        # Through the theme's lookup, which refuses links out of its folders.
        loader=jinja2.FunctionLoader(lambda name: _template_source(theme, name)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string  # base.html's print <style> needs it
    env.filters["url_breaks"] = url_breaks  # a printed URL breaks at its punctuation only
    env.filters["long_words"] = long_words  # a table's very long word may break anywhere
    env.filters["dir_attr"] = dir_attr  # a right-to-left title sets right-aligned
    env.filters["lang_dir"] = direction  # the direction of a language tag: ltr or rtl
    env.filters["isolate"] = isolate_runs  # a right-to-left name in a title keeps its place
    # A writer's words among others, a plain-text copy of them, an interface
    # string: isolated so that mixed directions keep their order (render/bidi.py).
    env.filters["bdi"] = _bdi
    env.filters["reference"] = _reference  # a source's entry, in the page's direction
    env.filters["isolate_text"] = _isolate_text
    env.filters["ui"] = _interface
    env.globals["ui_attrs"] = _interface_attrs  # a block of the theme's English words
    env.filters["seal"] = seal  # a direction control left open ends with its value
    # The one-pager runs a section across both columns when it holds a wide table.
    env.tests["spanning"] = spans_columns
    # The brief turns a section's heading with the landscape table it opens with.
    env.filters["landscape_opening"] = landscape_opening
    return env


def _language(context: jinja2.runtime.Context) -> str:
    """The language of the page being rendered: a brief's, else the site's."""
    page = context.get("page")
    view = getattr(page, "view", None)
    site = context.get("site")
    return str(getattr(view, "language", None) or getattr(site, "language", None) or "en")


def _base(context: jinja2.runtime.Context) -> str:
    """The direction of the page being rendered: a brief's language, else the site's."""
    return direction(_language(context))


@jinja2.pass_context
def _interface_attrs(context: jinja2.runtime.Context) -> Markup:
    """The attributes of an element holding the theme's own (English) words on a
    page in another language: `` lang="en"``, so that a screen reader reads them
    as English, and `` dir="ltr"`` on a right-to-left page, so that a sentence's
    full stop and a date's day stay where English puts them; else nothing."""
    language = _language(context)
    if language.split("-")[0].lower() == "en":
        return Markup("")
    if direction(language) == "rtl":
        return Markup(' lang="en" dir="ltr"')
    return Markup(' lang="en"')


@jinja2.pass_context
def _bdi(context: jinja2.runtime.Context, value: object) -> Markup:
    """A writer's value isolated in its own direction (``<bdi>``); HTML (a
    source's entry) is kept as it is, in a ``bdi`` of its text's direction."""
    base = _base(context)
    if isinstance(value, Markup):
        text = value.striptags()
        if not needs_isolation(text, base):
            return value
        # Direction controls never sit inside a tag: sealing the HTML seals its text.
        return Markup('<bdi dir="{}">{}</bdi>').format(text_direction(text), Markup(seal(value)))
    return bdi(str(value), base)


@jinja2.pass_context
def _reference(context: jinja2.runtime.Context, value: Markup) -> Markup:
    """A source's entry (HTML, its fields isolated) in the page's direction when it
    holds a letter of that direction: an Arabic title with an English publisher
    and date in an English brief's list was set right to left, its date and
    parentheses turned round."""
    base = _base(context)
    text = value.striptags()
    if not needs_isolation(text, base):
        return value
    way = reference_direction(text, "rtl" if base == "rtl" else "ltr")
    return Markup('<bdi dir="{}">{}</bdi>').format(way, Markup(seal(value)))


@jinja2.pass_context
def _isolate_text(context: jinja2.runtime.Context, value: object, line: bool = False) -> str:
    """A writer's value as plain text with isolate controls, for a CSS string or
    attribute; ``line``: a line of several values (the running foot, the
    marking), isolated as a whole in the page's direction."""
    base = _base(context)
    return isolate_text(str(value), base, whole=base if line else None)


@jinja2.pass_context
def _interface(context: jinja2.runtime.Context, value: object) -> Markup:
    """An English interface string (a label, a date): isolated left to right on
    a right-to-left page, so "30 November 2026" never reads "November 2026 30"."""
    if _base(context) == "rtl":
        return Markup('<bdi dir="ltr">{}</bdi>').format(value)
    return Markup("{}").format(value)


#: What a CSS string may hold as typed; anything else is written as a ``\\HEX `` escape.
_CSS_SAFE_RE = re.compile(r"[A-Za-z0-9 ,.:;!?()/_-]")


def _template_source(theme: Theme, name: str) -> tuple[str, str, Callable[[], bool]] | None:
    """A template's text, file name and up-to-date test, as Jinja's loaders give them."""
    path = theme.find(name)
    if path is None:
        return None
    mtime = path.stat().st_mtime
    return path.read_text(encoding="utf-8"), str(path), lambda: path.stat().st_mtime == mtime


@jinja2.pass_context
def dir_attr(context: jinja2.runtime.Context, text: object) -> Markup:
    """`` dir="rtl"`` for text written mostly in a right-to-left script, `` dir="ltr"``
    for other text on a right-to-left page (a heading in English in an Arabic
    brief), else nothing."""
    own = text_direction(str(text))
    if own == "rtl" or _base(context) == "rtl":
        return Markup(' dir="{}"').format(own)
    return Markup("")


def css_string(value: object) -> Markup:
    """Text for a CSS string in a print-only ``<style>``, safe inside double quotes.

    Letters, digits, spaces and plain punctuation pass; every other ASCII
    character (quotes, backslash, ``<``, and every newline CSS knows: line
    feed, carriage return, form feed) becomes a hexadecimal escape, as does
    each non-ASCII character that is not a letter, number, mark, punctuation
    or symbol. Whatever the value, it cannot end the string or the ``<style>``.
    """

    def char(c: str) -> str:
        if _CSS_SAFE_RE.fullmatch(c) or (not c.isascii() and unicodedata.category(c)[0] in "LMNPS"):
            return c
        return f"\\{ord(c):x} "

    return Markup("".join(char(c) for c in str(value)))


def render_page(
    env: jinja2.Environment,
    corpus: Corpus,
    view: BriefView,
    *,
    medium: Medium,
    assets: str,
    pdf: PdfLink | None = None,
) -> str:
    """Render the brief's template to a complete HTML document for ``medium``.

    ``assets`` is the URL prefix of the theme's files (``page.assets``). Jinja's
    errors propagate: a missing template, or a name the template uses that the
    context lacks (the environment's undefined values are strict). ``pdf`` is
    the brief's PDF for the screen page's download link, None for none.
    """
    name = f"{view.template}.html"
    template = env.get_template(name)
    note_style: NoteStyle = "endnotes"
    if medium == "print":
        assert env.loader is not None
        source = env.loader.get_source(env, name)[0]
        note_style = "endnotes" if ENDNOTES_PRAGMA in source else "footnotes"
    page = PageBuilder(corpus, view, medium, assets, note_style).build()
    page.pdf = pdf
    return template.render(
        page=page,
        brief=view.brief.data,
        settings=view.settings,
        organisation=view.settings.organisation,
        generator="policybrief",
        # The scale box's rows (step -> (words, range)), kept under this name for
        # templates written before the scale became the project's choice.
        LIKELIHOOD=corpus.scale.likelihoods,
    )
