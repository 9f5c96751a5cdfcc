"""Analytic standards over a validated corpus: run the checks, honour ``lint-ignore``.

Every finding of the estimative-language lint (:mod:`~policybrief.content.estimative`),
of sourcing (:mod:`~policybrief.content.sourcing`) and of the editions history
(:mod:`~policybrief.content.editions`) is a warning with a stable code (an
error under ``--strict``). A file silences a code with a reason in its front
matter or top level::

    lint-ignore:
      hedge: quoted from the communiqué

A silenced finding is kept with its reason, for ``check --explain``; a
``lint-ignore`` entry that silences nothing is itself a warning, so stale
excuses do not pile up.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from policybrief.content.corpus import Corpus, Record
from policybrief.content.editions import read_past_editions
from policybrief.content.estimative import Finding, Vocabulary, lint_judgment
from policybrief.content.model import LIKELIHOOD_KINDS
from policybrief.content.sourcing import lint_sourcing
from policybrief.errors import Diagnostic, Diagnostics, Position, Severity, closest, position_at

#: The codes of the analytic-standards findings, the keys ``lint-ignore`` takes.
LINT_CODES = (
    "likelihood-mismatch",
    "other-scale-term",
    "hedge",
    "mixed-estimate",
    "no-estimative-word",
    "unsourced-judgment",
    "uncited-source",
    "edition-history",
)


@dataclass(frozen=True)
class Silenced:
    """A finding a file's ``lint-ignore`` silenced, and the reason it gives."""

    diagnostic: Diagnostic
    reason: str
    #: Where the reason is written (the ``lint-ignore`` entry's value).
    where: Position


@dataclass
class StandardsReport:
    """What the standards checks found: the corpus with its past editions, what was silenced."""

    corpus: Corpus
    silenced: list[Silenced] = field(default_factory=list)


class _Findings:
    """Route each finding to the diagnostics, or to the silenced list when its file says so."""

    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags
        self.silenced: list[Silenced] = []
        self.used: set[tuple[str, str]] = set()

    def report(
        self, record: Record[Any], position: Position, message: str, hint: str, *, code: str
    ) -> None:
        diagnostic = Diagnostic(record.path, position, message, hint, Severity.WARNING, code=code)
        reasons = getattr(record.data, "lint_ignore", {})
        if code in reasons:
            self.used.add((record.rel, code))
            where = record.smap.value(("lint-ignore", code))
            self.silenced.append(Silenced(diagnostic, reasons[code], where))
        else:
            self.diags.items.append(diagnostic)


def check_standards(corpus: Corpus, diags: Diagnostics) -> StandardsReport:
    """Run every analytic-standards check over ``corpus``; warnings go to ``diags``.

    Returns the corpus with each brief's earlier edition read from git
    (``Corpus.past_editions``) and the findings that ``lint-ignore`` silenced.
    """
    findings = _Findings(diags)
    past = read_past_editions(corpus, findings.report)
    vocabulary = Vocabulary(corpus.scale)
    for record in corpus.analysis.values():
        if record.data.kind in LIKELIHOOD_KINDS:
            _lint_text(record, vocabulary, findings)
    lint_sourcing(corpus, findings.report)
    _check_ignores(corpus, findings)
    return StandardsReport(replace(corpus, past_editions=past), findings.silenced)


def _lint_text(record: Record[Any], vocabulary: Vocabulary, findings: _Findings) -> None:
    def report(finding: Finding) -> None:
        position = position_at(record.body, finding.offset, record.body_line)
        findings.report(record, position, finding.message, finding.hint, code=finding.code)

    lint_judgment(record.data, record.body, vocabulary, report)


def _check_ignores(corpus: Corpus, findings: _Findings) -> None:
    """Each ``lint-ignore`` key is a finding's code, and silences something."""
    for table in (corpus.analysis, corpus.sources, corpus.briefs):
        for record in table.values():
            for code in record.data.lint_ignore:
                where = record.smap.key(("lint-ignore", code))
                if code not in LINT_CODES:
                    guess = closest(code, LINT_CODES)
                    hint = f"did you mean '{guess}'? " if guess else ""
                    findings.diags.error(
                        record.path,
                        where,
                        f"lint-ignore: '{code}' is not the code of a finding",
                        f"{hint}codes: {', '.join(LINT_CODES)}",
                        code="invalid-value",
                    )
                elif (record.rel, code) not in findings.used:
                    findings.diags.warning(
                        record.path,
                        where,
                        f"lint-ignore: nothing in this file is reported as '{code}'",
                        "remove the entry: the finding it silenced is gone",
                        code="unused-lint-ignore",
                    )
