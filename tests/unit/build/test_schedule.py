"""The build's schedule: the longest render first, and the workers a build is likely to need."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from policybrief.build.schedule import brief_size, likely_pdfs, longest_first, settings_jobs
from policybrief.build.state import BriefState, BuildState, code_digest

# The order


def test_the_longest_last_render_goes_first() -> None:
    sizes = {"a": 100, "b": 100, "c": 100}
    seconds = {"a": 1.0, "b": 7.5, "c": 3.0}
    assert longest_first(sizes, seconds) == ["b", "c", "a"]


def test_recorded_seconds_beat_size() -> None:
    # "big" has more text but rendered faster last time (a table-free brief, say).
    assert longest_first({"big": 9000, "slow": 100}, {"big": 1.0, "slow": 6.0}) == ["slow", "big"]


def test_without_any_recorded_seconds_the_largest_text_goes_first() -> None:
    sizes = {"short": 10, "long": 5000, "middle": 800}
    assert longest_first(sizes, {}) == ["long", "middle", "short"]
    assert longest_first(sizes, {"short": None, "long": None}) == ["long", "middle", "short"]


def test_a_new_brief_is_estimated_at_the_seconds_per_character_of_the_others() -> None:
    # Known: 1 s per 1000 characters. "new" (4000 characters) is estimated at 4 s.
    sizes = {"a": 1000, "b": 5000, "new": 4000}
    seconds = {"a": 1.0, "b": 5.0}
    assert longest_first(sizes, seconds) == ["b", "new", "a"]
    assert longest_first({**sizes, "new": 500}, seconds) == ["b", "a", "new"]


def test_seconds_of_briefs_not_rendered_now_are_left_out() -> None:
    # "gone" is not a brief of this build: it neither appears nor sets the rate.
    assert longest_first({"a": 10, "b": 20}, {"gone": 100.0}) == ["b", "a"]


@pytest.mark.parametrize("seed", range(5))
def test_ties_go_by_slug_whatever_the_order_given(seed: int) -> None:
    slugs = [f"brief-{i:02}" for i in range(12)]
    random.Random(seed).shuffle(slugs)
    sizes = {slug: 100 * (int(slug[-2:]) % 3) for slug in slugs}
    seconds: dict[str, float | None] = {s: 2.0 for s in slugs[:4]}
    first = longest_first(sizes, seconds)
    again = longest_first(dict(sorted(sizes.items())), dict(sorted(seconds.items())))
    assert first == again
    assert sorted(first) == sorted(slugs)
    equal = [s for s in first if s not in seconds and sizes[s] == 0]
    assert equal == sorted(equal)


def test_brief_size_counts_the_characters_of_its_texts() -> None:
    view: Any = SimpleNamespace(texts=(SimpleNamespace(text="abc"), SimpleNamespace(text="de")))
    assert brief_size(view) == 5


# The workers started before loading


def _state(**briefs: BriefState) -> BuildState:
    return BuildState(briefs=dict(briefs))


def _brief(deps: dict[str, str], pdf: bool = True) -> BriefState:
    outputs = ["x/index.html", *(["x/x.pdf"] if pdf else [])]
    return BriefState(deps=deps, selections=[], outputs=outputs)


def _all_present(rel: str) -> bool:
    return True


def test_briefs_never_built_are_all_likely() -> None:
    count = likely_pdfs(BuildState(), {}, ["a", "b", "c"], force=False, present=_all_present)
    assert count == 3


def test_unchanged_briefs_are_not_likely_and_changed_ones_are() -> None:
    digests = {"briefs/a.yaml": "1", "content/x.md": "2", "theme:brief.html": "3"}
    deps = {**digests, "option:outputs": "html,pdf", "scale": "s", "code": code_digest()}
    state = _state(a=_brief(deps), b=_brief({**deps, "content/x.md": "old"}))
    assert likely_pdfs(state, digests, ["a", "b"], force=False, present=_all_present) == 1
    assert likely_pdfs(state, digests, ["a", "b"], force=True, present=_all_present) == 2


def test_a_deleted_input_a_new_code_or_a_lost_output_makes_a_brief_likely() -> None:
    digests = {"briefs/a.yaml": "1"}
    gone = _state(a=_brief({"briefs/a.yaml": "1", "content/gone.md": "2"}))
    assert likely_pdfs(gone, digests, ["a"], force=False, present=_all_present) == 1
    code = _state(a=_brief({"briefs/a.yaml": "1", "code": "an older release"}))
    assert likely_pdfs(code, digests, ["a"], force=False, present=_all_present) == 1
    same = _state(a=_brief({"briefs/a.yaml": "1"}))
    assert likely_pdfs(same, digests, ["a"], force=False, present=lambda rel: False) == 1


def test_a_failed_brief_is_likely_and_an_html_only_one_is_not() -> None:
    digests = {"briefs/a.yaml": "1"}
    state = _state(failed=_brief({}), html=_brief({"briefs/a.yaml": "0"}, pdf=False))
    assert likely_pdfs(state, digests, ["failed", "html"], force=False, present=_all_present) == 1


@pytest.mark.parametrize(
    ("text", "jobs"),
    [
        ("title: T\njobs: 3\n", 3),
        ("jobs: 12  # the CI runner's cores\n", 12),
        ("title: T\n", None),
        ("site:\n  jobs: 4\n", None),  # not the top-level setting
        ("jobs: 0\n", None),
    ],
)
def test_the_jobs_setting_is_read_without_parsing(tmp_path: Path, text: str, jobs: int) -> None:
    (tmp_path / "policybrief.yaml").write_text(text)
    assert settings_jobs(tmp_path) == jobs


def test_no_settings_file_means_no_jobs_setting(tmp_path: Path) -> None:
    assert settings_jobs(tmp_path) is None
