"""schema.org JSON-LD parsed back from every page of the built sample portal."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

ORIGIN = "http://127.0.0.1:8000"


def _blocks(page: BeautifulSoup) -> list[dict]:
    return [
        json.loads(script.string) for script in page.find_all("script", type="application/ld+json")
    ]


def _absolute(url: str) -> str:
    return url if url.startswith("http") else ORIGIN + url


def test_every_block_parses_and_breadcrumbs_match_what_is_shown(built_site):
    pages = sorted(built_site.rglob("*.html"))
    crumbed = 0
    for path in pages:
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        blocks = _blocks(page)  # every block is JSON to its end
        for data in blocks:
            assert data["@context"] == "https://schema.org", path
        lists = [b for b in blocks if b.get("@type") == "BreadcrumbList"]
        nav = page.find("nav", class_="breadcrumbs")
        if nav is None:
            assert not lists, path
            continue
        crumbed += 1
        assert len(lists) == 1, path
        shown = []
        for item in nav.find_all("li"):
            link = item.find("a")
            shown.append((item.get_text(strip=True), _absolute(link["href"]) if link else None))
        elements = lists[0]["itemListElement"]
        assert [e["position"] for e in elements] == list(range(1, len(shown) + 1)), path
        assert [e["name"] for e in elements] == [name for name, _ in shown], path
        for element, (_, href) in zip(elements, shown, strict=True):
            if href is not None:
                assert element["item"] == href, path
            else:  # the current page
                canonical = page.find("link", rel="canonical")
                assert element.get("item") == (canonical["href"] if canonical else None), path
    assert crumbed > 20


def test_home_pages_describe_the_site_its_search_and_the_department(built_site):
    for prefix, search, lang in (("", "tim-kiem/", "vi"), ("en/", "search/", "en")):
        page = BeautifulSoup((built_site / prefix / "index.html").read_text("utf-8"), "html.parser")
        graph = next(b["@graph"] for b in _blocks(page) if "@graph" in b)
        kinds = {node["@type"]: node for node in graph}
        website, agency = kinds["WebSite"], kinds["GovernmentOrganization"]
        assert website["url"] == f"{ORIGIN}/{prefix}"
        assert website["inLanguage"] == lang
        action = website["potentialAction"]
        assert action["@type"] == "SearchAction"
        template = action["target"]["urlTemplate"]
        assert template == f"{ORIGIN}/{prefix}{search}?q={{search_term_string}}"
        assert (built_site / prefix / search / "index.html").is_file()
        assert action["query-input"] == "required name=search_term_string"
        assert website["publisher"] == {"@id": agency["@id"]}
        logo = agency["logo"]["url"]
        assert logo.startswith(ORIGIN + "/") and (built_site / logo[len(ORIGIN) + 1 :]).is_file()
        assert agency["email"] == agency["contactPoint"]["email"] == "stp@tiengiang.gov.vn"
        assert agency["telephone"] and agency["address"]["streetAddress"]
    vi = BeautifulSoup((built_site / "index.html").read_text("utf-8"), "html.parser")
    graph = next(b["@graph"] for b in _blocks(vi) if "@graph" in b)
    assert {n["@type"]: n for n in graph}["GovernmentOrganization"]["name"] == (
        "Sở Tư pháp tỉnh Tiền Giang"
    )
    second = BeautifulSoup((built_site / "page/2/index.html").read_text("utf-8"), "html.parser")
    assert not any("@graph" in b for b in _blocks(second))


def test_a_closing_script_tag_in_a_title_stays_inert_in_every_block(build_corpus):
    from ..corpus import story

    title = "Hội nghị </script><script>alert(1)</script>"
    output = build_corpus(
        {
            "vi/2024/07/a.md": story(title, category='"</script> Pháp luật"'),
            "vi/pages/b.md": f'---\ntitle: "{title}"\n---\n\nNội dung.\n',
        }
    )
    for path in (output / "2024/07/a/index.html", output / "b/index.html"):
        html = path.read_text("utf-8")
        page = BeautifulSoup(html, "html.parser")
        scripts = page.find_all("script", type="application/ld+json")
        assert len(scripts) >= 2, path
        names = []
        for script in scripts:
            assert "</" not in script.string, path
            data = json.loads(script.string)
            names += [e["name"] for e in data.get("itemListElement", [])]
            names.append(data.get("headline"))
        assert title in names, path
        assert "<script>alert" not in html, path
