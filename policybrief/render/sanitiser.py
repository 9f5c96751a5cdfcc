"""Clean rendered HTML with the content's allow-list, just before it reaches a page.

The list itself, and the check that reports at file:line what this removes,
are the content stage's (:mod:`policybrief.content.sanitize`); this module is
the enforcement, with nh3 (the Ammonia sanitiser).
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Callable

from policybrief.content.html_tags import iter_tags, start_tag
from policybrief.content.sanitize import ALLOWED_TAGS, DROP_WITH_CONTENT, clean_html

#: Put where markup is removed, so the space before it can go too ("2027 ." → "2027.");
#: a Unicode noncharacter, which no text contains (``check`` refuses it in content).
GAP = "\ufdd0"
#: The prefix of every class a writer gives in raw HTML: the theme's own classes
#: (a marking banner, the bottom line) stay the theme's.
CONTENT_CLASS_PREFIX = "content-"
_PUNCTUATION = ".,;:!?)]…"
#: Elements that end a line or a block where a page shows them: removed, they
#: leave a space, so the words on either side stay apart ("<summary>Sum</summary>
#: Detail" read "SumDetail").
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "button", "center", "details", "dialog", "dir", "div",
        "fieldset", "footer", "form", "h1", "header", "hgroup", "input", "label", "legend",
        "main", "menu", "nav", "option", "picture", "section", "select", "source", "summary",
        "textarea", "video", "audio", "img", "svg", "math",
    }
)  # fmt: skip
#: What a removed element that separated words leaves: a gap holding a space.
_BREAK = GAP + " " + GAP
_NAME_RE = re.compile(r"[a-z][a-z0-9-]*|!--")
#: Text that ends with an element's start tag.
_OPENED_RE = re.compile(r"<[A-Za-z][^<>]*>\Z")


def mark_removed(html: str, *, keep: frozenset[str] = ALLOWED_TAGS) -> str:
    """``html`` with each element the allow-list drops (tags not in ``keep``) as :data:`GAP`.

    Elements removed with their content and comments go whole; other tags go,
    their content stays. Tags cut off by the text's end are left to the
    sanitiser. One pass over the text (:func:`~policybrief.content.html_tags.iter_tags`).
    """
    if "<" not in html:
        return html
    lower = html.lower()
    unclosed: set[str] = set()  # names with no end tag left in the text
    out: list[str] = []
    pos = 0
    for tag in iter_tags(html):
        if tag.start < pos or not tag.complete or not _NAME_RE.fullmatch(tag.name):
            continue  # inside an element dropped whole, cut off, or an address (<https://…>)
        end = tag.end
        if tag.name in DROP_WITH_CONTENT and not tag.closing and tag.name not in unclosed:
            close = lower.find(f"</{tag.name}", tag.end)
            if close < 0:
                unclosed.add(tag.name)
            else:
                after = html.find(">", close)
                end = len(html) if after < 0 else after + 1
        elif tag.name != "!--" and tag.name in keep:
            continue
        # A removed block or drawing leaves a space (close_gaps drops it before
        # punctuation, and at an element's edges). What a browser never shows (a
        # script, a noscript) leaves none: "a<script>…</script>b" reads "ab" there.
        out += (html[pos : tag.start], _BREAK if tag.name in _BLOCKS else GAP)
        pos = end
    out.append(html[pos:])
    return "".join(out)


def close_gaps(text: str) -> str:
    """``text`` without :data:`GAP` marks, and without the stray spaces they leave.

    Spaces around a run of gaps shrink to one, or to none before punctuation.
    """
    if GAP not in text:
        return text
    out: list[str] = []
    pos = 0
    size = len(text)
    while (gap := text.find(GAP, pos)) >= 0:
        before = text[pos:gap]
        kept = before.rstrip()
        spaces = before[len(kept) :]
        end = gap
        while end < size and (text[end] == GAP or text[end].isspace()):
            end += 1
        spaces += "".join(c for c in text[gap:end] if c != GAP)
        out.append(kept)
        # No space at the start or end of the text or of an element, nor before punctuation.
        if (
            end < size
            and text[end] not in _PUNCTUATION
            and not text.startswith("</", end)
            and any(out)
            and not _OPENED_RE.search(kept)
        ):
            out.append(spaces[:1])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def content_classes(fragment: str) -> str:
    """A writer's raw HTML ``fragment`` with each class given the content prefix.

    ``class="banner"`` becomes ``class="content-banner"``, so a writer can
    style text with a project stylesheet but never borrow the theme's classes.
    Tags are rewritten whole (every value quoted); a tag cut off by the
    fragment's end becomes text, since this cannot tell what it would be.
    """
    if "<" not in fragment:
        return fragment
    out: list[str] = []
    pos = 0
    for tag in iter_tags(fragment):
        out.append(fragment[pos : tag.start])
        pos = tag.end
        if not tag.complete:
            out.append(html_text.escape(fragment[tag.start : tag.end]))
        elif tag.closing or tag.name == "!--" or not any(n == "class" for n, _ in tag.attributes):
            out.append(fragment[tag.start : tag.end])
        else:
            attributes = [
                (n, " ".join(CONTENT_CLASS_PREFIX + c for c in v.split()) if n == "class" else v)
                for n, v in tag.attributes
                if re.fullmatch(r"[a-z][a-z0-9_.:-]*", n)
            ]
            out.append(start_tag(tag.name, attributes))
    out.append(fragment[pos:])
    return "".join(out)


def sanitise(
    html: str,
    *,
    image_src: Callable[[str], str | None],
    element_id: Callable[[str], str] | None = None,
    fragment: Callable[[str], str] | None = None,
) -> str:
    """Return ``html`` with only what the allow-list permits, and no space left where
    something was removed before punctuation ("2027 <script>…</script>." → "2027.").

    ``image_src`` vets each ``img`` source as the content wrote it
    (``assets/NAME``) and returns the address the output uses instead, or None
    to drop it (an image it refuses is removed whole, not left without a source). The
    address it returns is not checked again, so a print page's ``file:`` image
    passes while a writer's own ``file:`` link does not: links and quotations
    lose any address the link policy refuses (:mod:`policybrief.content.urls`).
    ``element_id`` maps each ``id`` value and ``fragment`` each ``#fragment``
    link target (without ``#``), so that a writer's anchors cannot take the
    page's own ids.
    """

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if tag == "img" and attr == "src":
            # Runs after nh3's scheme check, which never sees the rewritten address.
            return image_src(value)
        if attr == "id" and element_id is not None:
            return element_id(value)
        if attr == "href" and value.startswith("#") and fragment is not None:
            return "#" + fragment(value[1:])
        return value

    cleaned = clean_html(mark_removed(html), attribute_filter=attribute_filter)
    return close_gaps(drop_sourceless_images(cleaned))


def drop_sourceless_images(html: str) -> str:
    """``html`` with each ``<img>`` that has no ``src`` replaced by :data:`GAP`.

    The sanitiser takes a refused source away but keeps the element; an image
    without a source would still show as a broken picture (and its alt text),
    while ``check`` says a raw ``<img>`` is removed: so it goes whole.
    """
    if "<img" not in html:
        return html
    out: list[str] = []
    pos = 0
    for tag in iter_tags(html):
        if tag.name == "img" and not tag.closing and all(n != "src" for n, _ in tag.attributes):
            out += (html[pos : tag.start], _BREAK)  # an image stood between the words
            pos = tag.end
    out.append(html[pos:])
    return "".join(out)
