"""An image `check` refused is never shown, even where the Markdown reaches it another way."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_build

EVIL = (
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
    '<rect onclick="alert(2)" width="4" height="4"/></svg>'
)


@pytest.mark.parametrize(
    "markdown",
    [
        '![](assets/evil.svg "Nobody\'s drawing")',  # a title the tokenizer does not read
        "![x][e]\n\n[e]: assets/evil.svg",  # a reference-style image
        "![alt [with] brackets](assets/evil.svg)",
    ],
)
def test_a_refused_svg_is_neither_copied_nor_linked(
    make_project, markdown: str, tmp_path: Path
) -> None:
    root = make_project({"content/assets/evil.svg": EVIL})
    outlook = root / "content" / "analysis" / "outlook.md"
    outlook.write_text(outlook.read_text(encoding="utf-8") + "\n" + markdown + "\n")
    run_build(root, "--outputs", "html")
    output = root / "output"
    assert not list(output.rglob("evil.svg"))
    pages = "".join(p.read_text(encoding="utf-8") for p in output.rglob("*.html"))
    assert "evil.svg" not in pages
    assert "alert(" not in pages
