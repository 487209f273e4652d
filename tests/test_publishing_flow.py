"""Publishing in one step: the success message links to the public page, an empty outlet is
filled from the address, an untouched publish time stays to the microsecond, and the
possible-duplicates warning is a warning."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from events.editorial import revisions
from events.models import Event
from sources.models import Outlet
from tests.admin_forms import event_form, open_change_form
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:events_event_add")
PUBLISHED_AT = datetime.datetime(2026, 3, 1, 14, 30, 27, 123456, tzinfo=datetime.UTC)


def saved_message(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_the_success_message_links_to_the_public_page(admin_client):
    response = admin_client.post(ADD_URL, event_form())
    event = Event.objects.get()
    message = saved_message(response)
    assert "was added successfully" in message
    assert f'<a href="{event.get_absolute_url()}" class="view-on-site">View on site</a>' in message


def test_a_draft_is_offered_as_a_preview(admin_client):
    response = admin_client.post(ADD_URL, event_form(status="draft"))
    assert ">Preview on site</a>" in saved_message(response)


def test_an_empty_outlet_is_filled_from_the_address(admin_client):
    named = Outlet.objects.create(domain="reuters.com", name="Reuters")
    # An outlet with no display name: the name its sources are most often written with.
    SourceFactory(name="BBC News", url="https://www.bbc.co.uk/news/1")
    SourceFactory(name="BBC News", url="https://www.bbc.co.uk/news/2")
    SourceFactory(name="BBC", url="https://www.bbc.co.uk/news/3")
    form = event_form(**{"sources-0-name": "", "sources-1-name": ""})
    form["sources-0-url"] = "https://www.reuters.com/world/a"
    form["sources-1-url"] = "https://news.bbc.co.uk/b"
    form = form | {"sources-TOTAL_FORMS": "3", "sources-2-position": "2", "sources-2-name": ""}
    form["sources-2-url"] = "https://www.example.org/new"
    response = admin_client.post(ADD_URL, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(headline=form["headline"])
    assert [s.name for s in event.sources.order_by("position")] == [
        "Reuters",
        "BBC News",
        "example.org",
    ]
    assert named.sources.count() == 1


def test_an_untouched_publish_time_is_kept_to_the_microsecond(admin_client):
    event = EventFactory(publish_at=PUBLISHED_AT)
    revisions.record(event, comment="First.")
    data = open_change_form(admin_client, event)
    assert data["publish_at_1"] == "14:30:27"
    data["headline"] = event.headline + " Typo fixed."
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.publish_at == PUBLISHED_AT
    assert revisions.versions_of(event).first().revision.get_comment() == "Changed Headline."


def test_a_changed_publish_time_is_saved_to_the_second(admin_client):
    due = PUBLISHED_AT + datetime.timedelta(days=400)
    event = EventFactory(status=Event.Status.SCHEDULED, publish_at=due)
    data = open_change_form(admin_client, event)
    data["publish_at_1"] = "09:05:07"
    admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    event.refresh_from_db()
    assert event.publish_at == due.replace(hour=9, minute=5, second=7, microsecond=0)


def test_the_duplicate_warning_is_a_warning(admin_client):
    EventFactory(headline="Wang Lijun goes to the Chongqing U.S. Consulate today.")
    response = admin_client.post(ADD_URL, event_form(), follow=True)
    text = response.content.decode()
    assert '<li class="warning">' in text
    assert "may be a duplicate of" in text
