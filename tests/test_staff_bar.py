"""The staff bar on public pages: signed-in editors get Edit, History and the event's status
(a day: its ordering page); readers never see it, and no shared cache keeps a page with it."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Event
from tests.factories import EventFactory

FEB_8 = datetime.date(2012, 2, 8)
DAY = "/news/2012/02/8/"


@pytest.fixture
def story(db):
    return EventFactory(date=FEB_8, headline="Wang Lijun visits the consulate.")


def test_staff_see_edit_history_and_status_on_an_event(admin_client, story):
    response = admin_client.get(story.get_absolute_url())
    text = response.content.decode()
    assert f'href="/admin/events/event/{story.pk}/change/"' in text
    assert f'href="/admin/events/event/{story.pk}/history/"' in text
    assert "Status: <strong>Published</strong>" in text
    assert "private" in response["Cache-Control"]
    assert "xkey" not in response


def test_a_day_offers_its_ordering_page(admin_client, story):
    text = admin_client.get(DAY).content.decode()
    assert 'href="/admin/events/event/day/2012/2/8/order/"' in text
    assert "date__year=2012&amp;date__month=2&amp;date__day=8" in text


def test_readers_get_no_bar_and_a_shareable_page(client, story):
    response = client.get(story.get_absolute_url())
    assert "staff-bar" not in response.content.decode()
    assert "public" in response["Cache-Control"]
    # The reader's request never opened a session: nothing varies by cookie.
    assert "Cookie" not in response.get("Vary", "")


def test_staff_without_a_right_to_events_get_no_bar(client, django_user_model, story):
    bare = django_user_model.objects.create_user("bare", password="pw-bare-1", is_staff=True)
    client.force_login(bare)
    assert "staff-bar" not in client.get(story.get_absolute_url()).content.decode()


def test_a_scheduled_preview_says_when_it_goes_public(admin_client):
    due = timezone.now() + datetime.timedelta(days=2)
    event = EventFactory(date=FEB_8, status=Event.Status.SCHEDULED, publish_at=due)
    text = admin_client.get(event.get_absolute_url()).content.decode()
    assert "Scheduled - not public yet." in text
    assert f'datetime="{due.isoformat()}"' in text
    assert "Draft - not public" not in text
    assert "Status: <strong>Scheduled: public from" in text


@pytest.mark.varnish
def test_varnish_never_hands_the_bar_to_a_reader(varnish, story, staff_user):
    signed_in = Client()
    signed_in.force_login(staff_user)
    cookie = {"Cookie": f"sessionid={signed_in.cookies['sessionid'].value}"}
    for path in (story.get_absolute_url(), DAY):
        staff = varnish.get(path, cookie)
        assert (staff.cache, "staff-bar" in staff.text) == ("PASS", True)
        reader = varnish.get(path)
        assert "staff-bar" not in reader.text
        assert varnish.get(path).cache == "HIT"
