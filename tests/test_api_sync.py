"""Keeping a copy in sync: `updated_since` sees every change of what the API shows of an event
(its sources, links and topics, a topic renamed or merged, a scheduled event falling due), and
`/events/withdrawn` lists the events that stopped being public (events.changes)."""

import datetime

import pytest
from django.utils import timezone

from events.archive.importer import import_archive
from events.editorial.topic_edits import merge_topics, rename_topic
from events.editorial.topic_order import put_topics_in_order
from events.editorial.workflow import set_status
from events.models import Event, Related, Topic
from sources.models import Source
from tests.api import api, walk
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def synced():
    """Three public events, last changed long ago; returns them and the moment of the sync."""
    carrier = EventFactory(date=FEB_8, topics=["Chongqing", "Wang Lijun"])
    cited = EventFactory(date=FEB_8, topics=["Beijing"])
    SourceFactory(event=cited, name="BBC", url="https://www.bbc.co.uk/1")
    linking = EventFactory(date=FEB_8)
    RelatedFactory(event=linking, target=cited, target_path=cited.legacy_path, context="Beijing")
    # Not a column the public sees: no change time of its own moves.
    Event.objects.update(updated_at=LONG_AGO)
    return carrier, cited, linking


def changed_since(client, since) -> set[int]:
    moment = since.isoformat().replace("+00:00", "Z")
    found = walk(client, api("events"), {"updated_since": moment, "ordering": "updated"})
    return {event["id"] for event in found}


def test_nothing_changed_nothing_listed(client, synced):
    assert changed_since(client, timezone.now()) == set()


def test_a_topic_renamed_or_merged_moves_its_events(client, synced):
    carrier, cited, _ = synced
    since = timezone.now()
    rename_topic(Topic.objects.get(name="Chongqing"), "Chongqing municipality")
    assert changed_since(client, since) == {carrier.pk}
    Event.objects.update(updated_at=LONG_AGO)
    merge_topics(Topic.objects.get(name="Beijing"), [Topic.objects.get(name="Wang Lijun")])
    assert changed_since(client, since) == {carrier.pk}
    topics = client.get(api("event", id=carrier.pk)).json()["topics"]
    assert {topic["name"] for topic in topics} == {"Chongqing municipality", "Beijing"}


def test_topics_added_removed_and_reordered_move_the_event(client, synced):
    carrier, cited, _ = synced
    since = timezone.now()
    cited.topics.add("Shanghai")
    assert changed_since(client, since) == {cited.pk}
    Event.objects.update(updated_at=LONG_AGO)
    cited.topics.remove("Shanghai")
    assert changed_since(client, since) == {cited.pk}
    Event.objects.update(updated_at=LONG_AGO)
    put_topics_in_order(carrier, ["Wang Lijun", "Chongqing"])
    assert changed_since(client, since) == {carrier.pk}


def test_sources_added_edited_and_removed_move_their_event(client, synced):
    carrier, cited, _ = synced
    since = timezone.now()
    SourceFactory(event=carrier)
    assert changed_since(client, since) == {carrier.pk}
    Event.objects.update(updated_at=LONG_AGO)
    source = Source.objects.get(event=cited)
    source.name = "BBC News"
    source.save()
    assert changed_since(client, since) == {cited.pk}
    Event.objects.update(updated_at=LONG_AGO)
    Source.objects.filter(event=carrier).delete()
    source.delete()
    assert changed_since(client, since) == {carrier.pk, cited.pk}


def test_a_link_check_moves_nothing(client, synced):
    since = timezone.now()
    source = Source.objects.get()
    source.link_state = "dead"
    Source.objects.bulk_update([source], ["link_state"])
    source.save(update_fields=["link_state"])
    assert changed_since(client, since) == set()


def test_links_edited_and_their_targets_changed_move_the_linking_event(client, synced):
    carrier, cited, linking = synced
    since = timezone.now()
    link = Related.objects.get()
    link.context = "Beijing, Tianjin"
    link.save()
    # The link now gives its target Tianjin, which the target's answer shows.
    assert changed_since(client, since) == {cited.pk, linking.pk}
    Event.objects.update(updated_at=LONG_AGO)
    cited.headline = "A new headline."
    cited.save()
    # The linking event shows the target's headline; the target shows it.
    assert changed_since(client, since) == {cited.pk, linking.pk}
    Event.objects.update(updated_at=LONG_AGO)
    link.delete()
    # The target keeps Beijing, its own topic, and loses Tianjin.
    assert changed_since(client, since) == {cited.pk, linking.pk}


def test_a_scheduled_event_counts_as_changed_when_it_falls_due(client):
    since = timezone.now() - datetime.timedelta(hours=1)
    due = since + datetime.timedelta(minutes=30)
    event = EventFactory(date=FEB_8, status=Event.Status.SCHEDULED, publish_at=due)
    Event.objects.update(updated_at=since - datetime.timedelta(hours=1))
    assert changed_since(client, since) == {event.pk}
    shown = client.get(api("event", id=event.pk)).json()
    assert shown["updated_at"] == due.isoformat().replace("+00:00", "Z")


def test_events_changed_by_another_falling_due_are_listed(client):
    """A scheduled event falling due changes other events with no write: the targets of its
    links gain the topics the links give, and events linking to it show the link resolved."""
    since = timezone.now() - datetime.timedelta(hours=1)
    due = since + datetime.timedelta(minutes=30)  # fell due after the sync: no sleep needed
    target = EventFactory(date=FEB_8, slug="target")
    giver = EventFactory(date=FEB_8, status=Event.Status.SCHEDULED, publish_at=due)
    RelatedFactory(event=giver, target=target, target_path=target.legacy_path, context="Given")
    linking = EventFactory(date=FEB_8)
    RelatedFactory(event=linking, target=giver, target_path=giver.legacy_path)
    long_public = EventFactory(date=FEB_8)
    linking_to_old = EventFactory(date=FEB_8)
    RelatedFactory(event=linking_to_old, target=long_public, target_path=long_public.legacy_path)
    # Everything but the giver public, and last changed, before the sync.
    before = since - datetime.timedelta(hours=1)
    Event.objects.exclude(pk=giver.pk).update(publish_at=before)
    Event.objects.update(updated_at=before)
    answer = client.get(api("event", id=target.pk)).json()
    assert "Given" in {t["name"] for t in answer["topics"]}
    assert changed_since(client, since) == {giver.pk, target.pk, linking.pk}
    # Their answers say so: changed when the giver fell due, though nothing was written then.
    moment = due.isoformat().replace("+00:00", "Z")
    assert answer["updated_at"] == moment
    assert client.get(api("event", id=linking.pk)).json()["updated_at"] == moment
    listed = {event["id"]: event["updated_at"] for event in walk(client, api("events"), {})}
    assert listed[target.pk] == listed[linking.pk] == moment


def withdrawn(client, since) -> list[int]:
    moment = since.isoformat().replace("+00:00", "Z")
    return [row["id"] for row in walk(client, api("withdrawn"), {"since": moment, "limit": 1})]


def test_events_leaving_the_public_are_listed_as_withdrawn(client, synced, staff_user):
    carrier, cited, linking = synced
    draft = EventFactory(date=FEB_8, status=Event.Status.DRAFT)
    since = timezone.now()
    set_status(Event.objects.filter(pk=carrier.pk), Event.Status.DRAFT, user=staff_user)
    later = timezone.now() + datetime.timedelta(days=1)
    set_status(
        Event.objects.filter(pk=linking.pk),
        Event.Status.SCHEDULED,
        user=staff_user,
        publish_at=later,
    )
    cited_pk = cited.pk
    cited.delete()
    draft.delete()
    assert withdrawn(client, since) == [carrier.pk, linking.pk, cited_pk]
    assert changed_since(client, since) == set()
    set_status(Event.objects.filter(pk=carrier.pk), Event.Status.PUBLISHED, user=staff_user)
    # Public again: listed as changed, no longer as withdrawn.
    assert withdrawn(client, since) == [linking.pk, cited_pk]
    assert changed_since(client, since) == {carrier.pk}
    assert withdrawn(client, timezone.now()) == []


def test_withdrawn_takes_a_moment_and_nothing_else(client):
    assert client.get(api("withdrawn")).json()["errors"][0]["field"] == "since"
    for params, field in (
        ({"since": "yesterday"}, "since"),
        ({"since": "2012-02-08T00:00:00Z", "updated_since": "x"}, "updated_since"),
    ):
        response = client.get(api("withdrawn"), params)
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == field


def test_withdrawn_costs_one_statement_whatever_its_size(client, django_assert_num_queries):
    events = [EventFactory(date=FEB_8) for _ in range(6)]
    since = timezone.now()
    for event in events:
        event.delete()
    moment = since.isoformat().replace("+00:00", "Z")
    # The list, then the cache's publish-time check.
    with django_assert_num_queries(2):
        client.get(api("withdrawn"), {"since": moment, "limit": 2})
    with django_assert_num_queries(2):
        assert len(client.get(api("withdrawn"), {"since": moment}).json()["results"]) == 6


def test_a_reimported_file_moves_its_event_and_those_linking_to_it(client, tmp_path):
    def story(headline):
        return event_text(date="2012-03-2", folder="/news/2012/03/2", headline=headline)

    link = "1. [Target ](/news/2012/03/2/b.md) _Context: Shared_"
    linking = event_text(date="2012-03-1", folder="/news/2012/03/1", related=[link])
    write_archive(tmp_path, {"news/2012/03/1/a.md": linking, "news/2012/03/2/b.md": story("B.")})
    import_archive(tmp_path)
    unrelated = EventFactory(date=FEB_8)
    Event.objects.update(updated_at=LONG_AGO)
    since = timezone.now()
    write_archive(tmp_path, {"news/2012/03/2/b.md": story("B, rewritten.")})
    import_archive(tmp_path)
    target = Event.objects.get(slug="b")
    linker = Event.objects.get(slug="a")
    assert changed_since(client, since) == {target.pk, linker.pk}
    assert unrelated.pk not in changed_since(client, since)


def test_an_imported_link_moves_the_event_it_gives_topics_to(client, tmp_path):
    target = event_text(date="2012-03-2", folder="/news/2012/03/2", headline="B.")
    write_archive(tmp_path, {"news/2012/03/2/b.md": target})
    import_archive(tmp_path)
    Event.objects.update(updated_at=LONG_AGO)
    since = timezone.now()
    link = "1. [B ](/news/2012/03/2/b.md) _Context: Given topic_"
    linking = event_text(date="2012-03-3", folder="/news/2012/03/3", related=[link])
    write_archive(tmp_path, {"news/2012/03/3/c.md": linking})
    import_archive(tmp_path)
    b, c = Event.objects.get(slug="b"), Event.objects.get(slug="c")
    assert changed_since(client, since) == {b.pk, c.pk}
    topics = client.get(api("event", id=b.pk)).json()["topics"]
    assert [topic["name"] for topic in topics] == ["Given topic"]
