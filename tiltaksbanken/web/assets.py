"""Front-end assets served from this machine: NAV's design system CSS and its font.

The setup installs them from npm (``package.json``) into ``node_modules``; no
page ever loads anything from another host. ``@navikt/ds-css`` declares its
font faces on NAV's CDN, so those declarations are dropped here and the same
font (Source Sans 3) comes from the ``@fontsource`` package instead.
"""

from __future__ import annotations

import logging
import os
import re
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
_FONT_FACE = re.compile(r"@font-face\s*\{[^{}]*\}")


def node_modules() -> Path:
    """Where npm put the front-end packages (``$TILTAKSBANKEN_NODE_MODULES`` overrides)."""
    env = os.environ.get("TILTAKSBANKEN_NODE_MODULES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "node_modules"


def font_dir() -> Path:
    return node_modules() / "@fontsource" / "source-sans-3"


@cache
def design_system_css() -> str:
    """NAV's design system stylesheet without its CDN font faces ("" if not installed)."""
    path = node_modules() / "@navikt" / "ds-css" / "dist" / "index.min.css"
    if not path.is_file():
        log.warning("NAV design system CSS not found at %s; run scripts/setup.sh", path)
        return ""
    return _FONT_FACE.sub("", path.read_text(encoding="utf-8"))


def axe_script() -> Path:
    """axe-core, injected by the browser tests to check accessibility."""
    return node_modules() / "axe-core" / "axe.min.js"
