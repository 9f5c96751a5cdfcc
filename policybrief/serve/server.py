"""The preview's HTTP server: ``output/`` as built, plus what the open pages need.

Pages go out with the reload script and the problems banner added (see
:mod:`policybrief.serve.banner`); a page that is not built yet answers with a
placeholder that does the same; an event stream tells every open page when a
build finishes. :class:`Status` is what the preview loop and the request
handlers share.
"""

from __future__ import annotations

import html
import http.server
import ipaddress
import socket
import threading
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policybrief.errors import Diagnostic
from policybrief.serve.banner import EVENTS_URL, LIVE_FILES, inject, live_file

#: Seconds between keep-alive comments on the event stream (proxies close idle streams).
KEEP_ALIVE = 15.0


@dataclass
class Status:
    """What the open pages need to know: the latest build and its problems (thread-safe)."""

    root: Path
    generation: int = 0
    problems: list[Diagnostic] = field(default_factory=list)
    closed: bool = False
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, problems: Sequence[Diagnostic]) -> None:
        """Record that a build finished with ``problems`` and tell every open page.

        Each call is a new generation, even with the same problems: open pages
        reload after every build.
        """
        with self._changed:
            self.generation += 1
            self.problems = list(problems)
            self._changed.notify_all()

    def close(self) -> None:
        """Release every open event stream: the preview is stopping."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait(self, seen: int | None, timeout: float) -> int:
        """Return the generation once it differs from ``seen``, or after ``timeout`` seconds.

        ``seen`` None (a page that has seen none) returns at once. Also returns
        when the preview closes; the caller checks :attr:`closed`.
        """
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation

    def snapshot(self) -> tuple[int, list[Diagnostic]]:
        """Return (generation, problems) of the latest build, read together.

        The list is a copy, safe to use outside the lock.
        """
        with self._changed:
            return self.generation, list(self.problems)


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
    #: The ``Host`` values this server answers (lowercase, with the port): set per server.
    hosts: frozenset[str] = frozenset()

    def end_headers(self) -> None:
        # A preview must never show a cached page from before the last save.
        self.send_header("Cache-Control", "no-store")
        # No other site's page may load a file of the preview: the search index
        # is a script, and a page that loaded it could read every brief's words.
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for build results, not a request log."""

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, *, body: bool) -> None:
        try:
            self._answer(body=body)
        except (OSError, ValueError):
            # A request the file system cannot take (a name too long for it, a
            # character it refuses) is the client's fault, never a traceback.
            if not isinstance(self.wfile, socket.SocketIO) or not self.wfile.closed:
                self._refuse(400, "malformed path")

    def _answer(self, *, body: bool) -> None:
        # Only the writer's own browser: a page from elsewhere that re-points its
        # name at this machine (DNS rebinding) sends its own name as Host.
        if (self.headers.get("Host") or "").lower() not in self.hosts:
            self._refuse(421, "this preview answers only its own address")
            return
        path = urllib.parse.urlsplit(self.path).path
        if not _well_formed(path):
            self._refuse(400, "malformed path")
            return
        if path == EVENTS_URL and body:
            origin = self.headers.get("Origin")
            if (
                origin is not None
                and urllib.parse.urlsplit(origin).netloc.lower() not in self.hosts
            ):
                self._refuse(403, "the event stream is for this preview's own pages")
                return
            self._events()
        elif path in LIVE_FILES:
            self._send_live(*LIVE_FILES[path], body)
        else:
            local = Path(self.translate_path(path))
            if local.exists() and not local.resolve().is_relative_to(self.output):
                self.send_error(404)  # a link inside output/ that leads out of it
                return
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

    @property
    def output(self) -> Path:
        """The output folder served, links resolved."""
        return Path(self.directory).resolve()

    def list_directory(self, path: Any) -> None:
        """Never list a folder: a folder without ``index.html`` is not found."""
        self.send_error(404)

    def _refuse(self, code: int, why: str) -> None:
        self._send(code, "text/plain; charset=utf-8", f"{code}: {why}\n".encode(), True)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A page that is not built yet still shows the problems and reloads once it is."""
        if code != 404 or self.command not in ("GET", "HEAD"):
            super().send_error(code, message, explain)
            return
        path = urllib.parse.urlsplit(self.path).path
        self._send_page(404, _missing_page(path), self.command == "GET")

    def _send_live(self, rel: str, content_type: str, body: bool) -> None:
        data = live_file(self.status.root, rel)
        if data is None:
            self.send_error(404)
        else:
            self._send(200, content_type, data, body)

    def _send_page(self, code: int, page: str, body: bool) -> None:
        generation, problems = self.status.snapshot()
        text = inject(page, generation, problems, self.status.root)
        self._send(code, "text/html; charset=utf-8", text.encode("utf-8"), body)

    def _send(self, code: int, content_type: str, data: bytes, body: bool) -> None:
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


#: The longest path segment answered: more than any file system's name.
_MAX_SEGMENT = 255


def _well_formed(path: str) -> bool:
    """Is ``path`` (percent-encoded, as requested) one a file of ``output/`` could have?

    False for bad percent-encoding (not UTF-8), a control character (a NUL
    byte makes the operating system's calls raise), or a segment longer than
    a file name can be.
    """
    try:
        decoded = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return False
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in decoded):
        return False
    return all(len(part.encode()) <= _MAX_SEGMENT for part in decoded.split("/"))


def host_values(host: str, port: int) -> frozenset[str]:
    """The ``Host`` values a preview bound to ``host``:``port`` answers: its own names only.

    ``localhost``, ``127.0.0.1`` and ``[::1]`` with the port, and ``host``
    itself when the writer gave another one (``--host``).
    """
    names = {"localhost", "127.0.0.1", "[::1]"}
    if host not in ("", "0.0.0.0", "::"):
        names.add(f"[{host}]" if ":" in host else host)
    return frozenset(f"{name.lower()}:{port}" for name in names)


class _Server6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


def make_server(output: Path, host: str, port: int, status: Status) -> http.server.HTTPServer:
    """Make an HTTP server for ``output/`` bound to ``host``:``port``, reading ``status``.

    One thread per request, so event streams do not block. Raises OSError when
    the address cannot be bound (port taken, unknown host).
    """
    handler: type[_Handler] = type("Handler", (_Handler,), {"status": status})

    def factory(*args: Any, **kwargs: Any) -> http.server.SimpleHTTPRequestHandler:
        return handler(*args, directory=str(output), **kwargs)

    server_class = _Server6 if ":" in host else http.server.ThreadingHTTPServer
    server = server_class((host, port), factory)
    # Port 0 asks the system for a free port: the Host values need the real one.
    handler.hosts = host_values(host, server.server_address[1])
    return server


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` (a name or an address) reaches only this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
