"""Long briefs for make_corpus.py: chapters of analysis that bring a brief to about N pages.

``make_corpus.py N DEST --pages P`` gives each brief, besides its usual 4-5
pages, enough chapters to print to about P A4 pages. A chapter is one analysis
file of its own (kind ``assessment`` or ``background``, so the contents page
lists it) holding what a long report's chapter holds: an opening paragraph,
three sub-headed parts of several paragraphs with links and citations, a table
of programmes, a list of points to watch and footnotes. Each chapter prints to
about ``PAGES_PER_CHAPTER`` pages (measured on the default theme; the pages
option is approximate, and ``engine.py``/``compare.py`` report the pages each
brief really printed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from make_corpus import Cluster, Writer

#: Pages a brief prints without chapters (title page, sections, agenda, actors, sources).
BASE_PAGES = 5.5
#: Pages one chapter prints to (calibrated on the default theme, A4).
PAGES_PER_CHAPTER = 2.5

ASPECTS = [
    "financing and payment channels",
    "the legal framework",
    "industrial capacity and delivery",
    "the role of third parties",
    "domestic politics on both sides",
    "sanctions exposure",
    "the record of earlier agreements",
    "regional reactions",
]
PART_TITLES = ["What has been agreed", "What is delivered", "What stands in the way"]


def chapters_for(pages: int) -> int:
    """How many chapters bring a brief to about ``pages`` pages (0 for a short brief)."""
    return max(0, round((pages - BASE_PAGES) / PAGES_PER_CHAPTER))


def write_chapters(writer: Writer, cluster: Cluster, slug: str, pages: int) -> list[str]:
    """Write the chapters of brief ``slug`` into ``writer.files``; return their analysis ids."""
    ids: list[str] = []
    for k in range(chapters_for(pages)):
        aid = writer.new_id(f"{slug} chapter {k + 1}")
        kind = "background" if k % 4 == 0 else "assessment"
        writer.files[f"content/analysis/{aid}.md"] = chapter(writer, cluster, k, kind)
        ids.append(aid)
    return ids


def chapter(writer: Writer, cluster: Cluster, k: int, kind: str) -> str:
    """One chapter's analysis file: front matter and a body of about 2.5 printed pages."""
    from make_corpus import wrap  # a cycle at import time otherwise

    rng = writer.rng
    t = cluster.topic
    aspect = ASPECTS[k % len(ASPECTS)]
    actors = writer.pick_actors(cluster, rng.randint(3, 5))
    x = rng.choice(t.things)
    parts = [
        writer.paragraph(cluster, actors, 4),
        wrap(
            f"This chapter looks at {aspect} in {t.phrase} between {cluster.a.name} and "
            f"{cluster.b.name}, with {x} as the main case.[^1]"
        ),
    ]
    for title in PART_TITLES:
        parts.append(f"### {title}")
        parts += [writer.paragraph(cluster, actors, rng.randint(4, 5)) for _ in range(2)]
    rows = "\n".join(
        f"| {thing.capitalize()} | {rng.choice(['agreed', 'under talks', 'stalled'])} | "
        f"{rng.randint(2025, 2028)} | {rng.randint(1, 40) * 25} m | "
        f"[[{rng.choice(actors)}\\|lead]] |"
        for thing in rng.sample(list(t.things), len(t.things))
    )
    parts.insert(
        4,
        "| Programme | Status | Due | Value (USD) | Lead |\n"
        "| --- | --- | --- | ---: | --- |\n" + rows,
    )
    parts.append(
        "\n".join(
            f"- **{thing.capitalize()}.** Whether {writer.link(rng.choice(actors))} sets dates "
            f"or money for {thing} before the next round.[^2]"
            if i == 0
            else f"- **{thing.capitalize()}.** Whether {writer.link(rng.choice(actors))} sets "
            f"dates or money for {thing} before the next round."
            for i, thing in enumerate(rng.sample(list(t.things), 3))
        )
    )
    parts.append(wrap(f"[^1]: Figures for {x} are estimates; official series stop in 2024."))
    parts.append(
        wrap(f"[^2]: Announcements on {aspect} have run ahead of delivery in earlier rounds.")
    )
    body = "\n\n".join(parts)
    cited = sorted(set(_cited(body)))
    front = [
        f'title: "{aspect.capitalize()} ({k + 1})"',
        f"kind: {kind}",
        f"tags: [{', '.join(t.tags)}]",
        f"sources: [{', '.join(cited or [cluster.sources[0]])}]",
    ]
    return "---\n" + "\n".join(front) + "\n---\n" + body + "\n"


def _cited(text: str) -> list[str]:
    import re

    return re.findall(r"@([a-z0-9-]+)", text)
