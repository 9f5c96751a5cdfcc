"""The analytic standards in a brief's page: the chosen scale, 'What changed', source summary."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from policybrief.content.corpus import Corpus
from policybrief.content.editions import PastEdition, PastJudgment
from policybrief.render.html import make_environment, render_page
from policybrief.render.resolve import resolve_brief
from policybrief.render.theme import Theme
from tests.conftest import MakeProject
from tests.helpers import edit_file, load_corpus

KJ = "content/analysis/kj-summit.md"


def render(root: Path, corpus: Corpus | None = None, medium: str = "screen") -> str:
    corpus = corpus or load_corpus(root)
    env = make_environment(Theme.for_project(root))
    view = resolve_brief(corpus, "test-brief")
    return render_page(env, corpus, view, medium=medium, assets="../assets/")  # type: ignore[arg-type]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_uk_yardstick_prints_its_own_words(make_project: MakeProject) -> None:
    root = make_project({"policybrief.yaml": "estimative_scale: uk-yardstick\n"})
    edit_file(root, KJ, "likelihood: likely", "likelihood: realistic-possibility")
    edit_file(root, KJ, "is likely:", "is a realistic possibility:")
    page = render(root)
    assert (
        '<span class="likelihood">Realistic possibility <span class="band">(40–50%)</span>' in page
    )
    box = text(page[page.index('class="estimative-language"') :])
    assert "Likelihood terms follow the UK Probability Yardstick." in box
    assert (
        "Remote chance ≤5% Highly unlikely 10–20% Unlikely 25–35% Realistic possibility 40–50% "
        "Likely or probably 55–75% Highly likely 80–90% Almost certain ≥95%"
    ) in box


def test_icd_203_box_is_unchanged(make_project: MakeProject) -> None:
    box = text(render(make_project()).split('class="estimative-language"')[1])
    assert "Likelihood terms follow the US Intelligence Community’s ICD 203 scale." in box
    assert "Almost no chance 1–5%" in box


def test_what_changed_since_the_earlier_edition(make_project: MakeProject) -> None:
    root = make_project()
    corpus = load_corpus(root)
    past = PastEdition(
        1,
        "abc1234",
        (
            PastJudgment("kj-summit", "Old title", "unlikely", "moderate"),
            PastJudgment("kj-gone", "A judgment since dropped", "likely", "low"),
        ),
    )
    for medium in ("screen", "print"):
        page = render(root, replace(corpus, past_editions={"test-brief": past}), medium)
        section = text(page.split('<section class="changes"')[1].split("</section>")[0])
        assert section == (
            'aria-labelledby="changes-title"> What changed since edition 1 '
            "Revised: The summit will likely produce a joint statement "
            "Likelihood from Unlikely (20–45%) to Likely (55–80%) "
            "Removed: A judgment since dropped"
        )


def test_nothing_changed_is_said_and_a_first_edition_shows_no_section(
    make_project: MakeProject,
) -> None:
    root = make_project()
    corpus = load_corpus(root)
    assert 'class="changes"' not in render(root, corpus)
    same = PastEdition(1, "abc1234", (PastJudgment("kj-summit", "T", "likely", "moderate"),))
    page = render(root, replace(corpus, past_editions={"test-brief": same}))
    assert "No key judgment was added, removed or revised." in page


def test_the_source_summary_is_shown_only_when_asked(make_project: MakeProject) -> None:
    root = make_project()
    assert "judgment-sources" not in render(root)
    edit_file(
        root, "briefs/test-brief.yaml", "status: final", "status: final\nsource_summary: true"
    )
    page = render(root)
    line = text(page.split('<p class="judgment-sources">')[1].split("</p>")[0])
    corpus = load_corpus(root)
    note = corpus.sources["report"].data.reliability
    group = re.match(r"[^,;.]+", note).group(0).strip() if note else "Reliability not stated"
    assert line == f"Sources 1: {group} (1)"
