"""Tasks for editors and developers: `invoke --list` is the menu."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from invoke import task

from vnportal.editors.taskargs import EveryWordTask
from vnportal.model.sources import LANGUAGES

ROOT = Path(__file__).resolve().parent
SETTINGS = {"local": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}


def _build(output: str, settings: Path, fresh: bool) -> None:
    from vnportal.editors.cli import run_build

    code = run_build(settings, ROOT / output, use_cache=not fresh)
    if code:
        sys.exit(code)


BUILD_HELP = {
    "output": "folder to write the site into (default: output)",
    "fresh": "make every page anew instead of reusing unchanged ones",
}


@task(help=BUILD_HELP)
def build(c, output="output", fresh=False):
    """Build the whole portal (Vietnamese at /, English at /en/) for local viewing."""
    _build(output, SETTINGS["local"], fresh)


@task(help=BUILD_HELP)
def publish(c, output="output", fresh=False):
    """Build the portal with the public address from publishconf.py."""
    _build(output, SETTINGS["publish"], fresh)


@task(
    help={
        "port": "port on 127.0.0.1 (default 8000)",
        "output": "folder to serve",
        "nginx": "serve it with nginx and deploy/nginx.conf, as a server would (installs "
        "Debian's nginx when missing)",
    }
)
def serve(c, port=8000, output="output", nginx=False):
    """Serve the built portal on http://127.0.0.1:8000/ (build or publish first)."""
    if nginx:
        from vnportal.editors.nginx import serve_with_nginx

        code = serve_with_nginx(ROOT / output, int(port))
        if code:
            sys.exit(code)
        return
    from vnportal.editors.serve import serve_forever

    serve_forever(ROOT / output, int(port))


@task(
    help={
        "rsync": "where the server keeps the site: user@host:/var/www/pbgdpl",
        "output": "folder to publish and copy (default: output)",
    }
)
def deploy(c, rsync, output="output"):
    """Publish, then copy the site to a server with rsync (only changed files)."""
    from vnportal.editors.deploy import DeployError, rsync_command, run

    try:
        command = rsync_command(ROOT / output, rsync)
    except DeployError as error:
        sys.exit(str(error))
    _build(output, SETTINGS["publish"], fresh=False)
    code = run(command)
    if code:
        sys.exit(code)


@task(help={"output": "folder to publish and push (default: output-pages)"})
def gh_pages(c, output="output-pages"):
    """Publish for GitHub Pages and push it to the gh-pages branch (ghp-import)."""
    import os

    from vnportal.build.settings import read_base_settings
    from vnportal.editors.deploy import gh_pages_command, run
    from vnportal.model.errors import BuildError

    os.environ["PORTAL_PRECOMPRESS"] = "0"  # GitHub Pages compresses by itself
    try:
        siteurl = read_base_settings(SETTINGS["publish"])["SITEURL"]
    except BuildError as error:
        sys.exit("\n".join(error.problems))
    _build(output, SETTINGS["publish"], fresh=False)
    code = run(gh_pages_command(ROOT / output, siteurl))
    if code:
        sys.exit(code)


@task(help={"port": "port on 127.0.0.1 (default 8000)", "output": "folder to build and serve"})
def livereload(c, port=8000, output="output"):
    """Preview on http://127.0.0.1:8000/: rebuilds on save, reloads the browser."""
    from vnportal.editors.livereload import serve_live

    serve_live(SETTINGS["local"], ROOT / output, int(port))


@task(help={"fix": "rewrite files that are not in Unicode NFC (they look the same)"})
def check(c, fix=False):
    """Check every story: file:line: what is wrong — how to fix it; non-zero on errors."""
    from vnportal.editors.cli import run_check

    code = run_check(SETTINGS["local"], fix=fix)
    if code:
        sys.exit(code)


@task(
    klass=EveryWordTask,  # the title's words, quoted or not; none with --translate
    help={
        "title": 'the story\'s title, e.g. "Hội nghị tập huấn"',
        "lang": "vi (default) or en, for an English original",
        "translate": "a story to translate, e.g. content/vi/2024/07/bai.md",
    },
)
def new(c, title, lang="", translate=""):
    """Create content/<lang>/<yyyy>/<mm>/<slug>.md with complete front matter."""
    from vnportal.editors.scaffold import run_new

    code = run_new(ROOT, " ".join(title), lang, translate)
    if code:
        sys.exit(code)


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
    for lang in LANGUAGES:
        c.run(
            f"{pybabel} update -i {folder}/messages.pot -d {folder} -l {lang} --no-fuzzy-matching"
        )


@task(help={"output": "built folder to audit (default: output)"})
def lighthouse(c, output="output"):
    """Print Lighthouse accessibility, best-practices and SEO scores of the built portal."""
    c.run(f"{sys.executable} scripts/lighthouse.py {ROOT / output}")


@task(
    name="import",
    klass=EveryWordTask,  # invoke has no "FILE..." arguments of its own
    help={
        "files": "copied texts (.txt), saved pages (.html), folders of saved sites, "
        "RSS/Atom feeds or WordPress exports (.xml), as many as you like",
        "settings": "settings whose content folder gets the stories (default: pelicanconf.py)",
        "date": "publication date for inputs without one: 2024-07-11 or '2024-07-11 08:30'",
        "author": "author(s) of every story: 'Cao Thắng' or 'Nhật Xuân, Nghi Vũ'",
        "category": "the portal's category for every story",
        "tags": "tags for every story, separated by ';': 'hòa giải; tập huấn'",
        "source": "the paper's short name shown as the source, e.g. ABO",
        "report": "CSV report for the editor (default: import-report.csv)",
    },
)
def import_(c, files, settings="", date="", author="", category="", tags="", source="", report=""):
    """Import old articles as Vietnamese stories: invoke import a.txt b.html site/ feed.xml."""
    from vnportal.editors.cli import run_import

    chosen = Path(settings) if settings else SETTINGS["local"]
    code = run_import(
        [Path(name) for name in files],
        chosen,
        date=date,
        author=author,
        category=category,
        tags=tags,
        source=source,
        report=Path(report) if report else None,
    )
    if code:
        sys.exit(code)


@task(
    help={
        "stories": "story pairs (Vietnamese + English) in the generated corpus (default 1000)",
        "rounds": "rounds of measurements, the systems alternating (default 3; 1 with --growth)",
        "profile": "profile our build with cProfile instead of timing it",
        "against": "also measure our build as of this git revision, e.g. HEAD~3",
        "only": "'ours': leave plain Pelican and Hugo out",
        "ours": "measure our build as of this git revision instead of the work tree",
        "no-hugo": "leave Hugo out (otherwise Debian's hugo is installed when missing)",
        "growth": "our cold build at each size instead, e.g. 1000,5000,20000,50000",
        "livereload": "the live preview's save-to-browser time instead (Chromium)",
        "search": "the reader's search on these built outputs instead, e.g. output,output-b",
        "query": "with --search: the words searched (default: hòa giải)",
        "slow": "with --search: emulate a slow phone connection",
    }
)
def bench(
    c,
    stories=1000,
    rounds=0,
    profile=False,
    against="",
    only="",
    ours="",
    no_hugo=False,
    growth="",
    livereload=False,
    search="",
    query="",
    slow=False,
):
    """Time our build against plain Pelican 4.12 and Hugo on a generated corpus (README there)."""
    if search:  # the reader's search on built outputs, not a build
        command = "-m benchmarks.search_page " + " ".join(shlex.quote(o) for o in search.split(","))
        command += f" --query {shlex.quote(query)}" if query else ""
        command += f" --rounds {int(rounds)}" if int(rounds) else ""
        command += " --slow" if slow else ""
    elif livereload:
        command = f"-m benchmarks.livereload --stories {int(stories)}"
    else:
        command = f"-m benchmarks.run --stories {int(stories)}" + (" --profile" if profile else "")
        command += f" --rounds {int(rounds)}" if int(rounds) else ""
        command += f" --against {against}" if against else ""
        command += f" --only {only}" if only else ""
        command += f" --ours {ours}" if ours else ""
        command += " --no-hugo" if no_hugo else ""
        command += f" --growth {growth}" if growth else ""
    with c.cd(str(ROOT)):  # a subprocess: our build runs from a snapshot of its code
        c.run(f"{sys.executable} {command}", pty=False)
