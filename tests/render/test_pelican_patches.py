"""Every use of Pelican's private parts, checked against the installed Pelican.

Each test fails when Pelican changes what vnportal/render/pelican_patches.py
relies on, so that an upgrade is noticed here and not as a slow or broken build.
"""

from __future__ import annotations

import inspect
import logging
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator
from pelican.log import FatalLogger
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from pelican.writers import FileOverwriteFailedError, Writer

from vnportal.render.pelican_patches import (
    StagingWriter,
    StoryList,
    forget_contents,
    forget_old_contents,
    freeze_addresses,
    is_missing_link_warning,
    keep_bodies_compressed,
    make_errors_fatal,
    period_archives,
)


def _settings(**overrides) -> dict:
    return {**DEFAULT_CONFIG, "SITEURL": "", **overrides}


def test_an_error_logged_during_a_run_stops_it():
    before = FatalLogger.fatal_lvl
    try:
        make_errors_fatal()
        with pytest.raises(RuntimeError):
            logging.getLogger("pelican.generators").error("Could not process %s", "x.md")
        logging.getLogger("pelican.generators").warning("a warning goes on")
    finally:
        FatalLogger.fatal_lvl = before


def test_pelicans_warning_about_a_link_to_nothing_is_recognised(caplog):
    settings = _settings()
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": ""}
    article = Article(
        '<p><a href="{filename}/vi/2024/07/missing.md">x</a></p>',
        metadata={"title": "T", "date": datetime(2024, 7, 11)},
        settings=settings,
        source_path="content/vi/2024/07/a.md",
        context=context,
    )
    with caplog.at_level(logging.WARNING, logger="pelican.contents"):
        article.get_content("")
    messages = [record.getMessage() for record in caplog.records]
    assert any(is_missing_link_warning(message) for message in messages), messages
    assert not is_missing_link_warning("Writing output/index.html")


def test_frozen_addresses_are_pelicans_and_stay_fixed():
    for owner in (Article, Tag):  # Pelican computes both on every access
        assert isinstance(inspect.getattr_static(owner, "url"), property)
        assert isinstance(inspect.getattr_static(owner, "save_as"), property)
    settings = _settings(
        ARTICLE_URL="{date:%Y}/{slug}/", ARTICLE_SAVE_AS="{date:%Y}/{slug}/index.html"
    )
    article = Article(
        "<p>x</p>",
        metadata={"title": "T", "date": datetime(2024, 7, 11), "slug": "tin"},
        settings=settings,
        source_path="content/vi/2024/07/a.md",
    )
    tag = Tag("hòa giải", settings)
    article.tags = [tag]
    expected = (article.url, article.save_as, tag.url)
    freeze_addresses(SimpleNamespace(articles=[article]))
    settings["ARTICLE_URL"] = settings["TAG_URL"] = "changed/{slug}/"
    assert (article.url, article.save_as, tag.url) == expected
    assert isinstance(article, Article) and isinstance(tag, Tag)


@pytest.fixture
def pelican_as_in_a_worker():
    """Content as a language worker has it; as Pelican has it again afterwards."""
    memo = inspect.getattr_static(Content, "get_content")
    cache = memo.cache
    keep_bodies_compressed()
    forget_old_contents(limit=4)
    try:
        yield
    finally:
        del Content._content
        memo.cache = cache


def _story(body: str, number: int = 0) -> Article:
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": ""}
    return Article(
        body,
        metadata={"title": f"T{number}", "date": datetime(2024, 7, 11), "slug": f"s{number}"},
        settings=_settings(),
        source_path=f"content/vi/2024/07/s{number}.md",
        context=context,
    )


def test_pelican_keeps_a_storys_html_where_the_worker_compresses_it(pelican_as_in_a_worker):
    # contents.py:70 stores it, contents.py:427 reads it.
    memo = inspect.getattr_static(Content, "get_content")
    source = inspect.getsource(Content.__init__) + inspect.getsource(memo.func)
    assert "self._content = content" in source
    assert "content = self._content" in source
    body = "<p>Hòa giải ở cơ sở: tập huấn cho hòa giải viên.</p>\n" * 100
    story = _story(body)
    stored = story.__dict__["_portal_body"]
    assert isinstance(stored, bytes) and len(stored) < len(body.encode()) / 5
    assert story.content == body
    assert story.get_content("https://example.vn") == body
    short = _story("<p>Ngắn.</p>", 1)
    assert short.__dict__["_portal_body"] == "<p>Ngắn.</p>" == short.content


def test_only_the_newest_contents_are_remembered(pelican_as_in_a_worker):
    stories = [_story(f"<p>Bài {number}: hòa giải.</p>" * 60, number) for number in range(20)]
    for story in stories:
        story.get_content("")
    memo = inspect.getattr_static(Content, "get_content")
    assert len(memo.cache) == 4
    for number, story in enumerate(stories):  # forgotten ones are made again, the same
        assert story.content == f"<p>Bài {number}: hòa giải.</p>" * 60
    assert len(memo.cache) == 4


def test_the_contents_pelican_remembers_can_be_forgotten():
    """Pelican's memo of each story's HTML (contents.py:422 and :434, utils.py:158) holds
    the story, and through its settings the whole language run, until it is emptied."""
    stories = [_story(f"<p>Bài {number}: hòa giải.</p>", number) for number in range(3)]
    for story in stories:
        story.get_content("")
        story.get_summary("")
    memos = [inspect.getattr_static(Content, name) for name in ("get_content", "get_summary")]
    assert all(any(key[0] is stories[0] for key in memo.cache) for memo in memos)
    forget_contents()
    assert [len(memo.cache) for memo in memos] == [0, 0]
    assert stories[2].get_content("") == "<p>Bài 2: hòa giải.</p>"  # made again, the same


def test_pelican_asks_its_generator_for_the_period_archives():
    source = inspect.getsource(ArticlesGenerator.generate_context)
    assert "self._build_period_archives(" in source
    parameters = list(inspect.signature(ArticlesGenerator._build_period_archives).parameters)
    assert parameters == ["self", "sorted_articles", "articles", "settings"]


def test_pelican_finds_a_tags_stories_with_in():
    source = inspect.getsource(ArticlesGenerator.generate_tags)
    assert "if article in articles" in source
    stories = [SimpleNamespace(n=i) for i in range(3)]
    listed = StoryList(stories[:2])
    assert [story in listed for story in stories] == [True, True, False]
    assert list(listed) == stories[:2]


class _KeepingWriter(StagingWriter):
    def __init__(self, output_path, settings=None, *, staging: Path, kept: set[str]):
        super().__init__(output_path, settings=settings)
        self.staging = str(staging)
        self.kept = kept

    def is_kept(self, relpath: str) -> bool:
        return relpath in self.kept


def test_pages_are_written_into_staging_and_kept_pages_are_not_written(tmp_path):
    """Pelican's Writer.write_file opens every file through _open_w; a page at an
    address already written is refused through _written_files."""
    assert {"_open_w"} <= set(vars(Writer)) and "_written_files" in inspect.getsource(Writer)
    output, staging = tmp_path / "output", tmp_path / "staging"
    output.mkdir()
    writer = _KeepingWriter(str(output), _settings(), staging=staging, kept={"old/index.html"})
    template = SimpleNamespace(render=lambda context: "<p>mới</p>")
    writer.write_file("new/index.html", template, {})
    writer.write_file("old/index.html", template, {})
    assert (staging / "new/index.html").read_text(encoding="utf-8") == "<p>mới</p>"
    assert not (staging / "old/index.html").exists()
    assert not (output / "new/index.html").exists()
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("old/index.html", template, {})
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("new/index.html", template, {})


ARCHIVE_SETTINGS = {
    "YEAR_ARCHIVE_SAVE_AS": "archives/{date:%Y}/index.html",
    "YEAR_ARCHIVE_URL": "archives/{date:%Y}/",
    "MONTH_ARCHIVE_SAVE_AS": "archives/{date:%Y}/{date:%m}/index.html",
    "MONTH_ARCHIVE_URL": "archives/{date:%Y}/{date:%m}/",
    "DAY_ARCHIVE_SAVE_AS": "",
    "DAY_ARCHIVE_URL": "",
}


@given(st.lists(st.integers(min_value=0, max_value=3 * 365 * 24), min_size=1, max_size=40))
def test_period_archives_are_pelicans_own(hours):
    """The generator's archives come from our linear function: the same as Pelican's."""
    start = datetime(2023, 1, 1)
    stories = [SimpleNamespace(date=start + timedelta(hours=h)) for h in hours]
    newest_first = sorted(stories, key=lambda s: s.date, reverse=True)
    listed = newest_first[::2]  # the generator's articles: not every dated story is listed
    ours = period_archives(newest_first, listed, ARCHIVE_SETTINGS)
    pelicans = ArticlesGenerator._build_period_archives(
        None, newest_first, listed, ARCHIVE_SETTINGS
    )
    assert ours.keys() == pelicans.keys()
    for granularity, archives in pelicans.items():
        assert len(ours[granularity]) == len(archives)
        for mine, theirs in zip(ours[granularity], archives, strict=True):
            assert mine.keys() == theirs.keys()
            for field, value in theirs.items():
                assert mine[field] == value
