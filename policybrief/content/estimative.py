"""Estimative-language lint: does a judgment's prose say what its front matter declares?

Read over the writer's own prose (:mod:`policybrief.content.prose`) of key
judgments, assessments and outlooks, sentence by sentence:

- ``likelihood-mismatch``: words of another step than the declared
  ``likelihood`` ("almost certainly" in a judgment declared ``unlikely``), or
  the declared step's own words negated ("not likely" in a ``likely`` one);
- ``other-scale-term``: a term of another shipped scale than the project's
  ("highly likely" under ICD 203), with the project's term for that range;
- ``hedge``: a vague hedge (may, might, could, possibly, perhaps, cannot rule out);
- ``mixed-estimate``: likelihood and confidence in one sentence
  ("we are confident it is likely");
- ``no-estimative-word``: a key judgment whose first sentence states no likelihood.

A negated term ("not likely", "isn't very likely") is not its step: it only
denies that step, so it contradicts a judgment declared at that step and
agrees with any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from policybrief.content.model import AnalysisMeta
from policybrief.content.prose import Word, sentences
from policybrief.content.scale import SHIPPED, Scale, Step, shipped_scale

#: Vague hedges: they say something might happen without saying how likely it is.
HEDGES = (
    "may", "might", "could", "possibly", "perhaps",
    "cannot rule out", "can not rule out", "ca n't rule out", "cannot be ruled out",
    "ca n't be ruled out", "can not be ruled out",
)  # fmt: skip
#: Words that state confidence (or a second, numeric probability) rather than likelihood.
_DEGREES = ("high", "moderate", "medium", "low", "strong", "great")
CONFIDENCE_WORDS = (
    "confident",
    "confidence",
    "confidently",
    *(f"{degree} {noun}" for degree in _DEGREES for noun in ("probability", "certainty")),
)
#: Words that negate an estimative term up to three words after them ("not very likely").
NEGATIONS = frozenset(
    {"not", "n't", "never", "no", "nor", "neither", "hardly", "scarcely", "cannot"}
)
_NEGATION_REACH = 3
#: Months: "in May 2026" is a date, not a hedge.
_MONTH_AFTER = frozenset({"in", "of", "since", "until", "by", "early", "late", "mid", "from"})


@dataclass(frozen=True)
class Finding:
    """One problem in a text: its code, where it starts and ends (offsets), message and hint."""

    offset: int
    end: int
    message: str
    hint: str
    code: str = field(kw_only=True)


@dataclass(frozen=True)
class _Term:
    """A phrase the lint knows: a step of the project's scale, another scale's
    term, a hedge or a confidence word."""

    kind: str  # "step" | "foreign" | "hedge" | "confidence"
    step: Step | None = None
    scale: str = ""


@dataclass(frozen=True)
class _Match:
    term: _Term
    words: tuple[Word, ...]
    negated: bool

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words).replace(" n't", "n't")


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(text.lower().replace("-", " ").split())


class Vocabulary:
    """The phrases of one project's scale, the other shipped scales' terms, hedges and
    confidence words, matched longest first."""

    def __init__(self, scale: Scale) -> None:
        """Index every phrase of ``scale`` and of the other shipped scales."""
        self.scale = scale
        self.terms: dict[tuple[str, ...], _Term] = {}
        for name in SHIPPED:
            other = shipped_scale(name)
            if other.digest == scale.digest:
                continue
            for step in other.steps:
                for word in step.words:
                    self.terms.setdefault(_phrase(word), _Term("foreign", step, other.name))
        for step in scale.steps:  # the project's own words win over a shared word
            for word in step.words:
                self.terms[_phrase(word)] = _Term("step", step)
        for hedge in HEDGES:
            self.terms[_phrase(hedge)] = _Term("hedge")
        for word in CONFIDENCE_WORDS:
            self.terms[_phrase(word)] = _Term("confidence")
        self.longest = max(len(p) for p in self.terms)

    def matches(self, sentence: list[Word]) -> Iterator[_Match]:
        """Every known phrase in ``sentence``, left to right, the longest at each place."""
        i = 0
        while i < len(sentence):
            for size in range(min(self.longest, len(sentence) - i), 0, -1):
                key = tuple(w.lower for w in sentence[i : i + size])
                term = self.terms.get(key)
                if term is not None and not _is_month(sentence, i, term):
                    yield _Match(term, tuple(sentence[i : i + size]), _negated(sentence, i))
                    i += size
                    break
            else:
                i += 1

    def words_of(self, step: Step) -> str:
        """The scale's words for ``step``, quoted, for a hint."""
        return ", ".join(f"'{w}'" for w in step.words[:3])

    def terms_hint(self) -> str:
        """Every step of the scale with its range, for a hint."""
        return "; ".join(f"{s.words[0]} ({s.band})" for s in self.scale.steps)


def _negated(sentence: list[Word], start: int) -> bool:
    """Whether a negation stands within reach before ``start``, with no punctuation between."""
    for word in reversed(sentence[max(0, start - _NEGATION_REACH) : start]):
        if not word.is_word:
            return False
        if word.lower in NEGATIONS:
            return True
    return False


def _is_month(sentence: list[Word], i: int, term: _Term) -> bool:
    word = sentence[i]
    if term.kind != "hedge" or word.text != "May":
        return False
    after = sentence[i + 1].text if i + 1 < len(sentence) else ""
    before = sentence[i - 1].lower if i else ""
    return after[:1].isdigit() or before in _MONTH_AFTER or i > 0


Report = Callable[[Finding], None]


def lint_judgment(meta: AnalysisMeta, body: str, vocabulary: Vocabulary, report: Report) -> None:
    """Report every estimative-language finding in one analysis text.

    ``meta`` gives the kind and the declared likelihood (checked against when
    given); ``body`` is the Markdown text, whose offsets the findings carry.
    """
    declared = vocabulary.scale.step(meta.likelihood)
    first = True
    for sentence in sentences(body):
        found = list(vocabulary.matches(sentence))
        estimates = [m for m in found if m.term.kind in ("step", "foreign")]
        for match in found:
            _check(match, declared, vocabulary, report)
        confidence = next((m for m in found if m.term.kind == "confidence"), None)
        if estimates and confidence is not None:
            report(_mixed(estimates[0], confidence))
        if first and meta.kind == "key-judgment" and not estimates:
            report(
                Finding(
                    sentence[0].offset,
                    sentence[-1].end,
                    "the key judgment's first sentence states no likelihood",
                    "open with the judgment in the scale's words, e.g. 'X is likely to …'; "
                    f"{vocabulary.scale.name}: {vocabulary.terms_hint()}",
                    code="no-estimative-word",
                )
            )
        first = False


def _check(match: _Match, declared: Step | None, vocabulary: Vocabulary, report: Report) -> None:
    term, words = match.term, match.words
    start, end = words[0].offset, words[-1].end
    scale = vocabulary.scale
    if term.kind == "hedge":
        report(
            Finding(
                start,
                end,
                f"'{match.text}' is a vague hedge: it does not say how likely",
                f"state the likelihood in {scale.name} words: {vocabulary.terms_hint()}",
                code="hedge",
            )
        )
    elif term.kind == "foreign" and term.step is not None:
        ours = scale.nearest(term.step.middle)
        report(
            Finding(
                start,
                end,
                f"'{match.text}' is a term of another scale ({term.scale}), not of {scale.name}",
                f"{scale.name} says {vocabulary.words_of(ours)} for {ours.band} "
                f"(likelihood: {ours.id})",
                code="other-scale-term",
            )
        )
    elif term.kind == "step" and term.step is not None and declared is not None:
        if match.negated and term.step == declared:
            report(
                Finding(
                    start,
                    end,
                    f"'{match.text}' is negated, which denies the declared likelihood "
                    f"'{declared.id}' ({declared.band})",
                    "say the likelihood in the scale's words without 'not', "
                    "or change 'likelihood:' to the step the text means",
                    code="likelihood-mismatch",
                )
            )
        elif not match.negated and term.step != declared:
            report(
                Finding(
                    start,
                    end,
                    f"'{match.text}' expresses {term.step.id} ({term.step.band}), but the "
                    f"declared likelihood is {declared.id} ({declared.band})",
                    f"write {vocabulary.words_of(declared)}, or change 'likelihood:' to "
                    f"{term.step.id} if that is the judgment",
                    code="likelihood-mismatch",
                )
            )


def _mixed(estimate: _Match, confidence: _Match) -> Finding:
    return Finding(
        confidence.words[0].offset,
        confidence.words[-1].end,
        f"likelihood ('{estimate.text}') and confidence ('{confidence.text}') in one sentence",
        "state how likely in the judgment and how confident in a sentence of its own, "
        "such as 'Confidence is moderate.'",
        code="mixed-estimate",
    )
