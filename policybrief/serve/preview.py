"""Preview while writing: serve ``output/``, rebuild on save, reload the open page.

The preview is the ordinary build, run again whenever a watched file changes:
first HTML only, in this process (a fraction of a second, so the page is up to
date almost as soon as the file is saved), then the full build in a child
process (``policybrief build``), which renders the PDFs in the background. A
child can be stopped at once when the writer saves again, with the same clean
interruption as Ctrl-C (temporary files removed, build state saved), so a new
save never waits behind an old PDF render.

The HTML-only builds compare against a build state held in memory, never the
one in ``.policybrief/``: that state says what the last *full* build made, so a
``build`` after the preview still renders exactly what is stale.

What the writer sees in the browser (the reload script and the problems
banner) is added by the server to the pages it sends. The files in
``output/`` are never touched, so the published site never carries either.
"""

from __future__ import annotations

import html
import http.server
import ipaddress
import os
import queue
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import click
import watchfiles

from policybrief.errors import Diagnostic
from policybrief.report import plural, print_diagnostics

#: Every URL the preview adds lives under this prefix, which no output file has.
PREFIX = "/__policybrief/"
EVENTS_URL = PREFIX + "events"
SCRIPT_URL = PREFIX + "live.js"
STYLE_URL = PREFIX + "live.css"
#: Folders and the file of a project whose changes trigger a build.
WATCHED_FOLDERS = ("content", "briefs", "templates")
SETTINGS_FILE = "policybrief.yaml"
#: Seconds between keep-alive comments on the event stream (proxies close idle streams).
KEEP_ALIVE = 15.0

_SCRIPT = """\
// policybrief serve: reload this page when a build finishes. Added by the
// preview server only; never part of the published site.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="policybrief-build"]');
  var shown = meta ? meta.getAttribute("content") : null;
  var events = new EventSource("/__policybrief/events");
  events.addEventListener("build", function (event) {
    if (event.data !== shown) {
      window.location.reload();
    }
  });
})();
"""

_STYLE = """\
/* policybrief serve: the problems banner. Never part of the published site. */
.policybrief-problems {
  position: sticky; top: 0; z-index: 2147483647; margin: 0; padding: 0.75rem 1rem;
  background: #8a1111; color: #fff; font: 1rem/1.4 system-ui, sans-serif;
  border-bottom: 0.25rem solid #000; max-height: 50vh; overflow: auto;
}
.policybrief-problems.policybrief-warnings-only { background: #5b3a00; }
.policybrief-problems h2 { font-size: 1.1rem; margin: 0 0 0.5rem; color: inherit; }
.policybrief-problems ul { margin: 0; padding-left: 1.25rem; }
.policybrief-problems li { margin: 0.25rem 0; }
.policybrief-problems code { font: 0.95em/1.4 ui-monospace, monospace; color: inherit;
  background: transparent; }
.policybrief-problems .policybrief-hint { display: block; opacity: 0.95; }
.policybrief-problems p { margin: 0.5rem 0 0; }
"""

_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


@dataclass
class Status:
    """What the open pages need to know: the latest build and its problems (thread-safe)."""

    root: Path
    generation: int = 0
    problems: list[Diagnostic] = field(default_factory=list)
    closed: bool = False
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, problems: Sequence[Diagnostic]) -> None:
        """A build finished: record its problems and tell every open page."""
        with self._changed:
            self.generation += 1
            self.problems = list(problems)
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait(self, seen: int | None, timeout: float) -> int:
        """The generation once it differs from ``seen`` (or after ``timeout``)."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation

    def snapshot(self) -> tuple[int, list[Diagnostic]]:
        with self._changed:
            return self.generation, list(self.problems)


def inject(page: str, generation: int, problems: Sequence[Diagnostic], root: Path) -> str:
    """The page as served: the reload script in its head, the problems banner atop its body."""
    head = (
        f'<meta name="policybrief-build" content="{generation}">'
        f'<link rel="stylesheet" href="{STYLE_URL}">'
        f'<script src="{SCRIPT_URL}" defer></script>'
    )
    match = _HEAD_END.search(page)
    page = page[: match.start()] + head + page[match.start() :] if match else head + page
    banner = problems_banner(problems, root)
    if banner:
        match = _BODY_TAG.search(page)
        at = match.end() if match else 0
        page = page[:at] + banner + page[at:]
    return page


def problems_banner(problems: Sequence[Diagnostic], root: Path) -> str:
    """An alert listing every problem at its file, line and column, or "" if there is none."""
    if not problems:
        return ""
    errors = sum(d.is_error for d in problems)
    warnings = len(problems) - errors
    counts = ", ".join(
        plural(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n
    )
    if errors:
        title = f"{counts} in your content: this page shows the last good build"
    else:
        title = f"{counts} in your content"
    items = []
    for d in problems:
        where = f"{_relative(d.path, root)}:{d.position.line}:{d.position.column}"
        hint = (
            f'<span class="policybrief-hint">hint: {html.escape(d.hint)}</span>' if d.hint else ""
        )
        items.append(
            f"<li><code>{html.escape(where)}</code> {d.severity.value}: "
            f"{html.escape(d.message)}{hint}</li>"
        )
    only = "" if errors else " policybrief-warnings-only"
    return (
        f'<section class="policybrief-problems{only}" id="policybrief-problems" '
        'role="alert" aria-labelledby="policybrief-problems-title">'
        f'<h2 id="policybrief-problems-title">{html.escape(title)}</h2>'
        f"<ul>{''.join(items)}</ul>"
        "<p>Fix the file and save: this page reloads by itself.</p></section>"
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _missing_page(path: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Not built (yet)</title></head><body><main>"
        f"<h1>Nothing at {html.escape(path)} (yet)</h1>"
        "<p>This page appears when a build writes it. If the content has errors, "
        'they are listed above. <a href="/">The index</a>.</p></main></body></html>'
    )


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files from ``output/``, pages with the reload script and banner, and the event stream."""

    status: Status  # set on the subclass made for each server

    def end_headers(self) -> None:
        # A preview must never show a cached page from before the last save.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for build results, not a request log."""

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, *, body: bool) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == EVENTS_URL and body:
            self._events()
        elif path == SCRIPT_URL:
            self._send(200, "text/javascript; charset=utf-8", _SCRIPT, body)
        elif path == STYLE_URL:
            self._send(200, "text/css; charset=utf-8", _STYLE, body)
        else:
            page = self._page(path)
            if page is None:
                super().do_GET() if body else super().do_HEAD()
            else:
                self._send_page(200, page.read_text(encoding="utf-8", errors="replace"), body)

    def _page(self, path: str) -> Path | None:
        """The HTML file a request names, if it names one (folders answer with index.html)."""
        local = Path(self.translate_path(path))
        if local.is_dir() and path.endswith("/"):
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            return local
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A page that is not built yet still shows the problems and reloads once it is."""
        if code != 404 or self.command not in ("GET", "HEAD"):
            super().send_error(code, message, explain)
            return
        path = urllib.parse.urlsplit(self.path).path
        self._send_page(404, _missing_page(path), self.command == "GET")

    def _send_page(self, code: int, page: str, body: bool) -> None:
        generation, problems = self.status.snapshot()
        text = inject(page, generation, problems, self.status.root)
        self._send(code, "text/html; charset=utf-8", text, body)

    def _send(self, code: int, content_type: str, text: str, body: bool) -> None:
        data = text.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        """Server-Sent Events: the build generation now, then after every build."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen: int | None = None
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not self.status.closed:
                generation = self.status.wait(seen, KEEP_ALIVE)
                if self.status.closed:
                    break
                if generation == seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    self.wfile.write(f"event: build\ndata: {generation}\n\n".encode())
                    seen = generation
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


def make_server(output: Path, host: str, port: int, status: Status) -> http.server.HTTPServer:
    """An HTTP server for ``output/`` (one thread per request, so event streams do not block)."""
    handler = type("Handler", (_Handler,), {"status": status})

    def factory(*args: Any, **kwargs: Any) -> http.server.SimpleHTTPRequestHandler:
        return handler(*args, directory=str(output), **kwargs)

    server_class = _Server6 if ":" in host else http.server.ThreadingHTTPServer
    return server_class((host, port), factory)


class _Server6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# -- watching -------------------------------------------------------------------


class _Watcher:
    """watchfiles on the project: its folders recursively, its top level for the settings.

    The settings file is watched through its folder, not by itself, because
    editors that save by renaming a new file into place would leave a watch on
    the file pointing at the old one. The top level is watched without
    recursion (it may hold .venv/, output/ and other large trees), and a
    watched folder created later (``new`` in an empty project) is picked up.
    """

    def __init__(self, root: Path, changes: queue.Queue[set[tuple[Any, str]]]) -> None:
        self.root = root
        self.changes = changes
        self.stop = threading.Event()
        self.threads: list[tuple[threading.Thread, threading.Event]] = []
        self.folders: tuple[Path, ...] = ()

    def start(self) -> None:
        self._spawn([self.root], recursive=False, watch_filter=self._top_level)
        self.refresh()

    def refresh(self) -> None:
        """Watch the project's folders again if one appeared or went away."""
        folders = tuple(self.root / n for n in WATCHED_FOLDERS if (self.root / n).is_dir())
        if folders == self.folders:
            return
        if len(self.threads) > 1:
            thread, stop = self.threads.pop()
            stop.set()
            thread.join(timeout=5)
        self.folders = folders
        if folders:
            self._spawn(list(folders), recursive=True, watch_filter=watchfiles.DefaultFilter())

    def close(self) -> None:
        for _, stop in self.threads:
            stop.set()
        for thread, _ in self.threads:
            thread.join(timeout=5)

    def _top_level(self, change: Any, path: str) -> bool:
        p = Path(path)
        return p.parent == self.root and p.name in (SETTINGS_FILE, *WATCHED_FOLDERS)

    def _spawn(self, paths: list[Path], *, recursive: bool, watch_filter: Any) -> None:
        stop = threading.Event()
        ready = threading.Event()

        def run() -> None:
            batches = watchfiles.watch(
                *paths,
                watch_filter=watch_filter,
                stop_event=stop,
                recursive=recursive,
                raise_interrupt=False,
                yield_on_timeout=True,
                rust_timeout=500,
            )
            for batch in batches:
                ready.set()  # the first timeout: the watches are in place
                if batch:
                    self.changes.put(batch)

        thread = threading.Thread(target=run, name="policybrief-watch", daemon=True)
        thread.start()
        ready.wait(timeout=5)
        self.threads.append((thread, stop))


# -- the preview loop -------------------------------------------------------------


@dataclass(frozen=True)
class PreviewBuild:
    """What one HTML build reports back to the preview."""

    problems: list[Diagnostic]
    summary: str


class Preview:
    """Watch, rebuild, serve: the ``serve`` command's whole life.

    ``build_html`` runs an HTML-only build in this process; ``pdf_command`` is
    the command line of the full build run in the background after it.
    """

    def __init__(
        self,
        root: Path,
        output: Path,
        *,
        build_html: Callable[[], PreviewBuild],
        pdf_command: Sequence[str] | None,
        host: str,
        port: int,
        stream: TextIO | None = None,
    ) -> None:
        self.root = root
        self.output = output
        self.build_html = build_html
        self.pdf_command = list(pdf_command) if pdf_command else None
        self.stream = stream or sys.stderr
        self.status = Status(root)
        self.server = make_server(output, host, port, self.status)
        self.changes: queue.Queue[set[tuple[Any, str]]] = queue.Queue()
        self.watcher = _Watcher(root, self.changes)
        self.pdf: _Child | None = None
        self.html_problems: list[Diagnostic] = []

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    def run(self) -> None:
        """Serve until interrupted (Ctrl-C or SIGTERM raise KeyboardInterrupt here)."""
        thread = threading.Thread(target=self.server.serve_forever, name="policybrief-http")
        thread.daemon = True
        thread.start()
        try:
            self.watcher.start()
            click.echo(f"serving {self.output} at {self.url}", err=False)
            click.echo("watching " + ", ".join(self._watched()) + " (press Ctrl-C to stop)")
            sys.stdout.flush()
            self._rebuild("starting")
            while True:
                try:
                    batch = self.changes.get(timeout=0.2)
                except queue.Empty:
                    self._poll_pdf()
                    continue
                time.sleep(0.05)  # an editor's save can be several events
                while not self.changes.empty():
                    batch |= self.changes.get_nowait()
                self.watcher.refresh()
                self._rebuild(_describe(batch, self.root))
        finally:
            self.status.close()
            if self.pdf is not None:
                self.pdf.stop()
            self.watcher.close()
            self.server.shutdown()
            self.server.server_close()

    def _watched(self) -> list[str]:
        return [f"{n}/" for n in WATCHED_FOLDERS] + [SETTINGS_FILE]

    def _say(self, text: str) -> None:
        click.echo(f"{time.strftime('%H:%M:%S')} {text}", file=self.stream)

    def _rebuild(self, why: str) -> None:
        if self.pdf is not None:
            self.pdf.stop()  # a PDF of the previous save is of no use now
            self.pdf = None
        self._say(why)
        started = time.perf_counter()
        result = self.build_html()
        elapsed = time.perf_counter() - started
        print_diagnostics(result.problems, self.stream, fmt="text")
        self.html_problems = list(result.problems)
        self.status.publish(self.html_problems)
        self._say(f"html: {result.summary}{_counts(result.problems)} ({elapsed:.2f} s)")
        if self.pdf_command is not None:
            self.pdf = _Child(self.pdf_command, self.root)

    def _poll_pdf(self) -> None:
        if self.pdf is None or self.pdf.running():
            return
        child, self.pdf = self.pdf, None
        try:
            self._take_pdf(child)
        finally:
            child.close()

    def _take_pdf(self, child: _Child) -> None:
        if child.returncode not in (0, 1):
            self._say(f"pdf: the build stopped with exit code {child.returncode}")
            self.stream.write(child.errors())
            return
        from policybrief.build.state import diagnostic_from_json, load_state

        state = load_state(self.root)
        found = [diagnostic_from_json(d, self.root) for d in (state.diagnostics if state else [])]
        known = {_key(d) for d in self.html_problems}
        new = [d for d in found if _key(d) not in known]
        print_diagnostics(new, self.stream, fmt="text")
        self._say(f"pdf: {child.summary()}")
        if new:
            self.status.publish([*self.html_problems, *new])


def _key(d: Diagnostic) -> tuple[str, int, int, str]:
    return d.sort_key()


def _counts(problems: Sequence[Diagnostic]) -> str:
    errors = sum(d.is_error for d in problems)
    warnings = len(problems) - errors
    if not problems:
        return ", no problems"
    return f": {plural(errors, 'error')}, {plural(warnings, 'warning')}"


def _describe(batch: Iterable[tuple[Any, str]], root: Path) -> str:
    names = sorted({_relative(Path(path), root) for _, path in batch})
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return "changed: " + ", ".join(names[:3]) + more


class _Child:
    """The background full build: a ``policybrief build`` process, stoppable at once."""

    def __init__(self, command: list[str], root: Path) -> None:
        self.out = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.err = tempfile.TemporaryFile("w+", encoding="utf-8")
        env = {**os.environ, "NO_COLOR": "1"}
        env.pop("GITHUB_ACTIONS", None)
        self.process = subprocess.Popen(
            command, cwd=root, stdout=self.out, stderr=self.err, stdin=subprocess.DEVNULL, env=env
        )

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Interrupt it as Ctrl-C would: it removes its temporary files and saves its state."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.close()

    def close(self) -> None:
        self.out.close()
        self.err.close()

    def summary(self) -> str:
        """The build's summary line (stdout on success, the last stderr line on errors)."""
        self.out.seek(0)
        lines = [line for line in self.out.read().splitlines() if line.strip()]
        if not lines:
            self.err.seek(0)
            lines = [line for line in self.err.read().splitlines() if line.strip()]
        return lines[-1] if lines else "done"

    def errors(self) -> str:
        self.err.seek(0)
        return self.err.read()
