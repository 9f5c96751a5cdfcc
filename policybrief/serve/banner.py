"""What the preview adds to each page it sends: the reload script and the problems banner.

The script and the banner's style are theme files (``serve/live.js`` and
``serve/live.css``), so a project's own ``templates/`` may override them like
any other theme file; the theme never copies its ``serve/`` folder to
``output/assets/``, and nothing here touches ``output/``, so the published site
never carries either.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from policybrief.errors import Diagnostic
from policybrief.render.theme import Theme
from policybrief.report import plural

#: Every URL the preview adds lives under this prefix, which no output file has.
PREFIX = "/__policybrief/"
EVENTS_URL = PREFIX + "events"
SCRIPT_URL = PREFIX + "live.js"
STYLE_URL = PREFIX + "live.css"
#: The theme file and content type served at each URL of the preview's own files.
LIVE_FILES = {
    SCRIPT_URL: ("serve/live.js", "text/javascript; charset=utf-8"),
    STYLE_URL: ("serve/live.css", "text/css; charset=utf-8"),
}

_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


def live_file(root: Path, rel: str) -> bytes | None:
    """Read the theme file ``rel`` of the project at ``root``, or None if no theme has it.

    The theme is looked up on every request, so a ``templates/`` the writer
    creates or edits while the preview runs takes effect at the next reload.
    """
    path = Theme.for_project(root).find(rel)
    return None if path is None else path.read_bytes()


def inject(page: str, generation: int, problems: Sequence[Diagnostic], root: Path) -> str:
    """Return the page as served: the reload script in its head, the problems banner
    atop its body (``root`` is the project's folder, which the banner's paths are
    relative to)."""
    head = (
        f'<meta name="policybrief-build" content="{generation}">'
        f'<link rel="stylesheet" href="{STYLE_URL}">'
        f'<script src="{SCRIPT_URL}" defer></script>'
    )
    match = _HEAD_END.search(page)
    page = page[: match.start()] + head + page[match.start() :] if match else head + page
    banner = problems_banner(problems, root)
    if banner:
        match = _BODY_TAG.search(page)
        at = match.end() if match else 0
        page = page[:at] + banner + page[at:]
    return page


def problems_banner(problems: Sequence[Diagnostic], root: Path) -> str:
    """Render an HTML alert listing every problem at its file, line and column ("" if none).

    Paths are shown relative to ``root``; problems in the order given. Every
    piece of text is HTML-escaped.
    """
    if not problems:
        return ""
    errors = sum(d.is_error for d in problems)
    warnings = len(problems) - errors
    counts = ", ".join(
        plural(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n
    )
    if errors:
        title = f"{counts} in your content: this page shows the last good build"
    else:
        title = f"{counts} in your content"
    items = []
    for d in problems:
        where = f"{project_path(d.path, root)}:{d.position.line}:{d.position.column}"
        hint = (
            f'<span class="policybrief-hint">hint: {html.escape(d.hint)}</span>' if d.hint else ""
        )
        items.append(
            f"<li><code>{html.escape(where)}</code> {d.severity.value}: "
            f"{html.escape(d.message)}{hint}</li>"
        )
    only = "" if errors else " policybrief-warnings-only"
    return (
        f'<section class="policybrief-problems{only}" id="policybrief-problems" '
        'role="alert" aria-labelledby="policybrief-problems-title">'
        f'<h2 id="policybrief-problems-title">{html.escape(title)}</h2>'
        f"<ul>{''.join(items)}</ul>"
        "<p>Fix the file and save: this page reloads by itself.</p></section>"
    )


def project_path(path: Path, root: Path) -> str:
    """Return ``path`` relative to the project folder ``root``, or whole if outside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
