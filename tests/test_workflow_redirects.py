"""Redirects: a public event that changes date or slug keeps its old addresses (page and
archive `.md` path) as permanent redirects; renamed and merged topics keep theirs."""

import datetime

import pytest
from django.urls import reverse

from events.editorial import revisions
from events.editorial.redirects import find_redirect
from events.models import Event, Redirect, Related, TaggedEvent, Topic
from tests.admin_forms import change_url, form_data, open_change_form
from tests.factories import EventFactory, RelatedFactory

pytestmark = pytest.mark.django_db

OLD_PAGE = "/news/2012/02/8/old-slug/"
OLD_FILE = "/news/2012/02/8/old-slug.md"


@pytest.fixture
def event():
    return EventFactory(date=datetime.date(2012, 2, 8), slug="old-slug", topics=["Chongqing"])


def move(client, event, **changes):
    data = {**open_change_form(client, event), **changes}
    response = client.post(change_url(event), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    event.refresh_from_db()
    return event


def assert_redirects(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new


def test_new_slug_redirects_the_old_page_and_the_old_archive_path(client, editor_client, event):
    move(editor_client, event, slug="new-slug")
    assert_redirects(client, OLD_PAGE, "/news/2012/02/8/new-slug/")
    assert_redirects(client, OLD_FILE, "/news/2012/02/8/new-slug/")
    assert client.get("/news/2012/02/8/new-slug/").status_code == 200


def test_new_date_redirects_too_and_keeps_the_query_string(client, editor_client, event):
    move(editor_client, event, date="2012-03-15")
    assert_redirects(client, OLD_PAGE, "/news/2012/03/15/old-slug/")
    assert_redirects(client, OLD_PAGE + "?utm=x", "/news/2012/03/15/old-slug/?utm=x")


def test_a_chain_of_moves_ends_at_the_current_address_in_one_hop(client, editor_client, event):
    move(editor_client, event, slug="second")
    move(editor_client, event, slug="third")
    for old in (OLD_PAGE, OLD_FILE, "/news/2012/02/8/second/", "/news/2012/02/8/second.md"):
        assert_redirects(client, old, "/news/2012/02/8/third/")


def test_moving_back_makes_the_old_address_live_again(client, editor_client, event):
    move(editor_client, event, slug="second")
    move(editor_client, event, slug="old-slug")
    assert client.get(OLD_PAGE).status_code == 200
    assert not Redirect.objects.filter(old_path__in=[OLD_PAGE, OLD_FILE]).exists()
    assert_redirects(client, "/news/2012/02/8/second/", OLD_PAGE)


def test_a_draft_leaves_no_redirects_behind(client, editor_client):
    draft = EventFactory(date=datetime.date(2012, 2, 8), slug="old-slug", status="draft")
    move(editor_client, draft, slug="new-slug")
    assert not Redirect.objects.exists()
    assert client.get(OLD_PAGE).status_code == 404


def test_redirects_to_an_event_made_draft_again_are_404s(client, editor_client, event):
    move(editor_client, event, slug="new-slug")
    move(editor_client, event, status="draft")
    assert client.get(OLD_PAGE).status_code == 404


def test_a_restore_that_changes_the_slug_records_a_redirect(client, editor_client, event):
    move(editor_client, event, headline="Changed.")
    move(editor_client, event, slug="renamed")
    older = revisions.versions_of(event)[1]  # the headline change, still at old-slug
    editor_client.post(reverse("admin:events_event_restore", args=[event.pk, older.revision_id]))
    assert client.get(OLD_PAGE).status_code == 200
    assert_redirects(client, "/news/2012/02/8/renamed/", OLD_PAGE)


def test_live_pages_win_and_a_404_costs_one_lookup(
    client, editor_client, event, django_assert_num_queries
):
    move(editor_client, event, slug="new-slug")
    # Another event takes the address the first one left: its page is served, not redirected.
    EventFactory(date=datetime.date(2012, 2, 8), slug="old-slug")
    assert client.get(OLD_PAGE).status_code == 200
    with django_assert_num_queries(1):
        assert find_redirect("/news/2012/02/8/nothing-here/") is None


@pytest.fixture
def topics():
    """Two spellings of one topic, each with public events; one event has both."""
    both = EventFactory(topics=["Chongqing", "Chong-qing"])
    only_old = EventFactory(topics=["Chong-qing"])
    only_kept = EventFactory(topics=["Chongqing"])
    RelatedFactory(event=only_kept, context="Chong-qing, Wang Lijun")
    RelatedFactory(event=only_kept, context="Chongqing, Chong-qing")
    return {"both": both, "only_old": only_old, "only_kept": only_kept}


def merge(client, kept, *others):
    ids = [kept.pk, *(o.pk for o in others)]
    url = reverse("admin:events_topic_changelist")
    page = client.post(url, {"action": "merge", "_selected_action": ids})
    assert page.status_code == 200  # asks which topic to keep
    return client.post(url, {"action": "merge", "_selected_action": ids, "keep": kept.pk})


def test_merging_moves_events_once_and_redirects_the_old_topic(client, editor_client, topics):
    kept = Topic.objects.get(name="Chongqing")
    merged = Topic.objects.get(name="Chong-qing")
    old_page, old_feed = f"/topics/{merged.slug}/", f"/topics/{merged.slug}/feed/"
    assert merge(editor_client, kept, merged).status_code == 302

    assert not Topic.objects.filter(pk=merged.pk).exists()
    tagged = TaggedEvent.objects.filter(tag=kept).values_list("content_object_id", flat=True)
    assert sorted(tagged) == sorted(e.pk for e in topics.values())
    assert_redirects(client, old_page, f"/topics/{kept.slug}/")
    assert_redirects(client, old_feed, f"/topics/{kept.slug}/feed/")
    contexts = set(Related.objects.values_list("context", flat=True))
    assert contexts == {"Chongqing, Wang Lijun", "Chongqing"}


def test_merge_needs_two_topics(editor_client, topics):
    kept = Topic.objects.get(name="Chongqing")
    url = reverse("admin:events_topic_changelist")
    response = editor_client.post(
        url, {"action": "merge", "_selected_action": [kept.pk]}, follow=True
    )
    assert "Select two or more topics to merge." in response.content.decode()
    assert Topic.objects.count() == 2


def test_merge_previews_what_moves_and_refuses_a_missing_choice(editor_client, topics):
    kept = Topic.objects.get(name="Chongqing")
    merged = Topic.objects.get(name="Chong-qing")
    url = reverse("admin:events_topic_changelist")
    ids = [kept.pk, merged.pk]
    page = editor_client.post(url, {"action": "merge", "_selected_action": ids})
    text = page.content.decode()
    assert f"<code>/topics/{merged.slug}/</code>, <code>/topics/{merged.slug}/feed/</code>" in text
    assert "errornote" not in text
    merged_count = TaggedEvent.objects.filter(tag=merged).count()
    assert f"{merged_count} event" in text
    answer = {"action": "merge", "_selected_action": ids, "confirm": "1"}
    refused = editor_client.post(url, answer)
    assert refused.status_code == 200
    assert "Choose the topic to keep: nothing was merged." in refused.content.decode()
    assert Topic.objects.count() == 2


def rename(client, topic, name):
    """Open the topic's page and submit it with a new name, as a browser would."""
    url = reverse("admin:events_topic_change", args=[topic.pk])
    page = form_data(client.get(url).content.decode(), "topic_form")
    return client.post(url, {**page, "name": name})


def test_renaming_changes_the_slug_and_redirects_the_old_one(client, editor_client, topics):
    topic = Topic.objects.get(name="Chong-qing")
    old_slug = topic.slug
    assert rename(editor_client, topic, "Chongqing Municipality").status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.slug) == ("Chongqing Municipality", "chongqing-municipality")
    assert_redirects(client, f"/topics/{old_slug}/", "/topics/chongqing-municipality/")
    assert Related.objects.filter(context="Chongqing Municipality, Wang Lijun").exists()


def test_renaming_then_merging_keeps_every_old_address_one_hop_away(client, editor_client, topics):
    topic = Topic.objects.get(name="Chong-qing")
    first_slug = topic.slug
    rename(editor_client, topic, "Chongqing City")
    merge(editor_client, Topic.objects.get(name="Chongqing"), topic)
    for old in (f"/topics/{first_slug}/", "/topics/chongqing-city/"):
        assert_redirects(client, old, "/topics/chongqing/")


def test_renaming_to_a_taken_name_is_a_field_error(editor_client, topics):
    topic = Topic.objects.get(name="Chong-qing")
    response = rename(editor_client, topic, "Chongqing")
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert Topic.objects.get(pk=topic.pk).name == "Chong-qing"
    assert not Redirect.objects.exists()


def test_redirect_table_is_read_only_in_the_admin(editor_client, event):
    move(editor_client, event, slug="new-slug")
    url = reverse("admin:events_redirect_changelist")
    body = editor_client.get(url).content.decode()
    assert OLD_FILE in body
    assert editor_client.get(reverse("admin:events_redirect_add")).status_code == 403
    assert Event.objects.get(pk=event.pk).redirects.count() == 2
