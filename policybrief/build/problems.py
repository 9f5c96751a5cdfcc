"""A brief's problems as diagnostics at the place a writer fixes them.

What the PDF renderer reports (refused fetches, images it could not embed),
a template that failed, and any failure of one brief's render, each placed at
the content text or file it concerns.
"""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2

from policybrief.content.corpus import Corpus, Record
from policybrief.content.refs import Image, find_references
from policybrief.errors import Diagnostic, Diagnostics, Position, Severity, closest, position_at
from policybrief.limits import TimeLimitExceeded
from policybrief.render.resolve import BriefView, MarkdownText

#: WeasyPrint's own warning for a character no font has (its wording, not ours).
NOTDEF_RE = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.*)"')
#: WeasyPrint's own warning for an image it could not read (its wording, not ours).
_IMAGE_FAILED_RE = re.compile(r"Failed to load image at '(?P<url>[^']*)': (?P<why>.*)", re.DOTALL)
#: WeasyPrint's warning for an SVG it stopped drawing part way, with the reason the
#: worker adds (render/svg_failures.py), if known.
_SVG_FAILED_RE = re.compile(
    r"Failed to render SVG image (?P<url>\S+?)(?::? (?P<why>.*))?$", re.DOTALL
)
_REFUSED_HINT = "the PDF may read only the theme's files and content/; nothing is fetched"


def _written_at(view: BriefView, needle: str) -> tuple[Path, Position] | None:
    """The file and place of the first content text of ``view`` holding ``needle``."""
    for text in view.texts:
        offset = text.text.find(needle)
        if offset >= 0:
            return text.record.path, _position(text, offset)
    return None


def _position(text: MarkdownText, offset: int) -> Position:
    """Where ``offset`` of a content text is in its file."""
    record = text.record
    if text.field is None:
        return position_at(text.text, offset, record.body_line)
    return record.smap.in_text(text.field, offset)


def _image_at(view: BriefView, src: str) -> tuple[Path, Position]:
    """Where the first content text of ``view`` shows image ``src`` (else the brief's top)."""
    for text in view.texts:
        images = (r for r in find_references(text.text) if isinstance(r, Image))
        if image := next((i for i in images if i.src == src), None):
            return text.record.path, _position(text, image.offset)
    return view.brief.path, Position(1, 1)


def _asset_src(corpus: Corpus, url: str) -> str | None:
    """``assets/NAME`` for the URL of a file of ``content/assets/``, else None."""
    assets = (corpus.root / "content" / "assets").as_uri() + "/"
    return "assets/" + unquote(url.removeprefix(assets)) if url.startswith(assets) else None


def image_failed(view: BriefView, corpus: Corpus, warning: str) -> Diagnostic | None:
    """A content image the PDF could not embed, or an SVG it drew only in part, at the
    image in the content; None if the warning is about something else.

    A drawing cut short is an error in a final brief (which is then not built:
    its figure would print with shapes or labels missing), else a warning.
    """
    if (cut := _SVG_FAILED_RE.match(warning)) and (src := _asset_src(corpus, cut.group("url"))):
        path, position = _image_at(view, src)
        final = view.brief.data.status == "final"
        why = (cut.group("why") or "").strip()
        return Diagnostic(
            path,
            position,
            f"the drawing '{src}' is cut short in the PDF: the PDF renderer stopped at "
            f"something in it that it cannot read{f' ({why})' if why else ''}, and "
            "everything drawn after that is missing"
            + ("; the brief was not built" if final else ""),
            "look in the drawing for a value the PDF renderer cannot read (a calc(), clamp(), "
            "min() or var() size, a colour function such as color-mix()) and write a plain "
            "value, or export the drawing as PNG",
            Severity.ERROR if final else Severity.WARNING,
            code="svg-cut-short",
        )
    m = _IMAGE_FAILED_RE.match(warning)
    if m is None or (src := _asset_src(corpus, m.group("url"))) is None:
        return None
    path, position = _image_at(view, src)
    why = m.group("why").strip() or "the file is damaged or not what its header says"
    return Diagnostic(
        path,
        position,
        f"image '{src}' could not be embedded in the PDF: {why}",
        "open the image in an editor and save it again (PNG, JPEG, GIF, WebP or SVG)",
        Severity.WARNING,
        code="image-not-embedded",
    )


#: A footnote definition's first line: its label, then its text.
_NOTE_DEFINITION_RE = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:[ \t]*(.*)$", re.MULTILINE)


def note_lost(view: BriefView, number: int, words: str, cut: bool) -> Diagnostic:
    """A note the PDF does not print whole, at its definition in the content when its
    opening words find it: ``cut`` for a note too tall for a page (its first lines
    run off the page, or it is left out), else one the notes before it crowd out.
    An error in a final brief (which is then not built), else a warning."""
    wanted = re.findall(r"\w+", words.casefold())[:5]
    path, position = view.brief.path, Position(1, 1)
    for text in view.texts:
        for m in _NOTE_DEFINITION_RE.finditer(text.text):
            if wanted and re.findall(r"\w+", m.group(1).casefold())[: len(wanted)] == wanted:
                path, position = text.record.path, _position(text, m.start())
                break
        else:
            continue
        break
    final = view.brief.data.status == "final"
    if cut:
        message = (
            f"note {number} (“{words} …”) is too long for the foot of a page: the PDF "
            "never continues a note on the next page, and would cut it short or leave it out"
        )
        hint = (
            "shorten the note (a page's foot holds about 600 words of notes), or move its "
            "detail into the section's text or a section of its own"
        )
    else:
        message = (
            f"note {number} (“{words} …”) would be left out of the PDF: the notes called "
            "before it fill the foot of its page"
        )
        hint = "shorten the long note before it, or move its detail into the text"
    return Diagnostic(
        path,
        position,
        message + ("; the brief was not built" if final else ""),
        hint,
        Severity.ERROR if final else Severity.WARNING,
        code="note-too-long",
    )


_ID_RE = re.compile(r'\sid="([^"]*)"')
_FRAGMENT_LINK_RE = re.compile(r'<a\s[^>]*?href="#([^"]*)"')
#: A Markdown link with no address, and one with no words (not an image).
_NO_ADDRESS_RE = re.compile(r"(?<!!)\[([^\[\]\n]*)\]\(\s*\)")
_NO_WORDS_RE = re.compile(r"(?<![!\]])\[\s*\]\(([^()\s]+)\)")
#: A link element of the page with nothing but white space in it (a writer's raw HTML).
_RAW_EMPTY_LINK_RE = re.compile(r'<a\s(?=[^>]*\bhref="([^"]+)")[^>]*>(?:\s|&nbsp;|&#160;)*</a>')


def link_problems(view: BriefView, html: str) -> list[Diagnostic]:
    """Warnings for the links of a brief's page that lead nowhere, at the link in the
    content: a ``#fragment`` no heading or anchor of the page has (``html``: the
    page as rendered, where a writer's ids are ``content-…``), a link with no
    address, and one with no words (a screen reader reads it as nothing)."""
    ids = {html_module.unescape(i) for i in _ID_RE.findall(html)}
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for m in _FRAGMENT_LINK_RE.finditer(html):
        target = html_module.unescape(m.group(1))
        if target in ids or target in seen:
            continue
        seen.add(target)
        typed = target.removeprefix("content-")
        where = _written_at(view, f"(#{typed})") or _written_at(view, f"#{typed}")
        path, position = where or (view.brief.path, Position(1, 1))
        guess = closest(typed, sorted({i.removeprefix("content-") for i in ids}))
        found.append(
            Diagnostic(
                path,
                position,
                f"link to '#{typed}' leads nowhere: the page has no section or anchor of that id",
                f"did you mean '#{guess}'?"
                if guess
                else "link to a section's id (an analysis's id, #agenda, #actors, #sources) or an "
                "id given in raw HTML; headings written with # get no id",
                Severity.WARNING,
                code="dead-link",
            )
        )
    # A writer's id given twice (in two sections, say): a #link to it is ambiguous.
    counted: dict[str, int] = {}
    for written in _ID_RE.findall(html):
        if written.startswith("content-"):
            counted[written] = counted.get(written, 0) + 1
    for id_ in sorted(i for i, n in counted.items() if n > 1):
        typed = html_module.unescape(id_).removeprefix("content-")
        where = _written_at(view, f'id="{typed}"') or _written_at(view, f"id='{typed}'")
        path, position = where or (view.brief.path, Position(1, 1))
        found.append(
            Diagnostic(
                path,
                position,
                f"the id '{typed}' is given {counted[id_]} times on this brief's page: a link "
                f"to '#{typed}' cannot tell which is meant",
                "give each element its own id",
                Severity.WARNING,
                code="duplicate-id",
            )
        )
    # A raw link whose words are only spaces: it prints as nothing.
    for m in _RAW_EMPTY_LINK_RE.finditer(html):
        where = _written_at(view, f'href="{html_module.unescape(m.group(1))}"')
        path, position = where or (view.brief.path, Position(1, 1))
        found.append(
            Diagnostic(
                path,
                position,
                "link with no words: it prints as nothing, and a screen reader reads nothing",
                "write the link's words between <a …> and </a>",
                Severity.WARNING,
                code="dead-link",
            )
        )
    for text in view.texts:
        for m in _NO_ADDRESS_RE.finditer(text.text):
            found.append(
                Diagnostic(
                    text.record.path,
                    _position(text, m.start()),
                    f"link '{m.group(0)}' has no address: it leads nowhere",
                    "write the address between the parentheses, or remove the brackets",
                    Severity.WARNING,
                    code="dead-link",
                )
            )
        for m in _NO_WORDS_RE.finditer(text.text):
            found.append(
                Diagnostic(
                    text.record.path,
                    _position(text, m.start()),
                    f"link to {m.group(1)} has no words: it prints as nothing, and a screen "
                    "reader reads nothing",
                    "write the link's words between the brackets",
                    Severity.WARNING,
                    code="dead-link",
                )
            )
    return found


def refused(view: BriefView, url: str) -> Diagnostic:
    """A refused fetch, named at the content text that asked for it when one did."""
    if found := _written_at(view, url):
        return Diagnostic(
            *found,
            f"refused to read {url}",
            _REFUSED_HINT,
            Severity.WARNING,
            code="refused-fetch",
        )
    message = f"refused to read {url} (asked for by template '{view.template}')"
    return Diagnostic(
        view.brief.path,
        Position(1, 1),
        message,
        _REFUSED_HINT,
        Severity.WARNING,
        code="refused-fetch",
    )


def brief_problem(
    view: BriefView,
    message: str,
    hint: str | None = None,
    *,
    code: str,
    warning: bool = False,
) -> Diagnostic:
    severity = Severity.WARNING if warning else Severity.ERROR
    return Diagnostic(view.brief.path, Position(1, 1), message, hint, severity, code=code)


def template_error(brief: Record[Any], exc: jinja2.TemplateError, diags: Diagnostics) -> None:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        diags.error(
            Path(exc.filename),
            Position(exc.lineno or 1, 1),
            f"template error: {exc.message}",
            code="template-error",
        )
    else:
        diags.error(
            brief.path,
            Position(1, 1),
            f"template error while rendering this brief: {exc}",
            code="template-error",
        )


def records_by_path(corpus: Corpus) -> dict[str, Record[Any]]:
    table: dict[str, Record[Any]] = {}
    for kind in (corpus.actors, corpus.agenda, corpus.analysis, corpus.sources, corpus.briefs):
        for record in kind.values():
            table[record.rel] = record
    return table


#: How to get a brief past its time limit (``--timeout``, or ``timeout:`` in the settings).
TIME_LIMIT_HINT = (
    "shorten the brief or look for a huge table or deep nesting; or raise the limit "
    "with --timeout SECONDS or timeout: SECONDS in policybrief.yaml (default 120)"
)


def render_failure(path: Path, exc: BaseException, seconds: float) -> Diagnostic:
    """The error for a brief whose render raised ``exc`` (its time limit: ``seconds``)."""
    if isinstance(exc, TimeLimitExceeded):
        message = f"rendering this brief took longer than {seconds:g} s; it was not built"
        hint = TIME_LIMIT_HINT
        code = "time-limit"
    elif isinstance(exc, RecursionError):
        message = "rendering this brief needed too deep a recursion; it was not built"
        hint = "look for lists, quotes or brackets nested very deeply in the content it uses"
        code = "nesting-limit"
    else:
        message = (
            f"rendering this brief failed unexpectedly ({type(exc).__name__}: {exc}); "
            "it was not built"
        )
        hint = "this is a bug in policybrief: please report it with the brief's files"
        code = "internal-failure"
    return Diagnostic(path, Position(1, 1), message, hint, Severity.ERROR, code=code)
