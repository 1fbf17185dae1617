"""A rebuild that the live preview may stop while it makes the search index.

A rewrite of story text puts the changed pages into output/ before it remakes
their year's search index (vnportal/build/site.py). When the editor saves again
meanwhile, the preview sends the build SIGTERM rather than wait a second or more
for an index the next build makes again anyway. Before the index, the build has
written its records with the digests of the parts it was about to make left out,
and with nothing that says "up to date", so the next build remakes those parts.
A SIGTERM at any other moment of such a build is ignored: it ends as it would.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from ..site.search_index import INDEXERS


class SearchStopError(Exception):
    """The build was told to stop while it made the search index (a newer save came)."""


@dataclass
class SearchStop:
    indexing: bool = False  # only then does SIGTERM stop anything
    requested: bool = False

    def stopped(self) -> bool:
        """Whether the index was stopped (its failure is that, not a fault)."""
        return self.requested and INDEXERS.stopped


@contextmanager
def search_stoppable() -> Iterator[SearchStop]:
    """SIGTERM ends the Pagefind processes while ``indexing`` is set, else nothing."""
    stop = SearchStop()

    def on_terminate(_signal: int, _frame: FrameType | None) -> None:
        if stop.indexing:
            stop.requested = True
            INDEXERS.stop()

    # Only the main thread may set a handler; a build run elsewhere keeps the default.
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, on_terminate) if main else None
    try:
        yield stop
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        INDEXERS.stopped = False  # the next build in this process indexes as usual
