"""What changed since a brief's earlier edition: its key judgments compared, in words.

The earlier edition comes from git history (:mod:`policybrief.content.editions`);
here it is compared with the brief's key judgments now: judgments added,
removed, and those whose likelihood or confidence was revised (from -> to),
in the project's scale's words.
"""

from __future__ import annotations

from policybrief.content.corpus import Record
from policybrief.content.editions import PastEdition, PastJudgment
from policybrief.content.model import AnalysisMeta
from policybrief.content.scale import Scale
from policybrief.render.context import EditionChanges, JudgmentChange


def edition_changes(
    past: PastEdition, judgments: tuple[Record[AnalysisMeta], ...], scale: Scale
) -> EditionChanges:
    """Compare the earlier edition's key judgments with ``judgments``, in the brief's order.

    Added and revised judgments come in the brief's order, then removed ones in
    the earlier edition's order. A judgment is the same across editions when its
    id (its file name) is.
    """
    before = {j.id: j for j in past.judgments}
    now = {r.id for r in judgments}
    items: list[JudgmentChange] = []
    for record in judgments:
        old = before.get(record.id)
        if old is None:
            items.append(JudgmentChange("added", "Added", record.data.title))
            continue
        details = _revisions(old, record.data, scale)
        if details:
            items.append(JudgmentChange("revised", "Revised", record.data.title, details))
    for old in past.judgments:
        if old.id not in now:
            items.append(JudgmentChange("removed", "Removed", old.title))
    return EditionChanges(past.edition, past.commit, tuple(items))


def _revisions(
    old: PastJudgment, meta: AnalysisMeta, scale: Scale
) -> tuple[tuple[str, str, str], ...]:
    found = []
    if old.likelihood != meta.likelihood:
        found.append(
            ("Likelihood", _likelihood(old.likelihood, scale), _likelihood(meta.likelihood, scale))
        )
    if old.confidence != meta.confidence:
        found.append(
            ("Confidence", _confidence(old.confidence, scale), _confidence(meta.confidence, scale))
        )
    return tuple(found)


def _likelihood(value: str | None, scale: Scale) -> str:
    step = scale.step(value)
    if step is not None:
        return f"{step.label} ({step.band})"
    return value or "none"


def _confidence(value: str | None, scale: Scale) -> str:
    label = scale.confidence_label(value)
    return label or value or "none"
