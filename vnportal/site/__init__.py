"""Stage 3: steps over the whole output once both languages are written (the search index)."""
