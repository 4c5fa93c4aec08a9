"""What anonymous requests cannot do to the server: fill its memory through endless page
addresses, overflow a line number into the store, get an error without the security
headers, or read files the API page does not load."""

from __future__ import annotations

from fastapi.responses import Response
from fastapi.testclient import TestClient
from starlette.requests import Request

from tiltaksbanken.web.app import create_app
from tiltaksbanken.web.cache import PageCache
from tiltaksbanken.web.security import HEADERS


class _Store:
    def version(self) -> str:
        return "v1"


def _request(query: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/kilde/a.txt",
                    "query_string": query.encode(), "headers": []})


def test_unknown_parameters_do_not_make_pages_of_their_own() -> None:
    cache = PageCache(_Store())  # type: ignore[arg-type]
    renders = []

    def render() -> Response:
        renders.append(1)
        return Response(b"x" * 1000, media_type="text/html")

    for n in range(50):
        cache.respond(_request(f"n={n}&linjer=3-4"), "html", render, params={"linjer"})
    assert len(cache) == 1 and len(renders) == 1
    cache.respond(_request("linjer=5-6"), "html", render, params={"linjer"})
    assert len(cache) == 2


def test_the_page_cache_is_bounded_by_bytes_and_skips_huge_pages() -> None:
    cache = PageCache(_Store(), max_bytes=80_000)  # type: ignore[arg-type]
    for n in range(40):
        cache.respond(_request(f"linjer={n + 1}"), "html",
                      lambda: Response(b"y" * 9_000, media_type="text/html"), params={"linjer"})
        assert cache.size_bytes <= 80_000
    assert 0 < len(cache) <= 8
    cache.respond(_request("linjer=999"), "html",
                  lambda: Response(b"z" * 20_000, media_type="text/html"), params={"linjer"})
    assert ("v1", "/kilde/a.txt", (("linjer", "999"),), "html") not in cache._pages


def test_huge_line_numbers_are_refused_not_a_server_error(client: TestClient) -> None:
    source = client.get("/api/sources").json()[0]["name"]
    for first in ("9223372036854775808", "99999999999"):
        answer = client.get(f"/api/sources/{source}/lines", params={"first": first})
        assert answer.status_code == 422
    page = client.get(f"/kilde/{source}", params={"linjer": "9223372036854775808", "side": "9" * 30})
    assert page.status_code == 200


def test_a_server_error_carries_the_security_headers() -> None:
    class Broken:
        def __getattr__(self, name: str):
            raise RuntimeError("database on fire")

    broken = TestClient(create_app(store=Broken()), raise_server_exceptions=False)  # type: ignore[arg-type]
    page = broken.get("/oversikt")
    assert page.status_code == 500
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for name, value in HEADERS:
        assert page.headers[name.decode()] == value.decode()


def test_only_the_files_the_api_page_loads_are_served_from_swagger(client: TestClient) -> None:
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/vendor/swagger-ui/swagger-ui.css").status_code == 200
    for other in ("package.json", "index.html", "swagger-initializer.js", "../../../pyproject.toml"):
        assert client.get(f"/static/vendor/swagger-ui/{other}").status_code == 404
