"""Whole-number settings and limits: one test for what the site's settings may hold."""

from __future__ import annotations


def is_whole_number(value: object, minimum: int) -> bool:
    """An int of at least ``minimum``; True and False are ints to Python, not to an editor."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum
