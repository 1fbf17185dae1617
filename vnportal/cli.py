"""Command line: ``python -m vnportal build|serve``; tasks.py calls the same functions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build_site
from .errors import BuildError


def run_build(settings: Path, output: Path) -> int:
    """Build, print a one-line summary or every problem; return the exit code."""
    try:
        report = build_site(settings, output)
    except BuildError as error:
        print(
            "\nThe build stopped; nothing was published. Fix these and build again:",
            file=sys.stderr,
        )
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    stories = ", ".join(f"{lang}: {count}" for lang, count in report.stories.items())
    print(f"Built {report.files} files ({stories} stories) into {output} in {report.seconds:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vnportal")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the whole portal")
    build.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    build.add_argument("--output", type=Path, default=Path("output"))
    serve = commands.add_parser("serve", help="serve the built portal on 127.0.0.1")
    serve.add_argument("--output", type=Path, default=Path("output"))
    serve.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "build":
        return run_build(args.settings, args.output)
    from .serve import serve_forever

    serve_forever(args.output, args.port)
    return 0
