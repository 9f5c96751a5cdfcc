"""A brief served from its last good build keeps the web fonts its page needs.

The site's web fonts are subsets of the characters the site shows. They were
read from the corpus alone: once an actor's file was deleted, a brief that
named the actor failed and was served as last built, still showing the
actor's Chinese name, but the new subsets left its characters out and the
name printed in the reader's fallback font (or as boxes on an intranet PC
without one).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from tests.helpers import make_project_at, run_cli

pytestmark = pytest.mark.usefixtures("module_plain_environment")

#: Bob Jones's name in Chinese: characters no other text of the project holds.
NATIVE = "鲍勃琼斯"


def _covered(root: Path) -> set[int]:
    """Every character some web font of the built site has."""
    points: set[int] = set()
    for woff2 in (root / "output/assets/fonts").glob("*.woff2"):
        points.update(TTFont(woff2).getBestCmap())
    return points


def _build(root: Path) -> tuple[int, str]:
    run = run_cli("build", "--root", str(root), "--outputs", "html", "--format", "text")
    return run.code, run.err


def test_a_kept_page_s_characters_stay_in_the_web_fonts(tmp_path: Path) -> None:
    root = make_project_at(tmp_path / "project")
    actor = root / "content/actors/bob-jones.yaml"
    actor.write_text(
        actor.read_text(encoding="utf-8") + f"native_name: {NATIVE}\nnative_lang: zh\n",
        encoding="utf-8",
    )
    code, err = _build(root)
    assert code == 0, err
    page = root / "output/test-brief/index.html"
    assert NATIVE in page.read_text(encoding="utf-8")
    assert {ord(c) for c in NATIVE} <= _covered(root)

    actor.unlink()  # the brief names him: it fails and is served as last built
    code, err = _build(root)
    assert code == 1
    assert "last good build still served: test-brief" in err
    assert NATIVE in page.read_text(encoding="utf-8")
    assert {ord(c) for c in NATIVE} <= _covered(root)


def test_the_fonts_drop_the_characters_once_the_page_is_rebuilt(tmp_path: Path) -> None:
    # The kept page's text counts while it is served, not for ever.
    root = make_project_at(tmp_path / "project")
    actor = root / "content/actors/bob-jones.yaml"
    actor.write_text(
        actor.read_text(encoding="utf-8") + f"native_name: {NATIVE}\nnative_lang: zh\n",
        encoding="utf-8",
    )
    assert _build(root)[0] == 0
    actor.write_text(actor.read_text(encoding="utf-8").split("native_name")[0], encoding="utf-8")
    code, err = _build(root)
    assert code == 0, err
    assert not {ord(c) for c in NATIVE} & _covered(root)


def test_shards_write_the_same_web_fonts_whatever_fails(tmp_path: Path) -> None:
    # A brief that fails as its PDF renders fails in its own shard only, which
    # read its kept page's text and wrote other fonts than the other shard (the
    # merge keeps the last one). Shards read no kept page now.
    root = make_project_at(tmp_path / "project")
    actor = root / "content/actors/bob-jones.yaml"
    plain = actor.read_text(encoding="utf-8")
    actor.write_text(plain + f"native_name: {NATIVE}\nnative_lang: zh\n", encoding="utf-8")
    assert _build(root)[0] == 0
    actor.write_text(plain, encoding="utf-8")  # the name is gone from the content
    assets = root / "content" / "assets"
    assets.mkdir()
    (assets / "bars.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="90" height="40">'
        '<text x="1" y="20" style="font-size: calc(10px + 4px)">x</text></svg>',
        encoding="utf-8",
    )  # stops the PDF renderer: the final brief fails as it renders
    outlook = root / "content/analysis/outlook.md"
    outlook.write_text(outlook.read_text(encoding="utf-8") + "\n![Bars](assets/bars.svg)\n")
    fonts = {}
    for shard in ("1/2", "2/2"):
        run = run_cli("build", "--root", str(root), "--shard", shard, "--format", "text")
        assert "internal" not in run.err
        fonts[shard] = (root / "output/assets/css/fonts.css").read_text(encoding="utf-8")
    assert fonts["1/2"] == fonts["2/2"]
