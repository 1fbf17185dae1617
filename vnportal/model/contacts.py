"""The agency's structure, functions and contact officials, from ``content/contacts.yml``.

Decree 42/2022/NĐ-CP (Art. 7) asks a state portal to show them, in English too.
One file gives both languages: every text is written twice, Vietnamese and
English; names of people, phone numbers and emails once::

    functions:
      vi: Tham mưu cho Ủy ban nhân dân tỉnh về công tác tư pháp.
      en: Advises the Provincial People's Committee on justice.
    units:
      - name:
          vi: Phòng Phổ biến, giáo dục pháp luật
          en: Legal Dissemination Division
        functions:
          vi: Phổ biến, giáo dục pháp luật; hòa giải ở cơ sở.
          en: Legal dissemination and education; grassroots mediation.
        phone: 0273 3 873 344
        email: pbgdpl.stp@tiengiang.gov.vn
        officials:
          - name: Nguyễn Văn An
            position:
              vi: Trưởng phòng
              en: Head of Division
            phone: 0273 3 873 345
            email: nvan.stp@tiengiang.gov.vn

An official's unit is the unit they are listed under. Every problem is
collected with its line, so that ``invoke check`` names them all at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

import yaml

from .datafile import line_of, mapping_items, read_data_file, scalar_text
from .digests import digest
from .errors import ContentError

CONTACTS_FILE = "contacts.yml"
_LANGS = ("vi", "en")
# Keys of each kind of entry: required ones first.
_TOP = {"functions": True, "units": True}
_UNIT = {"name": True, "functions": False, "phone": False, "email": False, "officials": False}
_OFFICIAL = {"name": True, "position": True, "phone": True, "email": True}
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 .()-]*[0-9]$")
_PHONE_DIGITS = range(8, 16)  # a Vietnamese landline has 10 or 11 digits, +84 adds two


@dataclass(frozen=True)
class Text:
    """One text in both languages."""

    vi: str
    en: str

    def of(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class Phone:
    shown: str  # as the file writes it

    @property
    def uri(self) -> str:
        """A tel: address that works from abroad too: +84 instead of the leading 0."""
        digits = re.sub(r"[^0-9]", "", self.shown)
        if self.shown.startswith("+"):
            return f"tel:+{digits}"
        return f"tel:+84{digits.removeprefix('0')}"


@dataclass(frozen=True)
class Official:
    name: str  # the same in both languages
    position: Text
    phone: Phone
    email: str


@dataclass(frozen=True)
class Unit:
    name: Text
    functions: Text | None
    phone: Phone | None
    email: str | None
    officials: tuple[Official, ...]


@dataclass(frozen=True)
class Contacts:
    """What the contacts page shows; empty when content/ has no contacts.yml."""

    functions: Text | None = None
    units: tuple[Unit, ...] = ()

    @property
    def key(self) -> str:
        """Changes whenever anything the page shows changes."""
        return digest(repr(self))


def read_contacts(content: Path) -> tuple[Contacts, list[ContentError]]:
    """The file's contacts and every problem in it (none without the file)."""
    path = content / CONTACTS_FILE
    if not path.is_file():
        return Contacts(), []
    reader = _Reader(path)
    try:
        contacts = reader.contacts(read_data_file(path))
    except ContentError as error:  # not YAML, or not the file's shape at all
        reader.problems.append(error)
        contacts = Contacts()
    return (Contacts() if reader.problems else contacts), reader.problems


class _Reader:
    """Reads the file's nodes, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[ContentError] = []

    def contacts(self, root: yaml.Node | None) -> Contacts:
        example = "'functions:', then 'vi:' and 'en:' indented below it"
        fields = self._fields(root, _TOP, CONTACTS_FILE, example, 1)
        functions = self._text(fields.get("functions"), "the agency's functions")
        units_node = fields.get("units")
        units = []
        for node in self._sequence(units_node, "units", "'- name:' under 'units:'"):
            unit = self._unit(node)
            if unit is not None:
                units.append(unit)
        return Contacts(functions, tuple(units))

    def _unit(self, node: yaml.Node) -> Unit | None:
        fields = self._fields(node, _UNIT, "a unit", "'name:' with 'vi:' and 'en:'", line_of(node))
        name = self._text(fields.get("name"), "the unit's name")
        if name is None:
            return None
        what = f"the unit '{name.vi}'"
        functions = self._text(fields.get("functions"), f"the functions of {what}")
        phone = self._phone(fields.get("phone"), f"the phone of {what}")
        email = self._email(fields.get("email"), f"the email of {what}")
        officials = []
        listed = self._sequence(fields.get("officials"), f"the officials of {what}", "'- name:'")
        for item in listed:
            official = self._official(item, what)
            if official is not None:
                officials.append(official)
        return Unit(name, functions, phone, email, tuple(officials))

    def _official(self, node: yaml.Node, unit: str) -> Official | None:
        example = "'name:', 'position:', 'phone:' and 'email:'"
        fields = self._fields(node, _OFFICIAL, f"an official of {unit}", example, line_of(node))
        name_node = fields.get("name")
        name = self._scalar(name_node, f"an official's name in {unit}") if name_node else None
        if name is None:
            return None
        what = f"{name} ({unit})"
        position = self._text(fields.get("position"), f"the position of {what}")
        phone = self._phone(fields.get("phone"), f"the phone of {what}")
        email = self._email(fields.get("email"), f"the email of {what}")
        if position is None or phone is None or email is None:
            return None
        return Official(name, position, phone, email)

    def _fields(
        self, node: yaml.Node | None, known: dict[str, bool], what: str, example: str, line: int
    ) -> dict[str, yaml.Node]:
        """The node's ``key: value`` items; unknown and missing required keys are problems."""
        try:
            items = mapping_items(node, self.path, what, example)
        except ContentError as error:
            self.problems.append(error)
            return {}
        found: dict[str, yaml.Node] = {}
        for key, key_line, value in items:
            if key in known:
                found[key] = value
                continue
            close = get_close_matches(key, list(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the keys are {', '.join(known)}"
            self._problem(f"unknown key '{key}' in {what}", hint, key_line)
        for key, required in known.items():
            if required and key not in found:
                self._problem(f"{what} has no '{key}:'", f"add '{key}:' ({example})", line)
        return found

    def _text(self, node: yaml.Node | None, what: str) -> Text | None:
        """A text in both languages: a mapping with ``vi:`` and ``en:``."""
        if node is None:
            return None
        example = "'vi:' and 'en:' on two lines indented below it"
        fields = self._fields(node, dict.fromkeys(_LANGS, True), what, example, line_of(node))
        values = {lang: self._scalar(fields[lang], f"{what} in {lang}") for lang in fields}
        if any(values.get(lang) is None for lang in _LANGS):
            return None
        return Text(values["vi"], values["en"])  # type: ignore[arg-type]

    def _scalar(self, node: yaml.Node, what: str) -> str | None:
        try:
            return scalar_text(node, self.path, what)
        except ContentError as error:
            self.problems.append(error)
            return None

    def _sequence(self, node: yaml.Node | None, what: str, example: str) -> list[yaml.Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            fix = f"start each item with {example}"
            self._problem(f"{what} must be a list", fix, line_of(node))
            return []
        return list(node.value)

    def _phone(self, node: yaml.Node | None, what: str) -> Phone | None:
        text = self._scalar(node, what) if node is not None else None
        if text is None:
            return None
        digits = sum(char.isdigit() for char in text)
        if not _PHONE.match(text) or digits not in _PHONE_DIGITS:
            self._problem(
                f"{what} '{text}' is not a phone number",
                "write its digits, as 0273 3 873 344 or +84 273 3 873 344",
                line_of(node),
            )
            return None
        return Phone(text)

    def _email(self, node: yaml.Node | None, what: str) -> str | None:
        text = self._scalar(node, what) if node is not None else None
        if text is None:
            return None
        if not _EMAIL.match(text):
            self._problem(
                f"{what} '{text}' is not an email address",
                "write it as name@agency.gov.vn",
                line_of(node),
            )
            return None
        return text

    def _problem(self, problem: str, fix: str, line: int) -> None:
        self.problems.append(ContentError(self.path, problem, fix, line))
