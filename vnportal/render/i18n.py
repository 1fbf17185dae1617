"""UI strings: the theme's gettext catalogs, compiled in memory with Babel.

Only the ``.po`` sources are kept in the repository; compiling them at build
time means a catalog edit can never be shipped with a stale ``.mo``.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "messages"


def catalog_path(theme: Path, lang: str) -> Path:
    return theme / "translations" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(theme: Path, lang: str) -> Translations:
    """The language's catalog, compiled once per process for each version of the file.

    Readers, template environments and feeds of one build all ask for it.
    """
    path = catalog_path(theme, lang)
    return _compiled(path, lang, path.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _compiled(path: Path, lang: str, _version: int) -> Translations:
    with path.open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
