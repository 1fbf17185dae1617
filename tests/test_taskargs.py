"""EveryWordTask on the real invoke command line: every word after the task name."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from invoke import task
from invoke.exceptions import ParseError

from vnportal.editors.taskargs import EveryWordTask

ROOT = Path(__file__).resolve().parents[1]
INVOKE = Path(sys.executable).with_name("invoke")

TASKS = '''
import json

from invoke import task

from vnportal.editors.taskargs import EveryWordTask


def said(**received):
    print(json.dumps(received, ensure_ascii=False))


@task(klass=EveryWordTask, help={"files": "files to show", "settings": "a settings file"})
def show(c, files, settings=""):
    """Print the files and settings it received."""
    said(files=files, settings=settings)


@task(klass=EveryWordTask, help={"title": "the title's words", "translate": "a story"})
def new(c, title, lang="", translate=""):
    """Print the title words, language and story it received."""
    said(title=title, lang=lang, translate=translate)


@task
def hello(c):
    """Say hello."""
    said(hello=True)
'''


@pytest.fixture
def invoke(tmp_path):
    """Run `invoke -r <tmp_path> ...` against a tiny tasks file that prints what it got."""
    (tmp_path / "tasks.py").write_text(TASKS, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}

    def run(*words: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(INVOKE), "-r", str(tmp_path), *words],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=environment,
            check=False,
        )

    return run


def received(result: subprocess.CompletedProcess[str]) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_word_after_the_task_name_goes_to_the_list_in_order(invoke):
    assert received(invoke("show", "a.txt", "b.html", "c.html")) == [
        {"files": ["a.txt", "b.html", "c.html"], "settings": ""}
    ]
    title = received(invoke("new", "Hội", "nghị", "tập", "huấn", "--lang", "en"))
    assert title == [{"title": ["Hội", "nghị", "tập", "huấn"], "lang": "en", "translate": ""}]
    quoted = received(invoke("new", "Hội nghị", "tập huấn"))
    assert quoted[0]["title"] == ["Hội nghị", "tập huấn"]
    # A word that names a task is still a word of the task being read.
    assert received(invoke("new", "import", "hello"))[0]["title"] == ["import", "hello"]


def test_options_work_anywhere_on_the_line(invoke):
    expected = [{"files": ["a.txt", "b.txt"], "settings": "s.py"}]
    for words in (
        ["a.txt", "--settings", "s.py", "b.txt"],
        ["--settings", "s.py", "a.txt", "b.txt"],
        ["a.txt", "b.txt", "--settings", "s.py"],
        ["a.txt", "--settings=s.py", "b.txt"],
        ["-s", "s.py", "a.txt", "b.txt"],
        ["a.txt", "--echo", "b.txt", "--settings", "s.py"],  # a core option in between
    ):
        assert received(invoke("show", *words)) == expected, words
    # Another task before it, and a core option that takes a value after it.
    assert received(invoke("hello", "show", "a", "-r", ".", "b")) == [
        {"hello": True},
        {"files": ["a", "b"], "settings": ""},
    ]


@pytest.mark.parametrize(
    "words, shown",
    [
        (["show", "--help"], "files to show"),
        (["show", "a.txt", "--help"], "files to show"),
        (["new", "--help"], "the title's words"),
        (["new", "-h"], "the title's words"),
    ],
)
def test_help_is_still_shown(invoke, words, shown):
    result = invoke(*words)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: ") and shown in result.stdout
    assert '"files"' not in result.stdout and '"title"' not in result.stdout  # the task did not run


@pytest.mark.parametrize(
    "words, unknown",
    [
        (["show", "--bogus", "a.txt"], "--bogus"),
        (["show", "a.txt", "--bogus"], "--bogus"),
        (["new", "Hội", "--bogus", "nghị"], "--bogus"),
        (["show", "-name"], "-n"),  # a file called -name must be written ./-name
    ],
)
def test_an_unknown_option_is_still_an_error_from_invoke(invoke, words, unknown):
    result = invoke(*words)
    assert result.returncode == 1
    assert f"No idea what '{unknown}' is!" in result.stderr
    assert result.stdout == ""


def test_no_word_gives_an_empty_list(invoke):
    assert received(invoke("show")) == [{"files": [], "settings": ""}]
    assert received(invoke("show", "--settings", "s.py")) == [{"files": [], "settings": "s.py"}]


def test_a_file_whose_name_starts_with_a_dash_is_written_dot_slash(invoke):
    assert received(invoke("show", "./-name", "b.txt"))[0]["files"] == ["./-name", "b.txt"]


def test_new_translate_without_title_words(invoke):
    assert received(invoke("new", "--translate", "content/vi/x.md")) == [
        {"title": [], "lang": "", "translate": "content/vi/x.md"}
    ]
    assert received(invoke("new", "--translate", "content/vi/x.md", "--lang", "en")) == [
        {"title": [], "lang": "en", "translate": "content/vi/x.md"}
    ]


def test_outside_invokes_program_the_list_is_empty_and_a_surprise_is_a_parse_error():
    @task(klass=EveryWordTask)
    def show(c, files, settings=""):
        pass

    words = next(argument for argument in show.get_arguments() if argument.positional)
    assert words.name == "files" and words.value == [] and not words.got_value
    # Told to expect "a.txt", it says "missing" once, then refuses any other word.
    words.follow([True], ["a.txt"])
    assert words.value is None
    with pytest.raises(ParseError, match=re.escape("'b.txt' where 'a.txt' was expected")):
        words.value = "b.txt"
    words.value = "a.txt"
    assert words.value == ["a.txt"] and words.got_value
