"""Production overrides for `invoke publish`: the public address, nothing unpublished.

The public address comes from the environment, so that a deployment needs no
code edit: PORTAL_SITEURL=https://pbgdpl.tiengiang.gov.vn invoke publish. The
build checks it and normalises it (vnportal/model/public_address.py).
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("PORTAL_SITEURL", "https://pbgdpl.tiengiang.example.vn")
FEED_DOMAIN = SITEURL  # feeds, sitemaps, canonical and hreflang links: all absolute
PORTAL_PUBLISH = True  # precompressed files, content-hashed CSS and JS names
# Drafts, and stories waiting for their date, are not written at all: a public
# server must not hold them, even at an address no page links to.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
# .gz and .br beside every text file, for nginx's gzip_static and brotli_static.
# PORTAL_PRECOMPRESS=0 for a host that compresses by itself (GitHub Pages).
PORTAL_PRECOMPRESS = os.environ.get("PORTAL_PRECOMPRESS", "1") != "0"
