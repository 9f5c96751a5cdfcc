"""The estimative-language lint, rule by rule: texts it flags and texts it leaves alone."""

from __future__ import annotations

import pytest

from policybrief.content.estimative import Finding, Vocabulary, lint_judgment
from policybrief.content.model import AnalysisMeta
from policybrief.content.prose import blank_out, sentences
from policybrief.content.scale import shipped_scale

ICD = Vocabulary(shipped_scale("icd203"))
UK = Vocabulary(shipped_scale("uk-yardstick"))


def lint(
    text: str,
    likelihood: str | None = "likely",
    kind: str = "key-judgment",
    vocabulary: Vocabulary = ICD,
) -> list[tuple[str, str]]:
    """(code, the words flagged) of every finding in ``text``."""
    fields = {"title": "T", "kind": kind}
    if likelihood:
        fields |= {"likelihood": likelihood, "confidence": "moderate"}
    found: list[Finding] = []
    lint_judgment(AnalysisMeta.model_validate(fields), text, vocabulary, found.append)
    return [(f.code, text[f.offset : f.end]) for f in found]


def codes(text: str, **kwargs: str) -> set[str]:
    return {code for code, _ in lint(text, **kwargs)}  # type: ignore[arg-type]


# -- likelihood-mismatch ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "likelihood", "flagged"),
    [
        ("The talks are almost certainly going to fail.", "unlikely", "almost certainly"),
        ("A deal is likely this year.", "very-unlikely", "likely"),
        ("A deal is unlikely before spring.", "likely", "unlikely"),
        ("There is a roughly even chance of a deal.", "very-likely", "roughly even chance"),
        ("A deal is not likely this year.", "likely", "likely"),  # negation denies the step
        ("A deal isn't very likely this year.", "very-likely", "very likely"),
        ("It is improbable that the treaty holds.", "almost-certain", "improbable"),
    ],
)
def test_mismatch_is_flagged_with_its_words(text: str, likelihood: str, flagged: str) -> None:
    assert ("likelihood-mismatch", flagged) in lint(text, likelihood)


@pytest.mark.parametrize(
    ("text", "likelihood"),
    [
        ("The talks are almost certainly going to fail.", "almost-certain"),
        ("A deal is likely this year.", "likely"),
        ("A deal is not likely this year.", "unlikely"),  # "not likely" agrees with unlikely
        ("A deal is not likely this year.", "very-unlikely"),
        ("A deal is likely; the minister said it was “almost certain”.", "likely"),  # quoted
        ("A deal is likely [@almost-certain-report].", "likely"),  # a citation's id
        ("A deal is likely, as `unlikely` shows.", "likely"),  # code
        ("There is a roughly-even-chance of a deal.", "roughly-even-chance"),  # hyphenated
    ],
)
def test_agreeing_or_hidden_words_are_not_flagged(text: str, likelihood: str) -> None:
    assert "likelihood-mismatch" not in codes(text, likelihood=likelihood)


def test_mismatch_is_not_checked_without_a_declared_likelihood() -> None:
    assert "likelihood-mismatch" not in codes(
        "It is almost certain, then unlikely.", likelihood="", kind="outlook"
    )


# -- other-scale-term ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vocabulary", "flagged"),
    [
        ("A deal is highly likely this year.", ICD, "highly likely"),
        ("There is a realistic possibility of a deal.", ICD, "realistic possibility"),
        ("There is only a remote chance of a deal.", ICD, "remote chance"),
        ("A deal is very likely this year.", UK, "very likely"),
        ("There is a roughly even chance of a deal.", UK, "roughly even chance"),
        ("A deal is highly unlikely before May.", ICD, "highly unlikely"),
    ],
)
def test_another_scales_term_is_flagged(text: str, vocabulary: Vocabulary, flagged: str) -> None:
    assert ("other-scale-term", flagged) in lint(text, None, "assessment", vocabulary)


def test_the_hint_gives_the_projects_term_for_that_range() -> None:
    found: list[Finding] = []
    meta = AnalysisMeta.model_validate({"title": "T", "kind": "assessment"})
    lint_judgment(meta, "A deal is highly likely.", ICD, found.append)
    assert (
        found[0].hint
        == "ICD 203 says 'very likely', 'highly probable' for 80–95% (likelihood: very-likely)"
    )


@pytest.mark.parametrize(
    ("text", "vocabulary"),
    [
        ("A deal is very likely this year.", ICD),
        ("A deal is highly likely this year.", UK),
        ("There is a realistic possibility of a deal.", UK),
        ("The minister called it “highly likely”.", ICD),  # a quotation
        ("A deal is likely and unlikely to last.", UK),  # words both scales share
        ("See the `highly likely` field.", ICD),  # code
    ],
)
def test_own_or_shared_or_quoted_terms_are_not_flagged(text: str, vocabulary: Vocabulary) -> None:
    assert "other-scale-term" not in {c for c, _ in lint(text, None, "assessment", vocabulary)}


# -- hedge -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("The deal is likely; it may include energy.", "may"),
        ("The deal is likely and might include energy.", "might"),
        ("The deal is likely; it could include energy.", "could"),
        ("The deal is likely, possibly in energy.", "possibly"),
        ("The deal is likely, perhaps in energy.", "perhaps"),
        ("The deal is likely. We cannot rule out a delay.", "cannot rule out"),
        ("The deal is likely. We can't rule out a delay.", "ca n't rule out"),
        ("The deal is likely. May the talks go well.", "May"),  # sentence start: the verb
    ],
)
def test_hedges_are_flagged(text: str, flagged: str) -> None:
    found = lint(text)
    assert ("hedge", flagged.replace("ca n't", "can't")) in found


@pytest.mark.parametrize(
    "text",
    [
        "The deal is likely; the minister said it “may include energy”.",  # quoted
        "The deal is likely in May 2026.",  # the month
        "The deal is likely, by May at the latest.",
        "The deal is likely; see `may_include` in the data.",  # code
        "> It may include energy.\n\nThe deal is likely.",  # a block quote
        "The deal is likely; it will include energy.",
    ],
)
def test_quoted_dated_or_plain_texts_have_no_hedge(text: str) -> None:
    assert "hedge" not in codes(text)


def test_a_hedge_hint_lists_the_scale() -> None:
    found: list[Finding] = []
    meta = AnalysisMeta.model_validate({"title": "T", "kind": "assessment"})
    lint_judgment(meta, "It may rain.", UK, found.append)
    assert found[0].hint.startswith("state the likelihood in UK Probability Yardstick words: ")
    assert "realistic possibility (40–50%)" in found[0].hint


# -- mixed-estimate --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("We are confident it is likely to happen.", "confident"),
        ("It is likely with high probability.", "high probability"),
        ("We assess with high confidence that it is likely.", "confidence"),
        ("It is confidently expected to be likely.", "confidently"),
        ("It is unlikely, with moderate certainty.", "moderate certainty"),
    ],
)
def test_likelihood_and_confidence_in_one_sentence_are_flagged(text: str, flagged: str) -> None:
    assert ("mixed-estimate", flagged) in lint(text, None, "assessment")


@pytest.mark.parametrize(
    "text",
    [
        "It is likely to happen. Confidence is moderate.",  # separate sentences
        "It is likely to happen. We are confident in the reporting.",
        "It is likely, as the minister “is confident” it will.",  # quoted
        "Confidence is high: the reporting is consistent.",
        "It is likely to happen (see the `confidence` field).",
    ],
)
def test_separate_or_quoted_confidence_is_not_flagged(text: str) -> None:
    assert "mixed-estimate" not in codes(text, likelihood="", kind="assessment")


# -- no-estimative-word ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Both sides have prepared the ground. A deal is likely.",
        "The minister said a deal was “likely”. We agree.",  # only quoted
        "The `likely` flag is set. A deal is likely.",  # only code
        "Talks continue [@likely-report].",
        "It may happen.",  # a hedge is no estimate
        "",
    ],
)
def test_a_first_sentence_without_an_estimate_is_flagged(text: str) -> None:
    if not text:
        assert lint(text) == []  # no sentence at all: nothing to point at
        return
    assert "no-estimative-word" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "A deal is likely. Both sides have prepared the ground.",
        "A deal is not likely this year.",  # negated: still an estimate
        "A deal is highly likely.",  # another scale's term: flagged as such, not twice
        "[[summit|The summit]] will likely produce a statement.",
        "“Deal,” the minister said; a deal is probable.",
    ],
)
def test_a_first_sentence_with_an_estimate_is_not_flagged(text: str) -> None:
    assert "no-estimative-word" not in codes(text)


def test_only_key_judgments_need_an_estimate_first() -> None:
    assert "no-estimative-word" not in codes("Talks continue.", likelihood="", kind="outlook")


# -- the prose the lint reads ------------------------------------------------------


def test_blanking_keeps_offsets_and_lines() -> None:
    text = "He said “it may”\n[@src] and `code` <b>x</b>."
    blank = blank_out(text)
    assert len(blank) == len(text)
    assert blank.count("\n") == 1
    for hidden in ("may", "src", "code"):
        assert hidden not in blank
    assert blank.startswith("He said ")


def test_apostrophes_are_not_quotations() -> None:
    words = [w.text for s in sentences("Russia’s view is likely; the ministers’ too.") for w in s]
    assert "likely" in words


def test_findings_point_at_their_words() -> None:
    text = "A deal is likely.\nIt may slip."
    found: list[Finding] = []
    lint_judgment(
        AnalysisMeta.model_validate(
            {"title": "T", "kind": "key-judgment", "likelihood": "likely", "confidence": "low"}
        ),
        text,
        ICD,
        found.append,
    )
    assert [(f.code, f.offset) for f in found] == [("hedge", text.index("may"))]
