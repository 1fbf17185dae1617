"""``invoke import a.txt b.html``: a task argument that takes every remaining word.

invoke 3.0.3 has no variadic positional arguments (pyinvoke/invoke#378, #760,
#1031): a positional argument takes exactly one word and the next word must
be a task name. Its parser fills a positional argument while the argument's
value is ``None``, and asks once more when the command line ends
(``complete_context``) whether any is still ``None``. ``EveryWordTask`` gives
its first positional parameter an argument that stays "still missing" while
words are being read and shows the list of words the rest of the time, so the
parser feeds it every word that is not an option. Options keep working
anywhere on the line (``invoke import --help`` too); a file whose name starts
with ``-`` is written ``./-name``. This leans on the names of two functions of
invoke's parser, so invoke stays pinned and tests/test_importer.py runs the
real command line.
"""

from __future__ import annotations

import sys
from typing import Any

from invoke import Task
from invoke.parser import Argument

# The parser functions that decide whether a positional argument is missing.
_READING = "handle"  # reading one more word: "missing" means "give it to me"
_FINISHING = "complete_context"  # the line has ended: "missing" is an error


class _EveryWord(Argument):
    """A positional argument whose value is the list of all words it was given."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**{**options, "kind": list, "default": []})

    @property
    def value(self) -> Any:
        if self._wants_more():
            return None
        return list(self._value or [])

    @value.setter
    def value(self, word: Any) -> None:
        self.set_value(word)

    def set_value(self, value: Any, cast: bool = True) -> None:
        self.raw_value = value
        self._value = [*(self._value or []), value]

    @property
    def got_value(self) -> bool:
        return bool(self._value)

    def _wants_more(self) -> bool:
        # Called from the parser (directly or through ParserContext's
        # missing_positional_args): find which of its steps is asking.
        frame = sys._getframe(2)
        for _ in range(4):
            if frame is None:
                return False
            if frame.f_code.co_name == _FINISHING:
                # Never "missing" at the end: with no word at all the task gets
                # an empty list and says what it needs, and `--help` still works.
                return False
            if frame.f_code.co_name == _READING:
                # A word like --help or -x is an option, never a file name:
                # leave it to invoke, which shows help or names the unknown flag.
                return not str(frame.f_locals.get("token", "")).startswith("-")
            frame = frame.f_back
        return False


class EveryWordTask(Task):
    """A task whose first positional parameter collects every word after the task name."""

    def get_arguments(self, ignore_unknown_help: bool | None = None) -> list[Argument]:
        arguments = super().get_arguments(ignore_unknown_help=ignore_unknown_help)
        first = next((arg for arg in arguments if arg.positional), None)
        if first is None:
            return arguments
        words = _EveryWord(
            names=first.names, help=first.help, positional=True, attr_name=first.attr_name
        )
        return [words if arg is first else arg for arg in arguments]
