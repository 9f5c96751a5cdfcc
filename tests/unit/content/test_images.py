"""Which image files a brief may show, told by their bytes: raster formats, and safe SVG."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from policybrief.content.images import image_problem, raster_problem

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


def raster(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 20, 30)).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_the_raster_formats_that_print_pass(fmt: str) -> None:
    assert image_problem(raster(fmt)) is None


@pytest.mark.parametrize(
    "data",
    [
        raster("BMP"),
        raster("TIFF"),
        b"",
        b"just text",
        b"%PDF-1.7\n",
        b"<!DOCTYPE html><html><body>not a drawing</body></html>",
        b"<math xmlns='http://www.w3.org/1998/Math/MathML'/>",
    ],
)
def test_other_files_are_unsupported_images(data: bytes) -> None:
    problem = image_problem(data)
    assert problem is not None
    assert problem.code == "unsupported-image"


@pytest.mark.parametrize(
    "svg",
    [
        SVG.format('<rect width="4" height="3"/>'),
        # gradients, clips and reuse inside the same file
        SVG.format(
            '<defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
            '<clipPath id="c"><rect width="2" height="2"/></clipPath></defs>'
            '<rect fill="url(#g)" clip-path="url( \'#c\' )" style="stroke: url(#g)"/>'
            '<use xlink:href="#c"/><use href="#c"/>'
        ),
        SVG.format("<style>rect { fill: #369; }</style><title>Map</title><text>A &amp; B</text>"),
        # what an old exporter writes before the drawing
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- Generator -->\n'
        + SVG.format("<g/>"),
        # Inkscape's bookkeeping
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:cc="http://creativecommons.org/ns#" inkscape:version="1.3">'
        '<sodipodi:namedview id="n"/><metadata><rdf:RDF><cc:Work/></rdf:RDF></metadata>'
        '<g inkscape:label="Layer 1" inkscape:groupmode="layer"/></svg>',
        "\ufeff" + SVG.format(""),
    ],
)
def test_plain_drawings_in_svg_pass(svg: str) -> None:
    assert image_problem(svg.encode()) is None


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<script xlink:href="http://evil.example/x.js"/>', "<script>"),
        ('<rect onclick="alert(1)"/>', "onclick="),
        ('<rect ONLOAD="alert(1)"/>', "ONLOAD="),
        ('<use xlink:href="http://evil.example/a.svg#x"/>', "href="),
        ('<use href="file:///etc/hostname"/>', "href="),
        ('<use href="data:image/svg+xml;base64,PHN2Zy8+"/>', "href="),
        ('<image href="photo.png"/>', "<image>"),
        ('<a href="javascript:alert(1)"><rect/></a>', "<a>"),
        ("<foreignObject><p>html</p></foreignObject>", "<foreignObject>"),
        ('<animate attributeName="href" to="javascript:alert(1)"/>', "<animate>"),
        ('<set attributeName="onclick" to="alert(1)"/>', "<set>"),
        ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">x</h:script>', "<script>"),
        ("<style>@import url(http://evil.example/a.css);</style>", "@import"),
        ("<style>@imp&#111;rt 'x.css';</style>", "@import"),
        ("<style>rect { fill: url(http://evil.example/p.svg#p) }</style>", "url()"),
        ('<style>rect { background: image-set("x.png" 1x) }</style>', "image-set("),
        ("<style>rect { fill: \\75 rl(x) }</style>", "'\\'"),
        ("<rect style=\"fill: URL( 'file:///x#p' )\"/>", "url()"),
        ('<rect filter="url(http://evil.example/f.svg#f)"/>', "url()"),
    ],
)
def test_svg_that_could_run_or_fetch_is_refused(body: str, named: str) -> None:
    problem = image_problem(SVG.format(body).encode())
    assert problem is not None
    assert problem.code == "unsafe-svg"
    assert named in problem.message
    assert "line 1 of the SVG" in problem.message


@pytest.mark.parametrize(
    "svg",
    [
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]>' + SVG.format("&x;"),
        '<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>' + SVG.format("&b;"),
        '<?xml-stylesheet href="http://evil.example/a.css"?>' + SVG.format(""),
    ],
)
def test_entities_and_stylesheet_instructions_are_refused(svg: str) -> None:
    problem = image_problem(svg.encode())
    assert problem is not None
    assert problem.code == "unsafe-svg"


def test_hostile_svg_is_refused_whatever_its_name_says() -> None:
    # The function sees bytes only: an SVG saved as .png is checked as SVG.
    problem = image_problem(SVG.format("<script/>").encode())
    assert problem is not None
    assert problem.code == "unsafe-svg"


def test_a_broken_svg_is_unsupported_with_its_line() -> None:
    problem = image_problem(SVG.format("\n<rect>").encode())
    assert problem is not None
    assert problem.code == "unsupported-image"
    assert "line 2 of the SVG" in problem.message


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("map.png", "PNG"), ("photo.JPG", "JPEG"), ("photo.jpeg", "JPEG"), ("a.gif", "GIF")],
)
def test_a_name_that_matches_the_contents_passes(name: str, fmt: str) -> None:
    assert image_problem(raster(fmt), name) is None


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # A real PNG with a page after it: served as x.html it would be a page.
        ("assets/x.html", raster("PNG") + b"<script>alert(document.domain)</script>"),
        ("assets/p.js", b"GIF89a=1;alert(document.domain)//"),
        ("assets/map.svg", raster("PNG")),
        ("assets/drawing.png", SVG.format("<rect/>").encode()),
        ("assets/noext", raster("PNG")),
    ],
)
def test_a_name_that_does_not_match_the_contents_is_refused(name: str, data: bytes) -> None:
    problem = image_problem(data, name)
    assert problem is not None
    assert problem.code == "unsupported-image"
    assert "must be named" in problem.message


@pytest.mark.parametrize(
    "body",
    [
        # A nested <style> used to hide the outer one's text from the check.
        "<style>@import 'https://evil.example/x.css';<style></style></style>",
        "<style>@font-face{src:url(file:///etc/hostname)}<style/></style>",
        # CSS escapes in any attribute can spell url( where a browser reads CSS.
        '<rect cursor="\\75 rl(https://evil.example/c)"/>',
    ],
)
def test_svg_tricks_found_by_red_team_are_refused(body: str) -> None:
    problem = image_problem(SVG.format(body).encode(), "assets/x.svg")
    assert problem is not None
    assert problem.code == "unsafe-svg"


# the pixel limit (break report item 11)


@pytest.mark.parametrize(
    ("mode", "size", "fmt"),
    [
        ("L", (9500, 9500), "PNG"),  # the report's: 90 megapixels
        ("1", (13500, 13500), "PNG"),  # past Pillow's own error limit, 182 megapixels
        ("RGB", (10000, 5001), "GIF"),
        ("L", (7072, 7072), "WEBP"),
    ],
)
def test_an_image_past_the_pixel_limit_is_refused_with_its_size(
    tmp_path: Path, mode: str, size: tuple[int, int], fmt: str, recwarn: pytest.WarningsRecorder
) -> None:
    path = tmp_path / f"big.{fmt.lower()}"
    if fmt == "WEBP":
        pytest.importorskip("PIL.WebPImagePlugin")
    Image.new(mode, size).save(path, fmt)
    problem = raster_problem(path)
    assert problem is not None
    assert problem.code == "image-too-large"
    megapixels = f"{size[0] * size[1] / 1e6:.1f}"
    assert problem.message == (
        f"image is {megapixels} megapixels ({size[0]} × {size[1]}); the limit is 50, scale it down"
    )
    assert not recwarn.list  # Pillow's DecompressionBombWarning never escapes


def test_an_image_within_the_limit_passes(tmp_path: Path) -> None:
    path = tmp_path / "ok.png"
    Image.new("L", (7000, 7000)).save(path)
    assert raster_problem(path) is None


# SVG that expands (a breaking trial's use bomb)


def _use_bomb(levels: int, fan: int) -> str:
    """Each level's group uses the one below ``fan`` times: fan ** levels elements."""
    groups = ['<g id="l0"><rect width="1" height="1"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(fan))
        groups.append(f'<g id="l{level}">{uses}</g>')
    return f'<defs>{"".join(groups)}</defs><use href="#l{levels}"/>'


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (_use_bomb(9, 10), "copy its drawing to over 100,000 elements"),  # 2 KB, 10^9 drawn
        ('<g id="a"><use href="#a"/></g>', "copies an element holding it"),
        ("<g>" * 70 + "</g>" * 70, "nested more than 64 deep"),
    ],
)
def test_an_svg_that_expands_without_end_is_refused(body: str, why: str) -> None:
    # The bomb passed check, was published, and hung Chromium on the brief's page.
    problem = image_problem(SVG.format(body).encode(), "assets/x.svg")
    assert problem is not None
    assert problem.code == "unsafe-svg"
    assert why in problem.message


def test_a_symbol_used_many_times_is_a_drawing() -> None:
    uses = "".join(f'<use href="#dot" x="{i}"/>' for i in range(2000))
    body = f'<defs><g id="dot"><circle r="1"/><rect width="1" height="1"/></g></defs>{uses}'
    assert image_problem(SVG.format(body).encode(), "assets/x.svg") is None
    assert image_problem(SVG.format(_use_bomb(3, 10)).encode(), "assets/x.svg") is None


def test_check_reads_no_drawing_outside_the_assets_folder(tmp_path: Path) -> None:
    """The glyph check read any ``*.svg`` an image named, before the image was
    refused: a file outside the project (its text quoted in a warning), a link to
    /dev/zero (memory without end), a FIFO (a hang), a NUL (an internal error)."""
    import os

    from tests.helpers import make_project_at, run_cli

    secret = tmp_path / "secret.svg"
    secret.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET ᚠᚢᚦ</text></svg>', encoding="utf-8"
    )
    os.mkfifo(tmp_path / "fifo.svg")
    root = make_project_at(tmp_path / "project", {})
    assets = root / "content" / "assets"
    assets.mkdir()
    (assets / "zero.svg").symlink_to("/dev/zero")
    (assets / "out.svg").symlink_to(secret)
    outlook = root / "content" / "analysis" / "outlook.md"
    outlook.write_text(
        outlook.read_text(encoding="utf-8")
        + f"\n![a]({secret})\n\n![b](assets/../../secret.svg)\n\n![c](assets/zero.svg)\n\n"
        "![d](assets/../../fifo.svg)\n\n![e](assets/x.png%00.svg)\n\n![f](assets/out.svg)\n",
        encoding="utf-8",
    )
    run = run_cli("check", "--root", str(root), "--format", "text")
    assert run.code == 1, run.err
    assert "ᚠ" not in run.err
    assert "internal error" not in run.err
    assert "not in content/assets/" in run.err


def _png_with_bad_text_checksum(width: int, height: int) -> bytes:
    """A PNG of ``width`` × ``height`` whose text chunk's checksum is wrong: Pillow
    refuses it, browsers (libpng) skip the chunk and decode the image."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes, *, bad: bool = False) -> bytes:
        crc = zlib.crc32(kind + body) ^ (1 if bad else 0)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    rows = zlib.compress(b"\x00" * (1 + 3 * width) * 8)  # a few rows: enough to decode
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"tEXt", b"Comment\x00x", bad=True)
        + chunk(b"IDAT", rows)
        + chunk(b"IEND", b"")
    )


def test_the_pixel_limit_holds_for_a_png_pillow_refuses(tmp_path: Path) -> None:
    # One wrong checksum in a text chunk let a 256-megapixel PNG through check
    # (Pillow could not open it); browsers decoded it, 1.4 GB per reader.
    path = tmp_path / "chart.png"
    path.write_bytes(_png_with_bad_text_checksum(16000, 16000))
    problem = raster_problem(path)
    assert problem is not None
    assert problem.code == "image-too-large"
    assert "256.0 megapixels (16000 × 16000)" in problem.message
    path.write_bytes(_png_with_bad_text_checksum(100, 100))
    assert raster_problem(path) is None  # within the limit: left to the renderer's report


@pytest.mark.parametrize(
    ("fmt", "options"),
    [("PNG", {}), ("GIF", {}), ("JPEG", {}), ("JPEG", {"progressive": True}),
     ("WEBP", {}), ("WEBP", {"lossless": True})],
)  # fmt: skip
def test_the_header_gives_the_size_of_every_raster_format(
    fmt: str, options: dict[str, Any]
) -> None:
    from policybrief.content.images import header_size

    data = io.BytesIO()
    Image.new("RGB", (1234, 567), (9, 9, 9)).save(data, fmt, **options)
    assert header_size(data.getvalue()) == (1234, 567)


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ('<rect width="8" height="6" filter="url(#f)"/>' * 32, False),
        ('<rect width="8" height="6" filter="url(#f)"/>' * 33, True),
        ('<rect width="8" height="6" style="filter: url(#f)"/>' * 33, True),
        ("<style>rect { filter: url(#f) }</style>" + '<rect width="8" height="6"/>' * 40, True),
        ("<style>rect { filter: none }</style>" + '<rect width="8" height="6"/>' * 40, False),
        ('<rect width="8" height="6" filter="none"/>' * 40, False),
    ],
)
def test_an_svg_may_filter_only_a_few_elements(body: str, refused: bool) -> None:
    # 3,000 dilated rectangles (210 KB) froze the brief's page in Chromium for over
    # 90 s; the PDF renderer draws no filter at all.
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="60"><defs><filter id="f">'
        f'<feMorphology operator="dilate" radius="40"/></filter></defs>{body}</svg>'
    )
    problem = image_problem(svg.encode(), "drawing.svg")
    assert (problem is not None) == refused
    if problem is not None:
        assert problem.code == "unsafe-svg"
        assert "at most 32" in problem.message
