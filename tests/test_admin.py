"""The editors' admin: one-request creation with inlines, form errors, bulk actions, queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, Related
from sources.models import Source
from tests.admin_forms import event_form
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:events_event_add")


def test_admin_creates_an_event_with_sources_related_and_topics_in_one_request(admin_client):
    response = admin_client.post(ADD_URL, event_form())
    assert response.status_code == 302, response.context and response.context["errors"]
    event = Event.objects.get()
    assert event.slug == "wang-lijun-goes-to-the-chongqing-u-s-consulate"
    assert event.summary_paragraphs == ["First paragraph.", "Second paragraph."]
    assert event.cover_image_url.endswith("cover.jpg")
    assert [(s.position, s.name) for s in event.sources.all()] == [
        (0, "BBC"),
        (1, "AP via Winnipeg Free Press"),
    ]
    link = event.related_links.get()
    assert (link.target, link.context) == (None, "Chongqing, Wang Lijun")
    assert sorted(event.topics.names()) == ["Chongqing", "Wang Lijun"]


def test_admin_related_target_by_autocomplete_fills_path_and_headline(admin_client):
    target = EventFactory(date=datetime.date(2012, 9, 5), slug="later", headline="Later.")
    data = event_form(
        **{
            "related_links-0-target": str(target.pk),
            "related_links-0-target_headline": "",
            "related_links-0-target_path": "",
        }
    )
    assert admin_client.post(ADD_URL, data).status_code == 302
    link = Related.objects.get(event__slug="wang-lijun-goes-to-the-chongqing-u-s-consulate")
    assert (link.target, link.target_path, link.target_headline) == (
        target,
        "/news/2012/09/5/later.md",
        "Later.",
    )


def test_duplicate_slug_on_one_day_is_a_form_error(admin_client):
    EventFactory(
        date=datetime.date(2012, 2, 8), slug="wang-lijun-goes-to-the-chongqing-u-s-consulate"
    )
    response = admin_client.post(ADD_URL, event_form())
    assert response.status_code == 200
    assert "Another event on this day already has this slug." in response.content.decode()
    assert Event.objects.count() == 1
    assert Source.objects.count() == 0


def test_unsafe_source_url_is_a_field_error_and_saves_nothing(admin_client):
    response = admin_client.post(ADD_URL, event_form(**{"sources-1-url": "javascript:alert(1)"}))
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "url" in errors[1]
    assert "http://" in errors[1]["url"][0]
    assert not Event.objects.exists()
    assert not Source.objects.exists()
    assert not Related.objects.exists()


@pytest.mark.parametrize("url", ["data:image/png;base64,AAAA", "ichef.bbci.co.uk/cover.jpg"])
def test_unsafe_cover_url_is_a_field_error(admin_client, url):
    response = admin_client.post(ADD_URL, event_form(cover_image_url=url))
    assert response.status_code == 200
    assert "cover_image_url" in response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_inline_rows_are_renumbered_in_their_given_order(admin_client):
    data = event_form(**{"sources-0-position": "7", "sources-1-position": "3"})
    assert admin_client.post(ADD_URL, data).status_code == 302
    names = list(Source.objects.order_by("position").values_list("position", "name"))
    assert names == [(0, "AP via Winnipeg Free Press"), (1, "BBC")]


def changelist_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 200
    return len(queries)


def test_changelist_query_count_does_not_grow_with_rows(admin_client):
    # The date drill-down asks once per period it shows (events.admin.date_drilldown): the
    # rows added fall on the same five days.
    def add_events(count, offset):
        for n in range(count):
            event = EventFactory(
                date=datetime.date(2012, 1, 1) + datetime.timedelta(days=n % 5),
                slug=f"event-{offset + n}",
            )
            event.topics.add(f"Topic {n % 3}", "Shared")
            SourceFactory(event=event)

    add_events(5, 0)
    small = changelist_queries(admin_client)
    add_events(45, 100)
    assert Event.objects.count() == 50
    assert changelist_queries(admin_client) == small


def test_changelist_search_covers_source_names(admin_client):
    SourceFactory(name="Winnipeg Free Press", event=EventFactory(headline="Found by outlet."))
    EventFactory(headline="Not this one.")
    url = reverse("admin:events_event_changelist")
    response = admin_client.get(url, {"q": "Winnipeg"})
    assert [e.headline for e in response.context["cl"].result_list] == ["Found by outlet."]


def test_bulk_publish_and_unpublish(admin_client):
    drafts = [EventFactory(status=Event.Status.DRAFT) for _ in range(3)]
    url = reverse("admin:events_event_changelist")
    ids = [str(e.pk) for e in drafts]
    admin_client.post(url, {"action": "publish", "_selected_action": ids})
    assert Event.objects.published().count() == 3
    admin_client.post(url, {"action": "unpublish", "_selected_action": ids[:2]})
    assert Event.objects.published().count() == 1


def test_source_admin_searches_outlet_and_url(admin_client):
    SourceFactory(name="Reuters", url="https://www.reuters.com/world/story")
    SourceFactory(name="BBC", url="https://www.bbc.co.uk/news/1")
    url = reverse("admin:sources_source_changelist")
    by_name = admin_client.get(url, {"q": "Reuters"}).context["cl"].result_list
    by_url = admin_client.get(url, {"q": "bbc.co.uk"}).context["cl"].result_list
    assert [s.name for s in by_name] == ["Reuters"]
    assert [s.name for s in by_url] == ["BBC"]


def test_admin_requires_staff(client, django_user_model):
    url = reverse("admin:events_event_changelist")
    assert client.get(url).status_code == 302
    reader = django_user_model.objects.create_user(username="reader", password="pw-reader-1")
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
