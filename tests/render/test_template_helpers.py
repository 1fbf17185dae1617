"""Template helpers: UI strings from the catalog, shared fragments."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from vnportal.render.template_helpers import _fragment_renderer, _remembered_gettext


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
