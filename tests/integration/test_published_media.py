"""Only images a published page shows stay in ``output/media/`` (docs/security.md).

The breaking trial's item 1: an image removed from the text stayed published
forever, ``--force`` or not, and the output folder's manifest kept listing it.
Each build now removes (from the folder and the manifest) every image no
published page shows, while a brief that fails keeps its last good page and the
images that page shows, and a one-brief build never takes an image from under
another brief's page.

The starter project of ``init`` is built HTML-only (``outputs: [html]``) but for
the trial's own repro, which builds the PDF as the trial did.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import edit_file, run_build, run_cli, write_files

BG = "content/analysis/example-background.md"
FIRST = "briefs/first-brief.yaml"


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory, module_plain_environment: None) -> Path:
    """``init``'s project with its starter brief final, as the trial set it up."""
    root = tmp_path_factory.mktemp("starter") / "P"
    run = run_cli("init", str(root))
    assert run.code == 0, run.err
    edit_file(root, FIRST, "status: draft", "status: final")
    return root


@pytest.fixture
def project(starter: Path, tmp_path: Path) -> Path:
    """A copy of the starter project whose brief makes its web page only."""
    root = tmp_path / "P"
    shutil.copytree(starter, root)
    with (root / FIRST).open("a", encoding="utf-8") as f:
        f.write("outputs: [html]\n")
    return root


def image(root: Path, src: str, colour: str = "red") -> None:
    """Write a small PNG at ``content/SRC`` (``assets/NAME``)."""
    path = root / "content" / src
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (200, 100), colour).save(path)


def show(root: Path, rel: str, src: str, alt: str) -> None:
    """Append a paragraph showing the image ``src`` to the Markdown file ``rel``."""
    with (root / rel).open("a", encoding="utf-8") as f:
        f.write(f"\n![{alt}]({src})\n")


def unshow(root: Path, rel: str, alt: str) -> None:
    """Remove the line that shows the image described ``alt`` from ``rel``."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if f"![{alt}]" not in line), encoding="utf-8")


def published(root: Path) -> list[str]:
    """The files under ``output/media/``, relative to ``output/``."""
    media = root / "output" / "media"
    files = [p for p in media.rglob("*") if p.is_file()]
    return sorted(p.relative_to(root / "output").as_posix() for p in files)


def listed(root: Path) -> list[str]:
    """The ``media/`` files the output folder's manifest lists."""
    data = json.loads((root / "output" / ".policybrief-manifest.json").read_text())
    return sorted(f for f in data["files"] if f.startswith("media/"))


def build(root: Path, *args: str, code: int = 0) -> str:
    run = run_build(root, *args)
    assert run.code == code, run.err
    return run.err


def second_brief(root: Path, analysis: str = "second-analysis") -> None:
    """Add a final HTML-only brief ``second-brief`` whose one section is ``analysis``."""
    write_files(
        root,
        {
            "briefs/second-brief.yaml": (
                "title: A second brief\ndate: 2026-11-30\nstatus: final\n"
                "summary: The bottom line.\n"
                f"sections:\n  - analysis: {analysis}\noutputs: [html]\n"
            ),
            f"content/analysis/{analysis}.md": "---\ntitle: More\nkind: assessment\n---\nText.\n",
        },
    )


def test_the_trials_removed_image_leaves_output_and_manifest(starter: Path, tmp_path: Path) -> None:
    """The trial's repro as it was run: PDF and all, then a plain build and --force."""
    root = tmp_path / "P"
    shutil.copytree(starter, root)
    image(root, "assets/map.png")
    image(root, "assets/a/x.png", "blue")
    show(root, BG, "assets/map.png", "Secret map")
    show(root, BG, "assets/a/x.png", "Sub map")
    build(root)
    assert published(root) == listed(root) == ["media/a/x.png", "media/map.png"]
    unshow(root, BG, "Secret map")
    unshow(root, BG, "Sub map")
    (root / "content/assets/map.png").unlink()
    build(root)
    assert published(root) == listed(root) == []
    assert not (root / "output/media").exists()
    html = (root / "output/first-brief/index.html").read_text(encoding="utf-8")
    assert "media/" not in html
    build(root, "--force")
    assert published(root) == listed(root) == []


def test_an_image_the_text_still_shows_stays_through_force(project: Path) -> None:
    image(project, "assets/map.png")
    show(project, BG, "assets/map.png", "Map")
    build(project)
    build(project, "--force")
    assert published(project) == listed(project) == ["media/map.png"]


def test_an_image_moved_to_a_subfolder_leaves_its_old_place(project: Path) -> None:
    image(project, "assets/map.png")
    show(project, BG, "assets/map.png", "Map")
    build(project)
    (project / "content/assets/maps").mkdir()
    (project / "content/assets/map.png").rename(project / "content/assets/maps/map.png")
    edit_file(project, BG, "(assets/map.png)", "(assets/maps/map.png)")
    build(project)
    assert published(project) == listed(project) == ["media/maps/map.png"]
    edit_file(project, BG, "(assets/maps/map.png)", "(assets/map2.png)")
    (project / "content/assets/maps/map.png").rename(project / "content/assets/map2.png")
    build(project)
    assert published(project) == listed(project) == ["media/map2.png"]
    assert not (project / "output/media/maps").exists(), "the emptied folder goes too"


def test_an_image_two_briefs_share_stays_until_neither_shows_it(project: Path) -> None:
    second_brief(project)
    image(project, "assets/shared.png")
    show(project, BG, "assets/shared.png", "Shared")
    show(project, "content/analysis/second-analysis.md", "assets/shared.png", "Shared")
    build(project)
    unshow(project, BG, "Shared")
    build(project)
    assert published(project) == ["media/shared.png"], "the second brief still shows it"
    unshow(project, "content/analysis/second-analysis.md", "Shared")
    build(project)
    assert published(project) == listed(project) == []


def test_a_one_brief_build_keeps_what_the_other_briefs_show(project: Path) -> None:
    second_brief(project)
    image(project, "assets/shared.png")
    image(project, "assets/own.png", "green")
    show(project, BG, "assets/shared.png", "Shared")
    show(project, BG, "assets/own.png", "Own")
    show(project, "content/analysis/second-analysis.md", "assets/shared.png", "Shared")
    build(project)
    unshow(project, BG, "Shared")
    unshow(project, BG, "Own")
    build(project, "first-brief")
    assert published(project) == listed(project) == ["media/shared.png"]
    # The other brief, deleted, is taken off the site and its image with it.
    (project / "briefs/second-brief.yaml").unlink()
    build(project, "first-brief")
    assert published(project) == listed(project) == []


def test_a_failing_brief_keeps_the_images_of_its_last_good_page(project: Path) -> None:
    second_brief(project)
    image(project, "assets/map.png")
    image(project, "assets/other.png", "green")
    show(project, BG, "assets/map.png", "Map")
    show(project, "content/analysis/second-analysis.md", "assets/other.png", "Other")
    build(project)
    page = (project / "output/first-brief/index.html").read_bytes()
    # The image file goes but the text still shows it: the brief fails and its last
    # good page, which shows the image, stays published with the image.
    (project / "content/assets/map.png").unlink()
    unshow(project, "content/analysis/second-analysis.md", "Other")
    err = build(project, code=1)
    assert "(last good build still served: first-brief)" in err
    assert (project / "output/first-brief/index.html").read_bytes() == page
    assert published(project) == listed(project) == ["media/map.png"]
    unshow(project, BG, "Map")
    build(project)
    assert published(project) == listed(project) == []


def test_an_image_an_actor_summary_shows_is_the_sites_to_keep(project: Path) -> None:
    image(project, "assets/seal.png")
    with (project / "content/actors/example-ministry.yaml").open("a", encoding="utf-8") as f:
        f.write("summary: |\n  The ministry.\n\n  ![Seal](assets/seal.png)\n")
    build(project)
    assert published(project) == ["media/seal.png"]
    build(project, "--force")
    assert published(project) == ["media/seal.png"]
    edit_file(project, "content/actors/example-ministry.yaml", "![Seal](assets/seal.png)", "")
    build(project)
    assert published(project) == listed(project) == []


def test_a_brief_page_the_state_does_not_know_keeps_every_image(project: Path) -> None:
    """Without the build state, what a published page shows is unknown: nothing goes."""
    second_brief(project)
    image(project, "assets/map.png")
    show(project, "content/analysis/second-analysis.md", "assets/map.png", "Map")
    build(project)
    (project / ".policybrief/state.json").unlink()
    build(project, "first-brief")
    assert published(project) == ["media/map.png"]
