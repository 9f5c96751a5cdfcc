"""Safety of a build: no network, bounded renders, serialised builds, clear output errors."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

from policybrief.build.lock import project_lock
from policybrief.cli import main

REPO = Path(__file__).resolve().parent.parent.parent


class Listener:
    """A loopback TCP server that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


def test_a_build_makes_no_network_connection(make_project, capsys) -> None:
    listener = Listener()
    url = f"http://127.0.0.1:{listener.port}"
    try:
        root = make_project(
            {
                # A template (trusted, but still confined) asking for remote resources.
                "templates/custom.html": (
                    '{% extends "layout/base.html" %}{% block body %}'
                    f'<link rel="stylesheet" href="{url}/x.css">'
                    f'<img src="{url}/x.png" alt="x"><p>{{{{ page.summary }}}}</p>'
                    "{% endblock %}"
                ),
                "briefs/remote.yaml": (
                    "title: Remote\ndate: 2025-12-01\ntemplate: custom\n"
                    f"summary: 'See [the page]({url}/page) and <img src=\"{url}/raw.png\">.'\n"
                    "sections:\n  - sources: auto\n"
                ),
            }
        )
        code = main(["build", "--root", str(root), "remote"])
        _, err = capsys.readouterr()
    finally:
        listener.close()
    assert listener.connections == 0
    assert code == 0, err
    assert f"refused to read {url}/x.png" in err
    assert "raw <img> is removed" in err
    assert (root / "output/remote/remote.pdf").is_file()


def test_a_render_past_the_time_limit_fails_alone(make_project, capsys) -> None:
    rows = "".join(f"| {i} | row {i} of a very long table |\n" for i in range(8000))
    root = make_project(
        {
            "content/analysis/huge.md": (
                "---\ntitle: Huge\nkind: background\n---\n| n | text |\n| - | ---- |\n" + rows
            ),
            "briefs/huge.yaml": (
                "title: Huge\ndate: 2025-12-01\nsummary: Long.\nsections:\n  - analysis: huge\n"
            ),
        }
    )
    started = time.monotonic()
    code = main(["build", "--root", str(root), "--timeout", "5", "--jobs", "2"])
    elapsed = time.monotonic() - started
    _, err = capsys.readouterr()
    assert code == 1
    # The time limit bounds the whole render: the HTML, or the PDF with what the HTML left.
    assert re.search(
        r"briefs/huge\.yaml:1:1: error: (PDF rendering failed: rendering|rendering this brief) "
        r"took longer than 5 s",
        err,
    )
    assert (root / "output/test-brief/test-brief.pdf").is_file()
    assert not (root / "output/huge/huge.pdf").exists()
    assert elapsed < 60


def test_a_second_build_waits_for_the_first(make_project) -> None:
    root = make_project()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    told = threading.Event()
    lines: list[bytes] = []

    def read_stderr(stream: IO[bytes]) -> None:
        with stream:
            for line in stream:
                lines.append(line)
                if b"another build of this project is running; waiting" in line:
                    told.set()

    with project_lock(root / ".policybrief", lambda: None):
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--outputs",
             "html"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )  # fmt: skip
        reader = threading.Thread(target=read_stderr, args=(process.stderr,), daemon=True)
        reader.start()
        # Said so while the lock is held, and still running: it waits for the lock.
        assert told.wait(timeout=60), "the build did not say it waits for the lock"
        assert process.poll() is None, "the build did not wait for the lock"
    process.wait(timeout=120)
    reader.join(timeout=60)
    err = b"".join(lines)
    assert process.returncode == 0, err.decode()


def test_an_unusable_output_folder_is_a_clear_error(make_project, capsys) -> None:
    root = make_project()
    blocker = root / "not-a-folder"
    blocker.write_text("a file where the output folder should be", "utf-8")
    code = main(["build", "--root", str(root), "--outputs", "html", "--output", str(blocker / "x")])
    _, err = capsys.readouterr()
    assert code == 1
    assert "cannot write output" in err
    assert "Traceback" not in err
    assert "internal error" not in err


def test_a_failed_build_keeps_the_previous_output(make_project, capsys) -> None:
    root = make_project()
    assert main(["build", "--root", str(root), "-q"]) == 0
    pdf = root / "output/test-brief/test-brief.pdf"
    html = root / "output/test-brief/index.html"
    before = (pdf.read_bytes(), html.read_bytes())
    brief = root / "briefs/test-brief.yaml"
    brief.write_text(brief.read_text("utf-8").replace("date: 2025-12-01", "date: soon"), "utf-8")
    assert main(["build", "--root", str(root), "-q"]) == 1
    capsys.readouterr()
    assert (pdf.read_bytes(), html.read_bytes()) == before
