"""Language and form knowledge as data files (each names its source in ``_source``), and
the cache folder where data built from Debian and PyPI packages is kept.

Every data file is read through ``load_data``: parsed once per process and shared, so
callers must treat what it returns as read-only.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

CACHE_ENV = "TILTAKSBANKEN_CACHE"


@cache
def load_data(name: str) -> Any:
    """The parsed JSON data file ``name`` shipped in ``tiltaksbanken/data`` (read-only)."""
    return json.loads(resources.files(__name__).joinpath(name).read_text("utf-8"))


def data_bytes(name: str) -> bytes:
    """The raw bytes of a shipped data file (empty when it is not shipped)."""
    path = resources.files(__name__).joinpath(name)
    return path.read_bytes() if path.is_file() else b""


def cache_dir() -> Path:
    """Where built data (lexicon, name lists, vectors) is cached: ``$TILTAKSBANKEN_CACHE`` or
    ``~/.cache/tiltaksbanken``."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "tiltaksbanken")
