"""Every write purges exactly what it changed in Varnish, at once: edits, bulk actions, imports.

The pages are first checked to be Varnish hits, then written to the way editors and the import
do (for real: a POST to the admin, the importer), then asked for again as a reader.
"""

import datetime

import pytest
from django.urls import reverse

from events.archive.importer import import_archive
from events.models import Event
from tests.admin_forms import change_url, open_change_form
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory, event_with_details
from tests.varnish import free_port

pytestmark = pytest.mark.varnish

FEB_8 = datetime.date(2012, 2, 8)
MAY_20 = datetime.date(2013, 5, 20)
DAY = "/news/2012/02/8/"
OTHER_DAY = "/news/2013/05/20/"
BEFORE = "Wang Lijun visits the consulate."
AFTER = "Wang Lijun leaves the consulate."
CHANGELIST = reverse("admin:events_event_changelist")


@pytest.fixture
def story(varnish):
    return event_with_details(FEB_8, headline=BEFORE, topics=("Chongqing",), related=0)


@pytest.fixture
def other_day(varnish):
    """A day whose page shows nothing of Feb 8's: another month, and not its neighbour (a day
    gaining or losing its only event purges the days, months and years either side of it)."""
    EventFactory(date=datetime.date(2012, 6, 1), headline="Between the two.")
    return EventFactory(date=MAY_20, headline="Bo Xilai speaks in Chongqing.")


def pages_showing(event) -> list[str]:
    """Its day page (both views: the day's key covers the grouped one), its event page, its
    topic's page and feed, the home page and the latest feed."""
    topic = event.topics.get()
    return [
        DAY,
        DAY + "?view=stories",
        event.get_absolute_url(),
        topic.get_absolute_url(),
        reverse("events:topic_feed", kwargs={"slug": topic.slug}),
        "/",
        "/feeds/latest/",
    ]


def edit_headline(admin_client, event, headline: str) -> None:
    data = open_change_form(admin_client, event)
    data["headline"] = headline
    response = admin_client.post(change_url(event), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_admin_edit_shows_at_once_and_other_days_stay_cached(
    varnish, admin_client, story, other_day
):
    pages = pages_showing(story)
    for path in pages:
        assert BEFORE in varnish.cached(path).text, path
    varnish.cached(OTHER_DAY)

    edit_headline(admin_client, story, AFTER)

    for path in pages:
        answer = varnish.get(path)
        assert answer.status == 200, path
        assert AFTER in answer.text, path
        assert BEFORE not in answer.text, path
    # A day that does not show the event was not touched.
    assert varnish.get(OTHER_DAY).cache == "HIT"


def test_publish_and_unpublish_actions_purge(varnish, admin_client, story, other_day):
    draft = EventFactory(date=FEB_8, status=Event.Status.DRAFT, headline="Held back for now.")
    assert "Held back for now." not in varnish.cached(DAY).text
    varnish.cached(OTHER_DAY)
    action = {"action": "publish", "_selected_action": [draft.pk]}

    assert admin_client.post(CHANGELIST, action).status_code == 302
    assert "Held back for now." in varnish.get(DAY).text
    assert varnish.cached(draft.get_absolute_url()).status == 200

    assert admin_client.post(CHANGELIST, {**action, "action": "unpublish"}).status_code == 302
    assert "Held back for now." not in varnish.get(DAY).text
    assert varnish.get(draft.get_absolute_url()).status == 404
    assert varnish.get(OTHER_DAY).cache == "HIT"


def test_an_archive_import_purges_what_it_changed(varnish, tmp_path, other_day):
    path = "news/2012/02/8/wang-lijun.md"
    write_archive(tmp_path, {path: event_text(headline=BEFORE)})
    import_archive(tmp_path)
    assert BEFORE in varnish.cached(DAY).text
    assert BEFORE in varnish.cached("/").text
    varnish.cached(OTHER_DAY)

    write_archive(tmp_path, {path: event_text(headline=AFTER)})
    assert import_archive(tmp_path).updated == 1

    for page in (DAY, "/"):
        assert AFTER in varnish.get(page).text, page
    assert varnish.get(OTHER_DAY).cache == "HIT"


def test_a_purge_that_failed_is_sent_by_the_next_write(
    varnish, admin_client, settings, story, other_day
):
    assert BEFORE in varnish.cached(DAY).text
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{free_port()}/"]  # nothing listens

    edit_headline(admin_client, story, AFTER)
    stale = varnish.get(DAY)
    assert (stale.cache, BEFORE in stale.text) == ("HIT", True)  # the purge did not arrive

    settings.NEWSROOM_PURGE_URLS = [varnish.base]
    edit_headline(admin_client, other_day, "Bo Xilai speaks again in Chongqing.")
    fresh = varnish.get(DAY)
    assert AFTER in fresh.text
    assert BEFORE not in fresh.text
