"""What Decree 42/2022/NĐ-CP (Art. 7) asks a portal to show: related agencies' portals
in every footer, and the agency's functions, units and contact officials in both
languages, from content/contacts.yml."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from vnportal.model.errors import BuildError

from .corpus import story

PAGES = {"vi": "lien-he/index.html", "en": "en/contacts/index.html"}


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def json_ld(page: BeautifulSoup, kind: str) -> dict:
    blocks = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    return next(block for block in blocks if block["@type"] == kind)


@pytest.mark.parametrize(
    ("lang", "heading", "unit", "position"),
    [
        ("vi", "Liên hệ", "Văn phòng Sở", "Giám đốc Sở"),
        ("en", "Contacts", "Department Office", "Director"),
    ],
)
def test_contacts_page_shows_units_and_officials_in_its_language(
    built_site, lang, heading, unit, position
):
    page = parse(built_site / PAGES[lang])
    assert page.html["lang"] == lang
    assert page.h1.get_text() == heading
    assert unit in [h.get_text() for h in page.select("main h3")]
    director = page.select_one(".contact-official")
    assert director.strong.get_text() == "Nguyễn Văn Minh"  # a name is the same in both
    assert position in director.get_text()
    phone = director.select_one('a[href^="tel:"]')
    assert phone["href"] == "tel:+842733873344" and phone.get_text() == "0273 3 873 344"
    email = director.select_one('a[href^="mailto:"]')
    assert email["href"] == "mailto:" + email.get_text()


def test_contacts_pages_pair_across_languages_and_are_in_the_sitemap(built_site):
    for lang, other in (("vi", "en"), ("en", "vi")):
        page = parse(built_site / PAGES[lang])
        links = {link["hreflang"]: link["href"] for link in page.select("link[hreflang]")}
        assert links["vi"].endswith("/lien-he/") and links["en"].endswith("/en/contacts/")
        switch = page.select_one(".language-switcher-link")
        assert switch["href"] == "/" + PAGES[other].removesuffix("index.html")
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = [loc.text for loc in ET.fromstring(sitemap).iter() if loc.tag.endswith("loc")]
    assert "http://127.0.0.1:8000/lien-he/" in locs
    assert "http://127.0.0.1:8000/en/contacts/" in locs


def test_contacts_page_carries_a_contact_point_for_each_official(built_site):
    data = json_ld(parse(built_site / PAGES["en"]), "GovernmentOrganization")
    named = {point.get("name"): point for point in data["contactPoint"]}
    director = named["Nguyễn Văn Minh"]
    assert director["@type"] == "ContactPoint"
    assert director["contactType"] == "Director, Board of Directors"
    assert director["email"] == "giamdoc.stp@tiengiang.gov.vn"
    assert "Department Office" in [unit["name"] for unit in data["department"]]


@pytest.mark.parametrize(
    ("page", "label", "portal"),
    [
        (
            "index.html",
            "Cổng thông tin cơ quan nhà nước liên quan",
            "Cổng Thông tin điện tử Chính phủ",
        ),
        ("2024/07/tap-huan-ky-nang-pbgdpl/index.html", None, "Cổng Thông tin điện tử Bộ Tư pháp"),
        ("en/index.html", "Related state agencies", "Ministry of Justice portal"),
        ("en/404.html", None, "Government of Viet Nam portal"),
    ],
)
def test_every_footer_lists_related_agencies_portals_and_the_contacts_page(
    built_site, page, label, portal
):
    footer = parse(built_site / page).select_one("footer.site-footer")
    nav = footer.select_one("nav.footer-portals")
    title = footer.select_one(f"#{nav['aria-labelledby']}").get_text()
    assert label is None or title == label
    links = {a.get_text(): a["href"] for a in nav.select("a")}
    assert links[portal].startswith("https://")
    contacts = "/en/contacts/" if page.startswith("en/") else "/lien-he/"
    assert contacts in [a["href"] for a in footer.select(".footer-nav a")]


def test_contacts_text_is_escaped_in_the_page_and_its_data(build_corpus):
    nasty = "<b>Tham mưu</b> </script><script>alert(1)</script>"
    contacts = (
        f'functions:\n  vi: "{nasty}"\n  en: Advises.\n'
        "units:\n  - name:\n      vi: Văn phòng\n      en: Office\n"
    )
    output = build_corpus({"contacts.yml": contacts, "vi/a.md": story()})
    html = (output / PAGES["vi"]).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "<b>Tham" not in html
    page = parse(output / PAGES["vi"])
    assert nasty in page.main.get_text()
    assert json_ld(page, "GovernmentOrganization")["description"] == nasty


def test_a_bad_contacts_file_stops_the_build_at_its_line(build_corpus):
    contacts = "functions:\n  vi: Tham mưu.\nunits: []\n"
    with pytest.raises(BuildError) as caught:
        build_corpus({"contacts.yml": contacts, "vi/a.md": story()})
    assert "contacts.yml:2: error: the agency's functions has no 'en:'" in str(caught.value)
