"""Template helpers: UI strings from the catalog, shared fragments."""

from __future__ import annotations

import inspect
from pathlib import Path
from types import SimpleNamespace

from jinja2 import DictLoader, Environment

from vnportal.render.template_helpers import (
    CARD_TEMPLATE,
    _card_renderer,
    _fragment_renderer,
    _remembered_gettext,
    compiled_templates,
)


class _Catalog:
    def __init__(self, messages: dict[str, str]) -> None:
        self.messages = messages

    def gettext(self, message: str) -> str:
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


def test_ui_strings_are_translated_escaped_and_filled_in():
    catalog = _Catalog({"Home": "Trang chủ", "Page %(num)s": "Trang %(num)s", "100%%": "100%%"})
    env = _environment(
        {"t": "{{ _('Home') }}|{{ _('Home') }}|{{ _('Page %(num)s', num=n) }}|{{ _('100%%') }}"},
        catalog,
    )
    html = env.get_template("t").render(n="<2>")
    assert html == "Trang chủ|Trang chủ|Trang &lt;2&gt;|100%"


def test_a_shared_fragment_marks_the_current_page_by_its_key():
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
    assert home == '<a aria-current="page">Trang chủ</a>'
    assert other == "<a>Trang chủ</a>"
    assert page.render(current="home", label="Trang chủ") == home


def test_compiled_templates_are_kept_apart_by_the_environment_that_compiled_them(tmp_path):
    settings = {"CACHE_PATH": str(tmp_path), "JINJA_ENVIRONMENT": {"autoescape": True}}
    loader = DictLoader({"page.html": "<p>{{ title }}</p>"})
    first = compiled_templates(settings)
    Environment(loader=loader, autoescape=True, bytecode_cache=first).get_template("page.html")
    assert len(list(Path(first.directory).iterdir())) == 1
    # Another environment compiles differently: its own folder, and the old one goes.
    other = compiled_templates({**settings, "JINJA_ENVIRONMENT": {"autoescape": False}})
    assert other.directory != first.directory
    assert not Path(first.directory).exists()
    plain = Environment(loader=loader, autoescape=False, bytecode_cache=other)
    assert plain.get_template("page.html").render(title="<b>") == "<p><b></p>"
    again = Environment(
        loader=loader,
        autoescape=False,
        bytecode_cache=compiled_templates({**settings, "JINJA_ENVIRONMENT": {"autoescape": False}}),
    )
    assert again.get_template("page.html").render(title="a & b") == "<p>a & b</p>"


def test_a_story_card_is_rendered_once_and_kept_as_utf8():
    rendered = []
    env = Environment(
        loader=DictLoader(
            {CARD_TEMPLATE: "<h{{ card_level }}>{{ card.title }}</h{{ card_level }}>{{ mark() }}"}
        ),
        autoescape=True,
    )
    env.globals["mark"] = lambda: rendered.append(1) or ""
    story_card = _card_renderer(env, {"SITEURL": ""})
    story = SimpleNamespace(title="Tập huấn kỹ năng phổ biến, giáo dục pháp luật <2024>")
    first = story_card(story, 2, False, True)
    again = story_card(story, 2, False, True)
    assert first == again == "<h2>Tập huấn kỹ năng phổ biến, giáo dục pháp luật &lt;2024&gt;</h2>"
    assert hasattr(again, "__html__")  # not escaped a second time by the list
    assert len(rendered) == 1
    assert story_card(story, 3, False, True).startswith("<h3>") and len(rendered) == 2
    # Every card lives until the run ends: UTF-8 takes about half a str's memory here.
    kept = inspect.getclosurevars(story_card).nonlocals["cards"]
    assert all(isinstance(value, bytes) for value in kept.values())
