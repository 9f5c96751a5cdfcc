"""Site pages: each carries the highest marking of the briefs it shows; lists in order."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from policybrief.content.load import load_project
from policybrief.content.validate import validate_project
from policybrief.errors import Diagnostics
from policybrief.render.html import make_environment
from policybrief.render.theme import Theme
from policybrief.site.data import site_data
from policybrief.site.entries import tag_slug
from policybrief.site.pages import render_pages

A = "{http://www.w3.org/2005/Atom}"
#: tests/data/valid (its brief OFFICIAL, the project's marking) and a SECRET one
#: that mentions Bob Jones and has a tag of its own.
SECRET = {
    "briefs/secret.yaml": (
        "title: The secret one\ndate: 2026-01-15\nstatus: final\nmarking: SECRET\n"
        "summary: What [[bob-jones]] said.\nsections:\n  - analysis: background\n"
        "outputs: [html]\ntags: [Hidden things, test]\n"
    ),
}


def pages_of(root) -> dict[str, str]:
    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    assert diags.errors == []
    pages = render_pages(corpus, site_data(corpus), make_environment(Theme.for_project(root)))
    return {rel: data.decode() for rel, data in pages.items()}


def banners(html: str) -> list[str]:
    return re.findall(r'<div class="marking marking-(?:top|bottom)"[^>]*>([^<]*)</div>', html)


def test_pages_roll_up_the_markings_of_the_briefs_they_show(make_project) -> None:
    pages = pages_of(make_project(SECRET))
    secret = ["SECRET", "SECRET"]
    official = ["OFFICIAL", "OFFICIAL"]
    assert banners(pages["index.html"]) == secret
    assert banners(pages["tags/index.html"]) == secret
    assert banners(pages[f"tags/{tag_slug('Hidden things')}/index.html"]) == secret
    assert banners(pages["tags/test/index.html"]) == secret
    assert banners(pages["actors/bob-jones/index.html"]) == secret
    # Pages that show no word of the secret brief keep the project's marking.
    assert banners(pages["actors/index.html"]) == official
    assert banners(pages["actors/alpha/index.html"]) == official
    feed = ET.fromstring(pages["feed.xml"])
    assert feed.findtext(f"{A}rights") == "SECRET"
    assert [e.findtext(f"{A}rights") for e in feed.findall(f"{A}entry")] == ["SECRET", "OFFICIAL"]


def test_without_a_higher_brief_every_page_has_the_projects_marking(make_project) -> None:
    pages = pages_of(make_project())
    for rel, html in pages.items():
        if rel.endswith(".html"):
            assert banners(html) == ["OFFICIAL", "OFFICIAL"], rel


def test_the_order_of_markings_is_a_setting(make_project) -> None:
    settings = "marking: OFFICIAL\nmarkings: [SECRET, OFFICIAL]\n"  # odd, but theirs to set
    pages = pages_of(make_project({**SECRET, "policybrief.yaml": settings}))
    assert banners(pages["index.html"]) == ["OFFICIAL", "OFFICIAL"]


def test_an_actors_sources_are_in_alphabetical_order(make_project) -> None:
    """Sources listed by the actor, or cited, sort by publisher: Émile's before Zeta's."""
    root = make_project(
        {
            "content/sources/zeta.yaml": "title: Z report\npublisher: Zeta Institute\n",
            "content/sources/emile.yaml": "title: É report\npublisher: Émile Press\n",
            "content/actors/bob-jones.yaml": (
                "name: Bob Jones\nkind: person\nsources: [zeta, gazette, emile]\n"
                "summary: Cited [@report].\n"
            ),
        }
    )
    html = pages_of(root)["actors/bob-jones/index.html"]
    order = [html.index(p) for p in ("Alpha Government", "Émile Press", "News report", "Zeta")]
    assert order == sorted(order)
