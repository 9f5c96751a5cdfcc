"""``check`` on broken projects: every error at its file, line and column.

Each folder in ``tests/data/broken/`` is an overlay on ``tests/data/valid/``:
its files replace or add files at the same path, ``delete.txt`` lists paths to
remove, and ``expected.txt`` holds the exact diagnostic lines ``check`` prints
to stderr (without the summary line, which is checked separately).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policybrief.cli import main
from policybrief.content.load import load_project
from policybrief.content.validate import validate_project
from policybrief.errors import CODES, Diagnostics
from policybrief.render.theme import Theme, template_ok
from tests.helpers import DATA as DATA_FOLDER
from tests.helpers import overlay_case as build_case

DATA = DATA_FOLDER
VALID = DATA / "valid"
BROKEN = DATA / "broken"
REPO = DATA.parent.parent
#: Files of a case folder that describe the case instead of overlaying the project.
CASE_FILES = {"expected.txt", "delete.txt"}
SUMMARY_RE = re.compile(r"checked \d+ files?: (\d+) errors?, \d+ warnings?")
DIAGNOSTIC_RE = re.compile(r"[^:\s]+:\d+:\d+: error: .+")

CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def run_check(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["check"])
    out, err = capsys.readouterr()
    return code, out, err


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 30
    for name in CASES:
        assert (BROKEN / name / "expected.txt").is_file(), name


@pytest.mark.parametrize("name", CASES)
def test_broken_case(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = build_case(BROKEN / name, tmp_path / "project")
    code, out, err = run_check(root, monkeypatch, capsys)
    expected = (BROKEN / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    lines = err.splitlines()
    assert code == 1
    assert out == ""
    summary = SUMMARY_RE.fullmatch(lines[-1])
    assert summary, lines[-1]
    assert lines[:-1] == expected
    errors = [line for line in expected if not line.startswith("  hint: ")]
    assert all(DIAGNOSTIC_RE.fullmatch(line) for line in errors), errors
    assert int(summary.group(1)) == len(errors)


def check_diagnostics(root: Path) -> Diagnostics:
    """What ``check`` finds in ``root``, as diagnostics: the content stage and the
    theme's templates (codes are not printed, so they are read here)."""
    diags = Diagnostics()
    corpus = validate_project(load_project(root, diags), diags)
    theme = Theme.for_project(root)
    for record in corpus.briefs.values():
        template_ok(corpus, record, theme, diags)
    return diags


#: The codes a representative set of cases reports: one per kind of problem.
CASE_CODES = {
    "actor-agenda-id-clash": {"id-clash"},
    "alias-bomb": {"yaml-limit"},
    "bad-actor-kind": {"invalid-value"},
    "bad-citation": {"invalid-citation"},
    "bad-edition": {"wrong-type"},
    "bad-section-key": {"unknown-field"},
    "brief-date-month-precision": {"invalid-date"},
    "country-not-a-state": {"wrong-kind"},
    "duplicate-key": {"duplicate-key"},
    "duplicate-section": {"duplicate-section"},
    "empty-link": {"empty-link"},
    "empty-required-field": {"empty-value"},
    "end-before-date": {"date-order"},
    "explicit-tag": {"yaml-tag"},
    "footnote-label-typo": {"unknown-footnote", "unused-footnote"},
    "footnote-undefined-in-summary": {"unknown-footnote"},
    "footnote-never-called": {"unused-footnote"},
    "footnote-defined-twice": {"duplicate-footnote"},
    "footnote-inside-footnote": {"nested-footnote"},
    "footnote-in-table-or-after-list": {"unused-footnote"},
    "markup-in-title": {"markup-in-plain-field"},
    "markdown-link-in-plain-field": {"markup-in-plain-field"},
    "marking-too-long": {"too-long"},
    "marking-on-two-lines": {"too-long"},
    "product-id-too-long": {"too-long"},
    "settings-marking-too-long": {"too-long"},
    "markup-in-subtitle": {"markup-in-plain-field"},
    "year-zero": {"invalid-date"},
    "image-without-alt": {"missing-alt-text"},
    "caption-without-table": {"caption-without-table"},
    "caption-at-end": {"caption-without-table"},
    "caption-before-paragraph": {"caption-without-table"},
    "caption-in-agenda-summary": {"caption-without-table"},
    "impossible-date": {"invalid-date"},
    "likelihood-on-background": {"unexpected-field"},
    "missing-front-matter": {"invalid-front-matter"},
    "missing-image": {"unknown-asset"},
    "missing-required-field": {"missing-field"},
    "non-slug-file-name": {"invalid-id"},
    "not-utf8": {"not-utf8"},
    "participant-listed-twice": {"duplicate-id"},
    "affiliated-with-itself": {"self-reference"},
    "reserved-brief-slug": {"reserved-slug"},
    "settings-unknown-key": {"unknown-field"},
    "several-errors": {
        "date-order",
        "invalid-date",
        "invalid-value",
        "unknown-field",
        "unknown-reference",
    },
    "stray-file": {"stray-file"},
    "unknown-link-in-body": {"unknown-reference"},
    "unknown-template": {"unknown-template"},
    "wrong-type-text-for-list": {"wrong-type"},
    "yaml-front-matter-syntax": {"yaml-syntax"},
    "yaml-top-level-list": {"wrong-type"},
}


@pytest.mark.parametrize("name", CASES)
def test_broken_case_codes(name: str, tmp_path: Path) -> None:
    """Every diagnostic names its kind of problem with a registered code."""
    diags = check_diagnostics(build_case(BROKEN / name, tmp_path / "project"))
    assert diags.items
    codes = {d.code for d in diags.items}
    assert all(code in CODES for code in codes), codes
    if name in CASE_CODES:
        assert codes == CASE_CODES[name]


def test_case_codes_name_real_cases() -> None:
    assert set(CASE_CODES) <= set(CASES)


def test_case_folders_overlay_the_valid_project(tmp_path: Path) -> None:
    root = build_case(BROKEN / "deleted-source", tmp_path / "project")
    assert not (root / "content/sources/report.yaml").exists()
    assert not (root / "delete.txt").exists()
    assert (root / "content/sources/gazette.yaml").is_file()


@pytest.mark.parametrize("root", [VALID, REPO], ids=["valid", "example"])
def test_valid_projects_pass(
    root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_check(root, monkeypatch, capsys)
    assert err == ""
    assert code == 0
    assert re.fullmatch(r"checked \d+ files, no problems \(\d+\.\d\d s\)\n", out)


def test_every_message_of_every_case_has_a_hint() -> None:
    """A writer acts on the hint: no case may print a message without one."""
    for expected in sorted(BROKEN.glob("*/expected.txt")):
        lines = expected.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if re.search(r": (error|warning): ", line):
                following = lines[i + 1] if i + 1 < len(lines) else ""
                assert following.startswith("  hint: "), f"{expected.parent.name}: {line}"


# values cut short by a YAML comment: warnings, the file is still read


def test_hash_comment_case_warns_at_each_hash(
    make_project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The ``yaml-hash-comment`` case: the title and the location lose their ends."""
    root = make_project(
        {
            "content/agenda/bc-hash-talks.yaml": "title: Talks on resolution 2231 "
            "#snapback clause\nkind: meeting\ndate: 2025-12-04\nlocation: Room C #3, Alpha City\n"
            "status: scheduled\n",
            "content/analysis/bc-hash.md": "---\ntitle: Overview\nkind: background\n---\n"
            "The next round is [[bc-hash-talks]].\n",
            "briefs/bc-hash.yaml": "title: Hash in a YAML value\ndate: 2025-12-01\n"
            "status: final\nsummary: The title and location are cut at the '#'.\n"
            "sections:\n  - analysis: bc-hash\n  - agenda: auto\n",
        }
    )
    code, out, err = run_check(root, monkeypatch, capsys)
    assert code == 0
    assert err.splitlines() == [
        "content/agenda/bc-hash-talks.yaml:1:33: warning: '#snapback clause' is read as a "
        "YAML comment, not as part of the value",
        '  hint: quote the value to keep it: "Talks on resolution 2231 #snapback clause"',
        "content/agenda/bc-hash-talks.yaml:4:18: warning: '#3, Alpha City' is read as a "
        "YAML comment, not as part of the value",
        '  hint: quote the value to keep it: "Room C #3, Alpha City"',
    ]
    assert "2 warnings" in out


@pytest.mark.parametrize(
    ("rel", "text", "where"),
    [
        (
            "content/actors/bob-jones.yaml",
            "name: Bob Jones\nkind: person\nrole: Envoy #2\n",
            "content/actors/bob-jones.yaml:3:13",
        ),
        (
            "content/analysis/outlook.md",
            "---\ntitle: Outlook #2\nkind: outlook\n---\nText.\n",
            "content/analysis/outlook.md:2:16",
        ),
        (
            "content/sources/report.yaml",
            "title: A report\npublisher: News #1 daily\n",
            "content/sources/report.yaml:2:17",
        ),
    ],
)
def test_hash_comment_warns_in_every_kind_of_file(
    make_project, rel: str, text: str, where: str
) -> None:
    root = make_project({rel: text})
    diags = check_diagnostics(root)
    assert [(d.code, d.is_error) for d in diags.items] == [("yaml-comment-in-value", False)]
    [warning] = diags.items
    assert (
        f"{warning.path.relative_to(root).as_posix()}:{warning.position.line}:"
        + str(warning.position.column)
        == where
    )
