"""Content-hashed names of the theme's CSS and JavaScript, for a published site.

``css/site.css`` is published also as ``css/site.3f2a1c9e.css``, named after a
digest of its bytes, and every page of a published site links to that name: a
browser may then keep it for a year (deploy/portal-site.conf), since a new
version is a new name. The same bytes always give the same name.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

HASHED_KINDS = ("css", "js")  # folders of the theme's static folder, and their endings
_HASHED_FILE = re.compile(r"^[^/]+/(?:css|js)/[^/]+\.[0-9a-f]{8}\.(?:css|js)$")


def hashed_names(static: Path) -> dict[str, str]:
    """``css/site.css`` -> ``css/site.3f2a1c9e.css`` for the CSS and JS files of ``static``."""
    names = {}
    for kind in HASHED_KINDS:
        for path in sorted((static / kind).glob(f"*.{kind}")):
            tag = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
            names[f"{kind}/{path.name}"] = f"{kind}/{path.stem}.{tag}{path.suffix}"
    return names


def is_hashed_asset(relpath: str) -> bool:
    """A hashed copy in output/ (``theme/css/site.3f2a1c9e.css``), which no language run makes."""
    return _HASHED_FILE.match(relpath) is not None
