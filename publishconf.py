"""Production overrides: absolute addresses for the public site."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

# The public address, without a trailing slash; override per deployment.
SITEURL = os.environ.get("PORTAL_SITEURL", "https://pbgdpl.tiengiang.example.vn")
FEED_DOMAIN = SITEURL
