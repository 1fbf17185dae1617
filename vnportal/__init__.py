"""The portal's Pelican plugin: a bilingual Vietnamese/English news portal.

The package's folders are the stages of a build, bottom up: ``model`` (text,
front matter, the index), ``check`` (the content checker), ``incremental``
(fingerprints, caches, page keys), ``render`` (inside one Pelican run),
``build`` (the whole portal), ``editors`` (command line, importer, preview).
``register()`` connects the functions of one Pelican run, stage by stage.
"""

from __future__ import annotations


def register() -> None:
    # Imported here, not at the top: `python -m vnportal build` imports this package
    # first, and an up-to-date site is answered before Pelican is loaded at all.
    from .render.plugin import connect_signals

    connect_signals()
