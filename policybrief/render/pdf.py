"""Render print HTML to PDF with WeasyPrint, in worker processes that see only theme fonts.

Importing WeasyPrint costs most of a second and fontconfig reads its
configuration once per process, so PDFs are rendered in long-lived worker
processes started with a private fontconfig (``FONTCONFIG_FILE``) that lists
only the theme's font folders. A PDF then looks the same on every machine, and
no glyph is silently filled in from a system font.
"""

from __future__ import annotations

import atexit
import ctypes
import datetime as dt
import errno
import io
import logging
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from policybrief.content.urls import url_problem
from policybrief.render import heap
from policybrief.render.theme import Theme


@dataclass(frozen=True)
class PdfJob:
    """Everything a worker needs to render one PDF (plain data: it crosses processes)."""

    slug: str
    html: str
    base_url: str
    theme_folders: tuple[Path, ...]
    content: Path
    #: WeasyPrint's variant name ("pdf/ua-1", "pdf/a-3b") or None for plain PDF.
    variant: str | None = "pdf/ua-1"
    #: Seconds one render may take before it is abandoned.
    timeout: float = 120.0
    #: Files attached to an archival PDF: (name shown in the PDF, path on disk).
    attachments: tuple[tuple[str, Path], ...] = ()
    #: The PDF's creation date (a brief's full date, or a SOURCE_DATE_EPOCH timestamp),
    #: which the attachments carry too: never the clock, so builds are reproducible.
    created: str = "1970-01-01"
    #: Packaged fonts (``fonts/NAME``) whose ``@font-face`` rules the stylesheets are
    #: served without: the fonts this brief does not use (fontfiles.FontChoice).
    skip_fonts: tuple[str, ...] = ()
    #: The most pages the PDF should have (the brief's or its template's limit), or None.
    max_pages: int | None = None


@dataclass(frozen=True)
class PdfResult:
    """What rendering one PDF gave: its bytes, or an error saying why there are none.

    ``pdf`` is None exactly when ``error`` is set (a time or memory limit, or
    the renderer's exception as "Type: message"); ``pages`` is then 0 and
    ``refused`` empty. ``warnings`` are WeasyPrint's warning messages, each
    once; on success without its "Failed to load" ones, which ``refused``
    reports instead.
    """

    slug: str
    pdf: bytes | None
    warnings: tuple[str, ...]
    error: str | None = None
    pages: int = 0
    #: URLs the renderer asked for and was refused.
    refused: tuple[str, ...] = ()
    #: Past ``max_pages``: the headings of the parts that run over, in page order.
    overflow: tuple[str, ...] = ()
    #: CPU seconds the render took, so the next build can start the longest first.
    seconds: float = 0.0
    #: Notes the PDF does not print whole (:func:`lost_notes`): each one's number,
    #: opening words, and True if it is too long, False if the notes before it crowd it out.
    lost_notes: tuple[tuple[int, str, bool], ...] = ()
    #: The diagnostic code of ``error``: ``pdf-failed``, or ``time-limit`` for a render
    #: past its time limit (stopped by the worker itself, or its worker killed by the pool).
    code: str = "pdf-failed"
    #: How to fix what ``error`` says, when the one who reports it knows.
    hint: str | None = None


#: The theme's families by script, after the Latin one, for the generic families.
_SCRIPT_FAMILIES = (
    "Devanagari",
    "Arabic",
    "Hebrew",
    "Georgian",
    "Armenian",
    "Thai",
    "CJK",
)


def _alias(generic: str, first: str, style: str) -> str:
    families = [first] + [f"Noto {style} {script}" for script in _SCRIPT_FAMILIES]
    prefer = "".join(f"<family>{f}</family>" for f in families)
    return f"  <alias><family>{generic}</family><prefer>{prefer}</prefer></alias>\n"


#: Text that names a family no theme font has (an SVG's ``font-family="Arial"``)
#: falls back to the generic sans-serif, and the generic families to the
#: theme's stacks (base.css): without these, fontconfig took any face it had
#: (a label in Noto Sans Mono) and drew Arabic and Chinese as empty boxes.
_GENERIC_FAMILIES = (
    '  <match target="pattern">'
    '<test qual="all" name="family" compare="not_eq"><string>sans-serif</string></test>'
    '<test qual="all" name="family" compare="not_eq"><string>serif</string></test>'
    '<test qual="all" name="family" compare="not_eq"><string>monospace</string></test>'
    '<edit name="family" mode="append_last"><string>sans-serif</string></edit></match>\n'
    + _alias("sans-serif", "Noto Sans", "Sans")
    + _alias("serif", "Noto Serif", "Serif").replace("Noto Serif Arabic", "Noto Naskh Arabic")
    + _alias("monospace", "Noto Sans Mono", "Sans")
)


def write_fontconfig(theme: Theme, state: Path) -> Path:
    """Write a fontconfig file listing only the theme's font folders; return its path.

    The file is ``state/fontconfig/fonts.conf`` (``state`` is the project's
    ``.policybrief/``), with fontconfig's cache beside it; it is rewritten only
    when its text changes, so the cache stays valid.

    Raises:
        OSError: the folder or file cannot be written.
    """
    folder = state / "fontconfig"
    folder.mkdir(parents=True, exist_ok=True)
    dirs = "\n".join(
        f"  <dir>{escape(str(f / 'fonts'))}</dir>" for f in theme.folders if (f / "fonts").is_dir()
    )
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig>\n{dirs}\n  <cachedir>{escape(str(folder / 'cache'))}</cachedir>\n"
        f"{_GENERIC_FAMILIES}</fontconfig>\n"
    )
    path = folder / "fonts.conf"
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)
    return path


#: Address space one worker may use by default (build --memory-limit); a
#: pathological brief fails instead of exhausting the machine.
MEMORY_LIMIT = 2 * 1024**3
#: The limit this worker runs under (set by :func:`_init_worker`).
_memory_limit = MEMORY_LIMIT


class RenderTimeout(BaseException):
    """Raised in a worker when a render outlives its time limit.

    A BaseException, so no ``except Exception`` inside the renderer swallows it.
    """


def _on_alarm(signum: int, frame: object) -> None:
    raise RenderTimeout


#: Seconds between two looks at whether the build process is still there.
_PARENT_POLL = 0.5
#: Linux prctl(2) option: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def _exit_with_parent(parent: int) -> None:
    """End this worker as soon as the build process ``parent`` is gone, however it died.

    ``kill -9`` of a build would otherwise leave its workers running for ever,
    one of them holding a finished PDF it cannot hand over. On Linux the
    kernel sends SIGKILL when the parent exits (``PR_SET_PDEATHSIG``); a
    thread that checks the parent's pid every half second does the same
    elsewhere, and covers a parent that died before the first was set.
    """
    _killed_with_parent()
    _watch_parent(parent)


def _killed_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent exits (nothing elsewhere).

    No thread is started, so a process that will fork (the workers' zygote:
    :mod:`policybrief.render.zygote`) can call it first thing.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watching thread still ends the process


def _watch_parent(parent: int) -> None:
    """Exit as soon as this process's parent is no longer ``parent`` (a thread that looks)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL)
        os._exit(1)  # nobody is left to take a result: no clean-up to wait for

    threading.Thread(target=watch, name="policybrief-parent-watch", daemon=True).start()


def remove_stale_temporary_folders(folder: Path) -> None:
    """Remove the temporary folders under ``folder`` of workers no longer running.

    Each worker keeps its temporary files in ``folder/PID`` (WeasyPrint copies
    every font a stylesheet names there: about 100 MB with the CJK fonts). A
    worker that was killed cannot remove its own, so the next pool, and the
    pool that stopped it, do.

    Only a real folder is cleaned: ``folder`` given as a link (a state folder
    restored from an untrusted cache) is removed as a link, and never followed,
    so nothing outside the project is deleted; a link inside it likewise.
    """
    if folder.is_symlink():
        folder.unlink(missing_ok=True)
        return
    if not folder.is_dir() or folder.parent.is_symlink():
        return
    for entry in folder.iterdir():
        if entry.name.isdigit() and not _running(int(entry.name)):
            if entry.is_symlink():
                entry.unlink(missing_ok=True)
            else:
                shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: not one of our workers' folders to judge
    try:  # a zombie (ended, not yet reaped: an orphan in a container without init) is gone
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _init_worker(
    fontconfig_file: str,
    parent: int | None = None,
    temporary: str | None = None,
    memory_limit: int = MEMORY_LIMIT,
) -> None:
    if parent is not None:
        _exit_with_parent(parent)
    _own_temporary_folder(temporary)
    _init_renderer(fontconfig_file, memory_limit)


def _own_temporary_folder(temporary: str | None) -> None:
    """Keep this worker's temporary files in ``temporary/PID`` (None: the system's)."""
    if temporary is not None:
        mine = Path(temporary) / str(os.getpid())
        if mine.is_symlink():  # never write through a link left in the state folder
            mine.unlink(missing_ok=True)
        mine.mkdir(parents=True, exist_ok=True)
        tempfile.tempdir = str(mine)


def _init_renderer(fontconfig_file: str, memory_limit: int) -> None:
    """What a worker sets up once for all its renders, and what forked workers inherit
    from their zygote: the private fontconfig, the memory limit (bytes of address
    space), the signals, WeasyPrint imported and warm, the heap settled."""
    os.environ["FONTCONFIG_FILE"] = fontconfig_file
    os.environ.pop("FONTCONFIG_PATH", None)
    global _memory_limit
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, hard))
    _memory_limit = min(memory_limit, hard) if hard != resource.RLIM_INFINITY else memory_limit
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides about Ctrl-C
    import weasyprint  # noqa: F401  (imported once per worker, before the first job)

    warm_up()
    heap.settle()
    # At exit this runs before everything registered earlier, and after only the
    # heap's unfreezing (re-registered after the first render: cheap): tearing
    # down a heap of rendered documents took a second, which the build waited
    # for (the pool removes the worker's temporary folder once it is gone).
    atexit.register(_exit_at_once)


def _exit_at_once() -> None:
    """End a worker the pool let go without tearing down its heap."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(0)


#: The print page's language: ``<html lang="…">`` (the brief's ``language:``).
_PAGE_LANGUAGE_RE = re.compile(r'<html\b[^>]*?\slang="([^"]*)"')
#: WeasyPrint's message for an SVG it stopped drawing part way (its wording).
_SVG_FAILED = "Failed to render SVG image "


def _with_reason(message: str, reasons: dict[str, str]) -> str:
    """WeasyPrint's ``message``, with the reason a failed SVG stopped (:mod:`.svg_failures`)."""
    if message.startswith(_SVG_FAILED):
        url = message[len(_SVG_FAILED) :].strip()
        if url in reasons:
            return f"{_SVG_FAILED}{url}: {reasons[url]}"
    return message


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


#: Renders this process has finished (the first one settles the heap: :mod:`.heap`).
_RENDERS = 0


def render_pdf(job: PdfJob) -> PdfResult:
    """Render one PDF in this process, a worker (:mod:`policybrief.render.worker`).

    Never raises for a failed render: a render that outlives ``job.timeout``
    seconds, exceeds the worker's memory limit (address space) or raises
    comes back as :attr:`PdfResult.error`, so one bad brief fails alone. The
    limits rely on the worker's set-up: outside a worker, the timer's SIGALRM
    has no handler and would end the process. The finished document's memory
    is freed before the result is returned (the worker's policy, :mod:`.heap`).
    """
    global _RENDERS
    result = _render(job)  # its document is garbage once it returns
    heap.after_render(first=_RENDERS == 0)
    _RENDERS += 1
    return result


def _render(job: PdfJob) -> PdfResult:
    from policybrief.render.agent_sheets import page_class
    from policybrief.render.computed_styles import quick_computed_values
    from policybrief.render.ellipsis import cut_running_heads
    from policybrief.render.fetcher import ConfinedFetcher
    from policybrief.render.note_area import notes_laid_out_once
    from policybrief.render.page_styles import shared_page_styles
    from policybrief.render.pdf_writing import pdf_writing
    from policybrief.render.relayout import fewer_layouts
    from policybrief.render.stylesheets import reused
    from policybrief.render.svg_anchors import anchored_text_boxes
    from policybrief.render.svg_failures import svg_failures
    from policybrief.render.svg_paint_order import halos_under_text

    started = time.process_time()
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    signal.setitimer(signal.ITIMER_REAL, job.timeout)
    try:
        language = m.group(1) if (m := _PAGE_LANGUAGE_RE.search(job.html)) else "en"
        fetcher = ConfinedFetcher(
            Theme(job.theme_folders), job.content, frozenset(job.skip_fonts), language
        )
        page = page_class(job.html, job.base_url, fetcher)  # weasyprint.HTML, cheaper sheets
        html = page(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
        # Presentational hints, as browsers apply them: a list's start="3" and an
        # item's value="7" number the printed list as they number the web page.
        with (
            reused(fetcher, job.base_url),
            fewer_layouts(),
            shared_page_styles(),
            quick_computed_values(),
            notes_laid_out_once(),
        ):
            document = html.render(font_config=_font_config(), presentational_hints=True)
        _drop_unsafe_links(document)
        cut_running_heads(document.pages)
        # SVG images are drawn here.
        with pdf_writing(), anchored_text_boxes(), halos_under_text(), svg_failures() as why:
            pdf = document.write_pdf(
                pdf_variant=job.variant,
                pdf_identifier=job.slug.encode(),
                # The archival variant stays tagged, so the archive copy is accessible too.
                pdf_tags=job.variant is not None,
                # <meta name="identifier"> (the product identifier) becomes /identifier.
                custom_metadata=True,
                attachments=_attachments(job),
            )
    except RenderTimeout:
        return PdfResult(
            job.slug,
            None,
            tuple(collect.messages),
            "the PDF renderer stopped at the limit",
            code="time-limit",
        )
    except MemoryError:
        return PdfResult(
            job.slug,
            None,
            tuple(collect.messages),
            heap.memory_message(_memory_limit),
        )
    except Exception as exc:  # a render failure belongs to this brief only
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            # The renderer's working files go to the project's .policybrief/tmp.
            where = tempfile.gettempdir()
            return PdfResult(
                job.slug,
                None,
                tuple(collect.messages),
                f"the disk holding {where} is full (or the quota is used up)",
                code="cannot-write",
                hint="free space on that disk: rendering a brief needs about ten times "
                "its PDF's size there for a moment",
            )
        return PdfResult(job.slug, None, tuple(collect.messages), f"{type(exc).__name__}: {exc}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        logger.removeHandler(collect)
    # The fetcher's refusals are reported by the build (build/rendering.py), at the file
    # that asked; any other failed load (a corrupt image) is passed on.
    refused = tuple(dict.fromkeys(fetcher.refused))
    warnings = [_with_reason(m, why) for m in collect.messages if not _is_refusal(m, refused)]
    over = job.max_pages is not None and len(document.pages) > job.max_pages
    return PdfResult(
        job.slug,
        pdf,
        tuple(dict.fromkeys(warnings)),
        pages=len(document.pages),
        refused=refused,
        lost_notes=lost_notes(document.pages) if 'class="footnote"' in job.html else (),
        overflow=overflow(document.pages, job.max_pages) if over and job.max_pages else (),
        seconds=time.process_time() - started,
    )


#: The opening words of a lost note its message quotes, at most.
_NOTE_WORDS = 8


def lost_notes(pages: list[Any]) -> tuple[tuple[int, str, bool], ...]:
    """The notes (``span.footnote``) a rendered document does not print whole.

    ``pages`` are a rendered WeasyPrint document's pages. WeasyPrint lays a
    note out whole at the foot of its call's page (or the next) and never
    continues it on another page: a note taller than the page runs off its top
    (its first lines cut), and a note that finds no room is left out, both
    without a word. Each such note's number (its place among the document's
    notes, as the footnote counter numbers them), first few words, and True
    for a note too long (cut, or left out where no note is cut), False for one
    left out because the notes before it fill its page's foot.
    """
    root = pages[0]._page_box.children[0].element
    notes = [el for el in root.iter() if el.tag == "span" and el.get("class") == "footnote"]
    placed: dict[Any, bool] = {}
    for page in pages:
        top = page._page_box.content_box_y()
        for area in page._page_box.children:
            if type(area).__name__ == "FootnoteAreaBox":
                for note in area.children:
                    placed[note.element] = note.position_y < top - 0.5
    # A note left out where no note is cut found no room even alone: too long too.
    alone = not any(placed.values())
    return tuple(
        (number, " ".join(" ".join(el.itertext()).split()[:_NOTE_WORDS]), placed.get(el, alone))
        for number, el in enumerate(notes, 1)
        if placed.get(el, True)
    )


def overflow(pages: list[Any], limit: int) -> tuple[str, ...]:
    """The headings of the parts of the brief that print past page ``limit``.

    ``pages`` are a rendered WeasyPrint document's pages. A part is a section,
    aside or nav labelled by its heading (``aria-labelledby``); the first named
    is the one the first page past the limit opens in, then each that starts
    after it. Its heading's ``title`` (a heading that calls a note) or its words.
    """
    if len(pages) <= limit:
        return ()
    root = pages[0]._page_box.children[0].element
    parent = {child: el for el in root.iter() for child in el}
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}

    def part(el: Any) -> str | None:
        while el is not None:
            heading = by_id.get(el.get("aria-labelledby"))
            if heading is not None and el.tag in ("section", "aside", "nav"):
                words = heading.get("title") or " ".join("".join(heading.itertext()).split())
                return str(words)
            el = parent.get(el)
        return None

    names: dict[str, None] = {}
    for page in pages[limit:]:
        for box in page._page_box.descendants():
            name = part(getattr(box, "element", None))
            if name:
                names[name] = None
    return tuple(names)


def _drop_unsafe_links(document: Any) -> None:
    """Keep only link annotations to the PDF itself or to an allowed web or e-mail address.

    The page's links were vetted already (:mod:`policybrief.content.urls`);
    this is the last gate. A relative link would have resolved against the
    build's ``file:`` base, naming a file on the build machine in the PDF.
    """
    for page in document.pages:
        page.links = [
            link
            for link in page.links
            if link[0] == "internal"
            or (link[0] == "external" and url_problem(link[1], relative=False) is None)
        ]


def _is_refusal(message: str, refused: tuple[str, ...]) -> bool:
    """Is ``message`` WeasyPrint's "Failed to load …" for a URL the fetcher refused?"""
    return message.startswith("Failed to load") and any(url in message for url in refused)


def _attachments(job: PdfJob) -> list[Any]:
    """The brief's source files, embedded so an archive copy records what it was built from."""
    if not job.attachments:
        return []
    from weasyprint import Attachment

    stamp = dt.datetime.fromisoformat(job.created.replace("Z", "+00:00"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return [
        Attachment(
            file_obj=io.BytesIO(path.read_bytes()),
            name=name,
            description=f"Source file of this brief: {name}",
            created=stamp,
            modified=stamp,
            relationship="Source",
        )
        for name, path in job.attachments
    ]


_FONT_CONFIG = None


def _font_config() -> object:
    """One font configuration per worker, reused by every document it renders."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
        # A worker ends with os._exit (registered later, so run first) and never
        # gets here; a process that renders in itself (tests, benchmarks) removes
        # the configuration's folder of @font-face files while shutil is still
        # there: WeasyPrint's __del__ at interpreter teardown found it gone.
        atexit.register(_remove_font_folder)
    return _FONT_CONFIG


def _remove_font_folder() -> None:
    """Remove the @font-face files of the shared font configuration."""
    config = _FONT_CONFIG
    folder = getattr(config, "_folder", None)
    if config is not None and folder:
        shutil.rmtree(folder, ignore_errors=True)
        config._folder = None


def warm_up() -> None:
    """Load WeasyPrint's fonts in a fresh worker before its first real job."""
    _font_config()
