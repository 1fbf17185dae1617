"""Template helpers: related stories, the remembered gettext, shared fragments."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from pelican.generators import ArticlesGenerator
from vnportal.render.neighbours import RELATED_LIMIT, link_neighbours, related_ranks
from vnportal.render.pelican_patches import period_archives
from vnportal.render.template_helpers import _fragment_renderer, _remembered_gettext

TAG_POOL = ["hòa giải", "tập huấn", "pháp luật", "chuyển đổi số", "trẻ em", "đất đai"]


def _expected_related(rank: int, tag_lists: list[list[str]]) -> list[int]:
    """The rule readers see, written plainly: most shared tags first, then the newest."""
    own = set(tag_lists[rank])
    shared = [
        (len(own & set(tags)), other)
        for other, tags in enumerate(tag_lists)
        if other != rank and own & set(tags)
    ]
    shared.sort(key=lambda item: (-item[0], item[1]))
    return [other for _, other in shared[:RELATED_LIMIT]]


def _tables(tag_lists: list[list[str]]) -> tuple[dict[str, list[int]], dict[str, set[int]]]:
    members: dict[str, list[int]] = defaultdict(list)
    for rank, tags in enumerate(tag_lists):
        for tag in dict.fromkeys(tags):
            members[tag].append(rank)
    return members, {tag: set(ranks) for tag, ranks in members.items()}


@given(st.lists(st.lists(st.sampled_from(TAG_POOL), max_size=5), min_size=1, max_size=40))
def test_related_stories_share_most_tags_then_are_newest(tag_lists):
    members, sets = _tables(tag_lists)
    for rank, tags in enumerate(tag_lists):
        slugs = list(dict.fromkeys(tags))
        assert related_ranks(rank, slugs, members, sets) == _expected_related(rank, tag_lists)


def test_a_story_sharing_two_tags_beats_newer_stories_sharing_one():
    tag_lists = [
        ["hòa giải"],  # newest, one shared tag
        ["tập huấn"],
        ["pháp luật"],
        ["trẻ em"],
        ["hòa giải", "tập huấn"],  # oldest, two shared tags
        ["hòa giải", "tập huấn", "pháp luật"],  # the story itself
    ]
    members, sets = _tables(tag_lists)
    assert related_ranks(5, tag_lists[5], members, sets) == [4, 0, 1, 2]


def _story(name: str, tags: list[str]) -> SimpleNamespace:
    tag_objects = [SimpleNamespace(slug=tag) for tag in tags]
    return SimpleNamespace(name=name, source_path=f"{name}.md", tags=tag_objects)


def test_neighbours_follow_the_date_order_and_drafts_have_none():
    stories = [_story("c", ["a"]), _story("b", ["a"]), _story("a", [])]
    draft = _story("draft", ["a"])
    link_neighbours(SimpleNamespace(articles=stories, drafts=[draft]))
    assert [s.newer and s.newer.name for s in stories] == [None, "c", "b"]
    assert [s.older and s.older.name for s in stories] == ["b", "a", None]
    assert [r.name for r in stories[0].related] == ["b"]
    assert stories[2].related == []
    assert (draft.newer, draft.older, draft.related) == (None, None, [])


class _Catalog:
    def __init__(self, messages: dict[str, str]) -> None:
        self.messages = messages
        self.asked: list[str] = []

    def gettext(self, message: str) -> str:
        self.asked.append(message)
        return self.messages.get(message, message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return singular if count == 1 else plural


def _environment(templates: dict[str, str], catalog: _Catalog) -> Environment:
    env = Environment(loader=DictLoader(templates), autoescape=True)
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(catalog, newstyle=True)
    env.globals["_"] = env.globals["gettext"] = _remembered_gettext(catalog)
    env.globals["shared_fragment"] = _fragment_renderer(env)
    return env


def test_remembered_gettext_translates_escapes_variables_and_asks_once():
    catalog = _Catalog({"Home": "Trang chủ", "Page %(num)s": "Trang %(num)s", "100%%": "100%%"})
    env = _environment(
        {"t": "{{ _('Home') }}|{{ _('Home') }}|{{ _('Page %(num)s', num=n) }}|{{ _('100%%') }}"},
        catalog,
    )
    html = env.get_template("t").render(n="<2>")
    assert html == "Trang chủ|Trang chủ|Trang &lt;2&gt;|100%"
    assert catalog.asked.count("Home") == 1


def test_shared_fragment_is_made_once_per_key():
    catalog = _Catalog({})
    env = _environment(
        {
            "page": "{{ shared_fragment('nav', current) }}",
            "nav": "<a{% if current == 'home' %} aria-current=\"page\"{% endif %}>{{ label }}</a>",
        },
        catalog,
    )
    page = env.get_template("page")
    home = page.render(current="home", label="Trang chủ")
    other = page.render(current="tags", label="Trang chủ")
    again = page.render(current="home", label="changed, but the key is the same")
    assert home == '<a aria-current="page">Trang chủ</a>'
    assert other == "<a>Trang chủ</a>"
    assert again == home  # the key says what the fragment depends on


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
                if field in ("dates", "articles"):
                    assert [id(s) for s in mine[field]] == [id(s) for s in value]
                else:
                    assert mine[field] == value
