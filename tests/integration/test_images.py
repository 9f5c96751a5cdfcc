"""Content images in the PDF and on the web page, asserted on the outputs themselves.

The ``images-missing`` case (a map that printed only as its alt text), then
every format that prints, at sizes that overflow a page if nothing scales them
(a tall strip, a wide one, a tiny icon, an SVG without width or height), on
Letter paper, whose page body is the shorter. ``pdfimages -list`` names the
raster images the PDF embeds; the tagged structure gives each image's box and
alternative text (WeasyPrint writes a ``/Figure`` with ``/Alt`` and ``/BBox``
in CSS pixels from the page's top left).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PIL import Image, ImageDraw

from tests.helpers import VALID, make_project_at, pages_text, run_cli, run_tool
from tests.helpers import run_build as build

pytestmark = pytest.mark.usefixtures("module_plain_environment")

#: CSS pixels per millimetre, the unit of WeasyPrint's structure boxes.
PX_PER_MM = 96 / 25.4
#: The brief template's page margins in mm (print.css): top, right, bottom, left.
MARGINS = (30, 27, 28, 27)

CASE = {
    # /work/shared/cases/content/images-missing, as the writer typed it
    "briefs/bc-image.yaml": (
        "title: Image in the PDF\ndate: 2025-12-01\nstatus: final\n"
        "summary: The map should appear in the PDF as it does on the web page.\n"
        "sections:\n  - analysis: bc-map\n"
    ),
    "content/analysis/bc-map.md": (
        "---\ntitle: Overview\nkind: background\n---\n"
        "The talks take place in the Alpha region.\n\n"
        "![Map of the Alpha region with a red dot on the capital](assets/bc-map.png)\n"
    ),
}
GALLERY = {
    "briefs/gallery.yaml": (
        "title: Every image format\ndate: 2025-12-01\nstatus: final\npaper: Letter\n"
        "summary: Images of every format and shape.\n"
        "sections:\n  - analysis: gallery\n  - analysis: more\n"
    ),
    "content/analysis/gallery.md": (
        "---\ntitle: Gallery\nkind: background\n---\n"
        'Intro with a tall strip: ![A tall strip](assets/tall.png "Tall strip") and after.\n\n'
        '![A wide strip](assets/wide.png "Wide strip")\n\n'
        "A tiny icon ![A tiny icon](assets/tiny.png) inline, untitled.\n\n"
        '![A photograph](assets/photo.jpg "A JPEG photograph")\n\n'
        "![A drawing in GIF](assets/drawing.gif)\n\n"
        '![A WebP picture](assets/picture.webp "A WebP picture")\n'
    ),
    "content/analysis/more.md": (
        "---\ntitle: More\nkind: outlook\n---\n"
        '![A chart drawn in SVG](assets/chart.svg "An SVG without width or height")\n\n'
        '![A second tall strip](assets/tall.png "Tall again")\n'
    ),
    "content/assets/chart.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
        '<rect x="1" y="1" width="198" height="98" fill="#eef" stroke="#c00"/>'
        '<circle cx="100" cy="50" r="40" fill="#36c"/></svg>'
    ),
}
BROKEN = {
    "briefs/broken.yaml": (
        "title: A damaged image\ndate: 2025-12-01\nstatus: final\nsummary: One image.\n"
        "sections:\n  - analysis: damaged\n"
    ),
    "content/analysis/damaged.md": (
        "---\ntitle: Damaged\nkind: background\n---\n"
        "Text.\n\n![A damaged map](assets/damaged.png)\n"
    ),
}
#: Raster images: name -> (width, height, Pillow format).
RASTERS = {
    "bc-map.png": (240, 120, "PNG"),
    "tall.png": (400, 3000, "PNG"),
    "wide.png": (3000, 200, "PNG"),
    "tiny.png": (16, 16, "PNG"),
    "photo.jpg": (300, 200, "JPEG"),
    "drawing.gif": (300, 200, "GIF"),
    "picture.webp": (300, 200, "WEBP"),
}


def draw(path: Path, width: int, height: int, fmt: str) -> None:
    """A framed image with a diagonal, so clipping would show on a rendered page."""
    image = Image.new("RGB", (width, height), (200, 220, 240))
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, width - 1, height - 1), outline=(200, 0, 0), width=2)
    pen.line((0, 0, width, height), fill=(0, 0, 0), width=2)
    image.save(path, fmt)


@dataclass(frozen=True)
class Built:
    root: Path
    err: str

    def pdf(self, slug: str) -> Path:
        return self.root / "output" / slug / f"{slug}.pdf"

    def html(self, slug: str) -> str:
        return (self.root / "output" / slug / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = make_project_at(tmp_path_factory.mktemp("images") / "project", {**CASE, **GALLERY})
    for name, (width, height, fmt) in RASTERS.items():
        draw(root / "content" / "assets" / name, width, height, fmt)
    run = build(root)
    assert run.code == 0, run.err
    return Built(root, run.err)


def embedded(pdf: Path) -> list[tuple[int, int, int]]:
    """``pdfimages -list``: (page, width, height) of each raster image in the PDF."""
    rows = run_tool("pdfimages", "-list", str(pdf)).splitlines()[2:]
    return [(int(r.split()[0]), int(r.split()[3]), int(r.split()[4])) for r in rows]


@dataclass(frozen=True)
class Figure:
    alt: str
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in CSS px from the top left
    page: tuple[float, float]  # width, height in CSS px


def figures(pdf: Path) -> list[Figure]:
    """The tagged images of ``pdf``, in structure order."""
    reader = pypdf.PdfReader(pdf)
    found: list[Figure] = []
    pending: list[Any] = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while pending:
        node = pending.pop(0)
        if node.get("/S") == "/Figure" and "/BBox" in node.get("/A", {}):
            box = tuple(float(v) for v in node["/A"]["/BBox"])
            x0, y0, x1, y1 = (float(v) for v in node["/Pg"].get_object()["/MediaBox"])
            page = ((x1 - x0) / 0.75, (y1 - y0) / 0.75)  # points to CSS px
            found.append(Figure(str(node.get("/Alt", "")), box, page))  # type: ignore[arg-type]
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                pending.append(kid)
    return found


def assert_inside_the_page_body(figure: Figure) -> None:
    top, right, bottom, left = (m * PX_PER_MM for m in MARGINS)
    x1, y1, x2, y2 = figure.box
    width, height = figure.page
    slack = 1.0  # px of rounding
    assert left - slack <= x1 < x2 <= width - right + slack, figure
    assert top - slack <= y1 < y2 <= height - bottom + slack, figure


# the case


def test_the_case_image_is_in_the_pdf_with_its_alternative_text(built: Built) -> None:
    assert embedded(built.pdf("bc-image")) == [(1, 240, 120)]
    (figure,) = [f for f in figures(built.pdf("bc-image")) if f.alt.startswith("Map")]
    assert figure.alt == "Map of the Alpha region with a red dot on the capital"
    assert_inside_the_page_body(figure)
    # 240 x 120 CSS px: printed at its own size, neither enlarged nor cropped
    assert figure.box[2] - figure.box[0] == pytest.approx(240, abs=0.5)
    assert figure.box[3] - figure.box[1] == pytest.approx(120, abs=0.5)
    text = " ".join(pages_text(built.pdf("bc-image")))
    assert "Map of the Alpha region" not in text  # the alt text is no longer printed instead


def test_the_case_image_is_on_the_web_page_and_no_problem_is_reported(built: Built) -> None:
    alt = "Map of the Alpha region with a red dot on the capital"
    img = f'<img alt="{alt}" src="../media/bc-map.png">'
    assert img in built.html("bc-image")
    assert (built.root / "output" / "media" / "bc-map.png").is_file()
    assert "error" not in built.err
    assert "warning" not in built.err


# every format and shape


def test_every_raster_format_is_embedded_at_full_resolution(built: Built) -> None:
    sizes = sorted((w, h) for _, w, h in embedded(built.pdf("gallery")))
    expected = [(w, h) for name, (w, h, _) in RASTERS.items() if name != "bc-map.png"]
    expected.append((400, 3000))  # the tall strip is shown twice
    assert sizes == sorted(expected)


def test_every_image_is_a_tagged_figure_with_its_alternative_text(built: Built) -> None:
    alts = [f.alt for f in figures(built.pdf("gallery"))]
    assert sorted(alts) == sorted(
        [
            "A tall strip",
            "A wide strip",
            "A tiny icon",
            "A photograph",
            "A drawing in GIF",
            "A WebP picture",
            "A chart drawn in SVG",
            "A second tall strip",
        ]
    )


def test_no_image_runs_off_the_page_body(built: Built) -> None:
    found = figures(built.pdf("gallery"))
    for figure in found:
        assert_inside_the_page_body(figure)
    by_alt = {f.alt: f for f in found}
    tall, wide = by_alt["A tall strip"], by_alt["A wide strip"]
    text_width = tall.page[0] - (MARGINS[1] + MARGINS[3]) * PX_PER_MM
    # scaled to fit, keeping its proportions (400 x 3000)
    tall_width, tall_height = tall.box[2] - tall.box[0], tall.box[3] - tall.box[1]
    assert 150 * PX_PER_MM < tall_height <= 186 * PX_PER_MM
    assert tall_width / tall_height == pytest.approx(400 / 3000, rel=0.01)
    # as wide as the text block, not wider
    assert wide.box[2] - wide.box[0] == pytest.approx(text_width, abs=1)
    # the tiny icon is not blown up
    tiny = by_alt["A tiny icon"]
    assert tiny.box[2] - tiny.box[0] == pytest.approx(16, abs=0.5)
    # the SVG without width or height takes the text block's width at its viewBox's ratio
    chart = by_alt["A chart drawn in SVG"]
    chart_width = chart.box[2] - chart.box[0]
    assert chart_width == pytest.approx(text_width, abs=1)
    assert chart.box[3] - chart.box[1] == pytest.approx(chart_width / 2, abs=1)


def test_the_pages_show_the_images_not_their_alt_text(built: Built) -> None:
    text = " ".join(" ".join(pages_text(built.pdf("gallery"))).split())
    assert "A photograph" not in text
    assert "A drawing in GIF" not in text


# figures


def test_titled_images_are_numbered_figures_in_the_pdf(built: Built) -> None:
    text = " ".join(" ".join(pages_text(built.pdf("gallery"))).split())
    assert [int(n) for n in re.findall(r"Figure (\d+)\.", text)] == [1, 2, 3, 4, 5, 6], text
    for caption in (
        "Figure 1. Tall strip",
        "Figure 2. Wide strip",
        "Figure 3. A JPEG photograph",
        "Figure 4. A WebP picture",
        "Figure 5. An SVG without width or height",
        "Figure 6. Tall again",
    ):
        assert caption in text


def test_titled_images_are_numbered_figures_on_the_web_page(built: Built) -> None:
    html = built.html("gallery")
    found = re.findall(
        r'<figure class="exhibit exhibit-figure"><figcaption><span class="exhibit-label">'
        r'Figure (\d+)\.</span> ([^<]*)</figcaption><img alt="([^"]*)" src="\.\./media/[^"]+">',
        html,
    )
    assert [(alt, n, title) for n, title, alt in found] == [
        ("A tall strip", "1", "Tall strip"),
        ("A wide strip", "2", "Wide strip"),
        ("A photograph", "3", "A JPEG photograph"),
        ("A WebP picture", "4", "A WebP picture"),
        ("A chart drawn in SVG", "5", "An SVG without width or height"),
        ("A second tall strip", "6", "Tall again"),
    ]
    # the text around an image in a paragraph stays in paragraphs on either side
    assert "<p>Intro with a tall strip:</p>" in html
    assert "<p>and after.</p>" in html


# an image the PDF cannot embed


def _whole_but_damaged_png() -> bytes:
    """A PNG whose chunks are all there, its header garbled (colour type 9, which
    PNG does not have): only a decoder tells."""
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[data.index(b"IHDR") + 4 + 9] = 9
    return bytes(data)


def test_an_image_the_pdf_cannot_embed_is_a_warning_at_the_image(tmp_path: Path) -> None:
    root = make_project_at(tmp_path / "project", BROKEN, base=VALID)
    # every chunk of a PNG, its pixels garbled: check passes it, the renderer cannot read it
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / "damaged.png").write_bytes(_whole_but_damaged_png())
    run = build(root, "broken")
    assert run.code == 0, run.err
    assert (
        "content/analysis/damaged.md:7:1: warning: image 'assets/damaged.png' could not be "
        "embedded in the PDF" in run.err
    )


# unusual PNG modes and the pixel limit (break report items 8 and 11)


def test_a_16_bit_greyscale_png_prints_as_its_grey_values(tmp_path: Path) -> None:
    root = make_project_at(tmp_path / "project", {}, base=VALID)
    assets = root / "content" / "assets"
    assets.mkdir()
    ramp = Image.new("I;16", (256, 8))
    ramp.putdata([x * 257 for _ in range(8) for x in range(256)])
    ramp.save(assets / "ramp16.png")
    ramp.save(assets / "ramp16t.png", transparency=0)
    Image.new("LA", (64, 8), (128, 200)).save(assets / "la.png")
    Image.new("P", (64, 8)).save(assets / "p.png", transparency=0)
    outlook = root / "content" / "analysis" / "outlook.md"
    outlook.write_text(
        outlook.read_text(encoding="utf-8")
        + "\n![Ramp](assets/ramp16.png)\n\n![Ramp, clear](assets/ramp16t.png)\n\n"
        "![Grey](assets/la.png) ![Palette](assets/p.png)\n",
        encoding="utf-8",
    )
    run = build(root, "--outputs", "pdf")
    assert run.code == 0, run.err
    assert "Unknown image mode" not in run.err
    assert "warning" not in run.err
    out = tmp_path / "images"
    out.mkdir()
    run_tool("pdfimages", "-png", str(root / "output/test-brief/test-brief.pdf"), str(out / "i"))
    values = []
    for path in sorted(out.glob("i-*.png")):
        with Image.open(path) as image:
            if image.size == (256, 8) and image.mode == "L":
                values.append([image.getpixel((x, 4)) for x in (0, 128, 255)])
    # Each ramp (and the clear one's mask) runs from black to white.
    assert [0, 128, 255] in values
    assert values.count([0, 128, 255]) >= 2


def test_an_image_past_the_pixel_limit_is_an_error_at_the_image(tmp_path: Path) -> None:
    root = make_project_at(tmp_path / "project", {}, base=VALID)
    (root / "content" / "assets").mkdir()
    Image.new("L", (9500, 9500)).save(root / "content" / "assets" / "big.png")
    outlook = root / "content" / "analysis" / "outlook.md"
    text = outlook.read_text(encoding="utf-8")
    outlook.write_text(text + "\n![Big](assets/big.png)\n", encoding="utf-8")
    line = text.count("\n") + 2
    run = build(root)
    assert run.code == 1
    assert (
        f"content/analysis/outlook.md:{line}:1: error: image 'assets/big.png': image is 90.2 "
        "megapixels (9500 × 9500); the limit is 50, scale it down" in run.err
    )
    assert "DecompressionBombWarning" not in run.err
    assert "warnings.warn" not in run.err


@pytest.mark.parametrize(
    ("name", "fmt", "keep"),
    [("chart.png", "PNG", 300), ("photo.jpg", "JPEG", 6000), ("map.gif", "GIF", 2000)],
)
def test_an_image_cut_short_is_an_error_at_the_image(
    tmp_path: Path, name: str, fmt: str, keep: int
) -> None:
    """A copy that stopped part-way printed as a black or grey block, and check and
    build said nothing (a breaking trial's ``damaged-image``)."""
    import io

    picture = Image.effect_noise((200, 200), 60).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}[fmt])
    whole = buffer.getvalue()
    assert len(whole) > keep
    files = {
        "content/analysis/background.md": (
            "---\ntitle: Background\nkind: background\n---\nA figure.\n\n"
            f"![The figure](assets/{name})\n"
        )
    }
    root = make_project_at(tmp_path / "project", files, base=VALID)
    (root / "content" / "assets").mkdir()
    (root / "content" / "assets" / name).write_bytes(whole[:keep])
    run = run_cli("--root", str(root), "check")
    assert run.code == 1
    assert (
        f"content/analysis/background.md:7:1: error: image 'assets/{name}': the {fmt} file "
        "is cut short" in run.err
    )
    (root / "content" / "assets" / name).write_bytes(whole)
    assert run_cli("--root", str(root), "check").code == 0


# SVG labels the PDF renderer lost (content trial of 1 December)


def test_an_svg_label_styled_by_the_font_shorthand_prints(tmp_path: Path) -> None:
    # "font: bold 14px sans-serif" in a <style> (as D3 writes it) drew nothing:
    # WeasyPrint read "bold" as the size. The label is in the PDF now, in bold.
    root = make_project_at(tmp_path / "project", {}, base=VALID)
    assets = root / "content" / "assets"
    assets.mkdir()
    (assets / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80">'
        '<style>.lab { font: bold 14px/1.2 "Noto Sans", sans-serif; fill: #333 }</style>'
        '<text class="lab" x="10" y="30">Exports 61.4</text>'
        '<text x="150" y="30" style="font: italic 600 12px \'Noto Serif\'">Imports 4.3</text>'
        "</svg>",
        encoding="utf-8",
    )
    outlook = root / "content" / "analysis" / "outlook.md"
    outlook.write_text(
        outlook.read_text(encoding="utf-8") + '\n![Trade chart](assets/chart.svg "Trade")\n',
        encoding="utf-8",
    )
    run = build(root, "--outputs", "pdf")
    assert run.code == 0, run.err
    pdf = root / "output/test-brief/test-brief.pdf"
    text = run_tool("pdftotext", str(pdf), "-")
    assert "Exports 61.4" in text
    assert "Imports 4.3" in text
    fonts = run_tool("pdffonts", str(pdf))
    assert "Noto-Sans-Bold" in fonts


def test_an_svg_label_set_along_a_path_is_reported_at_the_image(tmp_path: Path) -> None:
    root = make_project_at(tmp_path / "project", {}, base=VALID)
    assets = root / "content" / "assets"
    assets.mkdir()
    (assets / "route.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">'
        '<path id="arc" d="M10,110 Q150,10 290,110" fill="none" stroke="grey"/>'
        '<text font-size="12"><textPath href="#arc">Trade <tspan>route</tspan></textPath></text>'
        '<text x="10" y="20" font-size="12">Plain label</text></svg>',
        encoding="utf-8",
    )
    outlook = root / "content" / "analysis" / "outlook.md"
    before = outlook.read_text(encoding="utf-8")
    outlook.write_text(before + "\n![Route map](assets/route.svg)\n", encoding="utf-8")
    run = run_cli("check", "--root", str(root), "--format", "text")
    line = before.count("\n") + 2
    assert (
        f"content/analysis/outlook.md:{line}:1: error: the drawing 'assets/route.svg' sets text "
        "along a path (<textPath>), which the PDF prints on a straight line at the drawing's top "
        "edge, mostly cut off: 'Trade route'"
    ) in [ln.removeprefix(f"{root}/") for ln in run.err.splitlines()]


@pytest.mark.parametrize("status", ["final", "draft"])
def test_an_svg_the_pdf_renderer_stops_drawing_is_reported_at_the_image(
    tmp_path: Path, status: str
) -> None:
    # A calc() size stopped WeasyPrint's drawing there: the bar after it was
    # missing from a final brief's PDF, with a warning at the brief's line 1.
    root = make_project_at(tmp_path / "project", {}, base=VALID)
    brief = root / "briefs" / "test-brief.yaml"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("status: final", f"status: {status}"),
        encoding="utf-8",
    )
    assets = root / "content" / "assets"
    assets.mkdir()
    (assets / "bars.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">'
        '<rect width="50" height="50" fill="steelblue"/>'
        '<text x="10" y="80" style="font-size: calc(10px + 4px)">label</text>'
        '<rect x="120" width="50" height="50" fill="green"/></svg>',
        encoding="utf-8",
    )
    outlook = root / "content" / "analysis" / "outlook.md"
    before = outlook.read_text(encoding="utf-8")
    outlook.write_text(before + "\n![Bars](assets/bars.svg)\n", encoding="utf-8")
    run = build(root, "--outputs", "pdf")
    line = before.count("\n") + 2
    severity = "error" if status == "final" else "warning"
    expected = (
        f"content/analysis/outlook.md:{line}:1: {severity}: the drawing 'assets/bars.svg' is cut "
        "short in the PDF: the PDF renderer stopped at something in it that it cannot read "
        "(ValueError: could not convert string to float: 'calc(10'), and everything drawn "
        "after that is missing"
    )
    lines = [ln.removeprefix(f"{root}/") for ln in run.err.splitlines()]
    assert [ln for ln in lines if "bars.svg' is cut short" in ln] == [
        expected + ("; the brief was not built" if status == "final" else "")
    ]
    # check named the calc() already, as one the renderer stops at.
    assert any("bars.svg' uses what the PDF renderer does not draw: calc()" in ln for ln in lines)
    assert run.code == (1 if status == "final" else 0)
    assert (root / "output/test-brief/test-brief.pdf").is_file() == (status == "draft")
