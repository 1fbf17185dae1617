"""``invoke import a.txt b.html``: a task argument that takes every remaining word.

invoke 3.0.3 has no variadic positional arguments (pyinvoke/invoke#378, #760,
#1031): a positional argument takes exactly one word and the next word must
be a task name. ``EveryWordTask`` gives its first positional parameter an
argument that collects every word after the task name that is not an option,
in order. Options keep working anywhere on the line (``invoke import --help``
too), an unknown option is still invoke's error, no word gives an empty list,
and a file whose name starts with ``-`` is written ``./-name``.

How: invoke's parser asks whether a positional argument is still missing by
reading ``Argument.value`` (``ParserContext.missing_positional_args``); ``None``
means "missing", and the word being read is then handed over through the
``value`` setter. Nothing the parser does tells the argument whether a word is
being read or the line has ended (both ask the same question), so the answers
are worked out before the parse. When invoke builds the task's parser context,
``get_arguments`` takes the tokens invoke's own program is about to parse
(``Program.core``, the core parse result, whose ``unparsed`` list is what the
task parser reads; the program is ``invoke.main.program``, which the ``invoke``
and ``inv`` commands and ``python -m invoke`` run) and replays, from the
task's name on, the order in which ``ParseMachine.handle`` tries a token: one
of the task's options, the value of the option before it, a missing positional
argument, a core option such as ``--help``. That gives one answer per
question: "missing" when the token is a word (it does not start with ``-``),
"not missing" for an option and at the end of the line. This relies on the
parser reading ``value`` once per token that reaches the positional check
(while a word is being handed over, further reads also get "missing"). A word
handed over that is not the expected one is a ``ParseError``, so a change in
invoke's parser fails loudly instead of importing the wrong files. Only public
invoke names are used (``invoke.main.program``, ``Program.core``/
``collection``/``initial_context``, ``ParseResult.unparsed``,
``Collection.task_names``, ``ParserContext.flags``/``inverse_flags``,
``Argument.value``/``set_value``/``raw_value``/``takes_value``/``optional``/
``kind``), no stack frames and no underscore attributes; but the replay copies
the parser's order of checks, so invoke stays pinned (requirements.txt) and
tests/test_taskargs.py runs the real command line. Tasks run by another
``Program`` get an empty list, and invoke rejects their words.
"""

from __future__ import annotations

from typing import Any

from invoke import Task
from invoke.exceptions import ParseError
from invoke.parser import Argument, ParserContext


def _is_word(token: str) -> bool:
    # A token like --help or -x is an option, never a file name or a title word.
    return not token.startswith("-")


class _InvokeWouldFailError(Exception):
    """invoke's parser raises a ParseError here: nothing after it is parsed."""


def _replay(
    tokens: list[str], context: ParserContext, initial: ParserContext, words: Argument
) -> tuple[list[bool], list[str]]:
    """What invoke 3.0.3's ParseMachine does with ``tokens`` in a task's ``context``.

    Returns the answers to its successive "is a positional argument missing?"
    questions (True: the token being read is a word) and the words ``words``
    will be given, in order. Mirrors ``Parser.parse_argv`` (``--x=y`` and
    ``-abc`` splitting), ``ParseMachine.handle``, ``switch_to_flag``,
    ``see_value``, ``complete_flag`` and ``check_ambiguity``.
    """
    answers: list[bool] = []
    given: list[str] = []
    filled: set[int] = set()  # options that received a value during the replay
    flag: Argument | None = None  # the option the parser is on
    flag_got_value = False

    def has_value(arg: Argument) -> bool:
        return arg.raw_value is not None or id(arg) in filled

    def waiting_for_value() -> bool:
        if flag is None or not flag.takes_value:
            return False
        if flag.kind is list and not flag_got_value:
            return True
        return not has_value(flag)

    def check_ambiguity() -> None:
        # After an option whose value is optional (--list), the parser asks
        # too; "not missing" leaves the next token to that option.
        if flag is not None and flag.optional and not has_value(flag):
            answers.append(False)

    def switch_to(arg: Argument, token: str) -> None:
        nonlocal flag, flag_got_value
        check_ambiguity()
        if flag is not None and not has_value(flag):  # complete_flag
            if flag.takes_value and not flag.optional:
                raise _InvokeWouldFailError  # "Flag ... needed value and was not given one!"
            filled.add(id(flag))
        flag, flag_got_value = arg, False
        if not arg.takes_value:
            filled.add(id(arg))

    def see_value(token: str) -> None:
        nonlocal flag_got_value
        check_ambiguity()
        assert flag is not None
        filled.add(id(flag))
        flag_got_value = True
        if flag is words:  # --files a.txt
            given.append(token)

    queue = list(tokens)
    try:
        while queue:
            token = original = queue.pop(0)
            more: list[str] = []
            if token.startswith("-"):
                if "=" in token:
                    token, _, value = token.partition("=")
                    more = [value]
                elif not token.startswith("--") and len(token) > 2:
                    token, rest = token[:2], token[2:]
                    if token in context.flags and context.flags[token].takes_value:
                        more = [rest]
                    else:
                        more = [f"-{char}" for char in rest]
            if waiting_for_value() and not (flag and flag.optional and token in context.flags):
                token, more = original, []
            queue[:0] = more
            if token in context.flags:
                switch_to(context.flags[token], token)
            elif token in context.inverse_flags:
                switch_to(context.flags[context.inverse_flags[token]], token)
            elif waiting_for_value():
                see_value(token)
            else:  # the parser asks whether a positional argument is missing
                answers.append(_is_word(token))
                if answers[-1]:
                    given.append(token)
                elif token in initial.flags:  # a core option such as --help or --echo
                    core = initial.flags[token]
                    if core.name != "help":  # --help only takes note of the task's name
                        switch_to(core, token)
                else:
                    raise _InvokeWouldFailError  # "No idea what '--bogus' is!"
    except _InvokeWouldFailError:
        pass
    return answers, given


def _script(task: Task, arguments: list[Argument], words: Argument) -> tuple[list[bool], list[str]]:
    """Replay the line invoke's own program is parsing, from ``task``'s name on."""
    from invoke.main import program  # the Program behind `invoke`, `inv`, `python -m invoke`

    core = getattr(program, "core", None)  # set by Program.parse_core_args
    collection = getattr(program, "collection", None)
    if core is None or collection is None:
        return [], []
    names = {
        name
        for primary, aliases in collection.task_names.items()
        if collection[primary] is task
        for name in (primary, *aliases)
    }
    tokens = list(core.unparsed)
    start = next((index for index, token in enumerate(tokens) if token in names), None)
    if start is None:
        return [], []
    context = ParserContext(args=arguments)  # the context invoke builds from them
    return _replay(tokens[start + 1 :], context, program.initial_context, words)


class _EveryWord(Argument):
    """A positional argument whose value is the list of all words it was given."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**{**options, "kind": list, "default": []})
        self.words: list[str] = []
        self.answers: list[bool] = []  # to the parser's "missing?" questions, in order
        self.expected: list[str] = []
        self.asked = 0
        self.reading = False  # answered "missing": the parser is handing over a word

    def follow(self, answers: list[bool], expected: list[str]) -> None:
        self.answers, self.expected = answers, expected

    @property
    def value(self) -> Any:
        if not self.reading and self.asked < len(self.answers):
            self.reading = self.answers[self.asked]
            self.asked += 1
        return None if self.reading else list(self.words)

    @value.setter
    def value(self, word: Any) -> None:
        self.set_value(word)

    def set_value(self, value: Any, cast: bool = True) -> None:
        position = len(self.words)
        expected = self.expected[position] if position < len(self.expected) else None
        if value != expected:
            raise ParseError(
                f"'{self.name}' was given {value!r} where {expected!r} was expected: "
                "vnportal/editors/taskargs.py no longer follows this version of invoke"
            )
        self.raw_value = value
        self.words.append(value)
        self.reading = False

    @property
    def got_value(self) -> bool:
        return bool(self.words)


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
        arguments = [words if arg is first else arg for arg in arguments]
        words.follow(*_script(self, arguments, words))
        return arguments
