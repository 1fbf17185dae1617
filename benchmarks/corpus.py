"""A deterministic corpus of story pairs for benchmarks, in up to three formats.

``write_corpus(folder, n)`` writes n Vietnamese stories and their English
translations: in the portal's format (YAML front matter) under
``ours/content`` with a settings file, in Pelican's native Markdown metadata
under ``plain/content`` with one settings file per language, and as a Hugo
site under ``hugo/`` (YAML front matter, ``hugo.py``). Story i is the same
whatever n is (its random numbers come from the seed and i), so results at
different sizes compare. Pairs are made and written one at a time, so 50,000
of them need no more memory than 50. Prose is assembled from ``bank.py``.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from . import bank

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240711
FIRST_DAY = datetime(2016, 1, 1, 7, 0)
DAYS = 3653  # ten years of dates: 2016-01-01 to 2025-12-31
IMAGE_FOLDER = "images/bench"
PREVIEW_ORIGIN = "http://127.0.0.1:8000"
LANGS = ("vi", "en")
FORMATS = ("ours", "plain", "hugo")


@dataclass
class Story:
    """One story in one language, before it is written in either format."""

    title: str
    date: datetime
    author: str
    category: str
    tags: list[str]
    summary: str
    body: str
    image: str | None = None
    image_alt: str | None = None


@dataclass
class Pair:
    relpath: str  # <yyyy>/<mm>/<slug>.md, the same under vi/ and en/
    slug: str
    vi: Story
    en: Story


@dataclass(frozen=True)
class Link:
    """What a later story needs of an earlier one to link to it: kept for every pair."""

    relpath: str
    titles: tuple[str, str]  # vi, en

    @classmethod
    def to(cls, pair: Pair) -> Link:
        return cls(pair.relpath, (pair.vi.title, pair.en.title))


@dataclass
class Corpus:
    folder: Path
    pairs: int
    code: Path  # where the vnportal package, theme and pelicanconf.py are
    ours_settings: Path
    plain_settings: dict[str, Path]  # per language (empty without the plain format)
    edit_target: str  # relpath of the story the edit benchmark appends to
    newest_target: str = ""  # relpath of the newest story: an editor's usual correction
    words: dict[str, float] = field(default_factory=dict)  # mean body words per language
    formats: tuple[str, ...] = ("ours", "plain")

    @property
    def ours_content(self) -> Path:
        return self.folder / "ours" / "content"

    @property
    def plain_content(self) -> Path:
        return self.folder / "plain" / "content"

    @property
    def hugo_site(self) -> Path:
        return self.folder / "hugo"

    def contents(self) -> list[Path]:
        """The content folder of every format written, each with vi/ and en/."""
        folders = {
            "ours": self.ours_content,
            "plain": self.plain_content,
            "hugo": self.hugo_site / "content",
        }
        return [folders[name] for name in self.formats]


# --- prose ------------------------------------------------------------------------------


class _Writer:
    """Builds one pair's Vietnamese and English bodies block by block, in step."""

    def __init__(self, rng: random.Random, slots: dict[str, dict[str, str]]) -> None:
        self.rng = rng
        self.slots = slots
        self.blocks: dict[str, list[str]] = {lang: [] for lang in LANGS}
        self.sentences = list(bank.SENTENCES)
        rng.shuffle(self.sentences)

    def fill(self, pair: tuple[str, str]) -> tuple[str, str]:
        numbers = {
            "n": str(self.rng.randint(2, 40)),
            "count": f"{self.rng.randint(50, 3000)}",
            "pct": str(self.rng.randint(60, 98)),
            "months": str(self.rng.randint(3, 11)),
        }
        vi, en = (
            template.format_map({**self.slots[lang], **numbers})
            for lang, template in zip(LANGS, pair, strict=True)
        )
        return vi, en

    def add(self, vi: str, en: str) -> None:
        self.blocks["vi"].append(vi)
        self.blocks["en"].append(en)

    def sentence(self) -> tuple[str, str]:
        if not self.sentences:
            self.sentences = list(bank.SENTENCES)
            self.rng.shuffle(self.sentences)
        return self.fill(self.sentences.pop())

    def paragraph(self, sentences: int) -> None:
        filled = [self.sentence() for _ in range(sentences)]
        self.add(" ".join(s[0] for s in filled), " ".join(s[1] for s in filled))

    def words(self) -> int:
        return sum(len(block.split()) for block in self.blocks["vi"])

    def text(self, lang: str) -> str:
        return "\n\n".join(self.blocks[lang]) + "\n"


def _heading(w: _Writer) -> None:
    vi, en = w.rng.choice(bank.HEADINGS)
    w.add(f"## {vi}", f"## {en}")


def _bullets(w: _Writer) -> None:
    intro = w.fill(w.rng.choice(bank.LIST_INTROS))
    items = [w.fill(item) for item in w.rng.sample(bank.LIST_ITEMS, w.rng.randint(3, 5))]
    numbered = w.rng.random() < 0.3
    for lang_index in range(2):
        marks = [f"{i}." if numbered else "-" for i in range(1, len(items) + 1)]
        lines = [f"{mark} {item[lang_index]}" for mark, item in zip(marks, items, strict=True)]
        w.blocks[LANGS[lang_index]].append(intro[lang_index] + "\n\n" + "\n".join(lines))


def _figure(w: _Writer) -> None:
    name, alts, captions = w.rng.choice(bank.IMAGES)
    target = f"{{static}}/{IMAGE_FOLDER}/{name}.svg"
    w.add(
        f'![{alts[0]}]({target} "{captions[0]}")',
        f'![{alts[1]}]({target} "{captions[1]}")',
    )


def _quote(w: _Writer) -> None:
    vi, en = w.rng.choice(bank.QUOTES)
    person = w.slots["vi"]["person"]
    w.add(f"> “{vi}” — {person}", f"> “{en}” — {person}")


def _table(w: _Writer) -> None:
    year = int(w.slots["vi"]["year"])
    head = [h.format(prev=year - 1, year=year) for h in bank.TABLE_HEAD]
    rows = []
    for row in w.rng.sample(bank.TABLE_ROWS, 3):
        a, b = w.rng.randint(20, 900), w.rng.randint(20, 900)
        rows.append([r.format(a=a, b=b) for r in row])
    for i, lang in enumerate(LANGS):
        lines = [head[i], "| --- | ---: | ---: |", *(row[i] for row in rows)]
        w.blocks[lang].append("\n".join(lines))


def _see_also(w: _Writer, earlier: Link) -> None:
    vi, en = bank.SEE_ALSO
    w.add(
        vi.format(title=earlier.titles[0], link=f"{{filename}}/vi/{earlier.relpath}"),
        en.format(title=earlier.titles[1], link=f"{{filename}}/en/{earlier.relpath}"),
    )


def _bodies(rng: random.Random, slots: dict[str, dict[str, str]], earlier: Link | None) -> _Writer:
    """About 600 words of Vietnamese (the English says the same, in fewer words)."""
    w = _Writer(rng, slots)
    w.add(*w.fill(rng.choice(bank.LEADS)))
    w.paragraph(rng.randint(1, 2))
    w.paragraph(rng.randint(2, 3))
    if rng.random() < 0.25:
        _figure(w)
    _heading(w)
    w.paragraph(3)
    if rng.random() < 0.7:
        _bullets(w)
    _heading(w)
    w.paragraph(2)
    if rng.random() < 0.3:
        _quote(w)
    if rng.random() < 0.15:
        _table(w)
    if earlier is not None:
        _see_also(w, earlier)
    target = rng.randint(470, 650)
    while w.words() < target:
        w.paragraph(rng.randint(2, 3))
    return w


# --- metadata ---------------------------------------------------------------------------


def _slots(rng: random.Random, when: datetime) -> dict[str, dict[str, str]]:
    district = rng.choice(bank.DISTRICTS)
    agency = rng.choice(bank.AGENCIES)
    name, role_vi, role_en = rng.choice(bank.PEOPLE)
    law = rng.choice(bank.LAWS)
    topic = rng.choice(bank.TOPICS)
    decision = rng.choice(bank.DECISIONS)
    number = rng.randint(100, 3500)
    day2 = min(when.day + 1, 28)
    common = {
        "person": name,
        "role": role_vi,
        "role_en": role_en,
        "year": str(when.year),
        "day": str(when.day),
        "day2": str(day2),
        "month": str(when.month),
        "month_en": bank.MONTHS_EN[when.month - 1],
        "months": str(rng.randint(3, 11)),
    }
    return {
        lang: {
            **common,
            "district": district[i],
            "agency": agency[i].format(district=district[i]),
            "law": law[i],
            "topic": topic[i],
            "decision": decision[i].format(n=number),
        }
        for i, lang in enumerate(LANGS)
    }


_TAG_WEIGHTS = [1 / (rank + 3) ** 0.8 for rank in range(len(bank.TAGS))]
_CATEGORY_WEIGHTS = [8, 6, 4, 4, 3, 8, 2, 2]


def _tags(rng: random.Random) -> tuple[list[str], list[str]]:
    chosen: list[tuple[str, str]] = []
    wanted = rng.randint(3, 5)
    while len(chosen) < wanted:
        tag = rng.choices(bank.TAGS, weights=_TAG_WEIGHTS)[0]
        if tag not in chosen:
            chosen.append(tag)
    vi = []
    for name, _ in chosen:
        variant = bank.VARIANTS.get(name)
        vi.append(variant[0] if variant and rng.random() < variant[1] else name)
    return vi, [en for _, en in chosen]


def ascii_slug(text: str, limit: int = 70) -> str:
    """Lower-case ASCII words joined by hyphens, at most ``limit`` characters."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def make_pair(i: int, earlier: Sequence[Link], used: set[str], seed: int = SEED) -> Pair:
    """Story pair number ``i``; may link to one of ``earlier``; its slug joins ``used``."""
    rng = random.Random(f"{seed}:{i}")
    when = FIRST_DAY + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(12 * 60))
    slots = _slots(rng, when)
    templates = rng.choice(bank.TITLES)
    titles = [_capital(t.format_map(slots[lang])) for lang, t in zip(LANGS, templates, strict=True)]
    slug = ascii_slug(titles[0])
    base, number = slug, 2
    while slug in used:  # unique site-wide, so plain Pelican's {slug}.html never clash
        slug, number = f"{base}-{number}", number + 1
    used.add(slug)
    link = earlier[rng.randrange(len(earlier))] if earlier and rng.random() < 0.7 else None
    w = _bodies(rng, slots, link)
    category = rng.choices(bank.CATEGORIES, weights=_CATEGORY_WEIGHTS)[0]
    author = rng.choice(bank.AUTHORS)
    tags = _tags(rng)
    image = rng.choice(bank.IMAGES) if rng.random() < 0.3 else None
    stories = [
        Story(
            title=titles[k],
            date=when,
            author=author,
            category=category[k],
            tags=tags[k],
            summary=w.blocks[lang][0],  # the lead paragraph is one sentence
            body=w.text(lang),
            image=f"{IMAGE_FOLDER}/{image[0]}.svg" if image else None,
            image_alt=image[1][k] if image else None,
        )
        for k, lang in enumerate(LANGS)
    ]
    return Pair(f"{when:%Y}/{when:%m}/{slug}.md", slug, stories[0], stories[1])


def iter_pairs(n: int, seed: int = SEED) -> Iterator[Pair]:
    """Pairs 0 to n-1, one at a time: only their slugs and links stay in memory."""
    links: list[Link] = []
    used: set[str] = set()
    for i in range(n):
        pair = make_pair(i, links, used, seed)
        links.append(Link.to(pair))
        yield pair


def make_pairs(n: int, seed: int = SEED) -> list[Pair]:
    return list(iter_pairs(n, seed))


# --- the two formats --------------------------------------------------------------------


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def ours_text(story: Story) -> str:
    """The portal's format: YAML front matter, then Markdown."""
    lines = [
        "---",
        f"title: {_yaml(story.title)}",
        f"date: {story.date:%Y-%m-%d %H:%M} +07:00",
        f"author: {story.author}",
        f"category: {_yaml(story.category)}",
        f"tags: [{', '.join(_yaml(tag) for tag in story.tags)}]",
        f"summary: {_yaml(story.summary)}",
    ]
    if story.image:
        lines += [f"image: {story.image}", f"image_alt: {_yaml(story.image_alt or '')}"]
    return "\n".join([*lines, "---", story.body])


def plain_text(story: Story, slug: str) -> str:
    """Pelican's Markdown metadata. Tags are separated by semicolons: Pelican
    splits on ';' when there is one, so 'phổ biến, giáo dục pháp luật' stays one tag."""
    lines = [
        f"Title: {story.title}",
        f"Date: {story.date:%Y-%m-%d %H:%M}",
        f"Slug: {slug}",
        f"Author: {story.author}",
        f"Category: {story.category}",
        f"Tags: {'; '.join(story.tags)}",
        f"Summary: {story.summary}",
    ]
    if story.image:
        lines += [f"Image: {story.image}", f"Image_alt: {story.image_alt}"]
    return "\n".join([*lines, "", story.body])


_STATIC_LINK = re.compile(r"\{static\}/")
_FILE_LINK = re.compile(r"\{filename\}/(?:vi|en)/([^)\s]+)")


def hugo_body(body: str) -> str:
    """Pelican's link forms in Hugo's terms: ``{static}`` files are served from the
    site's root, ``{filename}`` links become ``relref`` (checked at build time, as
    Pelican checks ``{filename}``), resolved within the story's own language."""
    body = _STATIC_LINK.sub("/", body)
    return _FILE_LINK.sub(lambda m: f'{{{{< relref "/{m.group(1)}" >}}}}', body)


def hugo_text(story: Story, slug: str) -> str:
    """Hugo's format: YAML front matter (strings as JSON, so Vietnamese stays as it is)."""
    lines = [
        "---",
        f"title: {_yaml(story.title)}",
        f"date: {story.date:%Y-%m-%dT%H:%M:00}+07:00",
        f"slug: {_yaml(slug)}",
        f"authors: [{_yaml(story.author)}]",
        f"categories: [{_yaml(story.category)}]",
        f"tags: [{', '.join(_yaml(tag) for tag in story.tags)}]",
        f"summary: {_yaml(story.summary)}",
    ]
    if story.image:
        lines += [
            f"image: {_yaml('/' + story.image)}",
            f"image_alt: {_yaml(story.image_alt or '')}",
        ]
    return "\n".join([*lines, "---", hugo_body(story.body)])


def _svg(name: str, hue: int) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" width="640" height="360">'
        f'<rect width="640" height="360" fill="hsl({hue} 30% 85%)"/>'
        f'<rect x="40" y="40" width="560" height="60" fill="hsl({hue} 60% 40%)"/>'
        + "".join(
            f'<circle cx="{80 + 60 * i}" cy="{220 + 40 * (i % 2)}" r="22" '
            f'fill="hsl({hue} 20% 45%)"/>'
            for i in range(10)
        )
        + f"<title>{name}</title></svg>\n"
    )


# --- writing ----------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_images(content: Path) -> None:
    for i, (name, _, _) in enumerate(bank.IMAGES):
        _write(content / IMAGE_FOLDER / f"{name}.svg", _svg(name, 40 + 80 * i))


def ours_settings(folder: Path, code: Path, name: str = "ours") -> Path:
    """Like tests/corpus.write_corpus: the project's settings, absolute paths to ``code``.

    ``name`` is the system's (our build, or an earlier revision of it): each has its
    own settings file and caches, and all read the same content.
    """
    settings = folder / name / "benchconf.py"
    caches = folder / "caches" / name
    _write(
        settings,
        "from pelicanconf import *  # noqa: F403\n\n"
        f"PATH = {str(folder / 'ours' / 'content')!r}\n"
        f"THEME = {str(code / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(code)!r}]\n"
        "# Every cache-like folder setting points into this benchmark, so that a\n"
        "# cold build can delete it (benchmarks/run.py) and the site's own stays.\n"
        f"_CACHES = {str(caches)!r}\n"
        "CACHE_PATH = _CACHES + '/cache_path'\n"
        "for _name in [n for n in list(globals()) if 'CACHE' in n\n"
        "              and n.endswith(('_PATH', '_DIR'))]:\n"
        "    globals()[_name] = type(globals()[_name])(_CACHES + '/' + _name.lower())\n",
    )
    return settings


def _plain_settings(folder: Path, lang: str) -> Path:
    out = folder / "out" / "plain"
    settings = folder / "plain" / f"plain_{lang}.py"
    prefix = "" if lang == "vi" else f"/{lang}"
    _write(
        settings,
        f'"""Plain Pelican 4.12, {lang} run: default theme, no plugins, its own feeds."""\n\n'
        f"PATH = {str(folder / 'plain' / 'content')!r}\n"
        f"OUTPUT_PATH = {str(out / lang if prefix else out)!r}\n"
        f"ARTICLE_PATHS = [{lang!r}]\n"
        "PAGE_PATHS = []\n"
        "STATIC_PATHS = ['images']\n"
        "SITENAME = 'Plain Pelican benchmark'\n"
        f"SITEURL = {prefix!r}\n"
        f"DEFAULT_LANG = {lang!r}\n"
        "TIMEZONE = 'Asia/Ho_Chi_Minh'\n"
        "PLUGINS = []  # explicit: unset would load every installed plugin\n"
        "# THEME unset: Pelican's default theme (notmyidea).\n"
        "# CACHE_CONTENT and LOAD_CONTENT_CACHE stay at Pelican's defaults (False).\n"
        f"CACHE_PATH = {str(folder / 'caches' / 'plain' / lang)!r}\n"
        f"FEED_DOMAIN = {PREVIEW_ORIGIN + prefix!r}\n"
        "FEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
        "FEED_ALL_RSS = 'feeds/all.rss.xml'\n"
        "CATEGORY_FEED_ATOM = 'feeds/categories/{slug}.atom.xml'\n"
        "CATEGORY_FEED_RSS = 'feeds/categories/{slug}.rss.xml'\n"
        "TAG_FEED_ATOM = 'feeds/tags/{slug}.atom.xml'\n"
        "TAG_FEED_RSS = 'feeds/tags/{slug}.rss.xml'\n"
        "AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None\n"
        "TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None\n"
        "DEFAULT_PAGINATION = 10\n"
        "PAGINATION_PATTERNS = (\n"
        "    (1, '{url}', '{save_as}'),\n"
        "    (2, '{base_name}/page/{number}/', '{base_name}/page/{number}/index.html'),\n"
        ")\n",
    )
    return settings


def write_corpus(
    folder: Path,
    n: int,
    seed: int = SEED,
    code: Path = ROOT,
    formats: Sequence[str] = ("ours", "plain"),
) -> Corpus:
    """Write n pairs in each of ``formats`` under ``folder``, whose corpus is replaced.

    ``code`` holds the vnportal package, theme and pelicanconf.py our build uses.
    Each pair is written as soon as it is made: memory does not grow with n
    beyond the slugs and links kept for later pairs.
    """
    from .hugo import write_hugo_site  # hugo.py uses this module's Story

    unknown = set(formats) - set(FORMATS)
    assert not unknown and "ours" in formats, f"formats: {formats}"
    formats = tuple(name for name in FORMATS if name in formats)
    folder = folder.resolve()
    for old in ("ours", "before", "plain", "hugo", "out", "caches"):
        shutil.rmtree(folder / old, ignore_errors=True)
    corpus = Corpus(
        folder=folder,
        pairs=n,
        code=code,
        ours_settings=ours_settings(folder, code),
        plain_settings={lang: _plain_settings(folder, lang) for lang in LANGS}
        if "plain" in formats
        else {},
        edit_target="",
        formats=formats,
    )
    if "hugo" in formats:
        write_hugo_site(corpus.hugo_site)
    ours, plain = corpus.ours_content, corpus.plain_content
    hugo = corpus.hugo_site / "content"
    _write_images(ours)
    if "plain" in formats:
        _write_images(plain)
    if "hugo" in formats:  # Hugo copies static/ to the site's root
        _write_images(corpus.hugo_site / "static")
    words = dict.fromkeys(LANGS, 0)
    newest: datetime | None = None
    for i, pair in enumerate(iter_pairs(n, seed)):
        if i == n // 2:
            corpus.edit_target = pair.relpath
        if newest is None or pair.vi.date > newest:
            newest, corpus.newest_target = pair.vi.date, pair.relpath
        for lang, story in (("vi", pair.vi), ("en", pair.en)):
            words[lang] += len(story.body.split())
            _write(ours / lang / pair.relpath, ours_text(story))
            if "plain" in formats:
                _write(plain / lang / pair.relpath, plain_text(story, pair.slug))
            if "hugo" in formats:
                _write(hugo / lang / pair.relpath, hugo_text(story, pair.slug))
    corpus.words = {lang: words[lang] / max(n, 1) for lang in LANGS}
    return corpus


EDIT = {
    "vi": "\n\nBài viết được cập nhật thêm thông tin sau khi hội nghị kết thúc.\n",
    "en": "\n\nThis story was updated after the conference ended.\n",
}


def edit_story(corpus: Corpus, lang: str = "vi", target: str = "") -> list[Path]:
    """Append one sentence to the same story (``target``, by default the corpus's
    edit_target) in every format; the changed files."""
    changed = []
    for content in corpus.contents():
        path = content / lang / (target or corpus.edit_target)
        with path.open("a", encoding="utf-8") as file:
            file.write(EDIT[lang])
        changed.append(path)
    return changed
