"""What the build process needs of the index stage once the languages are built.

The preparing process (vnportal/build/launch.py) makes it from the index and
the checked files, and sends it pickled: addresses, digests and finished
sitemaps, never the index itself, so the build process stays small while the
language workers build.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any

from ..site.search_index import SearchPlan


@dataclass
class Handover:
    ran: list[str]  # the languages whose workers were started
    languages: dict[str, str]  # the digest of each language's inputs, for the stamp
    warnings: list[str]  # every warning of the checks, already printed
    # Each language's SearchPlan, pickled: this process holds its addresses (100,000
    # at the largest sizes) as objects only while it indexes that language.
    searches: dict[str, bytes]
    discovery: dict[str, str]  # sitemaps and robots.txt, in the staging folder if changed
    summary: dict[str, Any]  # of the index, for the stamp and the report
    record: bytes  # what the build read (a pickled Record); the output's signature is
    # set at the end
    images: dict[str, str]  # every photo file and share card under output/
    photos: dict[str, str]  # each photo's digest, by path under content/

    @staticmethod
    def packed_searches(plan: SearchPlan, languages: list[str]) -> dict[str, bytes]:
        return {lang: pickle.dumps(plan.of(lang), pickle.HIGHEST_PROTOCOL) for lang in languages}

    def search(self, lang: str) -> SearchPlan:
        """The search plan of ``lang``'s parts."""
        return pickle.loads(self.searches[lang])
