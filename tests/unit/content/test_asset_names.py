"""Image names as editors write them: NFD accents, percent escapes, spaces (report item 15)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from policybrief.content.refs import asset_name
from tests.conftest import MakeProject
from tests.helpers import run_build, run_cli

OUTLOOK = "---\ntitle: Outlook\nkind: outlook\n---\n"


def _project(make_project: MakeProject, files: list[str], body: str) -> Path:
    root = make_project({"content/analysis/outlook.md": OUTLOOK + body})
    (root / "content" / "assets").mkdir(exist_ok=True)
    for name in files:
        Image.new("RGB", (20, 10), "red").save(root / "content" / "assets" / name, "PNG")
    return root


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("assets/my%20map.png", "assets/my map.png"),
        ("assets/carte-%C3%A9.png", "assets/carte-é.png"),
        (unicodedata.normalize("NFD", "assets/carte-é.png"), "assets/carte-é.png"),
        ("assets/100%.png", "assets/100%.png"),  # not an escape: kept
    ],
)
def test_an_image_address_is_read_as_a_file_name(written: str, name: str) -> None:
    assert asset_name(written) == name


@pytest.mark.parametrize(
    ("file", "written"),
    [
        # the report's: the file's name decomposed (macOS), the text's composed
        (unicodedata.normalize("NFD", "carte-é.png"), "assets/carte-é.png"),
        ("carte-é.png", unicodedata.normalize("NFD", "assets/carte-é.png")),
        ("my map.png", "assets/my%20map.png"),  # the report's
        ("my map.png", "<assets/my map.png>"),
        ("Ærø kort.png", "assets/%C3%86r%C3%B8%20kort.png"),
        ("sub/Ünï.png", unicodedata.normalize("NFD", "assets/sub/Ünï.png")),
    ],
)
def test_the_image_is_found(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, file: str, written: str
) -> None:
    root = _project(make_project, [], f"![A map]({written})\n")
    (root / "content" / "assets" / Path(file).parent).mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (20, 10), "red").save(root / "content" / "assets" / file, "PNG")
    monkeypatch.chdir(root)
    run = run_cli("check", "--format", "text")
    assert run.code == 0, run.err


def test_a_name_that_only_looks_the_same_says_where_it_differs(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(make_project, ["ｍap.png"], "![A map](assets/map.png)\n")
    monkeypatch.chdir(root)
    run = run_cli("check", "--format", "text")
    assert run.err.splitlines()[:2] == [
        "content/analysis/outlook.md:5:1: error: image 'assets/map.png' does not exist",
        "  hint: did you mean 'assets/ｍap.png'? The names look alike but differ at character"
        " 8: the text has U+006D, the file U+FF4D; copy the file's name into the text",
    ]


def test_a_plain_guess_stays_plain(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(make_project, ["map.png"], "![A map](assets/mop.png)\n")
    monkeypatch.chdir(root)
    run = run_cli("check", "--format", "text")
    assert "  hint: did you mean 'assets/map.png'?" in run.err.splitlines()


def test_the_site_writes_encoded_addresses_for_such_names(make_project: MakeProject) -> None:
    root = _project(
        make_project,
        [unicodedata.normalize("NFD", "my map é.png")],
        "![A map](assets/my%20map%20%C3%A9.png) ![Again](<assets/my map é.png>)\n",
    )
    run = run_build(root, "--outputs", "html")
    assert run.code == 0, run.err
    page = (root / "output" / "test-brief" / "index.html").read_text(encoding="utf-8")
    assert page.count('src="../media/my%20map%20%C3%A9.png"') == 2
    assert (root / "output" / "media" / "my map é.png").is_file()


def test_a_name_with_spaces_in_angle_brackets_alone_is_published(
    make_project: MakeProject,
) -> None:
    # The writers' guide's form for such a name: the image was neither checked
    # nor copied (the site showed a broken image) when no other image named it.
    root = _project(make_project, ["my map.png"], '![A map](<assets/my map.png> "Map")\n')
    run = run_build(root, "--outputs", "html")
    assert run.code == 0, run.err
    page = (root / "output" / "test-brief" / "index.html").read_text(encoding="utf-8")
    assert 'src="../media/my%20map.png"' in page
    assert (root / "output" / "media" / "my map.png").is_file()


def test_a_missing_image_in_angle_brackets_is_an_error(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(make_project, [], "![Gone](<assets/no such file.png>)\n")
    monkeypatch.chdir(root)
    run = run_cli("check", "--format", "text")
    assert run.code == 1
    assert "image 'assets/no such file.png' does not exist" in run.err


def test_names_that_differ_only_in_case_are_an_error(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    # map.png, Map.png and map.PNG were all published: on a case-insensitive
    # server (IIS, a Windows share, macOS) one overwrites the others.
    root = make_project({})
    assets = root / "content" / "assets"
    assets.mkdir()
    for name, colour in (("map.png", "red"), ("Map.png", "blue"), ("map.PNG", "green")):
        Image.new("RGB", (10, 10), colour).save(assets / name, "PNG")
    Image.new("RGB", (10, 10)).save(assets / "other.png", "PNG")
    monkeypatch.chdir(root)
    lines = run_cli("check", "--format", "text").err.splitlines()
    clashes = [ln for ln in lines if "only in case" in ln]
    assert clashes == [
        "content/assets/map.PNG:1:1: error: 'assets/map.PNG' differs from 'assets/Map.png' "
        "only in case: on a case-insensitive server one would overwrite the other",
        "content/assets/map.png:1:1: error: 'assets/map.png' differs from 'assets/Map.png' "
        "only in case: on a case-insensitive server one would overwrite the other",
    ]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("q?x.png", "it holds '?'"),
        ("a|b.png", "it holds '|'"),
        ("x:y.png", "it holds ':'"),
        ("CON.png", "'CON' is a name Windows keeps for a device"),
        ("lpt1.png", "'lpt1' is a name Windows keeps for a device"),
        ("map..png.", "it ends in a dot or a space"),
    ],
)
def test_a_name_a_windows_server_cannot_hold_is_an_error(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, name: str, why: str
) -> None:
    # Publishers copy output/ to IIS or a share, where the copy fails or renames it.
    root = _project(make_project, [name], f"![A map](<assets/{name}>)\n")
    monkeypatch.chdir(root)
    lines = run_cli("check", "--format", "text").err.splitlines()
    assert (
        f"content/assets/{name}:1:1: error: '{name}' cannot be copied to a Windows server "
        f"or share: {why}"
    ) in lines
    at_image = [ln for ln in lines if ln.startswith("content/analysis/outlook.md")]
    assert at_image == [
        f"content/analysis/outlook.md:5:1: error: image 'assets/{name}' cannot be published: "
        f"its name cannot be copied to a Windows server or share ({why})"
    ]


def test_names_that_differ_only_in_how_accents_are_encoded_say_so(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    composed = "carte-\u00e9.png"
    decomposed = unicodedata.normalize("NFD", composed)
    root = _project(make_project, [composed, decomposed], f"![A map](assets/{composed})\n")
    monkeypatch.chdir(root)
    clashes = [
        ln for ln in run_cli("check", "--format", "text").err.splitlines() if "differs" in ln
    ]
    assert len(clashes) == 1
    assert "only in how its accents are encoded" in clashes[0]


@pytest.mark.parametrize(
    "written",
    [
        # A title holding the other quote ("China's imports"): the image was not
        # seen, so a missing file passed check and the site's image was broken.
        '![Imports](assets/no-such.png "China\'s imports")',
        "![Imports](assets/no-such.png 'The \"big\" one')",
        # A space in a plain address: the page renderer reads it as one name.
        "![Imports](assets/no such.png)",
    ],
)
def test_every_image_form_the_page_renders_is_checked(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    root = _project(make_project, [], written + "\n")
    monkeypatch.chdir(root)
    run = run_cli("check", "--format", "text")
    assert run.code == 1
    assert "does not exist" in run.err


def test_a_plain_address_with_a_space_is_published(make_project: MakeProject) -> None:
    root = _project(make_project, ["excel chart.png"], "![A chart](assets/excel chart.png)\n")
    run = run_build(root, "--outputs", "html")
    assert run.code == 0, run.err
    assert (root / "output" / "media" / "excel chart.png").is_file()


@pytest.mark.parametrize(
    "title",
    ["'The region's borders'", '"say "hi" now"', '"t"'],
    ids=["own-quote", "inner", "plain"],
)
def test_an_image_with_a_quoted_title_is_its_file(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, title: str
) -> None:
    # A title holding its own quote made the title part of the name: "does not exist".
    root = _project(make_project, ["map.png"], f"![A map](assets/map.png {title})\n")
    monkeypatch.chdir(root)
    run = run_cli("check", "--format", "text")
    assert "does not exist" not in run.err, run.err
