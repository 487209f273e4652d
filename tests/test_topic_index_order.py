"""The topic index sorts A to Z ignoring case and leading punctuation, digits before letters,
and its name filter puts the name itself, then names starting with it, first."""

import datetime
import re

import pytest
from django.conf import settings

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

STYLES = settings.BASE_DIR / "static" / "css" / "site.css"

NAMES = [
    "ATP rankings",
    "Abbas Araghchi",
    "ANO 2011",
    "'Ndrangheta",
    "1973 NBA Finals",
    "AVE",
    "Ba'athist Syria",
    "Syria",
    "Syrian civil war",
    "(Untitled) art",
    "zebra crossing",
]


@pytest.fixture
def archive():
    for index, name in enumerate(NAMES):
        EventFactory(date=datetime.date(2012, 2, 1 + index), topics=[name])


def listed(client, **params) -> list[str]:
    page = client.get("/topics/", params).content.decode()
    block = re.search(r'<ul class="topic-index[^"]*"[^>]*>(.*?)</ul>', page, re.S)
    return re.findall(r'<a href="/topics/[^"]+/">([^<]+)</a>', block[1])


def test_a_to_z_ignores_case_and_leading_punctuation(client, archive):
    names = [name.replace("'", "&#39;") for name in NAMES]
    assert listed(client, sort="name") == [
        "1973 NBA Finals",
        "Abbas Araghchi",
        "ANO 2011",
        "ATP rankings",
        "AVE",
        names[6],  # Ba'athist Syria
        names[3],  # 'Ndrangheta
        "Syria",
        "Syrian civil war",
        "(Untitled) art",
        "zebra crossing",
    ]


def test_the_filter_puts_the_name_then_names_starting_with_it_first(client, archive):
    assert listed(client, q="syria") == ["Syria", "Syrian civil war", "Ba&#39;athist Syria"]
    assert listed(client, q="syria", sort="events")[:2] == ["Syria", "Syrian civil war"]


def test_a_letter_counts_a_name_by_its_first_letter_past_punctuation(client, archive):
    assert listed(client, letter="N") == ["&#39;Ndrangheta"]
    assert listed(client, letter="U") == ["(Untitled) art"]


def test_counts_stay_on_one_line():
    assert ".topic-index .count { white-space: nowrap; }" in STYLES.read_text()
