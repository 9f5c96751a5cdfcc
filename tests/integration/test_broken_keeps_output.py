"""A broken project never changes what was published: every case of ``tests/data/broken/``.

The valid project is built once (HTML, the site) into a template; each case
copies it with its output and build state, applies the broken overlay and
builds again. Whatever the mistake, no file under ``output/`` may be removed
or changed (the failing brief is served from its last good build and no page
is taken off the site), and the summary says which brief is served that way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import BROKEN, VALID, apply_case, run_cli

CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The valid project built once (HTML and site), and its output's bytes by path."""
    root = tmp_path_factory.mktemp("template") / "project"
    shutil.copytree(VALID, root)
    run = run_cli("build", "--root", str(root), "--outputs", "html", "--format", "text")
    assert run.code == 0, run.err
    return root, _tree(root / "output")


@pytest.mark.parametrize("name", CASES)
def test_a_broken_case_changes_nothing_published(
    name: str, template: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    source, published = template
    root = tmp_path / "project"
    shutil.copytree(source, root, symlinks=True)
    apply_case(BROKEN / name, root)
    run = run_cli("build", "--root", str(root), "--outputs", "html", "--format", "text")
    assert run.code == 1, run.err
    assert "internal" not in run.err
    now = _tree(root / "output")
    assert sorted(published.keys() - now.keys()) == [], "removed"
    changed = sorted(rel for rel in published.keys() & now.keys() if published[rel] != now[rel])
    assert changed == [], "changed"
    if "briefs/test-brief.yaml:1:1: error: brief not built" in run.err:
        assert "(last good build still served: test-brief)" in run.err


def test_the_published_brief_is_served_from_its_last_good_build_in_most_cases(
    template: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    """Guard against a corpus whose cases never make the published brief fail."""
    source, _ = template
    served = 0
    for name in CASES[::10]:
        root = tmp_path / name
        shutil.copytree(source, root, symlinks=True)
        apply_case(BROKEN / name, root)
        run = run_cli("build", "--root", str(root), "--outputs", "html", "--format", "text")
        served += "(last good build still served: test-brief)" in run.err
    assert served >= 3


def test_a_deleted_actor_s_page_stays_while_a_published_page_links_to_it(
    tmp_path: Path,
) -> None:
    """The brief that names the actor fails and keeps its last good page, which links
    to the actor's page: that page was removed, and the link led nowhere."""
    root = tmp_path / "project"
    shutil.copytree(VALID, root)
    assert run_cli("build", "--root", str(root), "--outputs", "html").code == 0
    page = root / "output" / "test-brief" / "index.html"
    assert 'href="../actors/alpha-ministry/index.html"' in page.read_text(encoding="utf-8")
    (root / "content" / "actors" / "alpha-ministry.yaml").unlink()
    run = run_cli("build", "--root", str(root), "--outputs", "html")
    assert run.code == 1  # the brief names a deleted actor: it fails, its last good page stays
    assert 'href="../actors/alpha-ministry/index.html"' in page.read_text(encoding="utf-8")
    assert (root / "output" / "actors" / "alpha-ministry" / "index.html").is_file()
