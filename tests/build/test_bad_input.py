"""The bad-input matrix: each case has one exact outcome, an error or safe output.

Errors name the file (and line where there is one) and stop the build;
everything else builds, with nothing unsafe, lost or written outside output/.
"""

from __future__ import annotations

import os
import unicodedata

import pytest

from vnportal.model.errors import BuildError

from ..corpus import story

HEAD = '---\ntitle: "Tin thử"\ndate: 2024-07-11 11:17 +07:00\n'


def problems(build_corpus, files) -> str:
    with pytest.raises(BuildError) as caught:
        build_corpus(files)
    return "\n".join(caught.value.problems)


def page(output, url="2024/07/a/") -> str:
    return (output / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("", "a.md:1:", "does not start with front matter"),
        (HEAD + "Body without closing\n", "a.md:1:", "never closed"),
        ("---\n- title\n- date\n---\nx\n", "a.md:2:", "not a list of 'key: value' fields"),
        ("---\njust a sentence\n---\nx\n", "a.md:2:", "not a list of 'key: value' fields"),
        (HEAD + 'title: "Lần hai"\n---\nx\n', "a.md:4:", "appears twice"),
        (
            HEAD.replace("2024-07-11 11:17", "2024-02-30 11:17") + "---\nx\n",
            "a.md:3:",
            "not a real date",
        ),
        (HEAD + "tags: hòa giải\n---\nx\n", "a.md:4:", "must be a list"),
        (HEAD + 'tags: ["", "hòa giải"]\n---\nx\n', "a.md:4:", "has no letters"),
        (HEAD + 'tags: ["…!?"]\n---\nx\n', "a.md:4:", "has no letters"),
        (HEAD + "tags: [a, b\n---\nx\n", "a.md:", "not valid YAML"),
    ],
)
def test_malformed_front_matter_stops_the_build_at_its_line(build_corpus, text, where, message):
    found = problems(build_corpus, {"vi/2024/07/a.md": text})
    assert f"vi/2024/07/{where}" in found and message in found


def test_binary_file_named_md_stops_the_build(build_corpus):
    found = problems(build_corpus, {"vi/2024/07/a.md": bytes(range(256)) * 4})
    assert "vi/2024/07/a.md" in found


def test_very_long_title_builds_whole_and_escaped_with_a_warning(build_corpus, capfd):
    title = ("Hội nghị <b>tập huấn</b> " * 100)[:2000]
    allowed = "PORTAL_LIMITS = {'title_chars': 2000}\n"  # past the default limit of 300
    output = build_corpus({"vi/2024/07/a.md": story(title=title)}, allowed)
    html = page(output)
    assert "<b>tập huấn</b>" not in html and "&lt;b&gt;tập huấn&lt;/b&gt;" in html
    assert (
        f"a.md:2: warning: the title has {len(title.strip())} characters" in capfd.readouterr().err
    )


def test_date_without_time_zone_is_vietnam_time(build_corpus):
    output = build_corpus({"vi/2024/07/a.md": story(date="2024-07-11 11:17")})
    assert 'datetime="2024-07-11T11:17:00+07:00"' in page(output)


def test_date_in_the_future_waits_as_a_draft_with_a_warning(build_corpus, capfd):
    output = build_corpus({"vi/2024/07/a.md": story(date="2099-01-01 08:00")})
    assert not (output / "2099").exists()
    assert "01/01/2099" in page(output, "drafts/a/")
    warning = "a.md:3: warning: the date 01/01/2099 is in the future: the story waits"
    assert warning in capfd.readouterr().err


@pytest.mark.parametrize(
    ("slug", "folder"),
    [("../../../thoat-ra", "thoat-ra"), ("a/b/c", "a-b-c"), ("/etc/passwd", "etc-passwd")],
)
def test_slug_with_path_characters_stays_inside_the_output(build_corpus, tmp_path, slug, folder):
    output = build_corpus({"vi/2024/07/a.md": story(slug=f'"{slug}"')})
    assert (output / "2024/07" / folder / "index.html").is_file()
    outside = [
        p
        for p in tmp_path.rglob("*")
        if p.is_file()
        and not p.is_relative_to(output)
        and not p.is_relative_to(tmp_path / "content")
        and not p.is_relative_to(tmp_path / ".cache")  # the incremental build's cache
        and p.name not in {"testconf.py", ".output.lock"}  # the settings; one build at a time
    ]
    assert outside == []


def test_same_slug_in_different_months_gives_two_pages(build_corpus):
    output = build_corpus(
        {
            "vi/2024/07/a.md": story(slug="trung"),
            "vi/2025/01/b.md": story(date="2025-01-02 08:00", slug="trung"),
        }
    )
    assert (output / "2024/07/trung/index.html").is_file()
    assert (output / "2025/01/trung/index.html").is_file()


def test_same_slug_in_two_folders_of_one_month_stops_the_build(build_corpus):
    found = problems(
        build_corpus,
        {"vi/2024/07/a.md": story(), "vi/2024/07/cu/a.md": story()},
    )
    assert "vi/2024/07/a.md and content/vi/2024/07/cu/a.md" in found


def test_translation_key_without_counterpart_builds_untranslated(build_corpus):
    output = build_corpus({"vi/2024/07/a.md": story(translation_key="khong-co")})
    assert 'href="/en/" hreflang="en"' in page(output)


def test_decomposed_text_is_published_composed(build_corpus):
    title = unicodedata.normalize("NFD", "Hòa giải ở cơ sở Tiền Giang")
    output = build_corpus({"vi/2024/07/a.md": story(title=title, body=title)})
    html = page(output)
    assert unicodedata.is_normalized("NFC", html) and "Hòa giải ở cơ sở Tiền Giang" in html


def test_byte_order_mark_and_windows_line_ends_are_accepted(build_corpus):
    text = "\ufeff" + story(body="Dòng một.\n\nDòng hai.").replace("\n", "\r\n")
    output = build_corpus({"vi/2024/07/a.md": text.encode("utf-8")})
    html = page(output)
    assert "Dòng hai." in html and "\r" not in html and "\ufeff" not in html


def test_five_megabyte_story_builds(build_corpus):
    paragraph = "Hội nghị tập huấn kỹ năng phổ biến, giáo dục pháp luật cho hòa giải viên. " * 20
    body = "\n\n".join([paragraph] * (5_000_000 // len(paragraph.encode())))
    allowed = "PORTAL_LIMITS = {'body_bytes': 6_000_000}\n"  # past the default limit of 1 MB
    output = build_corpus({"vi/2024/07/a.md": story(body=body)}, allowed)
    assert (output / "2024/07/a/index.html").stat().st_size > 5_000_000


def test_lead_image_outside_content_stops_the_build(build_corpus):
    text = story(image="../../../../etc/passwd", image_alt="x")
    found = problems(build_corpus, {"vi/2024/07/a.md": text})
    assert "vi/2024/07/a.md" in found and "outside content/" in found


def test_body_link_outside_content_stops_the_build(build_corpus):
    text = story(body="![x]({static}/../../../etc/hostname)")
    found = problems(build_corpus, {"vi/2024/07/a.md": text})
    assert "vi/2024/07/a.md:" in found and "outside content/" in found


def test_symlink_to_outside_the_repository_stops_the_build(build_corpus, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu", encoding="utf-8")
    images = tmp_path / "content/images"
    images.mkdir(parents=True)
    os.symlink(secret, images / "anh.jpg")
    found = problems(build_corpus, {"vi/2024/07/a.md": story()})
    assert "content/images/anh.jpg" in found and "outside content/" in found
