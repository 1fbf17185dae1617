"""The one exception type the build turns into a message for editors."""

from __future__ import annotations

from pathlib import Path


class ContentError(Exception):
    """A problem in a content file that an editor can fix.

    Rendered as ``path:line: what is wrong — how to fix it`` so that editors
    and their text editors can jump straight to the place.
    """

    def __init__(self, path: str | Path, problem: str, fix: str, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.fix = fix
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = shown_path(self.path)
        where = f"{shown}:{self.line}" if self.line else shown
        return f"{where}: {self.problem} — {self.fix}"

    def __reduce__(self):  # keep the fields when crossing process boundaries
        return (ContentError, (self.path, self.problem, self.fix, self.line))


class BuildError(Exception):
    """The build stopped; the message lists every problem found.

    ``errors`` keeps the problems that came from content files as
    ContentError objects, for tools (the checker) that sort and count them.
    """

    def __init__(self, problems: list[str], errors: list[ContentError] | None = None) -> None:
        self.problems = problems
        self.errors = errors or []
        super().__init__("\n".join(problems))

    @classmethod
    def of(cls, errors: list[ContentError]) -> BuildError:
        return cls([str(error) for error in errors], errors)

    def __reduce__(self):
        return (BuildError, (self.problems, self.errors))


def shown_path(path: str | Path) -> str:
    """Paths inside the working folder are shown relative to it, as editors see them."""
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
