"""What a build is asked to do, and what it did: the build layer's two records.

``BuildOptions`` is the one options record: the command line fills it from
``build``'s flags, ``serve`` from what a preview needs, a script from its own
wishes; :func:`policybrief.build.project.build_project` takes it and returns a
``BuildReport`` that nobody has printed yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from policybrief.errors import Diagnostics, UsageError
from policybrief.report import plural

#: Seconds one brief's PDF may take; a normal brief takes one or two.
DEFAULT_TIMEOUT = 120
#: MiB of address space one PDF worker may use: enough for briefs of about 700 pages.
DEFAULT_MEMORY_LIMIT = 2048
#: The range of memory limits (MiB) a PDF worker can run with: below about 300 MiB
#: of address space a worker cannot even import WeasyPrint and start its threads,
#: and above 1 TiB the number no longer fits the operating system's limit.
MEMORY_LIMIT_RANGE = (512, 1 << 20)
#: Where a memory limit was set, for the messages of workers that die under it.
MEMORY_LIMIT_ORIGINS = (
    "set by --memory-limit",
    "set by memory_limit: in policybrief.yaml",
    "the default",
)
#: The output formats a brief can have, in the order they are written.
FORMATS = ("html", "pdf")
#: The PDF variants: tagged PDF/UA-1 (the default), archival PDF/A-3b, or plain PDF.
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "plain")

#: Called with (event, slug, detail) as the build goes: ``stale`` (detail: why),
#: ``start`` and ``queued`` (detail: the format), ``done`` (detail: the formats
#: written) and ``failed``.
Progress = Callable[[str, str, str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What one build is asked to do; every field's default is the project's own.

    ``None`` means "not asked for": the build then takes the value from
    ``policybrief.yaml`` (``jobs``, ``timeout``, ``memory_limit``,
    ``pdf_variant``, ``strict``) or its built-in default.
    """

    #: Brief slugs or ``briefs/`` file names to build; empty: every brief.
    briefs: tuple[str, ...] = ()
    #: Formats to write (a subset of ``FORMATS``); None: each brief's ``outputs:``.
    formats: tuple[str, ...] | None = None
    #: Render every selected brief, stale or not.
    force: bool = False
    #: PDF worker processes; None: ``jobs:`` in the settings, else the CPU count.
    jobs: int | None = None
    #: Seconds one PDF may take to render; None: ``timeout:``, else ``DEFAULT_TIMEOUT``.
    timeout: int | None = None
    #: MiB of address space one PDF worker may use; None: ``memory_limit:``, else
    #: ``DEFAULT_MEMORY_LIMIT``.
    memory_limit: int | None = None
    #: (K, N): render only the briefs of shard K of N (1-based), for CI matrices.
    shard: tuple[int, int] | None = None
    #: One of ``PDF_VARIANTS``; None: ``pdf_variant:`` in the settings.
    pdf_variant: str | None = None
    #: The output folder; None: ``output/`` in the project.
    output: Path | None = None
    #: Warnings count as errors (also when ``strict: true`` is set in the settings).
    strict: bool = False
    #: Leave a built brief's files of other formats in place, and the site's links
    #: to them: ``serve``'s HTML-only builds, whose PDFs follow. Otherwise a brief
    #: built without a format it had loses that format's file (docs/publishers-guide.md).
    keep_other_formats: bool = False

    def __post_init__(self) -> None:
        """Refuse options no build can follow, as the command line's own checks do.

        Raises:
            UsageError: unknown or no formats, a shard outside 1..N, an unknown
                PDF variant, or fewer than one job, second or MiB.
        """
        if self.formats is not None and (
            not self.formats or any(f not in FORMATS for f in self.formats)
        ):
            raise UsageError(f"formats must be some of {', '.join(FORMATS)}, not {self.formats}")
        if self.shard is not None and not 1 <= self.shard[0] <= self.shard[1]:
            raise UsageError(f"shard must be (K, N) with 1 <= K <= N, not {self.shard}")
        if self.pdf_variant is not None and self.pdf_variant not in PDF_VARIANTS:
            raise UsageError(
                f"pdf_variant must be one of {', '.join(PDF_VARIANTS)}, not {self.pdf_variant!r}"
            )
        for name in ("jobs", "timeout", "memory_limit"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise UsageError(f"{name} must be 1 or more, not {value}")
        low, high = MEMORY_LIMIT_RANGE
        if self.memory_limit is not None and not low <= self.memory_limit <= high:
            raise UsageError(
                f"memory_limit must be {low} to {high} MiB (1 TiB), not {self.memory_limit}"
            )

    def output_folder(self, root: Path) -> Path:
        """The absolute output folder for a project at ``root``."""
        return (self.output or root / "output").resolve()


def memory_limit_origin(limit: int, setting: int | None) -> str:
    """Where the memory limit ``limit`` (MiB) in force was set: one of ``MEMORY_LIMIT_ORIGINS``.

    ``setting`` is the settings' ``memory_limit:`` (None: not set). The flag
    wins over the setting, so a limit that is neither the setting nor the
    default came from the flag (or ``BuildOptions``); a flag that repeats one
    of them is named as that one, which says the same.
    """
    if setting is not None and limit == setting:
        return MEMORY_LIMIT_ORIGINS[1]
    if setting is None and limit == DEFAULT_MEMORY_LIMIT:
        return MEMORY_LIMIT_ORIGINS[2]
    return MEMORY_LIMIT_ORIGINS[0]


@dataclass
class BuildReport:
    """What a build did: the briefs by outcome and every problem found, unprinted."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    #: Briefs whose manifests were deleted, so their outputs were removed.
    removed: list[str] = field(default_factory=list)
    #: Output files written (unchanged files are not rewritten and not counted).
    files: int = 0
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    #: Warnings count as errors: asked for, or ``strict: true`` in the settings.
    strict: bool = False
    #: Nothing had changed since the last build: no brief was looked at again.
    up_to_date: bool = False
    #: The project has no brief (and never had one): content checked, nothing written.
    no_briefs: bool = False
    #: Briefs that failed or could not be read, served from their last good build.
    kept: list[str] = field(default_factory=list)
    #: One-line notes for the person running the build (an ignored build state).
    notices: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line saying what happened, e.g. ``built 2, skipped 0, failed 0``."""
        if self.no_briefs:
            return "nothing to build: briefs/ holds no brief yet; nothing written"
        if self.up_to_date:
            return f"nothing to do: {plural(len(self.skipped), 'brief')} up to date"
        what = f"built {len(self.built)}, skipped {len(self.skipped)}, failed {len(self.failed)}"
        if self.removed:
            what += f", removed {len(self.removed)}"
        if self.kept:
            what += f" (last good build still served: {', '.join(self.kept)})"
        return what
