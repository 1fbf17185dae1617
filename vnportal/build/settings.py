"""The settings of a build: the shared file, and each language's settings derived from it."""

from __future__ import annotations

import io
import os
import pickle
import sys
from collections import namedtuple
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..incremental.forked_call import ForkedCall
from ..model.errors import BuildError, ContentError
from ..model.public_address import SITEURL_VARIABLE, public_address
from ..model.sources import DOCUMENT_FOLDERS, PAGES_FOLDER, url_prefix

if TYPE_CHECKING:  # a language run's object: only the workers and a text rewrite load it
    from ..render.run import LanguageRun

# Settings that stay site-wide: both languages share one origin and one set of
# static files, so only page addresses get the language prefix.
UNPREFIXED = {"SITEURL", "STATIC_URL", "STATIC_SAVE_AS", "FEED_DOMAIN"}


def read_base_settings(settings_file: Path) -> dict[str, Any]:
    """The settings file as Pelican reads it, with Pelican's defaults filled in.

    A publishing build's public address is checked and normalised here, once,
    for the build and for each language's run alike (BuildError if unusable).
    """
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file))
    if settings.get("PORTAL_PUBLISH"):
        source = (
            SITEURL_VARIABLE
            if os.environ.get(SITEURL_VARIABLE)
            else f"SITEURL in {settings_file.name}"
        )
        try:
            origin = public_address(settings["SITEURL"], source)
        except ContentError as error:
            raise BuildError([str(error)]) from None
        settings["SITEURL"] = settings["FEED_DOMAIN"] = origin
    return settings


# Pelican's own (pelican.paginator), field for field: the one class of Pelican's that
# its settings hold. A process that reads the settings apart has this one instead.
PaginationRule = namedtuple("PaginationRule", "min_page URL SAVE_AS")


def read_settings_apart(settings_file: Path) -> dict[str, Any]:
    """read_base_settings in a forked child, so that this process never imports Pelican.

    Importing Pelican costs a process about 12 MiB, which a build process that only
    waits for its workers need not hold at the build's largest moment. Any problem
    (a mistake in the settings file, a value that cannot be sent) is left to
    read_base_settings here, which reports it as it always does.
    """
    if "pelican" in sys.modules:  # nothing to save: read them here
        return read_base_settings(settings_file)
    call = ForkedCall(lambda: _pickled_settings(settings_file))
    data = call.result(failed=lambda: None)
    if data is not None:
        try:
            return _SettingsUnpickler(io.BytesIO(data)).load()
        except Exception:  # a class of Pelican's, or of the settings file's own
            pass
    return read_base_settings(settings_file)


def _pickled_settings(settings_file: Path) -> bytes | None:
    try:
        return pickle.dumps(read_base_settings(settings_file), pickle.HIGHEST_PROTOCOL)
    except Exception:  # read again by the caller, whose error the user sees
        return None


class _SettingsUnpickler(pickle.Unpickler):
    """Loads the settings without importing Pelican: its PaginationRule becomes ours,
    and any other class of Pelican's is refused (the settings are then read here)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("pelican.paginator", "PaginationRule"):
            return PaginationRule
        if module.split(".")[0] == "pelican":
            raise pickle.UnpicklingError(f"{module}.{name}")
        return super().find_class(module, name)


def language_settings(base: dict[str, Any], lang: str) -> dict[str, Any]:
    """Overrides that turn the Vietnamese settings into those of ``lang``."""
    overrides: dict[str, Any] = dict(base.get("LANGUAGE_OVERRIDES", {}).get(lang, {}))
    overrides.update(
        DEFAULT_LANG=lang,
        ARTICLE_PATHS=[lang],
        PAGE_PATHS=[f"{lang}/{PAGES_FOLDER}", f"{lang}/{DOCUMENT_FOLDERS[lang]}"],
        ARTICLE_EXCLUDES=[f"{lang}/{PAGES_FOLDER}", f"{lang}/{DOCUMENT_FOLDERS[lang]}"],
        PORTAL_LANG=lang,
        # As read_base_settings normalised them (a run reads the raw file again).
        SITEURL=base["SITEURL"],
        FEED_DOMAIN=base["FEED_DOMAIN"],
    )
    prefix = url_prefix(lang)
    if prefix:
        for key, value in base.items():
            if key in UNPREFIXED or not isinstance(value, str):
                continue
            # An empty *_URL is the site root (INDEX_URL); an empty *_SAVE_AS
            # or feed path means "do not write", and stays empty.
            if key.endswith("_URL") or (value and (key.endswith("_SAVE_AS") or "FEED_" in key)):
                overrides[key] = prefix + value
        # Shared files are written once, by the default language's run.
        overrides["THEME_STATIC_PATHS"] = []
        overrides["PORTAL_WRITE_STATIC"] = False
    # Pages of the portal named in each language's words (/tim-kiem/, /en/search/).
    for name, addresses in base.get("PORTAL_PAGE_ADDRESSES", {}).items():
        overrides[f"{name.upper()}_URL"] = prefix + addresses[lang]
        overrides[f"{name.upper()}_SAVE_AS"] = prefix + addresses[lang] + "index.html"
    return overrides


def run_settings(settings_file: Path, output: Path, run: LanguageRun) -> dict[str, Any]:
    """The Pelican settings of one language's run (a worker's, or a text rewrite's)."""
    from pelican.settings import read_settings

    from ..render.run import PORTAL_RUN

    base = read_base_settings(settings_file)
    overrides = {
        **language_settings(base, run.lang),
        PORTAL_RUN: run,
        "OUTPUT_PATH": str(output),
        "DELETE_OUTPUT_DIRECTORY": False,
    }
    return read_settings(str(settings_file), override=overrides)
