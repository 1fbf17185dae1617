"""What Decree 42/2022/NĐ-CP (Art. 7) asks a state portal to show beside its news.

- The portals of related state agencies, listed in every page's footer, from
  ``PORTAL_RELATED_PORTALS`` in pelicanconf.py (a name per language and an address).
- The contacts page (``/lien-he/``, ``/en/contacts/``): the agency's functions,
  units and contact officials from ``content/contacts.yml``
  (``vnportal/model/contacts.py``), with schema.org ``ContactPoint`` data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..model.contacts import Contacts
from ..model.errors import BuildError
from ..model.sources import LANGUAGES
from .metadata import escape_json
from .run import language_run

SETTING = "PORTAL_RELATED_PORTALS"


@dataclass(frozen=True)
class RelatedPortal:
    name: str  # in the page's language
    url: str


def related_portals(settings: dict[str, Any], lang: str) -> list[RelatedPortal]:
    """The setting, checked: each item a name in every language and an http(s) address."""
    found = []
    for number, item in enumerate(settings.get(SETTING, []), start=1):
        names = item.get("name") if isinstance(item, dict) else None
        url = item.get("url") if isinstance(item, dict) else None
        good_names = isinstance(names, dict) and all(
            isinstance(names.get(code), str) and names[code].strip() for code in LANGUAGES
        )
        good_url = isinstance(url, str) and url.startswith(("https://", "http://"))
        if not (good_names and good_url):
            raise BuildError(
                [
                    f"pelicanconf.py: {SETTING} item {number} must be "
                    '{"name": {"vi": "…", "en": "…"}, "url": "https://…"}, not '
                    f"{item!r}"
                ]
            )
        found.append(RelatedPortal(names[lang].strip(), url))  # type: ignore[index]
    return found


def plan_contacts(generator: Any) -> None:
    """After the articles are read: the contacts page's data, for its template."""
    generator.context["contacts"] = language_run(generator.settings).index.contacts


def contacts_json_ld(
    contacts: Contacts, settings: dict[str, Any], lang: str, canonical: str, origin: str
) -> Markup:
    """The agency with a ContactPoint for itself and for each official, and its units."""
    agency = settings["AGENCY"]
    general = {
        "@type": "ContactPoint",
        "contactType": "customer service",
        "telephone": agency["phone"],
        "email": agency["email"],
        "areaServed": "VN",
        "availableLanguage": list(LANGUAGES),
    }
    points: list[dict[str, Any]] = [general]
    departments = []
    for unit in contacts.units:
        department: dict[str, Any] = {"@type": "GovernmentOrganization", "name": unit.name.of(lang)}
        if unit.functions is not None:
            department["description"] = unit.functions.of(lang)
        if unit.phone is not None:
            department["telephone"] = unit.phone.shown
        if unit.email is not None:
            department["email"] = unit.email
        departments.append(department)
        for official in unit.officials:
            points.append(
                {
                    "@type": "ContactPoint",
                    "name": official.name,
                    "contactType": f"{official.position.of(lang)}, {unit.name.of(lang)}",
                    "telephone": official.phone.shown,
                    "email": official.email,
                }
            )
    organization: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "@id": f"{origin}/#organization",
        "name": agency["name"],
        "url": f"{origin}/",
        "mainEntityOfPage": canonical,
        "address": {"@type": "PostalAddress", "streetAddress": agency["address"]},
        "contactPoint": points,
    }
    if contacts.functions is not None:
        organization["description"] = contacts.functions.of(lang)
    if departments:
        organization["department"] = departments
    return Markup(escape_json(organization))
