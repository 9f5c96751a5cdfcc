"""Clean rendered HTML with the content's allow-list, just before it reaches a page.

The list itself, and the check that reports at file:line what this removes,
are the content stage's (:mod:`policybrief.content.sanitize`); this module is
the enforcement, with nh3 (the Ammonia sanitiser).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from policybrief.content.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    DROP_WITH_CONTENT,
    URL_SCHEMES,
    unsafe_url,
)

#: Put where markup is removed, so the space before it can go too ("2027 ." → "2027.");
#: a Unicode noncharacter, which no text contains.
GAP = "\ufdd0"
#: Elements removed with their content, and comments.
_DROPPED_RE = re.compile(
    rf"<({'|'.join(sorted(DROP_WITH_CONTENT))})\b[^>]*>.*?</\1\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
#: One start or end tag, its attribute values quoted or not.
_TAG_RE = re.compile(
    r"</?([A-Za-z][A-Za-z0-9-]*)"
    r"(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
)
#: Spaces around removed markup: none before punctuation, else one space at most.
_GAP_RUN_RE = re.compile(rf"(\s*)(?:{GAP}\s*)+(?=([.,;:!?)\]…]?))")


def mark_removed(html: str, *, keep: frozenset[str] = ALLOWED_TAGS) -> str:
    """``html`` with each element the allow-list drops (tags not in ``keep``) as :data:`GAP`.

    Elements removed with their content and comments go whole; other tags go,
    their content stays. Tags this cannot read are left to the sanitiser.
    """
    html = _DROPPED_RE.sub(GAP, html)
    return _TAG_RE.sub(lambda m: m.group(0) if m.group(1).lower() in keep else GAP, html)


def close_gaps(text: str) -> str:
    """``text`` without :data:`GAP` marks, and without the stray spaces they leave."""

    def close(m: re.Match[str]) -> str:
        if m.group(2):  # punctuation follows: it closes up to the word before
            return ""
        spaces = m.group(0).replace(GAP, "")
        return spaces[:1]

    return _GAP_RUN_RE.sub(close, text).replace(GAP, "")


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
    to drop it (an image the content does not have loses its ``src``). The
    address it returns is not checked again, so a print page's ``file:`` image
    passes while a writer's own ``file:`` link does not: links and citations
    with another scheme than http, https or mailto lose their address.
    ``element_id`` maps each ``id`` value and ``fragment`` each ``#fragment``
    link target (without ``#``), so that a writer's anchors cannot take the
    page's own ids.
    """
    import nh3

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if tag == "img" and attr == "src":
            # Runs after nh3's scheme check, which never sees the rewritten address.
            return image_src(value)
        if attr in ("href", "cite") and unsafe_url(value):
            return None  # nh3 checks the scheme of href and src only
        if attr == "id" and element_id is not None:
            return element_id(value)
        if attr == "href" and value.startswith("#") and fragment is not None:
            return "#" + fragment(value[1:])
        return value

    cleaned = nh3.clean(
        mark_removed(html),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=attribute_filter,
    )
    return close_gaps(cleaned)
