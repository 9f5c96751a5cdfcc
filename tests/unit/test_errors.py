"""The foundation of diagnostics: codes, positions in a text, de-duplication."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import policybrief
from policybrief.errors import CODES, Diagnostic, Diagnostics, Position, Severity, position_at

PACKAGE = Path(policybrief.__file__).resolve().parent
KEBAB = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
#: Codes registered for problems no diagnostic names yet (a PDF that fails to render
#: is still reported without a code in build/briefs.py): remove each once it is used.
RESERVED: frozenset[str] = frozenset()


def used_codes() -> dict[str, list[str]]:
    """Every code the package names, with where: ``code="..."`` keyword arguments,
    and the values of tables named ``*_CODES`` (pydantic error types to codes)."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = f"{path.relative_to(PACKAGE).as_posix()}"
        for node in ast.walk(tree):
            values: list[ast.expr] = []
            if isinstance(node, ast.keyword) and node.arg == "code":
                values.append(node.value)
            elif (
                isinstance(node, ast.Assign | ast.AnnAssign)
                and isinstance(node.value, ast.Dict)
                and any(
                    isinstance(t, ast.Name) and t.id.endswith("_CODES")
                    for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                )
            ):
                values.extend(v for v in node.value.values if v is not None)
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.setdefault(value.value, []).append(f"{where}:{value.lineno}")
    return found


# -- codes ------------------------------------------------------------------


def test_codes_are_kebab_case_with_a_one_line_meaning() -> None:
    for code, meaning in CODES.items():
        assert KEBAB.fullmatch(code), code
        assert meaning, code
        assert "\n" not in meaning, code


def test_every_code_used_is_registered() -> None:
    unknown = {code: where for code, where in used_codes().items() if code not in CODES}
    assert not unknown, f"add these to policybrief.errors.CODES: {unknown}"


def test_every_registered_code_is_used() -> None:
    unused = set(CODES) - set(used_codes()) - RESERVED
    assert not unused, f"no diagnostic uses {sorted(unused)}; remove them from CODES"
    assert set(CODES) >= RESERVED


def test_the_code_scan_finds_keywords_and_tables() -> None:
    found = used_codes()
    assert any(w.startswith("content/reference_check.py") for w in found["unknown-reference"])
    assert any(w.startswith("content/fields.py") for w in found["invalid-date"])  # table
    assert any(w.startswith("content/yamlsrc.py") for w in found["duplicate-key"])


# -- position_at --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("abc", 0, Position(1, 1)),
        ("abc", 2, Position(1, 3)),
        ("ab\ncd", 3, Position(2, 1)),
        ("ab\ncd", 4, Position(2, 2)),
        ("ab\ncd", 2, Position(1, 3)),  # the newline itself ends line 1
        ("ab\n\n\nx", 5, Position(4, 1)),
    ],
)
def test_position_at(text: str, offset: int, expected: Position) -> None:
    assert position_at(text, offset) == expected


def test_position_at_counts_code_points_not_bytes() -> None:
    text = "x\nÉté 🌍 [[y]]"
    offset = text.index("[[")
    assert position_at(text, offset) == Position(2, 7)


def test_position_at_with_crlf_line_ends() -> None:
    text = "one\r\ntwo\r\nthree"
    assert position_at(text, text.index("two")) == Position(2, 1)
    assert position_at(text, text.index("three") + 2) == Position(3, 3)
    assert position_at(text, text.index("\r")) == Position(1, 4)  # the \r ends its line


def test_position_at_the_end_of_the_text() -> None:
    assert position_at("ab\ncd", 5) == Position(2, 3)
    assert position_at("ab\n", 3) == Position(2, 1)
    assert position_at("", 0) == Position(1, 1)


def test_position_at_starts_at_first_line() -> None:
    """A body after front matter starts on a later line; columns do not shift."""
    assert position_at("ab\ncd", 4, first_line=7) == Position(8, 2)
    assert position_at("ab", 1, first_line=7) == Position(7, 2)


# -- Diagnostics.unique ---------------------------------------------------------


def test_unique_keeps_each_problem_once_in_first_order() -> None:
    a, b = Path("a.yaml"), Path("b.yaml")
    diags = Diagnostics()
    diags.warning(b, Position(2, 1), "no font", "add one", code="missing-glyph")
    diags.error(a, Position(1, 1), "bad", code="invalid-value")
    diags.warning(b, Position(2, 1), "no font", "another hint", code="missing-glyph")
    diags.error(b, Position(2, 1), "no font", code="missing-glyph")  # other severity
    diags.error(a, Position(1, 2), "bad", code="invalid-value")  # another column
    diags.error(a, Position(1, 2), "bad", code="invalid-date")  # another code
    unique = diags.unique()
    assert [(d.path, d.position, d.severity) for d in unique.items] == [
        (b, Position(2, 1), Severity.WARNING),
        (a, Position(1, 1), Severity.ERROR),
        (b, Position(2, 1), Severity.ERROR),
        (a, Position(1, 2), Severity.ERROR),
        (a, Position(1, 2), Severity.ERROR),
    ]
    assert unique.items[0].hint == "another hint"  # the last repeat's hint, as cli always showed
    assert len(diags.items) == 6  # the collector itself is unchanged


def test_a_diagnostic_needs_a_registered_code() -> None:
    with pytest.raises(ValueError, match="unregistered"):
        Diagnostic(Path("a"), Position(), "m", code="no-such-code")
    with pytest.raises(TypeError):
        Diagnostic(Path("a"), Position(), "m")  # type: ignore[call-arg]


def test_unique_of_nothing() -> None:
    assert Diagnostics().unique().items == []


def test_a_diagnostic_carries_its_code() -> None:
    d = Diagnostic(Path("a"), Position(), "m", code="yaml-syntax")
    assert d.code == "yaml-syntax"
