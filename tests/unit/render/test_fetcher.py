"""The PDF renderer's only door to files: theme folders and content/, nothing else.

Each refusal is a ``RefusedFetch`` (a ``ValueError``, which WeasyPrint catches and
logs) and is recorded in ``fetcher.refused`` for the engine to report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
import weasyprint

from policybrief.render.fetcher import ConfinedFetcher, RefusedFetch
from policybrief.render.theme import Theme
from tests.helpers import write_files


@dataclass(frozen=True)
class Setup:
    fetcher: ConfinedFetcher
    own: Path  # the project's templates/, first theme folder
    packaged: Path  # the second theme folder
    content: Path
    outside: Path  # a folder next to them that the renderer must never read


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    own, packaged = tmp_path / "project/templates", tmp_path / "packaged"
    content, outside = tmp_path / "project/content", tmp_path / "outside"
    write_files(own, {"css/local.css": "/* project's own */"})
    write_files(
        packaged,
        {"css/local.css": "/* packaged */", "css/base.css": "p {}", "fonts/a.woff2": "font"},
    )
    write_files(content, {"assets/map.svg": "<svg/>"})
    write_files(outside, {"secret.txt": "secret", "style.css": "p {}"})
    return Setup(ConfinedFetcher(Theme((own, packaged)), content), own, packaged, content, outside)


def url(path: Path) -> str:
    return path.as_uri()


def refused(fetcher: ConfinedFetcher, target: str) -> None:
    """Assert that fetching ``target`` raises RefusedFetch and is recorded."""
    before = len(fetcher.refused)
    with pytest.raises(RefusedFetch, match="refused to fetch"):
        fetcher.fetch(target)
    assert fetcher.refused[before:] == [target]


# what is served


def test_serves_a_file_of_the_second_theme_folder(setup: Setup) -> None:
    response = setup.fetcher.fetch(url(setup.packaged / "css/base.css"))
    assert response.read() == b"p {}"
    assert response.content_type == "text/css"
    assert setup.fetcher.refused == []


def test_serves_a_content_file(setup: Setup) -> None:
    response = setup.fetcher.fetch(url(setup.content / "assets/map.svg"))
    assert response.read() == b"<svg/>"
    assert response.content_type == "image/svg+xml"


def test_an_unknown_type_is_served_as_octet_stream(setup: Setup) -> None:
    (setup.content / "assets/data.unknownext").write_bytes(b"\x00\x01")
    response = setup.fetcher.fetch(url(setup.content / "assets/data.unknownext"))
    assert response.read() == b"\x00\x01"
    assert response.content_type == "application/octet-stream"


def test_the_project_theme_overrides_the_packaged_file(setup: Setup) -> None:
    asked = url(setup.own / "css/local.css")
    response = setup.fetcher.fetch(asked)
    assert response.read() == b"/* project's own */"
    # Answered under the URL asked for, so what it imports resolves through the overlay.
    assert response.url == asked


def test_a_file_only_the_packaged_theme_has_is_found_under_the_project_folder(
    setup: Setup,
) -> None:
    response = setup.fetcher.fetch(url(setup.own / "fonts/a.woff2"))
    assert response.read() == b"font"
    assert response.url == url(setup.own / "fonts/a.woff2")


def test_file_urls_of_localhost_are_served(setup: Setup) -> None:
    path = (setup.content / "assets/map.svg").as_posix()
    assert setup.fetcher.fetch(f"file://localhost{path}").read() == b"<svg/>"


def test_a_symlink_inside_to_a_file_inside_is_served(setup: Setup) -> None:
    link = setup.content / "assets/alias.css"
    link.symlink_to(setup.packaged / "css/base.css")
    assert setup.fetcher.fetch(url(link)).read() == b"p {}"


def test_percent_encoded_names_are_decoded(setup: Setup) -> None:
    write_files(setup.content, {"assets/a map.svg": "<svg id='a'/>"})
    # Path.as_uri() quotes the space as %20.
    assert setup.fetcher.fetch(url(setup.content / "assets/a map.svg")).read() == b"<svg id='a'/>"


# what is refused


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:9/style.css",
        "https://example.org/font.woff2",
        "ftp://example.org/image.png",
        "data:text/css,p%7Bcolor:red%7D",
        "javascript:alert(1)",
        "gopher://example.org/",
        "style.css",  # relative: WeasyPrint resolves against the base URL first
    ],
)
def test_refuses_every_scheme_but_file(setup: Setup, target: str) -> None:
    refused(setup.fetcher, target)


def test_refuses_a_file_url_naming_another_host(setup: Setup) -> None:
    path = (setup.content / "assets/map.svg").as_posix()
    refused(setup.fetcher, f"file://evil.example{path}")


def test_refuses_an_absolute_path_outside(setup: Setup) -> None:
    refused(setup.fetcher, url(setup.outside / "secret.txt"))


def test_refuses_a_system_file(setup: Setup) -> None:
    refused(setup.fetcher, "file:///etc/passwd")


@pytest.mark.parametrize("folder", ["content", "packaged", "own"])
def test_refuses_dot_dot_traversal_out_of_an_allowed_folder(setup: Setup, folder: str) -> None:
    base = getattr(setup, folder)
    climb = Path(os.path.relpath(setup.outside / "secret.txt", base)).as_posix()
    assert climb.startswith("../")
    assert (base / climb).resolve().is_file()  # the file is there to be read
    refused(setup.fetcher, f"{url(base)}/{climb}")


@pytest.mark.parametrize("dots", ["%2e%2e", "%2E%2E", ".%2e"])
def test_refuses_percent_encoded_traversal(setup: Setup, dots: str) -> None:
    for base in (setup.content, setup.own):
        refused(setup.fetcher, f"{url(base)}/{dots}/{dots}/outside/secret.txt")


def test_refuses_percent_encoded_slashes_in_traversal(setup: Setup) -> None:
    refused(setup.fetcher, f"{url(setup.content)}/..%2f..%2foutside%2fsecret.txt")


def test_refuses_a_symlink_to_a_file_outside(setup: Setup) -> None:
    link = setup.content / "assets/innocent.svg"
    link.symlink_to(setup.outside / "secret.txt")
    refused(setup.fetcher, url(link))


def test_refuses_a_file_under_a_symlinked_folder_outside(setup: Setup) -> None:
    (setup.content / "linked").symlink_to(setup.outside, target_is_directory=True)
    refused(setup.fetcher, url(setup.content / "linked/secret.txt"))


def test_refuses_a_symlink_in_the_project_theme_to_outside(setup: Setup) -> None:
    (setup.own / "css/evil.css").symlink_to(setup.outside / "style.css")
    refused(setup.fetcher, url(setup.own / "css/evil.css"))


def test_refuses_a_folder_and_a_missing_file(setup: Setup) -> None:
    refused(setup.fetcher, url(setup.content / "assets"))
    refused(setup.fetcher, url(setup.content / "assets/missing.png"))
    refused(setup.fetcher, url(setup.own / "css/missing.css"))


def test_a_sibling_folder_sharing_a_prefix_is_outside(setup: Setup, tmp_path: Path) -> None:
    sibling = tmp_path / "project/content-private"
    write_files(sibling, {"notes.txt": "private"})
    refused(setup.fetcher, url(sibling / "notes.txt"))


def test_refusals_are_recorded_in_order_and_served_files_are_not(setup: Setup) -> None:
    asked = [
        url(setup.outside / "secret.txt"),
        url(setup.content / "assets/map.svg"),
        "https://example.org/x.png",
    ]
    for target in asked:
        try:
            setup.fetcher.fetch(target)
        except RefusedFetch:
            pass
    assert setup.fetcher.refused == [asked[0], asked[2]]


def test_the_allowed_folders_are_resolved(tmp_path: Path) -> None:
    real = tmp_path / "real-content"
    write_files(real, {"a.txt": "a"})
    (tmp_path / "content").symlink_to(real, target_is_directory=True)
    theme = tmp_path / "theme"
    theme.mkdir()
    fetcher = ConfinedFetcher(Theme((theme,)), tmp_path / "content")
    assert fetcher.fetch(url(tmp_path / "content/a.txt")).read() == b"a"
    assert fetcher.fetch(url(real / "a.txt")).read() == b"a"


# through WeasyPrint


def test_weasyprint_renders_with_refused_resources_left_out(setup: Setup) -> None:
    """The renderer asks the fetcher; what it refuses is missing, not fatal, and recorded."""
    secret = url(setup.outside / "style.css")
    html = (
        f'<link rel="stylesheet" href="{url(setup.packaged / "css/base.css")}">'
        f'<link rel="stylesheet" href="{secret}">'
        '<img src="http://127.0.0.1:9/tracker.png" alt="">'
        "<p>text</p>"
    )
    fetcher = setup.fetcher
    pdf = weasyprint.HTML(
        string=html, base_url=url(setup.content) + "/", url_fetcher=fetcher
    ).write_pdf()
    assert pdf is not None
    assert pdf.startswith(b"%PDF")
    assert secret in fetcher.refused
    assert "http://127.0.0.1:9/tracker.png" in fetcher.refused
    assert url(setup.packaged / "css/base.css") not in fetcher.refused
