"""What a drawing asks that the PDF renderer does not draw is named (content/svg_limits.py),
and ``check`` warns at the image (``svg-unsupported``)."""

from __future__ import annotations

import time

import pytest

from policybrief.content.svg_limits import svg_limits
from tests.conftest import MakeProject
from tests.helpers import run_cli

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100">{}</svg>'


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ('<text style="text-decoration: line-through">2024</text>', "text-decoration"),
        ("<style>.s{text-decoration-line:underline}</style>", "text-decoration"),
        ('<text text-transform="uppercase">a</text>', "text-transform"),
        ("<style>.c{font-variant: small-caps}</style>", "small capitals"),
        ('<tspan baseline-shift="super">2</tspan>', "baseline-shift"),
        ('<text writing-mode="tb">縦書き</text>', "vertical writing-mode"),
        ('<path vector-effect="non-scaling-stroke" d="M0 0"/>', "non-scaling strokes"),
        ("<style>.r{transform-box: fill-box; transform-origin: center}</style>", "transform-box"),
        ('<rect style="fill: color-mix(in srgb, red 50%, blue)"/>', "color-mix()"),
        ('<text style="font-size: clamp(10px, 1vw, 14px)">a</text>', "calc()"),
        ('<text font-size="1.2vw">a</text>', "vw or vh"),
        ('<text font-family="Calibri,sans-serif">a</text>', "Calibri"),
        ("<style>.a{--c:red}.b{--c:blue}rect{fill:var(--c)}</style>", "var()"),
        ('<rect fill="var(--never-set)"/>', "var()"),
        (
            '<defs><linearGradient id="g"/><mask id="m"><rect fill="url(#g)"/></mask></defs>'
            '<rect mask="url(#m)"/>',
            "a mask painted with a gradient",
        ),
        (
            '<defs><radialGradient id="g"/></defs><text fill="url(#g)">GRADIENT</text>',
            "text filled with a gradient",
        ),
    ],
)
def test_each_limit_is_named(body: str, phrase: str) -> None:
    found = svg_limits(SVG.format(body).encode())
    assert len(found) == 1
    assert phrase in found[0]


def test_a_drawing_without_a_size_is_named() -> None:
    found = svg_limits(b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    assert found == ("no width, height or viewBox (the drawing is cut to 300 × 150 px)",)


@pytest.mark.parametrize(
    "body",
    [
        # What the PDF draws, or what is rewritten before it reads the drawing.
        '<text x="1" y="2" font-weight="bold" font-style="italic">Plain</text>',
        "<style>svg{--accent:#2ca02c}.a{fill:var(--accent)}.b{fill:var(--x, #bbb)}</style>",
        '<text font-size="small" fill="currentcolor" paint-order="stroke">a</text>',
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/>',
        '<defs><mask id="m"><rect fill="white"/></mask></defs><rect mask="url(#m)"/>',
        # A label's words are not markup.
        "<text>calc( text-decoration: underline; Calibri, color-mix(</text>",
    ],
)
def test_what_the_pdf_draws_is_not_named(body: str) -> None:
    assert svg_limits(SVG.format(body).encode()) == ()


@pytest.mark.parametrize(
    "hostile",
    [
        b"<svg><style>" + b"text-decoration:" * 100_000 + b"</style></svg>",
        b"<svg>" + b"<mask" * 100_000,
        b"<svg><style>" + b"font-family:Arial " * 60_000 + b"</style></svg>",
        b"<svg><style>" + b"var(--a," * 60_000 + b"</style></svg>",
    ],
)
def test_hostile_drawings_are_read_in_linear_time(hostile: bytes) -> None:
    started = time.process_time()
    svg_limits(hostile)
    assert time.process_time() - started < 2.0


def test_check_warns_at_the_image(make_project: MakeProject) -> None:
    outlook = "---\ntitle: Outlook\nkind: outlook\n---\nText.\n\n![Trend](assets/trend.svg)\n"
    root = make_project({"content/analysis/outlook.md": outlook})
    (root / "content" / "assets").mkdir(exist_ok=True)
    (root / "content" / "assets" / "trend.svg").write_text(
        SVG.format('<text x="5" y="20" text-decoration="line-through">2024: 3.1</text>'),
        encoding="utf-8",
    )
    run = run_cli("check", "--root", str(root), "--format", "text")
    lines = [ln.removeprefix(f"{root}/") for ln in run.err.splitlines()]
    assert (
        "content/analysis/outlook.md:7:1: warning: the drawing 'assets/trend.svg' uses what "
        "the PDF renderer does not draw: text-decoration (a struck-through or underlined "
        "label prints plain)"
    ) in lines
    assert run.code == 0
    assert run_cli("check", "--root", str(root), "--strict").code == 1


@pytest.mark.parametrize(
    "body",
    [
        # What a trial found named though the PDF draws it (each failed --strict).
        '<text style="baseline-shift:baseline">a</text>',
        '<tspan baseline-shift="0">a</tspan>',
        '<text font-family="Noto Sans, Segoe UI Emoji">a</text>',
        "<style>.a{color:red}.underline-hint{fill:blue}</style>",
        '<rect data-range="max(1, 2)"/>',
        "<!-- a <text style='text-decoration: underline'> in a comment -->",
    ],
)
def test_what_a_trial_found_falsely_named_is_not_named(body: str) -> None:
    assert svg_limits(SVG.format(body).encode()) == ()


def test_a_comment_before_the_root_does_not_hide_its_size() -> None:
    svg = b'<!-- <svg> --><svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'
    assert svg_limits(svg) == ()
    assert svg_limits(b'<svg xmlns="http://www.w3.org/2000/svg" data-x="a > b"><rect/></svg>')


def test_a_font_embedded_in_a_drawing_is_not_called_external() -> None:
    from policybrief.content.images import image_problem

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@font-face { font-family: x; '
        b"src: url(data:font/woff2;base64,AAAA) }</style></svg>"
    )
    problem = image_problem(svg)
    assert problem is not None
    assert problem.message.startswith(
        "SVG refused: a data: url() (an embedded font or image) in <style>"
    )
