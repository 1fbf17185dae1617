"""What the checker reports: one problem per line, and the counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.index import SiteIndex

ERROR, WARNING = "error", "warning"
NOTE = "note"  # information for the editor, not a problem (a guessed topic pair)


@dataclass(frozen=True)
class Problem:
    """One thing to fix, at one place."""

    path: str  # from the project folder, e.g. content/vi/2024/07/x.md
    line: int | None
    severity: str  # ERROR or WARNING
    what: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.what} — {self.fix}"


@dataclass
class CheckReport:
    problems: list[Problem]
    files: int
    index: SiteIndex | None = None  # None when an error kept the index from being built
    fixed: list[str] = field(default_factory=list)  # files rewritten in NFC
    notes: list[Problem] = field(default_factory=list)  # NOTE: guesses to confirm

    def __post_init__(self) -> None:
        self.problems.sort(key=lambda p: (p.path, p.line or 0))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def summary(self) -> str:
        counts = (
            f"{count_of(len(self.errors), 'error')}, {count_of(len(self.warnings), 'warning')} "
            f"in {count_of(self.files, 'file')}"
        )
        if self.fixed:
            counts += f"; rewrote {count_of(len(self.fixed), 'file')} in NFC"
        if self.notes:
            counts += f"; {count_of(len(self.notes), 'topic pair')} guessed"
        return counts


def from_project(path: Path, project: Path) -> str:
    """A path as editors see it: from the project folder, with forward slashes."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()


def count_of(number: int, noun: str, plural: str = "") -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
