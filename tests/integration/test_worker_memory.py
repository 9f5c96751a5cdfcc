"""A brief past the PDF worker's memory limit fails alone, saying so and how to raise it.

The memory hog is an image that is small on disk and large once decoded (a
solid 9,000 x 9,000 PNG: 255 KB, 243 MB as pixels, which WeasyPrint holds more
than once while it writes the PDF), so hitting the limit costs a second, not
the minutes of a brief of hundreds of pages. A worker under 768 MiB renders the
small briefs (they peak under 400 MiB of address space) and fails the hog.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from tests.helpers import make_project_at, run_build

pytestmark = pytest.mark.usefixtures("module_plain_environment")

#: A brief that uses little of the project, to show it is built when the hog fails.
OTHER = "title: Other\ndate: 2025-12-02\nsummary: Hi.\nsections:\n  - analysis: background\n"
HOG = {
    "briefs/hog.yaml": (
        "title: A huge image\ndate: 2025-12-01\nstatus: final\nsummary: One image.\n"
        "sections:\n  - analysis: hog\n"
    ),
    "content/analysis/hog.md": (
        "---\ntitle: Hog\nkind: background\n---\nText.\n\n![A grey field](assets/hog.png)\n"
    ),
}


def big_png(width: int, height: int) -> bytes:
    """A solid grey RGB PNG: a few hundred KB on disk, ``width * height * 3`` bytes decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\x80" * (width * 3)  # filter byte "none", then the pixels
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


@pytest.fixture(scope="module")
def hog_png(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return big_png(9000, 9000)


def _project(root: Path, png: bytes, settings: str = "") -> Path:
    make_project_at(root, {**HOG, "briefs/other.yaml": OTHER})
    (root / "content/assets").mkdir(parents=True, exist_ok=True)
    (root / "content/assets/hog.png").write_bytes(png)
    if settings:
        with (root / "policybrief.yaml").open("a") as f:
            f.write(settings)
    return root


def test_a_brief_past_the_memory_limit_fails_alone(tmp_path: Path, hog_png: bytes) -> None:
    root = _project(tmp_path / "p", hog_png)
    # One worker renders all three: the hog's failure must not take the others down.
    run = run_build(root, "--jobs", "1", "--memory-limit", "768MiB")
    assert run.code == 1, run.err
    assert "hog" in run.err
    assert "memory limit of 768 MiB" in run.err
    assert "--memory-limit" in run.err
    assert "memory_limit:" in run.err
    assert "pages" in run.err
    assert not (root / "output/hog/hog.pdf").exists()
    for slug in ("test-brief", "other"):
        assert (root / f"output/{slug}/{slug}.pdf").read_bytes()[:5] == b"%PDF-"
    assert "failed 1" in run.err


@pytest.mark.parametrize(
    ("settings", "flag", "fails"),
    [
        ("memory_limit: 768\n", (), True),  # the setting alone
        ("memory_limit: 768\n", ("--memory-limit", "3GiB"), False),  # the flag wins
        ("", ("--memory-limit", "3GiB"), False),  # raised: the hog renders
    ],
)
def test_the_memory_limit_comes_from_the_flag_else_the_settings(
    tmp_path: Path, hog_png: bytes, settings: str, flag: tuple[str, ...], fails: bool
) -> None:
    root = _project(tmp_path / "p", hog_png, settings)
    run = run_build(root, "hog", "--jobs", "1", *flag)
    assert (run.code == 1) is fails, run.err
    assert ("memory limit of 768 MiB" in run.err) is fails
    assert (root / "output/hog/hog.pdf").exists() is not fails
