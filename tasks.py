"""Tasks for editors and developers: `invoke --list` is the menu."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
SETTINGS = {"local": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}


def _build(output: str, settings: Path) -> None:
    from vnportal.cli import run_build

    code = run_build(settings, ROOT / output)
    if code:
        sys.exit(code)


@task(help={"output": "folder to write the site into (default: output)"})
def build(c, output="output"):
    """Build the whole portal (Vietnamese at /, English at /en/) for local viewing."""
    _build(output, SETTINGS["local"])


@task(help={"output": "folder to write the site into (default: output)"})
def publish(c, output="output"):
    """Build the portal with the public address from publishconf.py."""
    _build(output, SETTINGS["publish"])


@task(help={"port": "port on 127.0.0.1 (default 8000)", "output": "folder to serve"})
def serve(c, port=8000, output="output"):
    """Serve the built portal on http://127.0.0.1:8000/ (build first)."""
    from vnportal.serve import serve_forever

    serve_forever(ROOT / output, int(port))


@task(help={"options": "extra pytest options, e.g. '-k vietnamese'"})
def test(c, options=""):
    """Run the whole test suite (unit, built-site, browser and HTML checks)."""
    c.run(f"{sys.executable} -m pytest {options}", pty=False)


@task
def translations(c):
    """Collect UI strings from templates and code into the vi/en catalogs (then translate)."""
    pybabel = Path(sys.executable).with_name("pybabel")
    folder = ROOT / "theme" / "translations"
    c.run(f"{pybabel} extract -F theme/babel.cfg --sort-by-file -o {folder}/messages.pot .")
    for lang in ("vi", "en"):
        c.run(
            f"{pybabel} update -i {folder}/messages.pot -d {folder} -l {lang} --no-fuzzy-matching"
        )


@task(help={"output": "built folder to audit (default: output)"})
def lighthouse(c, output="output"):
    """Print Lighthouse accessibility, best-practices and SEO scores of the built portal."""
    c.run(f"{sys.executable} scripts/lighthouse.py {ROOT / output}")
