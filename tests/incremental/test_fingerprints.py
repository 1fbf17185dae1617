"""Digests of a build's inputs."""

from __future__ import annotations

from vnportal.incremental.fingerprints import files_digest
from vnportal.model.sources import FolderWalks


def test_the_inputs_digest_is_the_same_from_the_builds_walk_as_from_a_fresh_one(tmp_path):
    """The build digests content/ from the walk the "nothing changed" check made: the
    same files, sizes and times give the same digest, and a change a different one."""
    for number, name in enumerate(["vi/2024/07/tập-huấn.md", "en/2024/07/training.md"]):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x" * number, encoding="utf-8")
    roots = [tmp_path / "vi", tmp_path / "en", tmp_path / "missing"]
    walk = FolderWalks()
    walk(tmp_path)
    assert files_digest(roots, walk) == files_digest(roots)
    (tmp_path / "vi/2024/07/tập-huấn.md").write_text("đã sửa", encoding="utf-8")
    assert files_digest(roots) != files_digest(roots, walk)  # the walk is of before
    walk.forget()
    assert files_digest(roots, walk) == files_digest(roots)
