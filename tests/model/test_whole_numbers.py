"""The one test of a whole-number setting or limit."""

from __future__ import annotations

from vnportal.model.whole_numbers import is_whole_number


def test_a_whole_number_is_an_int_at_least_the_minimum_and_never_true_or_false():
    assert is_whole_number(250, 1) and is_whole_number(0, 0)
    assert not is_whole_number(0, 1)
    assert not is_whole_number(True, 1) and not is_whole_number(False, 0)
    assert not is_whole_number("250", 1) and not is_whole_number(2.0, 1)
