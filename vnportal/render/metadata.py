"""Machine-readable page data: Open Graph tags and schema.org JSON-LD.

Share previews (Facebook, Zalo) read Open Graph; search engines read
JSON-LD. Both carry editor-written text, so everything is escaped: attribute
values by Jinja, and JSON-LD so that no ``</script>`` can end the block early.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup

from ..model.photos import SHARE_CARD_SIZE
from ..model.vietnamese import iso_datetime
from .alternates import PageLanguages
from .run import language_run

OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}
LOGO = "theme/img/feed-logo.png"  # the department's logo, a square PNG
# Characters that could close the <script> element or start markup inside it.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
# A search for the few characters to escape: str.translate looks every character of
# Vietnamese text up in its table, about ten times slower on a page's JSON-LD.
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


@dataclass
class SocialMeta:
    properties: list[tuple[str, str]] = field(default_factory=list)
    json_ld: Markup | None = None
    event_json_ld: Markup | None = None
    names: list[tuple[str, str]] = field(default_factory=list)  # <meta name=…>


@dataclass(frozen=True)
class ShareImage:
    """The raster picture a story is shared with (social apps do not show SVG)."""

    url: str
    width: int
    height: int
    media_type: str
    alt: str


def share_image(content: Any, settings: dict[str, Any], origin: str) -> ShareImage | None:
    """The 1,200 px copy of the story's lead photo, else the card drawn for it."""
    run = language_run(settings)
    alt = getattr(content, "image_alt", None) or content.title
    photo = run.photos.get(getattr(content, "image_path", None) or "")
    if photo is not None and photo.share is not None:
        share = photo.share
        return ShareImage(
            f"{origin}/{share.relpath}", share.width, share.height, share.media_type, alt
        )
    card = getattr(content, "share_card", None)
    if not card:
        return None
    width, height = SHARE_CARD_SIZE
    return ShareImage(f"{origin}/{card}", width, height, "image/png", content.title)


def social_meta(
    content: Any, languages: PageLanguages | None, settings: dict[str, Any], origin: str
) -> SocialMeta:
    """Open Graph properties for any page, plus JSON-LD for stories and pages."""
    if languages is None:
        return SocialMeta()
    lang = languages.current
    properties = [
        ("og:site_name", settings["SITENAME"]),
        ("og:locale", OG_LOCALES[lang]),
        ("og:locale:alternate", OG_LOCALES[languages.other]),
        ("og:url", languages.canonical),
    ]
    if content is None or not hasattr(content, "title"):
        properties += [("og:type", "website"), ("og:title", settings["SITENAME"])]
        return SocialMeta(properties)
    shared = share_image(content, settings, origin)
    image = shared.url if shared else _absolute(getattr(content, "image_url", None), origin)
    description = getattr(content, "summary", "") or settings["SITE_TAGLINE"]
    properties += [
        ("og:type", "article"),
        ("og:title", content.title),
        ("og:description", description),
    ]
    names = []
    if shared:
        properties += [
            ("og:image", shared.url),
            ("og:image:type", shared.media_type),
            ("og:image:width", str(shared.width)),
            ("og:image:height", str(shared.height)),
            ("og:image:alt", shared.alt),
        ]
        names = [
            ("twitter:card", "summary_large_image"),
            ("twitter:title", content.title),
            ("twitter:description", description),
            ("twitter:image", shared.url),
            ("twitter:image:alt", shared.alt),
        ]
    if getattr(content, "date", None):
        properties.append(("article:published_time", iso_datetime(content.date)))
    if getattr(content, "modified", None):
        properties.append(("article:modified_time", iso_datetime(content.modified)))
    if getattr(content, "category", None):
        properties.append(("article:section", content.category.name))
    properties += [("article:tag", tag.name) for tag in getattr(content, "tags", [])]
    return SocialMeta(
        properties,
        _json_ld(content, languages, settings, image),
        _event_json_ld(content, languages),
        names,
    )


def _json_ld(
    content: Any, languages: PageLanguages, settings: dict[str, Any], image: str | None
) -> Markup:
    agency = settings["AGENCY"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if getattr(content, "date", None) else "WebPage",
        "headline": content.title,
        "description": getattr(content, "summary", "") or "",
        "inLanguage": languages.current,
        "mainEntityOfPage": languages.canonical,
        "url": languages.canonical,
        "publisher": {"@type": "GovernmentOrganization", "name": agency["name"]},
    }
    if getattr(content, "date", None):
        data["datePublished"] = iso_datetime(content.date)
        data["dateModified"] = iso_datetime(getattr(content, "modified", None) or content.date)
    if getattr(content, "author", None):
        data["author"] = {"@type": "Person", "name": content.author.name}
    if image:
        data["image"] = image
    return Markup(escape_json(data))


def breadcrumb_json_ld(
    crumbs: list[tuple[str, ...]], current: str | None, canonical: str | None, origin: str
) -> Markup:
    """schema.org BreadcrumbList of the visible breadcrumbs, in their order."""
    items: list[dict[str, Any]] = []
    for label, url, *_ in crumbs:
        items.append({"name": label, "item": _absolute(url, origin)})
    if current:
        items.append({"name": current, **({"item": canonical} if canonical else {})})
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, **item}
            for number, item in enumerate(items, start=1)
        ],
    }
    return Markup(escape_json(data))


def home_json_ld(languages: PageLanguages, settings: dict[str, Any], origin: str) -> Markup:
    """The home page: the site with its search, and the department that publishes it."""
    agency = settings["AGENCY"]
    home = languages.canonical
    search = settings["PORTAL_PAGE_ADDRESSES"]["search"][languages.current]
    organization: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "@id": f"{origin}/#organization",
        "name": agency["name"],
        "url": f"{origin}/",
        "logo": {"@type": "ImageObject", "url": f"{origin}/{LOGO}"},
        "address": {"@type": "PostalAddress", "streetAddress": agency["address"]},
        "email": agency["email"],
        "telephone": agency["phone"],
        "contactPoint": {
            "@type": "ContactPoint",
            "contactType": "customer service",
            "email": agency["email"],
            "telephone": agency["phone"],
            "areaServed": "VN",
            "availableLanguage": ["vi", "en"],
        },
    }
    website = {
        "@type": "WebSite",
        "@id": f"{home}#website",
        "name": settings["SITENAME"],
        "url": home,
        "inLanguage": languages.current,
        "publisher": {"@id": organization["@id"]},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{home}{search}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }
    data = {"@context": "https://schema.org", "@graph": [website, organization]}
    return Markup(escape_json(data))


# schema.org's words for an event's status and how people attend it.
EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
}
_ATTENDANCE = "https://schema.org/{}EventAttendanceMode"


def _event_json_ld(content: Any, languages: PageLanguages) -> Markup | None:
    """A schema.org Event beside the NewsArticle of a story that has an event block."""
    event = getattr(content, "event", None)
    if event is None:
        return None
    places: list[dict[str, Any]] = []
    if event.location:
        place: dict[str, Any] = {"@type": "Place", "name": event.location}
        if event.address:
            place["address"] = {"@type": "PostalAddress", "streetAddress": event.address}
        places.append(place)
    if event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    mode = "Mixed" if len(places) == 2 else "Online" if event.online_url else "Offline"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": content.title,
        "description": getattr(content, "summary", "") or "",
        "startDate": _event_time(event.start),
        "endDate": _event_time(event.end),
        "eventStatus": EVENT_STATUS[event.status],
        "eventAttendanceMode": _ATTENDANCE.format(mode),
        "inLanguage": languages.current,
        "url": languages.canonical,
    }
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    if event.organizer:
        data["organizer"] = {"@type": "Organization", "name": event.organizer}
    if event.audience:
        data["audience"] = {"@type": "Audience", "audienceType": event.audience}
    return Markup(escape_json(data))


def _event_time(value: Any) -> str:
    return iso_datetime(value) if isinstance(value, datetime) else value.isoformat()


def escape_json(data: Any) -> str:
    """JSON safe to place inside an HTML <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda found: _JSON_ESCAPES[found[0]], text)


def _absolute(url: str | None, origin: str) -> str | None:
    if not url:
        return None
    return url if url.startswith(("http://", "https://")) else f"{origin}{url}"
