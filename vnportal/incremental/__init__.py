"""Incremental builds: redo only the work whose inputs changed since the last good build.

Each level is keyed by a digest of everything that can change its result:

1. The whole build. When no input file changed (content, theme, our code, the
   settings files) and ``output/`` is as the last build left it, nothing runs.
2. A language. When none of its inputs changed, its run is skipped.
3. A story's Markdown conversion, kept per language in a cache file; each
   file's checks and index line, and the choice of related stories, likewise.
4. Each output file. Its key covers what its template shows (the story, the
   cards of the stories it lists, the language links, navigation, settings,
   theme and code); when the key matches the previous build's, the file in
   ``output/`` is left as it is instead of being rendered again.

``fingerprints`` digests inputs, ``caches`` keeps results between builds,
``page_keys`` decides page by page. Everything lives under ``CACHE_PATH``
(``.cache/`` beside the settings file); deleting it gives a cold build. The
tests compare incremental builds with cold builds byte for byte after every
kind of edit.
"""
