"""A function called in a forked child: its value, or the fallback when it sends none."""

from __future__ import annotations

import os

import pytest

from vnportal.incremental.forked_call import ForkedCall


def test_the_child_s_value_comes_back_once():
    call = ForkedCall(lambda: {"tiêu đề": ["Tập huấn", 2024]})
    assert call.result(failed=lambda: None) == {"tiêu đề": ["Tập huấn", 2024]}
    with pytest.raises(RuntimeError, match="already taken"):
        call.result(failed=lambda: None)


def test_a_child_that_fails_sends_nothing_and_the_fallback_answers():
    def fails() -> None:
        raise OSError("no memory")

    call = ForkedCall(fails)
    assert call.result(failed=lambda: "made here") == "made here"


def test_a_call_whose_result_is_not_taken_is_ended_and_reaped():
    call = ForkedCall(lambda: "x" * 1_000_000)  # larger than a pipe holds: it blocks
    pid = call._pid
    call.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)
    call.close()  # twice is harmless
