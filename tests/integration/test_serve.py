"""``serve``: a real server on a free loopback port, edited under its feet.

Every wait has a generous deadline and never asserts on timing: the machine
running the suite may be busy. A wait wakes whenever serve prints a line (every
build ends with one), so it does not sleep past the moment it is over. Most
tests pass ``--no-pdf`` to keep the CPU for the HTML builds they watch; one test
follows the PDFs.
"""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from policybrief.errors import Diagnostic, Position, Severity
from policybrief.render.theme import PACKAGED_THEME, Theme
from policybrief.serve.banner import inject, live_file, problems_banner

REPO = Path(__file__).resolve().parents[2]
DEADLINE = 60.0
PAGE = "test-brief/"
BANNER = 'id="policybrief-problems"'
BROKEN = "content/actors/beta.yaml:2:7: error: 'stat' is not a valid kind"


@dataclass
class Server:
    """A ``serve`` process and what it has printed so far."""

    process: subprocess.Popen[str]
    root: Path
    url: str = ""
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)
    #: Notified by the readers whenever serve prints a line.
    printed: threading.Condition = field(default_factory=threading.Condition)

    def get(self, path: str = PAGE) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def output(self) -> str:
        return "".join(self.stdout) + "".join(self.stderr)

    def lines(self) -> int:
        return len(self.stdout) + len(self.stderr)

    def wait_for(self, what: str, condition: Callable[[], bool]) -> None:
        """Return once ``condition()`` holds, checking it again after every line serve prints.

        A change that serve does not announce is still seen within half a second.
        """
        deadline = time.monotonic() + DEADLINE
        while True:
            assert self.process.poll() is None, f"serve exited:\n{self.output()}"
            seen = self.lines()
            if condition():
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"timed out waiting for {what}; serve printed:\n{self.output()}")
            with self.printed:
                self.printed.wait_for(lambda n=seen: self.lines() != n, min(remaining, 0.5))

    def wait_for_page(self, predicate: Callable[[str], bool], what: str) -> str:
        seen: list[str] = []

        def ready() -> bool:
            status, text = self.get()
            seen[:] = [text]
            return status == 200 and predicate(text)

        self.wait_for(what, ready)
        return seen[0]


def _reader(stream: object, into: list[str], printed: threading.Condition) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        with printed:
            into.append(line)
            printed.notify_all()


@pytest.fixture
def start(make_project) -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def start_server(*options: str, root: Path | None = None) -> Server:
        root = root or make_project()
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        for name in ("GITHUB_ACTIONS", "NO_COLOR"):
            env.pop(name, None)
        process = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "build.py"),
                "serve",
                "--root",
                str(root),
                "--port",
                "0",
                *options,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        server = Server(process, root)
        servers.append(server)
        for stream, into in ((process.stdout, server.stdout), (process.stderr, server.stderr)):
            reader = threading.Thread(
                target=_reader, args=(stream, into, server.printed), daemon=True
            )
            reader.start()
            server.readers.append(reader)
        server.wait_for("the server's address", lambda: "serving " in "".join(server.stdout))
        match = re.search(r"serving .* at (http://\S+/)", "".join(server.stdout))
        assert match, server.output()
        server.url = match.group(1)
        server.wait_for("the first build", lambda: "html: " in "".join(server.stderr))
        return server

    yield start_server
    for server in servers:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGINT)
            try:
                server.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()
        for reader in server.readers:
            reader.join(timeout=10)
        server.process.stdout.close()
        server.process.stderr.close()


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serves_the_built_pages_on_loopback(start) -> None:
    server = start("--no-pdf")
    assert server.url.startswith("http://127.0.0.1:")
    page = server.wait_for_page(lambda text: "A test brief" in text, "the brief")
    assert '<script src="/__policybrief/live.js" defer></script>' in page
    assert BANNER not in page
    status, script = server.get("__policybrief/live.js")
    assert status == 200
    assert "EventSource" in script
    assert script == (PACKAGED_THEME / "serve" / "live.js").read_text(encoding="utf-8")
    status, style = server.get("__policybrief/live.css")
    assert status == 200
    assert style == (PACKAGED_THEME / "serve" / "live.css").read_text(encoding="utf-8")
    status, index = server.get("")
    assert status == 200
    assert "/__policybrief/live.js" in index


def test_an_edit_shows_up_in_the_served_page(start) -> None:
    server = start("--no-pdf")
    server.wait_for_page(lambda text: "Ann Smith" in text, "the brief")
    edit(server.root, "content/actors/ann-smith.yaml", "Ann Smith", "Ann Smith-Jones")
    server.wait_for_page(lambda text: "Ann Smith-Jones" in text, "the edited name")
    assert "changed: content/actors/ann-smith.yaml" in server.output()


def test_a_broken_edit_shows_a_banner_and_a_fix_clears_it(start) -> None:
    server = start("--no-pdf")
    server.wait_for_page(lambda text: "A test brief" in text, "the brief")
    edit(server.root, "content/actors/beta.yaml", "kind: state", "kind: stat")
    page = server.wait_for_page(lambda text: BANNER in text, "the problems banner")
    assert 'role="alert"' in page
    assert (
        "<code>content/actors/beta.yaml:2:7</code> error: &#x27;stat&#x27; is not a valid kind"
        in page
    )
    assert "hint: did you mean &#x27;state&#x27;?" in page
    # The last good build stays in place underneath, and the server keeps running.
    assert "A test brief" in page
    server.wait_for("the error in the terminal", lambda: BROKEN in server.output())
    assert server.process.poll() is None
    # Every page carries the banner, the site's too.
    assert BANNER in server.get("")[1]
    edit(server.root, "content/actors/beta.yaml", "kind: stat", "kind: state")
    page = server.wait_for_page(lambda text: BANNER not in text, "the banner to clear")
    assert "A test brief" in page
    assert "Traceback" not in server.output()


def test_a_yaml_syntax_error_does_not_stop_the_server(start) -> None:
    server = start("--no-pdf")
    edit(server.root, "briefs/test-brief.yaml", "status: final", "status: [final")
    page = server.wait_for_page(lambda text: BANNER in text, "the problems banner")
    assert "briefs/test-brief.yaml:" in page
    edit(server.root, "briefs/test-brief.yaml", "status: [final", "status: final")
    server.wait_for_page(lambda text: BANNER not in text, "the banner to clear")


def test_the_reload_channel_notifies_after_an_edit(start) -> None:
    server = start("--no-pdf")
    host, port = server.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=DEADLINE)
    connection.request("GET", "/__policybrief/events")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream"
    events: queue.Queue[str] = queue.Queue()

    def read() -> None:
        try:
            for raw in iter(response.fp.readline, b""):
                line = raw.decode().strip()
                if line.startswith("data: "):
                    events.put(line.removeprefix("data: "))
        except OSError:
            pass

    threading.Thread(target=read, daemon=True).start()
    first = events.get(timeout=DEADLINE)
    page = server.get()[1]
    assert f'<meta name="policybrief-build" content="{first}">' in page
    edit(server.root, "content/agenda/summit.yaml", "title:", "title: Renamed")
    second = events.get(timeout=DEADLINE)
    assert int(second) > int(first)
    connection.close()


def test_output_files_never_carry_the_preview(start) -> None:
    server = start("--no-pdf")
    edit(server.root, "content/actors/beta.yaml", "kind: state", "kind: stat")
    server.wait_for_page(lambda text: BANNER in text, "the problems banner")
    files = [p for p in (server.root / "output").rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in files)
    for path in files:
        data = path.read_bytes()
        assert b"__policybrief" not in data, path
        assert b"policybrief-problems" not in data, path


def test_the_pdf_follows_and_a_build_afterwards_has_nothing_to_do(start, capsys) -> None:
    server = start()
    pdf = server.root / "output" / "test-brief" / "test-brief.pdf"
    server.wait_for("the PDF", lambda: "pdf: built 1" in server.output())
    assert pdf.is_file()
    before = pdf.read_bytes()
    edit(server.root, "briefs/test-brief.yaml", "A test brief", "A retitled brief")
    server.wait_for_page(lambda text: "A retitled brief" in text, "the new title")
    server.wait_for("the new PDF", lambda: pdf.read_bytes() != before)
    server.wait_for("the PDF build", lambda: server.output().count("pdf: built 1") == 2)
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=60) == 130
    from policybrief.cli import main

    assert main(["build", "--root", str(server.root)]) == 0
    assert "nothing to do: 1 brief up to date" in capsys.readouterr().out


def test_ctrl_c_stops_cleanly(start) -> None:
    server = start("--no-pdf")
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=60) == 130
    for reader in server.readers:
        reader.join(timeout=10)
    assert "interrupted" in server.output()
    assert "Traceback" not in server.output()


def test_a_new_folder_is_watched(start, tmp_path: Path) -> None:
    """``new`` in an empty project creates content/ after serve started."""
    root = tmp_path / "empty"
    root.mkdir()
    server = start("--no-pdf", root=root)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, str(REPO / "build.py"), "new", "brief", "first", "--root", str(root)]
    subprocess.run(command, check=True, env=env, capture_output=True)

    def built() -> bool:
        status, text = server.get("first/")
        return status == 200 and "<h1" in text and "First" in text

    server.wait_for("the new brief", built)


def test_the_banner_escapes_what_it_shows() -> None:
    problem = Diagnostic(
        Path("/p/content/actors/<x>.yaml"),
        Position(3, 1),
        "unknown field '<script>alert(1)</script>'",
        "did you mean 'role'? & more",
        Severity.WARNING,
        code="unknown-field",
    )
    banner = problems_banner([problem], Path("/p"))
    assert "<script>" not in banner
    assert "&lt;script&gt;" in banner
    assert "<code>content/actors/&lt;x&gt;.yaml:3:1</code> warning:" in banner
    assert "1 warning in your content" in banner
    assert problems_banner([], Path("/p")) == ""


def test_inject_puts_the_script_in_the_head_and_the_banner_first_in_the_body() -> None:
    problem = Diagnostic(Path("/p/briefs/b.yaml"), Position(1, 1), "bad", code="invalid-value")
    page = '<html><head><title>T</title></head><body class="x"><a href="#main">Skip</a></body>'
    served = inject(page, 7, [problem], Path("/p"))
    head, body = served.split('<body class="x">')
    assert head.endswith('<script src="/__policybrief/live.js" defer></script></head>')
    assert '<meta name="policybrief-build" content="7">' in head
    assert body.startswith('<section class="policybrief-problems"')
    assert "1 error in your content: this page shows the last good build" in body


def test_the_live_files_come_from_the_theme_and_stay_out_of_the_assets(make_project) -> None:
    root = make_project({"templates/serve/live.css": "/* the project's own */\n"})
    assert live_file(root, "serve/live.css") == b"/* the project's own */\n"
    packaged = (PACKAGED_THEME / "serve" / "live.js").read_bytes()
    assert live_file(root, "serve/live.js") == packaged
    assert live_file(root, "serve/absent.js") is None
    assets = Theme.for_project(root).asset_files()
    assert "css/screen.css" in assets
    assert not [rel for rel in assets if rel.startswith("serve/")]
