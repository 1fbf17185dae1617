"""On top, for people: the command line, invoke new, the importer, the preview servers."""
