"""Revisions: every admin save keeps the event with its sources, related links and topics, by
whom and when; the history lists them, any two compare, and one POST restores an old one."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from reversion.models import Revision

from events.archive.importer import import_archive
from events.editorial import revision_diffs, revisions
from events.models import Event, Topic
from tests.admin_forms import add_inline_row, change_url, event_form, open_change_form
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = pytest.mark.django_db


def history_url(event):
    return reverse("admin:events_event_history", args=[event.pk])


def restore_url(event, revision):
    return reverse("admin:events_event_restore", args=[event.pk, revision.pk])


def version_at(version) -> revision_diffs.ReadableVersion:
    return revision_diffs.from_rows(
        revision_diffs.stored_rows(version.revision), int(version.object_id)
    )


@pytest.fixture
def imported():
    """An event as the importer leaves it: no revision yet."""
    event = EventFactory(headline="Wang Lijun visits the consulate.", topics=["Chongqing"])
    SourceFactory(event=event, position=0, name="BBC", url="https://www.bbc.co.uk/news/1")
    RelatedFactory(event=event, position=0, target_headline="Later.", context="Chongqing")
    return event


def edit(client, event, **changes):
    data = open_change_form(client, event)
    data.update(changes)
    return client.post(change_url(event), data)


def test_adding_an_event_records_it_whole_with_its_author(editor_client, editor):
    assert editor_client.post(reverse("admin:events_event_add"), event_form()).status_code == 302
    event = Event.objects.get()
    [version] = revisions.versions_of(event)
    assert version.revision.user == editor
    assert "Added" in version.revision.get_comment()
    readable = version_at(version)
    assert readable.fields["headline"] == "Wang Lijun goes to the Chongqing U.S. Consulate."
    assert readable.sources == (
        "BBC — http://www.bbc.co.uk/news/world-asia-china-16940146",
        "AP via Winnipeg Free Press — https://www.winnipegfreepress.com/world/ap-story",
    )
    assert readable.related == (
        "Wang Lijun faces charges. (/news/2012/09/5/wang-lijun-faces-charges.md) "
        "· Chongqing, Wang Lijun",
    )
    assert readable.topics == ("Chongqing", "Wang Lijun")


def test_first_change_keeps_the_imported_state_then_the_new_one(editor_client, editor, imported):
    data = open_change_form(editor_client, imported)
    data["headline"] = "Wang Lijun leaves the consulate."
    data["topics"] = ["Chongqing", "Wang Lijun"]
    add_inline_row(data, "sources", position="1", name="Reuters", url="https://reuters.com/a")
    assert editor_client.post(change_url(imported), data).status_code == 302

    newest, baseline = revisions.versions_of(imported)
    assert baseline.revision.user is None
    assert baseline.revision.comment == revisions.BASELINE_COMMENT
    assert version_at(baseline).fields["headline"] == "Wang Lijun visits the consulate."
    assert version_at(baseline).topics == ("Chongqing",)
    assert newest.revision.user == editor
    after = version_at(newest)
    assert after.fields["headline"] == "Wang Lijun leaves the consulate."
    assert after.sources[-1] == "Reuters — https://reuters.com/a"
    assert after.topics == ("Chongqing", "Wang Lijun")


def test_history_lists_revisions_with_who_and_what(editor_client, imported):
    edit(editor_client, imported, headline="Second headline.")
    edit(editor_client, imported, headline="Third headline.")
    response = editor_client.get(history_url(imported))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["headline"] for row in rows] == [
        "Third headline.",
        "Second headline.",
        "Wang Lijun visits the consulate.",
    ]
    body = response.content.decode()
    assert "eve" in body
    assert "Changed Headline." in body
    assert body.count("Restore this version") == 2  # not offered for the current one


def test_compare_shows_a_readable_diff_of_fields_and_lists(editor_client, imported):
    data = open_change_form(editor_client, imported)
    data["headline"] = "Wang Lijun <b>leaves</b> the consulate."
    data["topics"] = ["Wang Lijun"]
    data["sources-0-DELETE"] = "on"
    add_inline_row(data, "sources", position="1", name="Reuters", url="https://reuters.com/a")
    editor_client.post(change_url(imported), data)
    newest, baseline = revisions.versions_of(imported)

    url = reverse("admin:events_event_compare", args=[imported.pk])
    response = editor_client.get(url, {"old": baseline.revision_id, "new": newest.revision_id})
    assert response.status_code == 200
    changes = {change.label: change for change in response.context["changes"]}
    assert set(changes) == {"Headline", "Sources", "Topics"}
    assert ("removed", "visits") in changes["Headline"].old_segments
    assert ("added", "<b>leaves</b>") in changes["Headline"].new_segments
    assert changes["Sources"].removed == ("BBC — https://www.bbc.co.uk/news/1",)
    assert changes["Sources"].added == ("Reuters — https://reuters.com/a",)
    assert (changes["Topics"].removed, changes["Topics"].added) == (("Chongqing",), ("Wang Lijun",))
    body = response.content.decode()
    assert "<ins>&lt;b&gt;leaves&lt;/b&gt;</ins>" in body  # editors' text is escaped

    same = editor_client.get(url, {"old": newest.revision_id, "new": "current"})
    assert same.context["changes"] == []


def test_compare_with_an_unknown_revision_is_a_404(editor_client, imported):
    other = EventFactory()
    revisions.record(other)
    url = reverse("admin:events_event_compare", args=[imported.pk])
    foreign = Revision.objects.get().pk
    assert editor_client.get(url, {"old": foreign}).status_code == 404
    assert editor_client.get(url, {"old": "x"}).status_code == 404


def test_restore_brings_back_fields_sources_related_and_topics_in_one_post(
    editor_client, editor, imported
):
    data = open_change_form(editor_client, imported)
    data.update({"headline": "Rewritten.", "topics": "Somewhere else", "slug": "rewritten"})
    data["sources-0-DELETE"] = "on"
    data["related_links-0-DELETE"] = "on"
    add_inline_row(data, "sources", position="1", name="Reuters", url="https://reuters.com/a")
    assert editor_client.post(change_url(imported), data).status_code == 302
    _newest, baseline = revisions.versions_of(imported)
    lock_before = Event.objects.get(pk=imported.pk).lock_version

    response = editor_client.post(restore_url(imported, baseline.revision))
    assert response.status_code == 302
    event = Event.objects.get(pk=imported.pk)
    assert (event.headline, event.slug) == (imported.headline, imported.slug)
    assert [(s.name, s.url) for s in event.sources.all()] == [
        ("BBC", "https://www.bbc.co.uk/news/1")
    ]
    assert [r.target_headline for r in event.related_links.all()] == ["Later."]
    assert sorted(event.topics.names()) == ["Chongqing"]
    assert event.lock_version == lock_before + 1
    # Restoring is a change of its own: a third revision, by the editor, undoable.
    restored, *_older = revisions.versions_of(event)
    assert len(_older) == 2
    assert restored.revision.user == editor
    assert restored.revision.comment.startswith("Restored the version of")
    assert revision_diffs.differences(version_at(restored), version_at(baseline)) == []


def test_restore_leaves_out_topics_deleted_since_and_says_so(editor_client, imported):
    edit(editor_client, imported, headline="Changed.")
    _newest, baseline = revisions.versions_of(imported)
    Topic.objects.filter(name="Chongqing").delete()
    response = editor_client.post(restore_url(imported, baseline.revision), follow=True)
    assert "These topics no longer exist and were left out: Chongqing" in response.content.decode()
    event = Event.objects.get(pk=imported.pk)
    assert event.headline == "Wang Lijun visits the consulate."
    assert list(event.topics.names()) == []


def test_restore_asks_first_showing_the_diff_and_needs_change_permission(
    editor_client, imported, django_user_model
):
    edit(editor_client, imported, headline="Changed.")
    _newest, baseline = revisions.versions_of(imported)
    url = restore_url(imported, baseline.revision)
    asked = editor_client.get(url)
    assert asked.status_code == 200
    # What restoring would do to the event as it is now, before anything is written.
    [headline] = [c for c in asked.context["changes"] if c.label == "Headline"]
    assert (headline.old_text, headline.new_text) == ("Changed.", baseline.field_dict["headline"])
    assert 'id="restore-form"' in asked.content.decode()
    assert Event.objects.get(pk=imported.pk).headline == "Changed."
    viewer = django_user_model.objects.create_user(username="vic", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client = Client()
    client.force_login(viewer)
    assert client.get(history_url(imported)).status_code == 200
    assert client.post(url).status_code == 403
    assert Event.objects.get(pk=imported.pk).headline == "Changed."


def test_restore_that_would_unpublish_needs_the_publish_permission(
    editor_client, imported, django_user_model, editors_group
):
    edit(editor_client, imported, status="draft")
    newest, _baseline = revisions.versions_of(imported)
    edit(editor_client, imported, status="published")
    writer = django_user_model.objects.create_user(username="wes", password="pw", is_staff=True)
    writer.user_permissions.set(editors_group.permissions.exclude(codename="publish_event"))
    client = Client()
    client.force_login(writer)
    response = client.post(restore_url(imported, newest.revision), follow=True)
    assert "needs the permission to publish" in response.content.decode()
    assert Event.objects.get(pk=imported.pk).status == Event.Status.PUBLISHED


def test_bulk_written_events_have_no_revisions_until_their_first_admin_change(editor_client):
    Event.objects.bulk_create([EventFactory.build(slug="bulk")])
    event = Event.objects.get()
    assert not revisions.versions_of(event).exists()
    response = editor_client.get(history_url(event))
    assert "No revisions yet" in response.content.decode()


def test_an_event_from_the_sample_archive_can_be_edited_and_restored_exactly(editor_client):
    import_archive(settings.DEMO_ARCHIVE_DIR, only="2012/02/8")
    event = Event.objects.get(date="2012-02-08")
    imported = revision_diffs.from_database(event)
    assert imported.sources and imported.topics  # a full event: sources, topics, links
    assert not revisions.versions_of(event).exists()  # the importer records none

    data = open_change_form(editor_client, event)
    data.update({"headline": "Edited.", "topics": ["Edited topic"]})
    data["sources-0-DELETE"] = "on"
    assert editor_client.post(change_url(event), data).status_code == 302
    assert revision_diffs.from_database(Event.objects.get(pk=event.pk)) != imported

    _newest, baseline = revisions.versions_of(event)
    editor_client.post(restore_url(event, baseline.revision))
    assert revision_diffs.from_database(Event.objects.get(pk=event.pk)) == imported
