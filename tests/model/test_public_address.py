"""PORTAL_SITEURL: a usable public address is normalised, an unusable one is refused."""

from __future__ import annotations

import pytest

from vnportal.model.errors import ContentError
from vnportal.model.public_address import public_address


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("https://pbgdpl.tiengiang.gov.vn", "https://pbgdpl.tiengiang.gov.vn"),
        ("https://pbgdpl.tiengiang.gov.vn/", "https://pbgdpl.tiengiang.gov.vn"),
        ("  HTTPS://PBGDPL.TienGiang.gov.vn//  ", "https://pbgdpl.tiengiang.gov.vn"),
        ("pbgdpl.tiengiang.gov.vn", "https://pbgdpl.tiengiang.gov.vn"),
        ("pbgdpl.tiengiang.gov.vn/", "https://pbgdpl.tiengiang.gov.vn"),
        ("https://pbgdpl.tiengiang.gov.vn:443/", "https://pbgdpl.tiengiang.gov.vn"),
        ("https://pbgdpl.tiengiang.gov.vn:8443", "https://pbgdpl.tiengiang.gov.vn:8443"),
        ("https://phápluật.vn", "https://xn--phplut-qta1412d.vn"),
    ],
)
def test_a_usable_address_is_normalised(given, used):
    assert public_address(given) == used


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("", "is empty"),
        ("http://pbgdpl.tiengiang.gov.vn", "served over HTTPS"),
        ("ftp://pbgdpl.tiengiang.gov.vn", "must start with https://"),
        ("https://pbgdpl.tiengiang.gov.vn/portal/", "has a path"),
        ("https://user:secret@pbgdpl.tiengiang.gov.vn", "user name"),
        ("https://pbgdpl.tiengiang.gov.vn/?a=1", "'?' or '#'"),
        ("https://pbgdpl tiengiang.gov.vn", "space"),
        ("https://pbgdpl_tg.gov.vn", "characters a domain cannot have"),
        ("https://", "no valid host name"),
        ("https://localhost:8000", "names this computer"),
        ("https://127.0.0.1", "names this computer"),
        ("https://pbgdpl.gov.vn:99999", "not a web address"),
    ],
)
def test_an_unusable_address_is_refused_with_what_to_write(given, said):
    with pytest.raises(ContentError) as raised:
        public_address(given)
    message = str(raised.value)
    assert message.startswith("PORTAL_SITEURL: ") and said in message
    assert "https://pbgdpl.tiengiang.gov.vn" in message or "https://" in message.split(" — ")[1]
