"""Hugo as a second baseline: the benchmark corpus as a two-language Hugo site.

``write_hugo_site(folder)`` writes the configuration and a handful of minimal
templates of our own, close to what a new Hugo theme starts with: a page per
story (title, date, author, category, tags, lead image, body, link to its
translation), lists paginated 10 per page (home, year sections, tag,
category and author pages), the list of all terms of each taxonomy, and
Hugo's built-in RSS for home, sections, taxonomies and terms (sitemap and
404 page as Hugo makes them by default). The stories themselves are written
by ``corpus.write_corpus`` (``corpus.hugo_text``) under ``content/vi`` and
``content/en``; Vietnamese is the default language, at the root, English is
under ``/en/``. Hugo has no incremental build outside its server mode, so
every build is a full one, which is how a deployment would run it.

Debian's ``hugo`` package (0.111 in bookworm) is what the benchmark uses;
``ensure_hugo()`` installs it with apt-get when it is missing and this runs as
root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .corpus import PREVIEW_ORIGIN

CONFIG = f"""# The benchmark corpus as a Hugo site (benchmarks/hugo.py).
baseURL = "{PREVIEW_ORIGIN}/"
title = "Hugo benchmark"
defaultContentLanguage = "vi"
defaultContentLanguageInSubdir = false
timeZone = "Asia/Ho_Chi_Minh"
paginate = 10
rssLimit = 100  # as plain Pelican's FEED_MAX_ITEMS; Hugo's default is every page

[taxonomies]
  tag = "tags"
  category = "categories"
  author = "authors"

[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
  taxonomy = ["HTML", "RSS"]
  term = ["HTML", "RSS"]

[languages]
  [languages.vi]
    languageName = "Tiếng Việt"
    contentDir = "content/vi"
    weight = 1
  [languages.en]
    languageName = "English"
    contentDir = "content/en"
    weight = 2
    title = "Hugo benchmark (English)"
"""

BASEOF = """<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" \
href="{{ .RelPermalink }}" title="{{ $.Site.Title }}">{{ end }}
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" \
href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header>
<a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Taxonomies.categories.ByCount }}\
<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}</nav>
{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a>{{ end }}
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
"""

SUMMARY = """<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">\
{{ .Date.Format "02/01/2006" }}</time>
<p>{{ .Summary }}</p>
</article>
"""

LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
{{ range $pager.Pages }}{{ partial "summary.html" . }}{{ end }}
{{ template "_internal/pagination.html" . }}
{{ end }}
"""

SINGLE = """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">\
{{ .Date.Format "02/01/2006 15:04" }}</time>
{{ range .GetTerms "authors" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "categories" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ with .Params.image }}<img src="{{ . }}" alt="{{ $.Params.image_alt }}">{{ end }}
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>\
{{ end }}</ul>
{{ range .Translations }}<p><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">\
{{ .Title }}</a></p>{{ end }}
</article>
{{ end }}
"""

TAXONOMY = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">\
{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"""

LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/list.html": LIST,  # home and year sections
    "_default/single.html": SINGLE,
    "_default/taxonomy.html": TAXONOMY,  # all tags, all categories, all authors
    "_default/term.html": LIST,  # one tag's (category's, author's) stories
    "partials/summary.html": SUMMARY,
}


def write_hugo_site(site: Path) -> None:
    """The configuration and templates; the content is written by corpus.write_corpus."""
    for relpath, text in {
        "config.toml": CONFIG,
        **{f"layouts/{k}": v for k, v in LAYOUTS.items()},
    }.items():
        path = site / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def hugo_command(site: Path, output: Path, cache: Path) -> list[str]:
    hugo = shutil.which("hugo") or "hugo"
    return [hugo, "--source", str(site), "--destination", str(output), "--cacheDir", str(cache)]


def hugo_version() -> str:
    hugo = shutil.which("hugo")
    if hugo is None:
        return "not installed"
    done = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or done.stderr.strip()


def ensure_hugo() -> None:
    """Install Debian's hugo when missing (as root); otherwise say how, and stop."""
    if shutil.which("hugo"):
        return
    if os.geteuid() != 0:
        raise SystemExit(
            "Hugo is not installed and this is not root: run `sudo apt-get install hugo`, "
            "or leave Hugo out with --no-hugo (or --only ours)."
        )
    print("Hugo is missing: installing Debian's hugo package with apt-get ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "hugo"]
    if subprocess.run(install, env=env, check=False).returncode != 0:
        # A fresh machine may not have its package lists yet.
        subprocess.run(["apt-get", "update"], env=env, check=True)
        subprocess.run(install, env=env, check=True)
    if not shutil.which("hugo"):
        raise SystemExit("apt-get ran but there is still no hugo command")
