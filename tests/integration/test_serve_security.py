"""The preview answers only the writer: its own Host, its own pages' event stream, output/ only.

The serve-no-host-check case (tests/data/cases/security-serve-no-host-check):
a page elsewhere that re-points its own name at 127.0.0.1 (DNS rebinding)
could read every preview; malformed paths killed the handler thread.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from policybrief.serve.banner import EVENTS_URL
from policybrief.serve.server import Status, host_values, make_server


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A preview server on a free loopback port over a small output folder: (port, output)."""
    output = tmp_path / "output"
    (output / "brief").mkdir(parents=True)
    (output / "brief/index.html").write_text("<html><body>brief</body></html>")
    (output / "media").mkdir()
    (output / "media/map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "secret.txt").write_text("API_KEY=secret")
    (output / "leak.txt").symlink_to(tmp_path / "secret.txt")
    status = Status(tmp_path)
    server = make_server(output, "127.0.0.1", 0, status)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], output
    finally:
        status.close()
        server.shutdown()
        server.server_close()


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=True)
        sent = {"Host": f"127.0.0.1:{port}"} if headers is None else headers
        for name, value in sent.items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "LOCALHOST"])
def test_the_preview_answers_its_own_names(served: tuple[int, Path], host: str) -> None:
    port, _ = served
    status, body = get(port, "/brief/", {"Host": f"{host}:{port}"})
    assert status == 200
    assert b"brief" in body


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example:{port}",
        "attacker.example",
        "127.0.0.1",
        "localhost:1",
        "",
        "127.0.0.1.nip.io:{port}",
    ],
)
def test_any_other_host_is_refused(served: tuple[int, Path], host: str) -> None:
    port, _ = served
    headers = {"Host": host.format(port=port)} if host else {}
    status, body = get(port, "/brief/", headers)
    assert status == 421
    assert b"brief" not in body


def test_the_event_stream_refuses_another_origin(served: tuple[int, Path]) -> None:
    port, _ = served
    headers = {"Host": f"127.0.0.1:{port}", "Origin": "http://attacker.example:8000"}
    status, _ = get(port, EVENTS_URL, headers)
    assert status == 403


@pytest.mark.parametrize(
    "path",
    ["/index.html%00.png", "/" + "a" * 300 + "/", "/%ff%fe/", "/brief/%0d%0aX-Injected:%201"],
)
def test_a_malformed_path_is_answered_400(served: tuple[int, Path], path: str) -> None:
    port, _ = served
    status, _ = get(port, path)
    assert status == 400


def test_a_link_out_of_the_output_folder_is_not_followed(served: tuple[int, Path]) -> None:
    port, _ = served
    status, body = get(port, "/leak.txt")
    assert status == 404
    assert b"API_KEY" not in body


def test_a_folder_is_never_listed(served: tuple[int, Path]) -> None:
    port, _ = served
    status, body = get(port, "/media/")
    assert status == 404
    assert b"map.png" not in body


def test_the_host_values_include_the_given_host() -> None:
    assert host_values("192.168.1.5", 8000) == frozenset(
        {"localhost:8000", "127.0.0.1:8000", "[::1]:8000", "192.168.1.5:8000"}
    )
    assert "[::1]:8000" in host_values("::1", 8000)


def test_no_other_site_may_load_the_preview_s_files(served: tuple[int, Path]) -> None:
    """The search index is a script of every brief's words: another site's page that
    loaded it with <script src> could read them; browsers refuse that for
    Cross-Origin-Resource-Policy: same-origin."""
    port, output = served
    (output / "search").mkdir()
    (output / "search/index.js").write_text("window.INDEX = [];")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/search/index.js", headers={"Host": f"127.0.0.1:{port}"})
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    assert response.status == 200
    assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
