"""A brief past the PDF worker's memory limit fails alone, saying so and how to raise it.

The memory hog is three images that are small on disk and large once decoded
(solid 7,000 x 7,000 PNGs, under check's 50-megapixel limit: about 150 KB each,
147 MB each as pixels, which WeasyPrint holds at once, some more than once,
while it writes the PDF), so hitting the limit costs a second, not the minutes
of a brief of hundreds of pages. A worker under 512 MiB renders the
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
        "---\ntitle: Hog\nkind: background\n---\nText.\n\n"
        + "".join(f"![Grey field {n}](assets/hog{n}.png)\n\n" for n in range(3))
    ),
}


def big_png(width: int, height: int, grey: int = 0x80) -> bytes:
    """A solid grey RGB PNG: a few hundred KB on disk, ``width * height * 3`` bytes decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    packer = zlib.compressobj(9)
    row = b"\x00" + bytes([grey]) * (width * 3)  # filter byte "none", then the pixels
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


@pytest.fixture(scope="module")
def hog_png(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    return [big_png(7000, 7000, 0x60 + 0x20 * n) for n in range(3)]


def _project(root: Path, pngs: list[bytes], settings: str = "") -> Path:
    make_project_at(root, {**HOG, "briefs/other.yaml": OTHER})
    (root / "content/assets").mkdir(parents=True, exist_ok=True)
    for n, png in enumerate(pngs):
        (root / f"content/assets/hog{n}.png").write_bytes(png)
    if settings:
        with (root / "policybrief.yaml").open("a") as f:
            f.write(settings)
    return root


def test_a_brief_past_the_memory_limit_fails_alone(tmp_path: Path, hog_png: list[bytes]) -> None:
    root = _project(tmp_path / "p", hog_png)
    # One worker renders all three: the hog's failure must not take the others down.
    run = run_build(root, "--jobs", "1", "--memory-limit", "512MiB")
    assert run.code == 1, run.err
    assert "hog" in run.err
    assert "memory limit of 512 MiB" in run.err
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
        ("memory_limit: 512\n", (), True),  # the setting alone
        ("memory_limit: 512\n", ("--memory-limit", "3GiB"), False),  # the flag wins
        ("", ("--memory-limit", "3GiB"), False),  # raised: the hog renders
    ],
)
def test_the_memory_limit_comes_from_the_flag_else_the_settings(
    tmp_path: Path, hog_png: list[bytes], settings: str, flag: tuple[str, ...], fails: bool
) -> None:
    root = _project(tmp_path / "p", hog_png, settings)
    run = run_build(root, "hog", "--jobs", "1", *flag)
    assert (run.code == 1) is fails, run.err
    assert ("memory limit of 512 MiB" in run.err) is fails
    assert (root / "output/hog/hog.pdf").exists() is not fails
