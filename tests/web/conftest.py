"""Web fixtures: the sample corpus plus a hostile plain document, served in-process or live."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from tiltaksbanken import ingest_paths, open_store
from tiltaksbanken.web.app import create_app

HOSTILE = """Rapport fra prosjektet <script>alert('xss')</script> i Trygge Bydel

Tiltaket <img src=x onerror="alert(1)"> gir <b onmouseover=alert(2)>hjelp</b> til bostedsløse.
Se også "><svg onload=alert(3)> og javascript:alert(4) i lenken.
"""


@pytest.fixture(scope="session")
def web_db(sample_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample store plus a plain document full of script payloads."""
    folder = tmp_path_factory.mktemp("web")
    path = folder / "web.sqlite"
    shutil.copy(sample_db, path)
    hostile = folder / "hostile_note.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    with open_store(str(path)) as store:
        results = ingest_paths(store, [hostile])
    assert all(r.ok for r in results)
    return str(path)


@pytest.fixture(scope="session")
def client(web_db: str) -> TestClient:
    return TestClient(create_app(web_db), raise_server_exceptions=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: str) -> Iterator[str]:
    """The app over the store ``db`` served by uvicorn on loopback; yields its address."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def live_server(web_db: str) -> Iterator[str]:
    """The app served by uvicorn on loopback for the browser tests."""
    with serving(web_db) as address:
        yield address


ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
