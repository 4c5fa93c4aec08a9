"""Logging in over HTTP in the web tests: the shared password, the CSRF token a page's form
carries, and a login that must succeed."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tiltaksbanken.web import urls

PASSWORD = "et passord som er langt nok"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(client: TestClient, url: str) -> str:
    """The CSRF token of the form on the page at ``url``."""
    found = CSRF.search(client.get(url).text)
    assert found, url
    return found.group(1)


def post_login(client: TestClient, username: str, password: str = PASSWORD) -> int:
    """Post the login form for ``username``; the answer's status (303 when logged in)."""
    token = csrf_of(client, urls.LOGIN)
    r = client.post(urls.LOGIN, data={"csrf": token, "brukernavn": username, "passord": password},
                    follow_redirects=False)
    return r.status_code


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Log ``username`` in through the login form (it must succeed)."""
    assert post_login(client, username, password) == 303
