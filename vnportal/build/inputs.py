"""What one build is given, and what it knows of itself before it starts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..incremental.caches import BuildCache
from ..incremental.fingerprints import code_digest, files_digest, settings_digest
from ..model.assets import hashed_names
from ..model.digests import digest
from ..model.sources import LANGUAGES, FolderWalks
from .forked_walk import WalkInHand
from .up_to_date import write_record


@dataclass(frozen=True)
class BuildInputs:
    """What one build is given, and what it knows of itself before it starts."""

    settings_file: Path
    output: Path
    settings: dict[str, Any]
    cache: BuildCache
    walk: FolderWalks  # content/ and the theme are walked once in this build
    fingerprint: str  # of every input: when unchanged, so is the output
    use_cache: bool
    started: float
    quick_key: str | None  # of the settings file, place and code (vnportal/build/up_to_date.py)
    roots: list[Path]  # content, theme, the settings' folder's .py files
    roots_digest: str  # every file under roots, as the build started
    # Told when output/ has every page this build changed, before the search index
    # is made (the live preview reloads the browser then); None: one swap at the end.
    pages_shown: Callable[[], None] | None = None
    # The walk of output/ the "nothing changed" check started, if it did.
    output_walk: WalkInHand = field(default_factory=WalkInHand)

    def keep_record(self, stamp: dict[str, Any]) -> None:
        """The quick "nothing changed" record of this build, beside its stamp."""
        write_record(
            self.cache.record_path(self.output),
            key=self.quick_key,
            roots=self.roots,
            roots_digest=self.roots_digest,
            today=self.settings["PORTAL_TODAY"],
            stamp=stamp,
            published=bool(self.settings.get("PORTAL_PUBLISH")),
        )


def site_names(settings: dict[str, Any]) -> dict[str, str]:
    overrides = settings.get("LANGUAGE_OVERRIDES", {})
    return {
        lang: overrides.get(lang, {}).get("SITENAME", settings["SITENAME"]) for lang in LANGUAGES
    }


def hashed_assets(settings: dict[str, Any]) -> dict[str, str]:
    """Publishing builds link the theme's CSS and JS by content-hashed names."""
    if not settings.get("PORTAL_PUBLISH"):
        return {}
    return hashed_names(Path(settings["THEME"]) / "static")


def templates_digest(inputs: BuildInputs) -> str:
    """What every page's searchable text is made with, beside its own file."""
    theme = Path(inputs.settings["THEME"])
    return digest(
        code_digest(), files_digest([theme], inputs.walk), settings_digest(inputs.settings)
    )
