"""Command line: ``python -m vnportal build|check|serve``; tasks.py calls the same functions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..build.up_to_date import CheckWalks, unchanged_site
from ..model.errors import BuildError

# The build's and the checker's modules (Pelican, Markdown, Jinja...) are imported by
# the commands that use them: "nothing changed" is answered without them.


def _counted(count: int, one: str, more: str) -> str:
    """A count and its words, in the singular for one: "1 part", "2 parts"."""
    return f"{count} {one if count == 1 else more}"


def run_build(
    settings: Path,
    output: Path,
    *,
    use_cache: bool = True,
    pages_shown: Callable[[], None] | None = None,
) -> int:
    """Build, print a one-line summary or every problem; return the exit code.

    ``pages_shown``: see build_site (the live preview's early reload).
    """
    try:
        walks = CheckWalks()  # what the check walked, for the build
        report = unchanged_site(settings, output, walks) if use_cache else None
        if report is None:
            from ..build.search_stop import SearchStopError
            from ..build.site import build_site

            try:
                report = build_site(
                    settings,
                    output,
                    use_cache=use_cache,
                    quick=False,
                    pages_shown=pages_shown,
                    walks=walks,
                )
            except SearchStopError:
                print(
                    "Stopped before the search index: a newer save is built next.",
                    file=sys.stderr,
                )
                return 1
    except KeyboardInterrupt:  # Ctrl+C, also in the live preview's build process
        print(
            "\nThe build was stopped (Ctrl+C). The next build finishes or undoes "
            "whatever it left half done.",
            file=sys.stderr,
        )
        return 130
    except BuildError as error:
        print(
            "\nThe build stopped; nothing was published. Fix these and build again:",
            file=sys.stderr,
        )
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    stories = ", ".join(f"{lang}: {count}" for lang, count in report.stories.items())
    if report.up_to_date:
        print(f"Nothing changed since the last build: {output} is up to date ({stories} stories)")
    else:
        print(
            f"Built {report.files} files ({stories} stories) into {output} "
            f"in {report.seconds:.1f} s: {report.rendered} pages and feeds made, "
            f"{report.reused} unchanged ones kept; search index: "
            f"{_counted(report.search_parts, 'part', 'parts')} made in "
            f"{report.search_seconds:.1f} s"
        )
    if report.compressed is not None and report.compressed.files:
        done = report.compressed
        print(
            f"Compressed {done.files} changed text files ({_kib(done.original_bytes)}): "
            f"gzip {_kib(done.forms_bytes['.gz'])}, brotli {_kib(done.forms_bytes['.br'])}"
        )
    if report.waiting:
        waiting = _counted(len(report.waiting), "story waits for its", "stories wait for their")
        print(f"{waiting} time, held back as drafts till then:")
        for source, when in report.waiting:
            print(f"  {source}: {when:%d/%m/%Y %H:%M} (Vietnam time)")
    if report.drafts:
        where = (
            "not published (a publishing build leaves them out)"
            if report.published
            else "built under drafts/ and listed nowhere on the site"
        )
        print(f"{len(report.drafts)} drafts, {where}:")
        for draft in report.drafts:
            print(f"  {draft}")
    return 0


def _kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


def run_check(settings: Path, *, fix: bool = False) -> int:
    """Print every problem of the content, then a count; 1 if there is an error."""
    from ..build.index_stage import file_checks_cache
    from ..build.output import tidy_output
    from ..build.settings import read_base_settings
    from ..check import check_content

    base = read_base_settings(settings)
    with tidy_output(Path(base["OUTPUT_PATH"])) as said:  # a build killed while publishing
        for line in said:
            print(line)
    cache = None if fix else file_checks_cache(base)
    report = check_content(Path(base["PATH"]), base, fix=fix, cache=cache)
    if cache is not None:
        cache.save()
    for problem in [*report.problems, *report.notes]:
        print(problem)
    print(report.summary())
    return 1 if report.errors else 0


# What an imported article lacks, given on the command line (it wins over what was found).
IMPORT_OPTIONS = {
    "date": "publication date for inputs without one: 2024-07-11 or '2024-07-11 08:30'",
    "author": "author(s), e.g. 'Cao Thắng' or 'Nhật Xuân, Nghi Vũ'",
    "category": "the portal's category, e.g. 'Phổ biến, giáo dục pháp luật'",
    "tags": "tags separated by ';' (or ',' when there is no ';'): 'hòa giải; tập huấn'",
    "source": "the paper's short name shown as the source, e.g. ABO",
}
REPORT_HELP = "CSV report for the editor (default: import-report.csv in the current folder)"


def run_import(
    files: list[Path],
    settings: Path,
    *,
    date: str = "",
    author: str = "",
    category: str = "",
    tags: str = "",
    source: str = "",
    report: Path | None = None,
) -> int:
    """Import old-portal articles into the settings' content/vi; print the report.

    ``files`` are copied texts, saved pages, folders of saved sites, feeds and
    WordPress exports; the options give what the inputs lack (they win over
    what was found). The report also goes to ``report`` (CSV, by default
    import-report.csv in the current folder).
    """
    from ..build.settings import read_base_settings
    from .importer import Overrides, format_report, import_files, write_csv

    if not files:
        print(
            "Name one or more files to import: invoke import a.txt b.html saved-site/ feed.xml",
            file=sys.stderr,
        )
        return 2
    try:
        overrides = Overrides.parse(
            date=date, author=author, category=category, tags=tags, source=source
        )
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    base = read_base_settings(settings)
    limits = base.get("PORTAL_LIMITS") or {}
    notes: list[str] = []
    reports = import_files(
        files,
        Path(base["PATH"]),
        tag_keywords=base.get("IMPORT_TAG_KEYWORDS", {}),
        overrides=overrides,
        body_limit=int(limits.get("body_bytes", 1_000_000)),
        notes=notes,
    )
    csv_path = report or Path("import-report.csv")
    try:
        write_csv(reports, csv_path)
    except OSError as error:
        print(f"{csv_path}: the report cannot be written ({error.strerror})", file=sys.stderr)
        csv_path = None
    print(format_report(reports, notes, csv_path))
    return 0 if all(report.ok for report in reports) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vnportal")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the whole portal")
    build.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    build.add_argument("--output", type=Path, default=Path("output"))
    build.add_argument(
        "--fresh", action="store_true", help="make every page anew (ignore the build cache)"
    )
    check = commands.add_parser("check", help="check the content for problems")
    check.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    check.add_argument("--fix", action="store_true", help="rewrite files that are not NFC")
    imports = commands.add_parser(
        "import", help="import old-portal articles: texts, saved pages, saved sites, feeds"
    )
    imports.add_argument("files", type=Path, nargs="+", metavar="FILE")
    imports.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    for name, what in IMPORT_OPTIONS.items():
        imports.add_argument(f"--{name}", default="", help=what)
    imports.add_argument("--report", type=Path, default=None, help=REPORT_HELP)
    serve = commands.add_parser("serve", help="serve the built portal on 127.0.0.1")
    serve.add_argument("--output", type=Path, default=Path("output"))
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--nginx", action="store_true", help="serve with nginx and deploy/nginx.conf"
    )
    args = parser.parse_args(argv)
    if args.command == "build":
        return run_build(args.settings, args.output, use_cache=not args.fresh)
    if args.command == "check":
        return run_check(args.settings, fix=args.fix)
    if args.command == "import":
        options = {name: getattr(args, name) for name in IMPORT_OPTIONS}
        return run_import(args.files, args.settings, report=args.report, **options)
    if args.nginx:
        from .nginx import serve_with_nginx

        return serve_with_nginx(args.output, args.port)
    from .serve import serve_forever

    serve_forever(args.output, args.port)
    return 0
