"""The benchmark scripts' own pieces keep working: the corpus, the peer's Markdown, the table.

The benchmarks are not run in CI; these tests run their cheap parts (a few
seconds) so they cannot rot. ``tests/integration/test_benchmarks.py`` runs
``compare.py``'s smoke preset end to end.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from policybrief.cli import main

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> dict[str, ModuleType]:
    """The benchmark modules, imported as their scripts import each other."""
    monkeypatch.syspath_prepend(str(BENCH))
    import compare_report
    import compare_scenarios
    import make_corpus
    import peer
    import peer_markdown

    return {
        "make_corpus": make_corpus,
        "peer": peer,
        "peer_markdown": peer_markdown,
        "compare_report": compare_report,
        "compare_scenarios": compare_scenarios,
    }


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["check", "--root", str(root)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    return out + err


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_corpus_passes_check_with_no_problems_and_is_deterministic(
    bench: dict[str, ModuleType], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project = bench["make_corpus"].write_project
    counts = write_project(12, tmp_path / "a", seed=3)
    assert counts["briefs"] == 12
    assert "no problems" in check(tmp_path / "a", capsys)
    write_project(12, tmp_path / "b", seed=3)
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_pages_adds_chapters_that_pass_check(
    bench: dict[str, ModuleType], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus_long = pytest.importorskip("corpus_long")
    write_project = bench["make_corpus"].write_project
    short = write_project(2, tmp_path / "short")
    long = write_project(2, tmp_path / "long", pages=30)
    chapters = corpus_long.chapters_for(30)
    assert chapters >= 10
    assert long["analysis"] == short["analysis"] + 2 * chapters
    brief = next((tmp_path / "long" / "briefs").glob("*.yaml")).read_text(encoding="utf-8")
    assert len(re.findall(r"-chapter-\d+$", brief, re.MULTILINE)) == chapters
    chapter = next((tmp_path / "long" / "content" / "analysis").glob("*-chapter-1.md"))
    text = chapter.read_text(encoding="utf-8")
    assert "### " in text
    assert "| --- |" in text
    assert "[^1]:" in text
    assert "[@" in text
    assert "no problems" in check(tmp_path / "long", capsys)


def test_peer_markdown_has_the_briefs_words_without_policybrief_syntax(
    bench: dict[str, ModuleType], tmp_path: Path
) -> None:
    bench["make_corpus"].write_project(3, tmp_path / "project", pages=8)
    written = bench["peer_markdown"].write_markdown(tmp_path / "project", tmp_path / "md")
    assert len(written) == 3
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\ntitle: ")
        assert "[[" not in text
        assert "[@" not in text
        for heading in ("## Bottom line", "## Key judgments", "## Agenda", "## Key actors",
                        "## Sources", "### What is delivered"):  # fmt: skip
            assert heading in text, heading
        assert "^[" in text  # citations became notes
        calls = re.findall(r"\[\^([^\]]+)\](?!:)", text)
        definitions = re.findall(r"^\[\^([^\]]+)\]:", text, re.MULTILINE)
        assert definitions
        assert len(set(definitions)) == len(definitions)
        assert set(calls) == set(definitions)


def test_peer_names_the_install_line_when_pandoc_is_missing(
    bench: dict[str, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(SystemExit, match="apt-get install pandoc"):
        bench["peer"].find_pandoc()


def options(**overrides: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "preset": "full", "sizes": None, "pages": None, "runs": None, "cheap_runs": None,
        "no_example": False, "no_instrument": False, "no_peer": False,
    }  # fmt: skip
    values.update(overrides)
    return argparse.Namespace(**values)


def test_presets_and_overrides_choose_the_scenarios(bench: dict[str, ModuleType]) -> None:
    scenarios_from = bench["compare_scenarios"].scenarios_from
    full = [s.name for s in scenarios_from(options())]
    assert full == ["example", "N=10", "N=30", "N=100", "N=300 check", "2×10p", "2×60p", "2×120p"]
    plan = scenarios_from(options(sizes="5", pages="", runs=1, no_example=True, no_peer=True))
    assert [(s.name, s.full_runs, s.peer) for s in plan] == [
        ("N=5", 1, False), ("N=300 check", 0, False)
    ]  # fmt: skip
    assert not any(s.instrument for s in scenarios_from(options(no_instrument=True)))


def test_table_gives_medians_and_ratios(bench: dict[str, ModuleType]) -> None:
    def full(seconds: float, cpu: float) -> dict[str, object]:
        return {"seconds": seconds, "cpu_seconds": cpu, "built": 10, "main_kib": 51200,
                "worker_kib": 102400}  # fmt: skip

    side = {
        "full": [full(10.0, 18.0), full(12.0, 20.0), full(11.0, 19.0)],
        "floor": [{"floor_seconds": 5.5, "sum_cpu_seconds": 10.0, "pages": 50}],
        "check": [{"seconds": 0.5, "cpu_seconds": 0.4}],
    }
    faster = {**side, "full": [full(5.5, 9.5)], "check": [{"seconds": 0.25, "cpu_seconds": 0.2}]}
    report = {
        "code": {"baseline": {"code": "git revision A"}, "candidate": {"code": "git revision B"}},
        "machine": {"cpus": 2, "python": "3.11", "loadavg_start": [0.1, 0.1, 0.1]},
        "scenarios": {
            "N=10": {
                "sides": {"baseline": side, "candidate": faster},
                "peer": [{"seconds": 22.0, "cpu_seconds": 40.0, "briefs": 10, "pages": 48}],
                "identical_outputs": {"pdf": [10, 10], "html": [11, 12]},
            }
        },
    }
    text = bench["compare_report"].table(report)
    rows = {re.sub(r"\s{2,}", "|", line).split("|")[1]: line for line in text.splitlines()[3:]}
    assert rows["full build, wall s (median of 3)"].split()[-3:] == ["11.00", "5.50", "0.500"]
    assert rows["full build ÷ WeasyPrint floor (wall)"].split()[-3:] == ["2.00", "1.00", "0.500"]
    assert rows["warm render CPU per page, ms"].split()[-3:] == ["200.0", "200.0", "1.000"]
    assert rows["check, wall s (median of 1)"].split()[-1] == "0.500"
    assert rows["full build ÷ peer (wall): target ≤ 0.5"].split()[-3:] == [
        "0.500",
        "0.250",
        "0.500",
    ]
    assert (
        "wall 22.00 s, CPU 40.0 s, 48 pages"
        in rows["Pandoc + WeasyPrint (peer), one process per brief"]
    )
    assert rows["outputs byte-identical in both sides"].endswith(
        "10 of 10 PDF files, 11 of 12 HTML files"
    )


def test_feature_cost_variants_change_one_thing_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """benchmarks/feature_cost.py: a variant appends its stylesheet, edits the HTML, or both."""
    monkeypatch.syspath_prepend(str(BENCH))
    import feature_cost

    @dataclasses.dataclass(frozen=True)
    class Job:
        html: str
        variant: str | None = "pdf/ua-1"

    page = (
        '<html><head><link rel="stylesheet" href="print.css"></head><body>\n  <p>A '
        '<span class="compound">co-chair</span> met <a class="entity" href="#x">Ann</a>.</p>'
        "\n</body></html>"
    )
    variants = {v.name: v for v in feature_cost.VARIANTS}
    notes = feature_cost.variant_job(Job(page), variants["no-notes"])
    assert notes.html.count("<style>") == 1
    assert "display: none" in notes.html
    assert notes.html.index("<style>") > notes.html.index("print.css")  # after the theme's
    plain = feature_cost.variant_job(Job(page), variants["no-compound-spans"]).html
    assert "compound" not in plain
    assert "co-chair met" in plain
    links = feature_cost.variant_job(Job(page), variants["no-entity-links"]).html
    assert "<a " not in links
    assert "met Ann." in links
    assert feature_cost.variant_job(Job(page), variants["untagged"]).variant is None
    assert "<body><p>" in feature_cost.variant_job(Job(page), variants["no-indent-space"]).html
    assert [v.name for v in feature_cost.chosen("no-notes")] == ["full", "no-notes"]
    with pytest.raises(SystemExit, match="unknown variants: nope"):
        feature_cost.chosen("nope")


def test_patch_diff_finds_a_patch_that_changes_the_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """benchmarks/patch_diff.py: the same bytes pass; a patch that changes them is named."""
    monkeypatch.syspath_prepend(str(BENCH))
    import patch_diff

    assert patch_diff.random_page(7) == patch_diff.random_page(7)
    assert patch_diff.main(["--only", "notes-many", "--random", "1"]) == 0

    @contextlib.contextmanager
    def bolder() -> Iterator[None]:
        from weasyprint.css import ComputedStyle

        original = ComputedStyle.__dict__["__missing__"]

        def missing(style: Any, key: str) -> Any:
            value = original(style, key)
            return 900 if key == "font_weight" else value

        ComputedStyle.__missing__ = missing
        try:
            yield
        finally:
            ComputedStyle.__missing__ = original

    real = patch_diff.patches
    monkeypatch.setattr(patch_diff, "patches", lambda: {**real(), "bolder": bolder})
    result = patch_diff.compare(patch_diff.PAGES["keywords"])
    assert result["verdict"] == "DIFFERS"
    assert result["culprits"] == ["bolder"]
