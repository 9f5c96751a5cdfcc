"""Judgments across editions: a brief's key judgments as its earlier edition had them.

Read from the git history of the project (the ``git`` command; no bookkeeping
for writers). For a brief whose ``edition`` is N > 1, the earlier edition is
the last state of the repository before the commit that raised the manifest's
``edition`` to N or more (HEAD when that change is not committed yet), and
its key judgments are read from the manifest and analysis files of that
commit. Outside a git checkout, with git missing, or in a shallow clone that
does not reach the earlier edition, there is nothing to compare with: the
brief is built without its "What changed" section and the build says why
(``edition-history``).
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from policybrief.content.yamlsrc import YamlSyntaxError, parse_yaml

if TYPE_CHECKING:  # the corpus holds past editions, so it cannot be imported at run time
    from policybrief.content.corpus import Corpus, Record
    from policybrief.content.model import Brief
    from policybrief.content.sourcing import Report

#: A git command that takes longer is given up on: the build must not hang on history.
_GIT_TIMEOUT = 30
_FETCH_HINT = (
    "build in a git checkout with its full history; in CI, check out with "
    "fetch-depth: 0 (actions/checkout) or run 'git fetch --unshallow'"
)


@dataclass(frozen=True)
class PastJudgment:
    """A key judgment as an earlier edition had it."""

    id: str
    title: str
    likelihood: str | None
    confidence: str | None


@dataclass(frozen=True)
class PastEdition:
    """A brief's earlier edition: its number, the commit it was read from, its key judgments."""

    edition: int
    commit: str
    judgments: tuple[PastJudgment, ...]

    def digest(self) -> str:
        """Digest of what the "What changed" section shows, for the brief's fingerprint."""
        parts = [str(self.edition)]
        for j in self.judgments:
            parts += [j.id, j.title, j.likelihood or "", j.confidence or ""]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class _NoHistoryError(Exception):
    """Why the earlier edition cannot be read; the message says so to the writer."""


def history_marker(root: Path) -> str:
    """Return HEAD and whether the clone is shallow: history a no-op build depends on.

    Empty outside a git checkout. Any commit changes it, so a build after a
    commit looks at every brief again (re-rendering only those whose earlier
    edition's judgments changed).
    """
    try:
        return _git(root, "rev-parse", "HEAD", "--is-shallow-repository").replace("\n", " ")
    except _NoHistoryError:
        return ""


def read_past_editions(corpus: Corpus, report: Report) -> dict[str, PastEdition]:
    """Return each brief's earlier edition, by slug, for briefs whose edition is above 1.

    A brief whose earlier edition cannot be read is reported (``edition-history``,
    a warning at its ``edition:``) and left out.
    """
    found: dict[str, PastEdition] = {}
    top: Path | None = None
    # Why the checkout cannot be found, once: not again for each brief (a git process each).
    no_top: str | None = None
    for slug, record in sorted(corpus.briefs.items()):
        if record.data.edition <= 1:
            continue
        try:
            if no_top is not None:
                raise _NoHistoryError(no_top)
            if top is None:
                try:
                    top = Path(_git(corpus.root, "rev-parse", "--show-toplevel").strip())
                except _NoHistoryError as exc:
                    no_top = str(exc)
                    raise
            found[slug] = _past_edition(top, corpus.root, record)
        except _NoHistoryError as exc:
            report(
                record,
                record.smap.value(("edition",)),
                f"no 'What changed since edition {record.data.edition - 1}' section: {exc}",
                _FETCH_HINT,
                code="edition-history",
            )
    return found


def _git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd``; its output, or :class:`_NoHistoryError` saying why not."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise _NoHistoryError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise _NoHistoryError(f"git took longer than {_GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        if "not a git repository" in done.stderr:
            raise _NoHistoryError("the project is not in a git checkout")
        raise _NoHistoryError(f"git {args[0]} failed: {done.stderr.strip().splitlines()[-1:]}")
    return done.stdout


def _past_edition(top: Path, root: Path, record: Record[Brief]) -> PastEdition:
    """The earlier edition of one brief, read from the commits that changed its manifest."""
    manifest = _in_repo(top, root / record.rel)
    current = record.data.edition
    newer: str | None = None  # the oldest commit seen whose edition is still current or more
    for commit in _git(top, "log", "--format=%H", "--", manifest).split():
        data = _yaml_at(top, commit, manifest)
        edition = _edition(data)
        if edition is not None and edition < current:
            state = f"{newer}^" if newer else "HEAD"
            return _judgments_at(top, root, manifest, state, edition)
        newer = commit
    if _git(top, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise _NoHistoryError("this is a shallow clone and its history holds no earlier edition")
    raise _NoHistoryError(
        f"the git history holds no commit of this brief with an edition below {current}"
    )


def _judgments_at(top: Path, root: Path, manifest: str, state: str, edition: int) -> PastEdition:
    """The key judgments of the manifest at ``state``, each as its analysis file was then."""
    commit = _git(top, "rev-parse", "--short", state).strip()
    data = _yaml_at(top, state, manifest)
    ids = data.get("key_judgments") if isinstance(data, dict) else None
    folder = _in_repo(top, root / "content" / "analysis")
    judgments = []
    for id_ in ids if isinstance(ids, list) else []:
        if not isinstance(id_, str):
            continue
        meta = _front_matter(_show(top, state, f"{folder}/{id_}.md"))
        title = meta.get("title")
        judgments.append(
            PastJudgment(
                id_,
                title if isinstance(title, str) else id_,
                _text(meta.get("likelihood")),
                _text(meta.get("confidence")),
            )
        )
    return PastEdition(edition, commit, tuple(judgments))


def _front_matter(text: str | None) -> dict[str, Any]:
    """The front matter of an analysis file's text as plain data; empty when unreadable."""
    lines = (text or "").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return {}
    try:
        data = parse_yaml("\n".join(lines[1:end]) + "\n")[0]
    except YamlSyntaxError:
        return {}
    return data if isinstance(data, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _in_repo(top: Path, path: Path) -> str:
    """``path`` relative to the repository's top, in git's form."""
    return PurePosixPath(path.resolve().relative_to(top.resolve())).as_posix()


def _show(top: Path, state: str, path: str) -> str | None:
    """A file's text at ``state``; None when it did not exist there."""
    try:
        return _git(top, "show", f"{state}:{path}")
    except _NoHistoryError:
        return None


def _yaml_at(top: Path, state: str, path: str) -> Any:
    text = _show(top, state, path)
    if text is None:
        return None
    try:
        return parse_yaml(text)[0]
    except YamlSyntaxError:
        return None


def _edition(data: Any) -> int | None:
    if not isinstance(data, dict):
        return None
    value = data.get("edition", "1") or "1"
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None
