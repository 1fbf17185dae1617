"""content/contacts.yml: the agency's functions, units and officials in both languages."""

from __future__ import annotations

from pathlib import Path

from vnportal.model.contacts import Phone, read_contacts

from ..corpus import ROOT

GOOD = """\
functions:
  vi: Tham mưu về công tác tư pháp.
  en: Advises on justice.
units:
  - name:
      vi: Văn phòng Sở
      en: Department Office
    phone: 0273 3 873 344
    officials:
      - name: Nguyễn Văn An
        position:
          vi: Chánh Văn phòng
          en: Chief of Office
        phone: +84 273 3 873 346
        email: an.stp@tiengiang.gov.vn
"""


def read(tmp_path: Path, text: str):
    (tmp_path / "contacts.yml").write_text(text, encoding="utf-8")
    return read_contacts(tmp_path)


def problems(tmp_path: Path, text: str) -> list[tuple[int | None, str, str]]:
    contacts, errors = read(tmp_path, text)
    assert errors, "expected problems"
    assert contacts.units == ()  # nothing half-read reaches a page
    return [(error.line, error.problem, error.fix) for error in errors]


def test_the_sample_file_is_read_in_both_languages():
    contacts, errors = read_contacts(ROOT / "content")
    assert errors == []
    assert contacts.functions is not None and contacts.functions.of("en").startswith("The")
    assert len(contacts.units) >= 3
    director = contacts.units[0].officials[0]
    assert director.position.of("vi") == "Giám đốc Sở" and director.position.of("en") == "Director"


def test_an_official_keeps_one_name_and_texts_per_language(tmp_path):
    contacts, errors = read(tmp_path, GOOD)
    assert errors == []
    unit = contacts.units[0]
    assert (unit.name.of("vi"), unit.name.of("en")) == ("Văn phòng Sở", "Department Office")
    official = unit.officials[0]
    assert official.name == "Nguyễn Văn An"
    assert official.email == "an.stp@tiengiang.gov.vn"
    assert official.phone.shown == "+84 273 3 873 346"


def test_phone_numbers_dial_from_abroad_too():
    assert Phone("0273 3 873 344").uri == "tel:+842733873344"
    assert Phone("+84 (273) 3.873-344").uri == "tel:+842733873344"


def test_no_file_means_no_units_and_no_problem(tmp_path):
    contacts, errors = read_contacts(tmp_path)
    assert (contacts.units, errors) == ((), [])


def test_a_missing_required_field_is_named_at_its_entry(tmp_path):
    text = GOOD.replace("        email: an.stp@tiengiang.gov.vn\n", "")
    found = problems(tmp_path, text)
    assert found[0][0] == 10  # the official's '- name:' line
    assert "has no 'email:'" in found[0][1]


def test_a_text_needs_both_languages(tmp_path):
    found = problems(tmp_path, GOOD.replace("          en: Chief of Office\n", ""))
    assert found[0][0] == 12 and "has no 'en:'" in found[0][1]
    assert "Nguyễn Văn An" in found[0][1]


def test_malformed_email_and_phone_are_errors_at_their_lines(tmp_path):
    text = GOOD.replace("an.stp@tiengiang.gov.vn", "an.stp@tiengiang").replace(
        "+84 273 3 873 346", "số máy lẻ 12"
    )
    found = problems(tmp_path, text)
    assert [(line, problem.split(" '")[0]) for line, problem, _ in found] == [
        (14, "the phone of Nguyễn Văn An (the unit"),
        (15, "the email of Nguyễn Văn An (the unit"),
    ]
    assert "not a phone number" in found[0][1] and "0273 3 873 344" in found[0][2]
    assert "not an email address" in found[1][1]


def test_an_unknown_key_suggests_the_nearest_one(tmp_path):
    found = problems(tmp_path, GOOD.replace("        email:", "        emial:"))
    assert found[0][:2] == (15, "unknown key 'emial' in an official of the unit 'Văn phòng Sở'")
    assert found[0][2] == "did you mean 'email'?"


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace("    phone: 0273 3 873 344\n", "    phone: 12\n").replace(
        "        email:", "        mail:"
    )
    assert [line for line, _, _ in problems(tmp_path, text)] == [8, 15, 10]


def test_a_file_that_is_not_yaml_names_its_line(tmp_path):
    found = problems(tmp_path, 'functions:\n  vi: "không đóng\n  en: x\n')
    assert found[0][0] == 2
