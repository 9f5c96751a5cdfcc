"""Clean rendered HTML with the content's allow-list, just before it reaches a page.

The list itself, and the check that reports at file:line what this removes,
are the content stage's (:mod:`policybrief.content.sanitize`); this module is
the enforcement, with nh3 (the Ammonia sanitiser).
"""

from __future__ import annotations

from collections.abc import Callable

from policybrief.content.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    DROP_WITH_CONTENT,
    URL_SCHEMES,
    unsafe_url,
)


def sanitise(
    html: str,
    *,
    image_src: Callable[[str], str | None],
    element_id: Callable[[str], str] | None = None,
    fragment: Callable[[str], str] | None = None,
) -> str:
    """Return ``html`` with only what the allow-list permits.

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

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=attribute_filter,
    )
