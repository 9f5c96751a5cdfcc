"""A writer's relative link to a page the site will not have is a warning at the link
(content/relative_links.py); they were published dead without a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from policybrief.content.relative_links import relative_links
from tests.conftest import MakeProject
from tests.helpers import run_cli

OUTLOOK = "---\ntitle: Outlook\nkind: outlook\n---\n"


def _warnings(root: Path) -> list[str]:
    run = run_cli("check", "--root", str(root), "--format", "text")
    return [
        ln.removeprefix(f"{root}/")
        for ln in run.err.splitlines()
        if "dead-link" in ln or "leads nowhere" in ln
    ]


@pytest.mark.parametrize(
    ("link", "says"),
    [
        ("../nope/index.html", "it names 'nope/index.html', which the site does not have"),
        ("../test-brief/other.pdf", "it names 'test-brief/other.pdf'"),
        ("../tset-brief/index.html", "it names 'tset-brief/index.html'"),
        ("../actors/nobody/index.html", "it names 'actors/nobody/index.html'"),
        ("../timeline/index.html#agenda-sumit", "the timeline has no agenda item 'sumit'"),
        ("x.md", "it names 'test-brief/x.md', which the site does not have"),
        ("assets/map.png", "it names 'test-brief/assets/map.png'"),
        ("../../index.html", "it leads above the site's top folder"),
        ("<../my page.html>", "it names 'my page.html'"),
    ],
)
def test_a_link_to_a_page_the_site_does_not_have_is_a_warning(
    make_project: MakeProject, link: str, says: str
) -> None:
    root = make_project({"content/analysis/outlook.md": f"{OUTLOOK}See [this]({link}).\n"})
    found = _warnings(root)
    assert len(found) == 1, found
    shown = link.strip("<>")
    assert found[0].startswith(
        f"content/analysis/outlook.md:5:{12 if link[0] != '<' else 13}: warning: "
        f"link to '{shown}' leads nowhere: "
    )
    assert says in found[0]


@pytest.mark.parametrize(
    "link",
    [
        "../test-brief/index.html",
        "../test-brief/test-brief.pdf",
        "../index.html",
        "../actors/ann-smith/index.html",
        "../actors/index.html",
        "../timeline/index.html#agenda-summit",
        "../tags/test/index.html",
        "../feed.xml",
        "index.html#background",
        "https://example.org/x.md",
        "mailto:desk@example.org",
        "#local",
        "/intranet/page.html",
        # Folders, served as their index.html (a trial's false positives).
        "../",
        "../test-brief/",
        "../tags/",
        "../actors/",
        "../timeline/#agenda-summit",
        "./",
        "test-brief.pdf",
    ],
)
def test_a_link_the_site_has_is_fine(make_project: MakeProject, link: str) -> None:
    root = make_project({"content/analysis/outlook.md": f"{OUTLOOK}See [this]({link}).\n"})
    assert _warnings(root) == []


def test_the_hints_guess_what_was_meant(make_project: MakeProject) -> None:
    body = (
        "[a](../tset-brief/index.html) [b](../actors/ann-smyth/index.html) "
        "[c](../timeline/index.html#agenda-sumit) [d](notes.md)\n"
    )
    root = make_project({"content/analysis/outlook.md": OUTLOOK + body})
    run = run_cli("check", "--root", str(root), "--format", "text")
    hints = [ln.strip() for ln in run.err.splitlines() if ln.startswith("  hint:")]
    assert hints == [
        "hint: did you mean the brief 'test-brief' (../test-brief/index.html)?",
        "hint: did you mean 'ann-smith'? Link the actor with [[ann-smith]]",
        "hint: did you mean '#agenda-summit'? Or link the item with [[summit]]",
        "hint: content files are not published: link an actor or agenda item with [[id]], "
        "a brief by its page (../SLUG/index.html)",
    ]


def test_an_actor_summary_must_link_from_both_pages_it_shows_on(
    make_project: MakeProject,
) -> None:
    # Shown on the brief's page (one folder down) and the actor's (two).
    root = make_project({})
    actor = root / "content" / "actors" / "bob-jones.yaml"
    actor.write_text(
        actor.read_text(encoding="utf-8") + "summary: See [the brief](../test-brief/index.html).\n",
        encoding="utf-8",
    )
    found = _warnings(root)
    assert len(found) == 1
    assert (
        "warning: link to '../test-brief/index.html' leads nowhere from "
        "'actors/bob-jones/index.html': this text shows there too, and from there the "
        "address names 'actors/test-brief/index.html', which the site does not have"
    ) in found[0]


def test_images_are_not_links_and_every_form_of_address_is_read() -> None:
    text = "![img](assets/a.png) [b](y.md) <a href='z.html'>z</a> [c](<w v.md> \"t\")"
    assert list(relative_links(text)) == [
        (text.index("y.md"), "y.md"),
        (text.index("z.html"), "z.html"),
        (text.index("w v.md"), "w v.md"),
    ]


def test_a_link_in_code_is_text(make_project: MakeProject) -> None:
    body = "Write `[see](x.md)` or\n\n    [see](y.md)\n"
    root = make_project({"content/analysis/outlook.md": OUTLOOK + body})
    assert _warnings(root) == []


def test_a_brief_s_own_text_links_its_pdf(make_project: MakeProject) -> None:
    root = make_project({})
    brief = root / "briefs" / "test-brief.yaml"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace(
            "The bottom line,", "The [PDF](test-brief.pdf) bottom line,"
        ),
        encoding="utf-8",
    )
    assert _warnings(root) == []
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("(test-brief.pdf)", "(other.pdf)"),
        encoding="utf-8",
    )
    found = _warnings(root)
    assert len(found) == 1
    assert "it names 'test-brief/other.pdf', which the site does not have" in found[0]


def test_an_analysis_in_two_briefs_links_from_both_pages(make_project: MakeProject) -> None:
    # Its "test-brief.pdf" works on test-brief's page only.
    root = make_project(
        {
            "content/analysis/outlook.md": OUTLOOK + "The [PDF](test-brief.pdf).\n",
        }
    )
    brief = (root / "briefs" / "test-brief.yaml").read_text(encoding="utf-8")
    (root / "briefs" / "other.yaml").write_text(brief, encoding="utf-8")
    found = _warnings(root)
    assert len(found) == 1
    assert (
        "link to 'test-brief.pdf' leads nowhere from 'other/index.html': this text shows "
        "there too, and from there the address names 'other/test-brief.pdf'"
    ) in found[0]


def test_a_link_to_an_image_no_text_shows_is_dead(make_project: MakeProject) -> None:
    # Only images shown are published in media/.
    root = make_project({"content/analysis/outlook.md": OUTLOOK + "The [map](../media/map.png).\n"})
    (root / "content" / "assets").mkdir(exist_ok=True)
    Image.new("RGB", (4, 4)).save(root / "content" / "assets" / "map.png")
    assert len(_warnings(root)) == 1
    (root / "content/analysis/outlook.md").write_text(
        OUTLOOK + "The [map](../media/map.png).\n\n![A map](assets/map.png)\n", encoding="utf-8"
    )
    assert _warnings(root) == []
