"""The site's page data: backlinks, timeline order, feed entries, search index, tags, drafts."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from policybrief.content.corpus import Corpus
from policybrief.content.load import load_project
from policybrief.content.validate import validate_project
from policybrief.errors import Diagnostics
from policybrief.render.html import make_environment
from policybrief.render.theme import Theme
from policybrief.site.data import site_data
from policybrief.site.entries import tag_slug
from policybrief.site.feed import feed_entries, render_feed
from policybrief.site.pages import render_pages
from policybrief.site.search import search_index, search_words

A = "{http://www.w3.org/2005/Atom}"

#: tests/data/valid (test-brief, final, 2025-12-01) plus two briefs and three agenda items.
EXTRA = {
    "briefs/second.yaml": (
        "title: Second brief\n"
        "date: 2026-01-15\n"
        "edition: 2\n"
        "status: final\n"
        "authors: [Desk A, Desk B]\n"
        "summary: What [[bob-jones]] said.\n"
        "sections:\n"
        "  - actors: [beta]\n"
        "outputs: [html]\n"
        "language: fr\n"
        "tags: [Côte d'Ivoire, Россия, Test]\n"
    ),
    "briefs/draft-one.yaml": (
        "title: Unfinished thoughts\n"
        "date: 2026-02-01\n"
        "summary: About [[ann-smith]] and the [[opening]].\n"
        "sections:\n"
        "  - agenda: [talks]\n"
        "tags: [secret-plan]\n"
    ),
    "content/agenda/year-review.yaml": (
        "title: Annual review\nkind: other\ndate: '2025'\nstatus: scheduled\n"
        "participants: [alpha]\n"
    ),
    "content/agenda/opening.yaml": (
        "title: Opening\nkind: meeting\ndate: 2025-12-01\nstatus: held\n"
        "summary: '[[ann-smith]] opened it.'\n"
    ),
    "content/agenda/later.yaml": (
        "title: Later meeting\nkind: meeting\ndate: 2026-03\nend: 2026-04\nstatus: postponed\n"
    ),
}


def search_data(pages: dict[str, bytes]) -> Any:
    """The data ``search/index.js`` sets ``window.policybriefSearch`` to."""
    text = pages["search/index.js"].decode()
    prefix = "window.policybriefSearch = "
    assert text.startswith(prefix)
    assert text.endswith(";\n")
    return json.loads(text[len(prefix) : -2])


def corpus_of(root: Path) -> Corpus:
    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    assert [d.message for d in diags.errors] == []
    return corpus


@pytest.fixture
def project(make_project) -> Path:
    return make_project(EXTRA)


def with_settings(make_project, settings: str) -> Corpus:
    return corpus_of(make_project({**EXTRA, "policybrief.yaml": settings}))


# tags


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("russia", "russia"),
        ("Defence industry", "defence-industry"),
        ("defence-industry", "defence-industry"),
        ("EU-UK", "eu-uk"),
        ("2025", "2025"),
    ],
)
def test_tag_slug_of_plain_words_is_the_words(name: str, slug: str) -> None:
    assert tag_slug(name) == slug


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Côte d'Ivoire", "cote-d-ivoire"),
        ("  EU/NATO  ", "eu-nato"),
        ("C++", "c"),
        ("R&D", "r-d"),
        ("r-d-dacc7c16", "r-d-dacc7c16"),  # reads like a digest slug: gets one too
    ],
)
def test_tag_slug_of_other_tags_adds_a_digest(name: str, words: str) -> None:
    assert re.fullmatch(re.escape(words) + "-[0-9a-f]{8}", tag_slug(name)), tag_slug(name)


def test_tag_slug_of_other_scripts_is_safe_and_distinct() -> None:
    russia, india = tag_slug("Россия"), tag_slug("भारत")
    for slug in (russia, india, tag_slug("../etc"), tag_slug("<script>"), tag_slug("x" * 300)):
        assert 0 < len(slug) <= 60
        assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-"), slug
        assert slug.strip("-") == slug
    assert russia != india
    assert tag_slug("россия") == russia  # the same words in another case
    assert tag_slug("Россия 2025") not in (tag_slug("2025"), russia)


def test_tags_of_one_slug_share_one_page(make_project) -> None:
    files = dict(EXTRA)
    files["briefs/second.yaml"] = files["briefs/second.yaml"].replace("Test]", "test]")
    site = site_data(corpus_of(make_project(files)))
    test = [t for t in site.tags if t.tag.slug == "test"]
    assert len(test) == 1
    assert [b.slug for b in test[0].briefs] == ["second", "test-brief"]
    assert [t.tag.name for t in site.tags] == ["Côte d'Ivoire", "test", "Россия"]


# briefs, drafts


def test_briefs_newest_first_with_their_facts(project: Path) -> None:
    site = site_data(corpus_of(project))
    assert [b.slug for b in site.briefs] == ["second", "test-brief"]
    second, first = site.briefs
    assert (second.edition, second.status, second.html, second.pdf) == (
        2,
        "final",
        "second/index.html",
        None,
    )
    assert second.href == "second/index.html"
    assert [t.slug for t in second.tags] == [tag_slug("Côte d'Ivoire"), tag_slug("Россия"), "test"]
    assert first.marking == "OFFICIAL"  # the project's default
    assert (first.html, first.pdf) == ("test-brief/index.html", "test-brief/test-brief.pdf")
    assert first.summary == "The bottom line, about Ann Smith."


def test_drafts_are_kept_off_every_page_by_default(project: Path) -> None:
    corpus = corpus_of(project)
    site = site_data(corpus)
    assert "draft-one" not in {b.slug for b in site.briefs}
    assert "secret-plan" not in {t.tag.name for t in site.tags}
    ann = next(a for a in site.actors if a.id == "ann-smith")
    assert [b.slug for b in ann.briefs] == ["test-brief"]
    talks = next(i for i in site.timeline if i.id == "talks")
    assert "draft-one" not in {b.slug for b in talks.briefs}
    assert all(e.id.find("draft-one") < 0 for e in feed_entries(site))
    docs = search_index(site)["docs"]
    assert "Unfinished thoughts" not in json.dumps(docs, ensure_ascii=False)
    pages = render_pages(corpus, site, make_environment(Theme.for_project(project)))
    for rel, data in pages.items():
        text = data.decode()
        assert "Unfinished" not in text, rel
        assert "draft-one" not in text, rel


def test_drafts_are_listed_with_include_drafts(make_project) -> None:
    corpus = with_settings(make_project, "marking: OFFICIAL\nsite:\n  include_drafts: true\n")
    site = site_data(corpus)
    assert [b.slug for b in site.briefs] == ["draft-one", "second", "test-brief"]
    assert site.briefs[0].status == "draft"
    ann = next(a for a in site.actors if a.id == "ann-smith")
    assert [b.slug for b in ann.briefs] == ["draft-one", "test-brief"]
    assert "draft-one/#edition-1" not in "".join(e.id for e in feed_entries(site))
    assert any("draft-one" in e.id for e in feed_entries(site))
    index = render_pages(corpus, site, make_environment(Theme.for_project(corpus.root)))
    assert "Unfinished thoughts" in index["index.html"].decode()
    assert '<span class="status status-draft">Draft</span>' in index["index.html"].decode()


# actors: who they are and what mentions them


def test_actor_backlinks_to_briefs_and_agenda_items(project: Path) -> None:
    site = site_data(corpus_of(project))
    actors = {a.id: a for a in site.actors}
    bob = actors["bob-jones"]
    # test-brief links him in its background and shows him as a summit participant;
    # second links him in its summary. Newest brief first.
    assert [b.slug for b in bob.briefs] == ["second", "test-brief"]
    assert [i.id for i in bob.agenda] == ["talks", "summit"]
    # Shown in an actors table without a Markdown mention still counts.
    assert [b.slug for b in actors["beta"].briefs] == ["second"]
    # Linked in an agenda item's summary, not a participant: still on the agenda.
    assert [i.id for i in actors["ann-smith"].agenda] == ["opening", "summit"]
    assert [i.id for i in actors["alpha"].agenda] == ["year-review"]
    assert actors["alpha-ministry"].briefs == ()


def test_actor_facts_and_related_actors(project: Path) -> None:
    site = site_data(corpus_of(project))
    actors = {a.id: a for a in site.actors}
    ann = actors["ann-smith"]
    assert (ann.name, ann.native_name, ann.role) == ("Ann Smith", "Анна Смит", "Minister of Things")
    assert (ann.affiliation.id, ann.affiliation.name) == (
        "alpha-ministry",
        "Alpha Ministry of Things",
    )
    assert ann.country.name == "Alpha Land"
    assert [r.id for r in actors["alpha"].related] == ["alpha-ministry", "ann-smith"]
    assert [a.name for a in site.actors] == sorted((a.name for a in site.actors), key=str.casefold)


def test_actor_page_renders_summary_with_site_links(project: Path) -> None:
    corpus = corpus_of(project)
    site = site_data(corpus)
    pages = render_pages(corpus, site, make_environment(Theme.for_project(project)))
    ann = pages["actors/ann-smith/index.html"].decode()
    assert '<a class="entity" href="../../actors/alpha-ministry/index.html">ministry</a>' in ann
    assert '<p class="native-name" lang="ru" dir="ltr">Анна Смит</p>' in ann
    assert 'href="../../test-brief/index.html"' in ann
    assert 'href="../../timeline/index.html#agenda-summit"' in ann


# timeline


def test_timeline_orders_by_first_day_coarser_first_and_keeps_dates_honest(project: Path) -> None:
    site = site_data(corpus_of(project))
    order = [(i.id, i.when, i.date_iso) for i in site.timeline]
    assert order == [
        ("year-review", "2025", "2025"),
        ("talks", "December 2025", "2025-12"),
        ("opening", "1 December 2025", "2025-12-01"),
        ("summit", "4–5 December 2025", "2025-12-04"),
        ("later", "March 2026 – April 2026", "2026-03"),
    ]
    summit = next(i for i in site.timeline if i.id == "summit")
    assert (summit.status, summit.kind, summit.location) == ("Scheduled", "Summit", "Capital City")
    assert [p.id for p in summit.participants] == ["ann-smith", "bob-jones"]
    assert summit.outcomes_label == "Expected outcomes"
    assert summit.outcomes == ("A joint statement",)
    assert [b.slug for b in summit.briefs] == ["test-brief"]
    assert next(i for i in site.timeline if i.id == "later").outcomes_label == "Expected outcomes"


def test_timeline_page_groups_by_year(project: Path) -> None:
    corpus = corpus_of(project)
    pages = render_pages(corpus, site_data(corpus), make_environment(Theme.for_project(project)))
    html = pages["timeline/index.html"].decode()
    assert (
        html.index('id="year-2025"')
        < html.index('id="agenda-talks"')
        < html.index('id="year-2026"')
    )
    assert '<time datetime="2025-12">December 2025</time>' in html
    assert '<time datetime="2025">2025</time>' in html


# feed


def test_feed_entries_have_stable_ids_with_the_edition(project: Path) -> None:
    site = site_data(corpus_of(project))
    entries = feed_entries(site)
    assert [e.id for e in entries] == [
        "tag:test-unit.invalid,2025:second/edition-2",
        "tag:test-unit.invalid,2025:test-brief/edition-1",
    ]
    second = entries[0]
    assert second.title == "Second brief (edition 2)"
    assert second.updated == "2026-01-15T00:00:00Z"
    assert (second.html, second.pdf) == ("second/index.html", None)
    assert second.authors == ("Desk A", "Desk B")
    assert feed_entries(site_data(corpus_of(project))) == entries


def test_feed_ids_are_urls_under_base_url(make_project) -> None:
    corpus = with_settings(
        make_project,
        "organisation: Test Unit\nsite:\n  base_url: https://intranet.example/briefs\n",
    )
    entries = feed_entries(site_data(corpus))
    assert entries[1].id == "https://intranet.example/briefs/test-brief/#edition-1"
    assert entries[1].html == "https://intranet.example/briefs/test-brief/"
    assert entries[1].pdf == "https://intranet.example/briefs/test-brief/test-brief.pdf"
    feed = ET.fromstring(render_feed(site_data(corpus)))
    assert feed.findtext(f"{A}id") == "https://intranet.example/briefs/"
    self_link = feed.find(f"{A}link[@rel='self']")
    assert self_link is not None
    assert self_link.get("href") == "https://intranet.example/briefs/feed.xml"


def test_new_edition_is_a_new_entry(make_project) -> None:
    files = dict(EXTRA)
    first = feed_entries(site_data(corpus_of(make_project(files))))
    files["briefs/second.yaml"] = files["briefs/second.yaml"].replace("edition: 2", "edition: 3")
    again = feed_entries(site_data(corpus_of(make_project(files))))
    assert again[0].id == "tag:test-unit.invalid,2025:second/edition-3"
    assert first[1].id == again[1].id


def test_feed_is_atom(project: Path) -> None:
    site = site_data(corpus_of(project))
    data = render_feed(site)
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=")
    feed = ET.fromstring(data)
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}title") == "Policy briefs"
    assert feed.findtext(f"{A}updated") == "2026-01-15T00:00:00Z"  # the newest entry's
    assert feed.findtext(f"{A}author/{A}name") == "Test Unit"
    entries = feed.findall(f"{A}entry")
    assert len(entries) == 2
    second = entries[0]
    assert [c.get("term") for c in second.findall(f"{A}category")] == [
        tag_slug("Côte d'Ivoire"),
        tag_slug("Россия"),
        "test",
    ]
    assert second.find(f"{A}summary").text == "What Bob Jones said."
    assert second.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert entries[1].get("{http://www.w3.org/XML/1998/namespace}lang") is None
    links = [
        (link.get("rel"), link.get("type"), link.get("href"))
        for link in entries[1].iter(f"{A}link")
    ]
    assert links == [
        ("alternate", "text/html", "test-brief/index.html"),
        ("related", "application/pdf", "test-brief/test-brief.pdf"),
    ]
    assert render_feed(site_data(corpus_of(project))) == data


# search


def test_search_words_fold_case_and_accents_and_keep_each_word_once() -> None:
    assert search_words("Côte d’Ivoire, CÔTE!", "Анна Смит") == "cote d ivoire анна смит"
    assert search_words("नरेन्द्र मोदी") == "नरेन्द्र मोदी"  # vowel signs stay in their word


def test_search_index_holds_briefs_actors_and_agenda_items(project: Path) -> None:
    index = search_index(site_data(corpus_of(project)))
    assert index["version"] == 2
    docs = {(d["kind"], d["title"]): d for d in index["docs"]}
    brief = docs[("Brief", "A test brief")]
    assert brief["url"] == "test-brief/index.html"
    assert brief["date"] == "1 December 2025"
    assert brief["text"] == "The bottom line, about Ann Smith."
    words = brief["words"].split()
    # summary, tags and body text: background, key judgment, outlook, agenda titles
    assert {"bottom", "ann", "test", "minister", "ground", "estimate", "summit"} <= set(words)
    assert len(words) == len(set(words))
    ann = docs[("Actor", "Ann Smith")]
    assert ann["url"] == "actors/ann-smith/index.html"
    assert set(ann["title_words"].split()) == {"ann", "smith", "анна", "смит"}
    assert {"minister", "things", "alpha", "land"} <= set(ann["words"].split())
    talks = docs[("Agenda item", "Preparatory talks")]
    assert talks["url"] == "timeline/index.html#agenda-talks"
    assert talks["date"] == "December 2025"
    assert {"bob", "jones", "meeting"} <= set(talks["words"].split())
    kinds = [d["kind"] for d in index["docs"]]
    assert kinds == sorted(kinds, key=["Brief", "Actor", "Agenda item"].index)


def test_every_link_in_the_search_index_is_relative(project: Path) -> None:
    for doc in search_index(site_data(corpus_of(project)))["docs"]:
        assert not doc["url"].startswith(("/", "http:", "https:")), doc["url"]


# pages


def test_pages_are_the_same_for_the_same_input(project: Path) -> None:
    corpus = corpus_of(project)
    env = make_environment(Theme.for_project(project))
    first = render_pages(corpus, site_data(corpus), env)
    again = render_pages(corpus_of(project), site_data(corpus_of(project)), env)
    assert first == again
    assert {
        "index.html",
        "feed.xml",
        "search/index.js",
        "timeline/index.html",
        "actors/index.html",
        "actors/ann-smith/index.html",
        "tags/index.html",
        "tags/" + tag_slug("Côte d'Ivoire") + "/index.html",
    } <= set(first)


def test_titles_and_tags_are_escaped(make_project) -> None:
    files = dict(EXTRA)
    files["briefs/second.yaml"] = (
        files["briefs/second.yaml"]
        .replace("title: Second brief", "title: '<script>alert(1)</script> & co'")
        .replace("Test]", "'<b>x</b>']")
    )
    corpus = corpus_of(make_project(files))
    pages = render_pages(
        corpus, site_data(corpus), make_environment(Theme.for_project(corpus.root))
    )
    for rel, data in pages.items():
        if rel.endswith(".html"):
            assert b"<script>alert" not in data, rel
            assert b"<b>x</b>" not in data, rel
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in pages["index.html"]
    assert b"&lt;script&gt;" in pages["feed.xml"]
    assert b"<script>" not in pages["search/index.js"]
    assert search_data(pages)["docs"][0]["title"].startswith("<script>")


def test_a_project_template_overrides_a_site_template(make_project) -> None:
    root = make_project(
        {
            **EXTRA,
            "templates/site/tags.html": (
                '{% extends "site/layout.html" %}{% block main %}<p>own tags page</p>{% endblock %}'
            ),
        }
    )
    corpus = corpus_of(root)
    pages = render_pages(corpus, site_data(corpus), make_environment(Theme.for_project(root)))
    assert b"<p>own tags page</p>" in pages["tags/index.html"]
    assert b"site.css" in pages["tags/index.html"]


def test_a_brief_in_another_language_is_marked_as_such(project: Path) -> None:
    corpus = corpus_of(project)
    pages = render_pages(corpus, site_data(corpus), make_environment(Theme.for_project(project)))
    index = pages["index.html"].decode()
    assert '<h3 class="brief-title" id="brief-second" lang="fr" dir="ltr">' in index
    assert '<h3 class="brief-title" id="brief-test-brief">' in index


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        # A sentence end within the limit: the listing ends there.
        ("The talks went on. " * 30, "The talks went on."),
        # No space after the first words: cut at the limit, not at "据 Reuters".
        (
            "据 Reuters 报道，"
            + "中国和印度的贸易谈判在新德里继续进行双方讨论了关税和投资问题" * 20,
            "的贸…",
        ),
        # Chinese sentence ends need no space.
        ("据报道。" + "双方讨论了关税和投资问题。" * 40, "投资问题。"),
        ("word " * 100, "word …"),
    ],
)
def test_a_summary_is_cut_for_listings_in_any_script(text: str, ends: str) -> None:
    from policybrief.site.entries import excerpt

    cut = excerpt(text)
    assert cut.endswith(ends)
    assert 160 <= len(cut) <= 322


def test_a_cut_never_separates_a_letter_from_its_marks() -> None:
    from policybrief.site.entries import excerpt

    text = "कि" * 400  # Devanagari: a consonant and its vowel sign, no spaces
    cut = excerpt(text)
    assert cut.endswith("कि…")
