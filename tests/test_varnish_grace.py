"""While the backend is down, Varnish keeps answering with pages past their lifetime (grace)."""

import datetime
import time

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.varnish

DAY = "/news/2012/02/8/"
HEADLINE = "Wang Lijun visits the consulate."
LIFETIME = 1  # seconds a shared cache may keep a page, for this test only


def test_a_sick_backend_leaves_expired_pages_served_from_grace(varnish, settings):
    EventFactory(date=datetime.date(2012, 2, 8), headline=HEADLINE)
    settings.NEWSROOM_SHARED_MAX_AGE = LIFETIME
    first = varnish.get(DAY)
    assert (first.status, first.cache) == (200, "MISS")
    assert f"s-maxage={LIFETIME}" in first["Cache-Control"]

    varnish.admin("backend.set_health", "default", "sick")
    # The one wait: until the page is older than its lifetime (a second or two).
    deadline = time.monotonic() + 10
    while True:
        answer = varnish.get(DAY)
        assert (answer.status, answer.cache) == (200, "HIT"), answer.status
        assert HEADLINE in answer.text
        if int(answer["Age"]) > LIFETIME:
            break
        assert time.monotonic() < deadline, "the page never got older than its lifetime"
        time.sleep(0.2)

    # A page never cached has nothing to fall back on.
    assert varnish.get("/news/2012/02/9/").status == 503
