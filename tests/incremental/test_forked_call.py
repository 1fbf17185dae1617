"""A function called in a forked child: its value, or the fallback when it sends none."""

from __future__ import annotations

import fcntl
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


def test_a_lock_let_go_of_here_is_free_while_the_child_still_runs(tmp_path):
    # The build lock is an flock: held while any copy of its descriptor is open. A child
    # started while this process held it, and still waiting to send its result, must
    # not keep the next build waiting for the lock, and so for the child.
    lock = tmp_path / ".output.lock"
    with lock.open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        call = ForkedCall(lambda: "x" * 1_000_000)  # blocks until its result is read
    with lock.open("a+") as next_build:
        fcntl.flock(next_build, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError if held
    assert call.result(failed=lambda: None) == "x" * 1_000_000


def test_several_functions_send_their_values_in_turn_each_as_soon_as_made(tmp_path):
    gate = tmp_path / "second may begin"

    def second() -> str:
        while not gate.exists():  # the child waits: the first value is here already
            os.sched_yield()
        return "thứ hai"

    call = ForkedCall(lambda: ["thứ nhất"], second)
    assert call.result(failed=lambda: None) == ["thứ nhất"]
    gate.touch()
    assert call.result(failed=lambda: None) == "thứ hai"
    with pytest.raises(RuntimeError, match="already taken"):
        call.result(failed=lambda: None)


def test_a_child_failing_halfway_sends_what_it_made_and_the_fallback_answers_the_rest():
    def fails() -> None:
        raise MemoryError

    call = ForkedCall(lambda: 1, fails, lambda: 3)
    answers = [call.result(failed=lambda n=n: f"made here {n}") for n in range(3)]
    assert answers == [1, "made here 1", "made here 2"]
    call.close()  # the child is reaped already: harmless


def test_a_child_made_nicer_gives_this_process_the_cores_first():
    call = ForkedCall(lambda: "x" * 1_000_000)  # blocks until its result is read
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    call.lower_priority(10)
    assert os.getpriority(os.PRIO_PROCESS, call._pid) == min(mine + 10, 19)
    assert os.getpriority(os.PRIO_PROCESS, 0) == mine  # this process is as it was
    assert call.result(failed=lambda: None) == "x" * 1_000_000
    call.lower_priority(10)  # ended and reaped: harmless
