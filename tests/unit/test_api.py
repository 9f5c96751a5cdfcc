"""The public API: ``import policybrief`` is cheap, and its names build and check a project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import policybrief
from tests.helpers import VALID


def test_import_loads_no_stage() -> None:
    code = (
        "import sys, policybrief; "
        "print(sorted(m for m in sys.modules if m.startswith('policybrief.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_check_project_reports_without_printing(capsys) -> None:
    report = policybrief.check_project(VALID)
    assert report.files > 0
    assert not report.diagnostics.errors
    assert capsys.readouterr() == ("", "")


def test_build_project_builds_html_into_the_given_folder(tmp_path: Path, capsys) -> None:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(VALID, root)
    options = policybrief.BuildOptions(formats=("html",), output=tmp_path / "out")
    report = policybrief.build_project(root, options)
    assert not report.diagnostics.errors, report.diagnostics.sorted()
    assert report.built
    assert not report.failed
    assert report.summary.startswith(f"built {len(report.built)}, skipped 0, failed 0")
    for slug in report.built:
        assert (tmp_path / "out" / slug / "index.html").is_file()
        assert not (tmp_path / "out" / slug / f"{slug}.pdf").exists()
    again = policybrief.build_project(root, options)
    assert again.up_to_date
    assert again.summary.startswith("nothing to do")
    assert capsys.readouterr() == ("", "")


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        policybrief.no_such_name  # noqa: B018


@pytest.mark.parametrize("name", ["jobs", "timeout", "memory_limit"])
def test_build_options_refuse_less_than_one(name: str) -> None:
    from policybrief.errors import UsageError

    with pytest.raises(UsageError, match=f"{name} must be 1 or more"):
        policybrief.BuildOptions(**{name: 0})
    least = 512 if name == "memory_limit" else 1
    assert getattr(policybrief.BuildOptions(**{name: least}), name) == least


@pytest.mark.parametrize("mib", [1, 511, (1 << 20) + 1])
def test_build_options_refuse_a_memory_limit_no_worker_can_run_with(mib: int) -> None:
    """Below 512 MiB a worker cannot start; above 1 TiB the OS limit overflows."""
    from policybrief.errors import UsageError

    with pytest.raises(UsageError, match="memory_limit must be 512 to 1048576 MiB"):
        policybrief.BuildOptions(memory_limit=mib)
