"""The package's folders are the build's stages, and imports only go down the stages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vnportal"
# Each stage and the stages below it that it may use (README, "How it is built").
MAY_USE = {
    "model": set(),
    "check": {"model"},
    "incremental": {"model"},
    "render": {"model", "incremental"},
    "site": {"model", "incremental"},
    "build": {"model", "check", "incremental", "render", "site"},
    "editors": {"model", "check", "incremental", "render", "site", "build"},
}
# Stages that work without Pelican, so the checker and the editors' tools stay light.
WITHOUT_PELICAN = {"model", "check", "incremental"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _stage(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None  # None: __init__.py or __main__.py


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, function bodies too."""
    package = ["vnportal", *path.relative_to(PACKAGE).parent.parts]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            if node.module is None:  # from . import x: x is a module of that package
                found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
    return found


def test_every_module_lives_in_a_stage_folder():
    loose = [
        path.name
        for path in _modules()
        if _stage(path) is None and path.name not in {"__init__.py", "__main__.py"}
    ]
    assert loose == []
    assert {path.relative_to(PACKAGE).parts[0] for path in _modules() if _stage(path)} <= set(
        MAY_USE
    )


@pytest.mark.parametrize("stage", sorted(MAY_USE))
def test_a_stage_imports_only_the_stages_below_it(stage):
    wrong = []
    for path in _modules():
        if _stage(path) != stage:
            continue
        for line, name in _imports(path):
            parts = name.split(".")
            if parts[0] != "vnportal" or len(parts) < 2:
                continue
            used = parts[1]
            if used != stage and used not in MAY_USE[stage]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    assert wrong == []


@pytest.mark.parametrize("stage", sorted(WITHOUT_PELICAN))
def test_lower_stages_do_not_need_pelican(stage):
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
        for path in _modules()
        if _stage(path) == stage
        for line, name in _imports(path)
        if name.split(".")[0] == "pelican"
    ]
    assert wrong == []


def test_pelicans_private_parts_are_used_in_one_module_only():
    """An attribute of Pelican's with a leading underscore is named in pelican_patches only."""
    private = {"_open_w", "_written_files", "_build_period_archives", "fatal_lvl"}
    users = {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Attribute) and node.attr in private)
        or (isinstance(node, ast.FunctionDef) and node.name in private)
    }
    assert users == {"vnportal/render/pelican_patches.py"}


def test_no_module_reads_the_call_stack():
    """Frame inspection ties code to a library's internals; none of ours does it."""
    readers = [
        path.relative_to(PACKAGE.parent).as_posix()
        for path in _modules()
        if "_getframe" in path.read_text(encoding="utf-8")
        or "inspect.currentframe" in path.read_text(encoding="utf-8")
    ]
    assert readers == []


def test_register_is_the_only_thing_the_plugin_module_defines():
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    defined = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
    ]
    assert defined == ["register"]
