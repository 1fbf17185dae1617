"""The one walker of content/: links are never followed, editors' own files are no content."""

from __future__ import annotations

import os
from pathlib import Path

from vnportal.model.sources import (
    FolderWalks,
    ignored_name,
    markdown_files,
    other_files,
    stat_lines,
    symlinks_under,
    walk_files,
)


def test_a_link_loop_is_listed_once_as_a_link_and_never_walked_round(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images/anh.jpg").write_bytes(b"jpg")
    os.symlink(".", tmp_path / "images/loop")
    walked = [Path(path).relative_to(tmp_path).as_posix() for path, _, _ in walk_files(tmp_path)]
    assert walked == ["images/anh.jpg", "images/loop"]
    assert symlinks_under(tmp_path) == [tmp_path / "images/loop"]


def test_a_folder_link_added_changes_the_walk_without_being_followed(tmp_path):
    (tmp_path / "vi").mkdir()
    (tmp_path / "vi/a.md").write_text("x", encoding="utf-8")
    (tmp_path / "en").mkdir()
    before = walk_files(tmp_path)
    os.symlink("../vi", tmp_path / "en/2025")
    after = walk_files(tmp_path)
    assert [path for path, _, _ in after if path not in dict.fromkeys(p for p, _, _ in before)] == [
        str(tmp_path / "en/2025")
    ]
    assert markdown_files(tmp_path / "en") == []


def test_a_link_named_md_is_no_story_but_a_link(tmp_path):
    os.symlink("/etc/passwd", tmp_path / "x.md")
    assert markdown_files(tmp_path) == [] and other_files(tmp_path) == []
    assert symlinks_under(tmp_path) == [tmp_path / "x.md"]


def test_hidden_files_and_editor_backups_are_nobody_s_content(tmp_path):
    names = [".DS_Store", "._a.md", ".#a.md", ".a.md.swp", "a.md~", "#a.md#", ".git/config"]
    for name in names:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"\x00")
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert markdown_files(tmp_path) == [tmp_path / "a.md"] and other_files(tmp_path) == []
    assert all(ignored_name(name.split("/")[0]) for name in names)
    assert not any(ignored_name(name) for name in ("a.md", "a#b.md", "anh.jpg", "#1"))


def test_stat_lines_list_what_walk_files_lists_in_the_same_order(tmp_path):
    """The quick "nothing changed" answer compares its walk with the build's: one
    file more, less or in another order would make every such answer a rebuild."""
    for name in ["a/b.html", "a-b/c.html", "a.html", "ab/index.html", "a/b/c/d.txt", "z.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    walked = [f"{path}\0{size}\0{mtime}" for path, size, mtime in walk_files(tmp_path)]
    assert stat_lines(tmp_path) == walked
    assert [line.split("\0")[0] for line in walked][:3] == [
        str(tmp_path / "a-b/c.html"),
        str(tmp_path / "a.html"),
        str(tmp_path / "a/b.html"),
    ]
    assert stat_lines(tmp_path / "z.md") == walked[-1:]
    assert stat_lines(tmp_path / "missing") == []


def test_one_build_walks_a_folder_once_until_it_lets_go_of_the_walk(tmp_path):
    """The build process lets go of the walk once the preparing process has it: a
    folder asked for afterwards is walked again, not answered from memory."""
    (tmp_path / "vi").mkdir()
    (tmp_path / "vi/a.md").write_text("x", encoding="utf-8")
    walk = FolderWalks()
    first = walk(tmp_path)
    (tmp_path / "vi/b.md").write_text("y", encoding="utf-8")
    assert walk(tmp_path) == first  # the same build: the same walk
    assert [path for path, _, _ in walk(tmp_path / "vi")] == [str(tmp_path / "vi/a.md")]
    walk.forget()
    assert [Path(path).name for path, _, _ in walk(tmp_path)] == ["a.md", "b.md"]


def test_a_subfolder_of_a_walked_folder_is_answered_with_its_own_files_only(tmp_path):
    """Siblings whose names begin like the folder's ("vi-cu", "vi.bak", "vi0") or sort
    just around it are not its files; its subfolders' files are."""
    names = ["en/a.md", "vi/a.md", "vi/2024/07/b.md", "vi-cu/c.md", "vi.bak/d.md", "vi0/e.md"]
    names += ["vi/#tam#", "vi/~x", "vi/\u1ea1.md", "vi\u00e0/f.md", "v/g.md", "vi.md"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    walk = FolderWalks()
    walk(tmp_path)
    for folder in ("vi", "vi/2024", "en", "vi-cu", "v", "missing"):
        assert walk(tmp_path / folder) == walk_files(tmp_path / folder), folder
    assert [Path(p).name for p, _, _ in walk(tmp_path / "vi")] == [
        "#tam#",
        "b.md",
        "a.md",
        "~x",
        "\u1ea1.md",
    ]


def test_a_walk_taken_from_the_nothing_changed_check_answers_as_a_fresh_one(tmp_path):
    names = ["vi/2024/07/tap-huan.md", "vi/2024/07/ảnh bìa.jpg", "vi-cu/a.md", "en/b.md"]
    for number, name in enumerate(names):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x" * number, encoding="utf-8")
    (tmp_path / "vi/__pycache__").mkdir()
    (tmp_path / "vi/__pycache__/x.pyc").write_bytes(b"")  # left out of both
    settings = tmp_path / "pelicanconf.py"
    settings.write_text("SITENAME = 'Sở Tư pháp'\n", encoding="utf-8")
    taken = FolderWalks()
    taken.take({tmp_path / "vi": stat_lines(tmp_path / "vi"), settings: stat_lines(settings)})
    for root in ("vi", "vi/2024/07", "pelicanconf.py", "en"):
        assert taken(tmp_path / root) == walk_files(tmp_path / root), root
