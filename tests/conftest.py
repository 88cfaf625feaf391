"""Shared fixtures. Expensive things are built once per test session."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

import teikit

# In CI the property tests draw the same examples on every run (derandomize), so a red run can
# be reproduced and a green one is not luck; on a developer's machine they explore new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

#: Where the official TEI P5 tei_all.rng is, for tests that check output against it. It is not
#: part of the repository (see ENCODING.md); TEIKIT_TEI_ALL overrides the usual place.
TEI_ALL = Path(
    os.environ.get(
        "TEIKIT_TEI_ALL", Path(__file__).resolve().parents[2] / "shared/reference/tei_all.rng"
    )
)


@pytest.fixture(scope="session")
def tei_all() -> teikit.Schema:
    """tei_all.rng compiled once for the whole session (libxml2 takes about 11 s for it).

    libxml2 even where Jing is installed: the tests check trees one at a time, and Jing would
    start Java for each."""
    if not TEI_ALL.is_file():
        message = f"tei_all.rng not found at {TEI_ALL}; set TEIKIT_TEI_ALL"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # in CI a missing schema is a broken setup, not a skip
        pytest.skip(message)
    return teikit.Schema.load(TEI_ALL, engine="lxml")


@pytest.fixture(scope="session")
def teikit_schema() -> teikit.Schema:
    """teikit's own schema (schemas/teikit.xsd, as installed with the package)."""
    return teikit.Schema.load("teikit")


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request: proof that nothing was fetched."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = b'<!ENTITY foo "fetched">'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()
