"""No stale page: every kind of write the public could see shows on the next public response.

Each test first makes sure the page is served from the cache (no query), then writes the way
editors and the import do, then asks again as a reader. On local memory and on real Redis.
"""

import datetime

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.archive.importer import import_archive
from events.editorial import revisions
from events.models import Event, Topic
from events.public_version import bump_public_version, current_state
from tests.admin_forms import change_url, form_data, open_change_form
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory, event_with_details

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend")]

FEB_8 = datetime.date(2012, 2, 8)
DAY = "/news/2012/02/8/"
CHANGELIST = reverse("admin:events_event_changelist")


@pytest.fixture
def story():
    return event_with_details(FEB_8, headline="Wang Lijun visits the consulate.", related=0)


def cached(client, url) -> str:
    """The page as readers get it, checked to come from the cache (no query at all)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert len(queries) == 0, f"{url} was not answered from the cache"
    return response.content.decode()


def fresh(client, url) -> str:
    return client.get(url).content.decode()


def test_an_admin_edit_changes_the_next_public_response(client, staff_browser, story):
    assert "Wang Lijun visits the consulate." in cached(client, DAY)
    assert "Wang Lijun visits the consulate." in cached(client, story.get_absolute_url())
    data = open_change_form(staff_browser, story)
    data["headline"] = "Wang Lijun leaves the consulate."
    assert staff_browser.post(change_url(story), data).status_code == 302
    for url in (DAY, story.get_absolute_url()):
        page = fresh(client, url)
        assert "Wang Lijun leaves the consulate." in page
        assert "Wang Lijun visits the consulate." not in page


def test_an_event_deleted_in_the_admin_leaves_every_page(client, staff_browser, story):
    EventFactory(date=FEB_8, headline="Another event that day.")
    assert "Wang Lijun visits" in cached(client, DAY)
    delete = reverse("admin:events_event_delete", args=[story.pk])
    assert staff_browser.post(delete, {"post": "yes"}).status_code == 302
    assert "Wang Lijun visits" not in fresh(client, DAY)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_publish_and_unpublish_actions_show_at_once(client, staff_browser, story):
    draft = EventFactory(date=FEB_8, status=Event.Status.DRAFT, headline="Held back.")
    assert "Held back." not in cached(client, DAY)
    action = {"action": "publish", "_selected_action": [draft.pk]}
    assert staff_browser.post(CHANGELIST, action).status_code == 302
    assert "Held back." in cached(client, DAY)
    assert staff_browser.post(CHANGELIST, {**action, "action": "unpublish"}).status_code == 302
    assert "Held back." not in fresh(client, DAY)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_scheduled_event_appears_when_its_time_passes_with_no_write(
    client, staff_user, story, django_assert_num_queries
):
    publish_at = datetime.datetime(2030, 5, 1, 9, 0, tzinfo=datetime.UTC)
    embargoed = EventFactory(date=FEB_8, status=Event.Status.DRAFT, headline="Embargoed.")
    with time_machine.travel(publish_at - datetime.timedelta(hours=1), tick=False) as clock:
        editor = Client()  # logged in at this time: a session from today has expired by 2030
        editor.force_login(staff_user)
        action = {"action": "schedule", "_selected_action": [embargoed.pk]}
        response = editor.post(CHANGELIST, {**action, "publish_at": "2030-05-01T09:00"})
        assert response.status_code == 302
        assert "Embargoed." not in cached(client, DAY)
        clock.move_to(publish_at - datetime.timedelta(seconds=1))
        assert "Embargoed." not in cached(client, DAY)
        clock.move_to(publish_at)
        assert "Embargoed." in fresh(client, DAY)
        assert client.get(embargoed.get_absolute_url()).status_code == 200
        with django_assert_num_queries(0):
            assert "Embargoed." in fresh(client, DAY)


def test_a_source_edited_on_its_own_page_shows_at_once(client, staff_browser, story):
    source = story.sources.first()
    assert ">BBC<" in cached(client, DAY)
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = form_data(staff_browser.get(url).content.decode(), "source_form")
    assert staff_browser.post(url, {**data, "name": "Reuters"}).status_code == 302
    page = fresh(client, DAY)
    assert ">Reuters<" in page


def test_renaming_and_merging_topics_show_at_once(client, staff_browser, story):
    other = EventFactory(date=FEB_8, headline="Second event.", topics=["Chong-qing"])
    topics = reverse("events:topics")
    assert "Chong-qing" in cached(client, topics)
    assert "Chongqing" in cached(client, story.get_absolute_url())

    topic = Topic.objects.get(name="Chongqing")
    rename = reverse("admin:events_topic_change", args=[topic.pk])
    assert staff_browser.post(rename, {"name": "Chongqing Municipality"}).status_code == 302
    assert "Chongqing Municipality" in fresh(client, story.get_absolute_url())

    merged = Topic.objects.get(name="Chong-qing")
    ids = [topic.pk, merged.pk]
    url = reverse("admin:events_topic_changelist")
    staff_browser.post(url, {"action": "merge", "_selected_action": ids})
    merge = {"action": "merge", "_selected_action": ids, "keep": topic.pk}
    assert staff_browser.post(url, merge).status_code == 302
    assert "Chong-qing" not in fresh(client, topics)
    assert "Chongqing Municipality" in fresh(client, other.get_absolute_url())


def test_restoring_a_revision_shows_at_once(client, staff_browser, story):
    data = {**open_change_form(staff_browser, story), "headline": "Rewritten."}
    assert staff_browser.post(change_url(story), data).status_code == 302
    assert "Rewritten." in cached(client, DAY)
    baseline = revisions.versions_of(story).last()
    restore = reverse("admin:events_event_restore", args=[story.pk, baseline.revision.pk])
    assert staff_browser.post(restore).status_code == 302
    page = fresh(client, DAY)
    assert "Wang Lijun visits the consulate." in page
    assert "Rewritten." not in page


def test_a_related_link_added_from_suggestions_shows_at_once(client, staff_browser, story):
    later = EventFactory(date=datetime.date(2012, 9, 5), headline="Wang Lijun faces charges.")
    assert "Wang Lijun faces charges." not in cached(client, story.get_absolute_url())
    url = reverse("admin:events_event_add_related", args=[story.pk])
    assert staff_browser.post(url, {"target": later.pk}).status_code == 302
    assert "Wang Lijun faces charges." in fresh(client, story.get_absolute_url())


def test_an_import_shows_at_once_and_an_unchanged_one_keeps_the_cache(
    client, tmp_path, django_assert_num_queries
):
    path = "news/2012/02/8/wang-lijun.md"
    write_archive(tmp_path, {path: event_text(headline="Wang Lijun visits the consulate.")})
    import_archive(tmp_path)
    assert "Wang Lijun visits the consulate." in cached(client, DAY)

    write_archive(tmp_path, {path: event_text(headline="Wang Lijun leaves the consulate.")})
    assert import_archive(tmp_path).updated == 1
    assert "Wang Lijun leaves the consulate." in cached(client, DAY)

    assert import_archive(tmp_path).unchanged == 1
    with django_assert_num_queries(0):
        assert "Wang Lijun leaves the consulate." in fresh(client, DAY)


def test_a_bump_inside_a_transaction_bumps_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        during = bump_public_version()
        assert current_state().version == during
    assert len(callbacks) == 1
    assert current_state().version != during
