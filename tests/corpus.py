"""Helpers to write small content corpora for tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_corpus(
    root: Path, files: dict[str, str | bytes], extra_settings: str = "", base: str = "pelicanconf"
) -> Path:
    """A settings file plus content/ under ``root``; returns the settings path.

    ``files`` maps paths relative to content/ (``vi/2024/07/a.md``) to text;
    ``extra_settings`` is Python appended to the settings (e.g. a public SITEURL);
    ``base`` the settings module they start from (``publishconf`` to publish).
    """
    content = root / "content"
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    (content / "vi").mkdir(parents=True, exist_ok=True)
    settings = root / "testconf.py"
    settings.write_text(
        f"from {base} import *  # noqa: F403\n"
        f"PATH = {str(content)!r}\n"
        f"THEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT)!r}]\n" + extra_settings,
        encoding="utf-8",
    )
    return settings


def story(
    title: str = "Tin thử",
    date: str = "2024-07-11 11:17 +07:00",
    body: str = "Nội dung.",
    **fields: str,
) -> str:
    """A story file's text with the given front matter fields."""
    lines = ["---", f'title: "{title}"', f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join([*lines, "---", "", body, ""])
