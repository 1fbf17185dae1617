"""The bottom stage, no Pelican: Vietnamese text, front matter, where content lives, the index."""
