"""Settings shared by every language; the Vietnamese site is the default.

`invoke build` derives the English settings from these (vnportal/languages.py):
same values, English texts from LANGUAGE_OVERRIDES, addresses under /en/.
"""

SITENAME = "Phổ biến, giáo dục pháp luật Tiền Giang"
PORTAL_SHORT_NAME = "PBGDPL Tiền Giang"  # under the icon of a phone's home screen
SITE_TAGLINE = "Trang thông tin của Sở Tư pháp tỉnh Tiền Giang"
SITEURL = ""  # root-relative links, so the local build works on any port
PREVIEW_ORIGIN = "http://127.0.0.1:8000"  # canonical/hreflang base in local builds
FEED_DOMAIN = PREVIEW_ORIGIN  # feeds need absolute links even in a local build
AGENCY = {
    "name": "Sở Tư pháp tỉnh Tiền Giang",
    "address": "Số 6 Lê Lợi, Phường 1, TP. Mỹ Tho, tỉnh Tiền Giang",
    "phone": "0273 3 873 344",
    "email": "stp@tiengiang.gov.vn",
    "editor_in_charge": "Chịu trách nhiệm chính: Giám đốc Sở Tư pháp tỉnh Tiền Giang",
    "licence": "Trang thông tin điện tử phổ biến, giáo dục pháp luật (trang mẫu)",
}
LANGUAGE_OVERRIDES = {
    "en": {
        "SITENAME": "Tien Giang Legal Dissemination",
        "SITE_TAGLINE": "News from the Tien Giang Department of Justice",
        "AGENCY": {
            "name": "Tien Giang Department of Justice",
            "address": "6 Le Loi Street, Ward 1, My Tho City, Tien Giang Province, Vietnam",
            "phone": "+84 273 3 873 344",
            "email": "stp@tiengiang.gov.vn",
            "editor_in_charge": "Editor in charge: Director of the Tien Giang "
            "Department of Justice",
            "licence": "Legal dissemination news site (sample)",
        },
    },
}
# Portals of related state agencies (Decree 42/2022/NĐ-CP, Art. 7), listed in the
# footer of both languages: a name per language and the address.
PORTAL_RELATED_PORTALS = [
    {
        "name": {"vi": "Cổng Thông tin điện tử Chính phủ", "en": "Government of Viet Nam portal"},
        "url": "https://chinhphu.vn/",
    },
    {
        "name": {"vi": "Cổng Thông tin điện tử Bộ Tư pháp", "en": "Ministry of Justice portal"},
        "url": "https://moj.gov.vn/",
    },
    {
        "name": {
            "vi": "Cổng Thông tin điện tử tỉnh Tiền Giang",
            "en": "Tien Giang Province portal",
        },
        "url": "https://tiengiang.gov.vn/",
    },
    {
        "name": {"vi": "Cổng Dịch vụ công quốc gia", "en": "National Public Service Portal"},
        "url": "https://dichvucong.gov.vn/",
    },
]

# Photos of content/images/ (vnportal/site/photos.py): a larger file is a warning
# in `invoke check`, a larger picture (pixels) stops the build.
PORTAL_PHOTO_MAX_BYTES = 5 * 1024 * 1024
PORTAL_PHOTO_MAX_PIXELS = 40_000_000
# A larger attachment of a document is a warning in `invoke check`.
PORTAL_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# Days a story shares its own drawn card (a story without a photo); later the
# site's card. None: every story, whatever its age (drawing costs 20-70 ms each).
PORTAL_SHARE_CARD_DAYS = 365
# Search index parts (vnportal/site/search_index.py): a year of more stories and
# documents than this is indexed in quarters (a large quarter in months), which keeps
# the memory and the time of re-indexing after an edit small on a large archive.
PORTAL_SEARCH_PART_PAGES = 2000
# The newest year, which editors correct most, is split already beyond this many: an
# edit of a recent story re-indexes a quarter (or month), not the whole year.
PORTAL_SEARCH_NEWEST_PART_PAGES = 250

PATH = "content"
ARTICLE_PATHS = ["vi"]
PAGE_PATHS = ["vi/pages", "vi/van-ban"]  # pages, and the documents (vnportal/model/documents.py)
STATIC_PATHS = ["images", "files"]  # files: attachments of documents
OUTPUT_PATH = "output"
CACHE_PATH = ".cache"  # incremental builds; delete it for a cold build
DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_PAGINATION = 10
ARTICLE_TRANSLATION_ID = None  # translations are paired by our index, by path
# A story without `category:` is filed here (invoke check warns), never under its
# folder's name as Pelican would.
PORTAL_DEFAULT_CATEGORY = {"vi": "Tin tức", "en": "News"}
USE_FOLDER_AS_CATEGORY = False

THEME = "theme"
THEME_STATIC_DIR = "theme"
PLUGIN_PATHS = ["."]
PLUGINS = ["vnportal"]  # always explicit: unset loads every installed plugin
# Only our reader, for .md files: Pelican's own Markdown reader would take other
# endings (.markdown, .mkd, .mdown) with its own metadata format.
READERS = {"html": None, "htm": None, "rst": None, "markdown": None, "mkd": None, "mdown": None}
# Hidden files and folders (.DS_Store, macOS ._x.md copies, Emacs .#x.md locks) are
# no one's content: the build's walker skips them too (vnportal/model/sources.py).
IGNORE_FILES = [".*"]
JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    "autoescape": True,  # titles, tags, authors reach HTML escaped
    "trim_blocks": True,
    "lstrip_blocks": True,
    # Templates do not change during a build; without this every include stats its file.
    "auto_reload": False,
}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html",
}

# Addresses: folders with index.html; pagination as .../page/N/ so that page 2
# of one tag can never land on the file of another tag.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
INDEX_URL = ""  # the home page is the folder, not index.html
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = [
    *(
        "index",
        "tags",
        "categories",
        "authors",
        "archives",
        "feeds",
        "search",
        "events",
        "statistics",
        "contacts",
        "404",
    )
]
# Pages of the portal whose address is a word of each language: Vietnamese at /,
# English under /en/ (each gets NAME_URL and NAME_SAVE_AS; the language switcher
# and hreflang pair them).
PORTAL_PAGE_ADDRESSES = {
    "search": {"vi": "tim-kiem/", "en": "search/"},
    "events": {"vi": "su-kien/", "en": "events/"},
    "statistics": {"vi": "so-lieu/", "en": "statistics/"},
    "contacts": {"vi": "lien-he/", "en": "contacts/"},  # from content/contacts.yml
    "documents": {"vi": "van-ban/", "en": "documents/"},  # written by vnportal/render/documents.py
}
SEARCH_URL = PORTAL_PAGE_ADDRESSES["search"]["vi"]  # what a plain `pelican content` uses
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
EVENTS_URL = PORTAL_PAGE_ADDRESSES["events"]["vi"]
EVENTS_SAVE_AS = EVENTS_URL + "index.html"
STATISTICS_URL = PORTAL_PAGE_ADDRESSES["statistics"]["vi"]
STATISTICS_SAVE_AS = STATISTICS_URL + "index.html"
CONTACTS_URL = PORTAL_PAGE_ADDRESSES["contacts"]["vi"]
CONTACTS_SAVE_AS = CONTACTS_URL + "index.html"
DOCUMENTS_URL = PORTAL_PAGE_ADDRESSES["documents"]["vi"]  # the library of documents
# The day that decides which events are upcoming, as 2026-11-30; empty: today in
# Vietnam time. The environment variable PORTAL_BUILD_DATE wins over it.
PORTAL_BUILD_DATE = ""
FEEDS_URL = "feeds/"  # the page that explains and lists the feeds (vnportal/feeds.py)
FEEDS_SAVE_AS = FEEDS_URL + "index.html"
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
globals()["404_SAVE_AS"] = "404.html"  # not a valid Python name, but Pelican's key

# Feeds are written by vnportal/feeds.py with feedgen (RSS 2.0 and Atom per
# language, tag and category; its settings and their defaults are listed there).
# Pelican's own feed writer stays off, so that nothing is written twice.
FEED_ATOM = FEED_RSS = FEED_ALL_ATOM = FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None

# `invoke import` proposes a tag when a story mentions one of its keywords.
# Matching ignores case, diacritics and tone style ("Hoà giải" finds "hòa giải");
# the editor checks the proposal. Spell each tag as the portal already shows it.
IMPORT_TAG_KEYWORDS = {
    "phổ biến, giáo dục pháp luật": ["phổ biến, giáo dục pháp luật", "PBGDPL"],
    "hòa giải ở cơ sở": ["hòa giải ở cơ sở"],
    "hòa giải viên": ["hòa giải viên"],
    "tập huấn": ["tập huấn"],
    "báo cáo viên pháp luật": ["báo cáo viên pháp luật", "tuyên truyền viên pháp luật"],
    "trợ giúp pháp lý": ["trợ giúp pháp lý"],
    "Ngày Pháp luật Việt Nam": ["Ngày Pháp luật"],
    "tủ sách pháp luật": ["tủ sách pháp luật"],
    "pháp luật học đường": ["pháp luật học đường", "trường học"],
    "an toàn giao thông": ["an toàn giao thông"],
    "chuyển đổi số": ["chuyển đổi số"],
    "Luật Đất đai": ["Luật Đất đai"],
    "tranh chấp đất đai": ["tranh chấp đất đai"],
    "Mặt trận Tổ quốc": ["Mặt trận Tổ quốc"],
    "hội thi": ["hội thi"],
    "trẻ em": ["trẻ em"],
}
