"""The desk (the admin's home): its lists, their links, the thin-day rule, and a query count
that does not grow with the archive. The index hides taggit's Tags and keeps superusers'
models apart."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.editorial import desk
from events.models import Event
from sources.models import LinkState
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = pytest.mark.django_db
DESK = reverse("admin:index")


def fill_archive(days, per_day, start=datetime.date(2012, 1, 1)):
    for offset in range(days):
        for n in range(per_day):
            event = EventFactory(date=start + datetime.timedelta(days=offset), position=n)
            SourceFactory(event=event)


def desk_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DESK)
    assert response.status_code == 200
    return len(queries)


def test_desk_query_count_does_not_grow_with_the_archive(admin_client):
    fill_archive(3, 2)
    # One of each list, so both archives list something in every list (an empty list skips
    # reading its rows).
    EventFactory(status=Event.Status.DRAFT)
    RelatedFactory(event=EventFactory(), target=None)
    SourceFactory(link_state=LinkState.DEAD)
    desk_queries(admin_client)  # fills the content-type cache
    small = desk_queries(admin_client)
    fill_archive(20, 6, start=datetime.date(2013, 1, 1))
    for _ in range(12):
        EventFactory(status=Event.Status.DRAFT)
        RelatedFactory(event=EventFactory(), target=None)
        SourceFactory(link_state=LinkState.DEAD)
    assert desk_queries(admin_client) == small


def test_desk_lists_link_into_the_filtered_changelist(admin_client):
    soon = timezone.now() + datetime.timedelta(hours=2)
    scheduled = EventFactory(status=Event.Status.SCHEDULED, publish_at=soon, headline="Soon.")
    bare = EventFactory(headline="No sources here.")
    page = admin_client.get(DESK).content.decode()
    assert "Soon." in page and "No sources here." in page
    for query, expected in (
        ("sources=none", bare),
        ("status__exact=scheduled", scheduled),
    ):
        listed = admin_client.get(reverse("admin:events_event_changelist") + "?" + query)
        assert expected in listed.context["cl"].result_list


def test_events_whose_every_source_is_dead_and_unarchived_need_attention(admin_client):
    lost = EventFactory(headline="Every link dead.")
    SourceFactory.create_batch(2, event=lost, link_state=LinkState.DEAD)
    archived = EventFactory(headline="Dead but archived.")
    SourceFactory(event=archived, link_state=LinkState.DEAD)
    SourceFactory(event=archived, link_state=LinkState.DEAD, snapshot_text="Kept.")
    half = EventFactory(headline="Half dead.")
    SourceFactory(event=half, link_state=LinkState.DEAD)
    SourceFactory(event=half, link_state=LinkState.FAILING)
    EventFactory(headline="No sources at all.")  # listed as such, not here

    assert list(desk.with_every_source_lost()) == [lost]
    page = admin_client.get(DESK)
    assert page.context["desk"]["attention"]["sources_lost"].rows == [lost]
    assert 'id="sources-lost"' in page.content.decode()
    listed = admin_client.get(reverse("admin:events_event_changelist") + "?sources=lost")
    assert list(listed.context["cl"].result_list) == [lost]


def test_events_with_links_to_events_not_yet_in_the_archive_need_attention(admin_client):
    waiting = EventFactory(headline="Links to a later event.")
    RelatedFactory.create_batch(2, event=waiting)  # two dangling links: listed once
    resolved = EventFactory(headline="Links to a known event.")
    RelatedFactory(event=resolved, target=waiting)
    EventFactory(headline="No links at all.")

    assert list(desk.with_unresolved_links()) == [waiting]
    page = admin_client.get(DESK)
    assert page.context["desk"]["attention"]["unresolved_links"].rows == [waiting]
    assert page.context["desk"]["attention"]["unresolved_links"].count == 1
    listed = admin_client.get(reverse("admin:events_event_changelist") + "?links=unresolved")
    assert list(listed.context["cl"].result_list) == [waiting]


def test_thin_days_are_those_under_half_the_median_of_the_last_30_days():
    fill_archive(9, 4)
    EventFactory(date=datetime.date(2012, 2, 1))
    thin, median = desk.thin_days()
    assert median == 4
    assert [day["date"] for day in thin] == [datetime.date(2012, 2, 1)]


def test_index_hides_taggit_tags_and_groups_superuser_models_apart(admin_client):
    page = admin_client.get(DESK).content.decode()
    assert "/admin/taggit/" not in page
    editorial, superusers = page.split("Accounts and sign-in (superusers)")
    assert "/admin/events/event/" in editorial and "/admin/auth/user/" not in editorial
    assert "/admin/auth/user/" in superusers and "/admin/axes/" in superusers


def test_editors_see_the_desk_without_the_superusers_section(editor_client):
    page = editor_client.get(DESK).content.decode()
    assert 'id="my-drafts"' in page
    assert "Accounts and sign-in" not in page


def test_add_todays_event_fills_the_date_and_the_next_position(admin_client):
    today = timezone.localdate()
    EventFactory(date=today, position=4)
    page = admin_client.get(DESK)
    url = page.context["todays_event_url"]
    form = admin_client.get(url).context["adminform"].form
    assert (form.initial["date"], form.initial["position"]) == (today.isoformat(), "5")


def test_saving_an_event_warns_of_a_similar_headline_within_three_days(admin_client):
    from tests.admin_forms import event_form

    EventFactory(date=datetime.date(2012, 2, 9), headline="Wang Lijun goes to the U.S. Consulate.")
    response = admin_client.post(
        reverse("admin:events_event_add"),
        event_form(headline="Wang Lijun goes to the US consulate in Chengdu."),
        follow=True,
    )
    assert Event.objects.count() == 2  # a warning, never a block
    similar = Event.objects.get(date=datetime.date(2012, 2, 9))
    page = response.content.decode()
    assert 'id="duplicate-warning"' in page
    assert f'href="{reverse("admin:events_event_change", args=[similar.pk])}"' in page
    assert "Wang Lijun goes to the U.S. Consulate." in page
    # Shown once: the next page says nothing more.
    assert 'id="duplicate-warning"' not in admin_client.get(DESK).content.decode()


def test_the_duplicate_warning_escapes_headlines(admin_client):
    from tests.admin_forms import event_form

    EventFactory(date=datetime.date(2012, 2, 9), headline="<b>Wang</b> goes to the consulate.")
    response = admin_client.post(
        reverse("admin:events_event_add"),
        event_form(headline="<b>Wang</b> goes to the consulate!", status="draft"),
        follow=True,
    )
    page = response.content.decode()
    assert "&lt;b&gt;Wang&lt;/b&gt; goes to the consulate." in page
    assert "<b>Wang</b>" not in page
