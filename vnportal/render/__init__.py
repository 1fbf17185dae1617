"""Stage 2, inside one Pelican run: reader, template context, language links, feeds, writer."""
