"""The layering drawn in the README is checked, not hoped for: imports only go down
(cli → web → ingest|search → sources|ocr|store → domain → data)."""

from __future__ import annotations

import os
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).parents[1]


def test_imports_only_go_down_the_layers() -> None:
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0
    finally:
        os.chdir(cwd)


def test_nothing_starts_at_import() -> None:
    """Importing the library starts no thread and sets no environment variable."""
    import subprocess
    import sys

    code = ("import os, threading; before = dict(os.environ); import tiltaksbanken, tiltaksbanken.web.app, "
            "tiltaksbanken.cli; assert threading.active_count() == 1, threading.enumerate(); "
            "assert dict(os.environ) == before, set(os.environ.items()) ^ set(before.items())")
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)
