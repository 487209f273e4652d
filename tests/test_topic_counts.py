"""Each topic's counts are its own (Topic.events_count, Topic.public_count), kept as writes
settle, and right the moment a scheduled event falls due with no write: pages read them
instead of counting rows."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.db.models import Count, Q

from events.archive.importer import import_archive
from events.editorial.topic_edits import merge_topics
from events.models import Event, TaggedEvent, Topic
from events.models.topic_counts import counting_in_bulk, not_yet_public, recount
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory, RelatedFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 5, 1, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def counted_from_rows() -> dict[str, tuple[int, int]]:
    """By topic name: its events, drafts too, and its public events, counted row by row."""
    every = TaggedEvent.objects.values("tag__name").annotate(n=Count("pk"))
    public = TaggedEvent.objects.of_public_events().values("tag__name").annotate(n=Count("pk"))
    public_by_name = {row["tag__name"]: row["n"] for row in public}
    return {row["tag__name"]: (row["n"], public_by_name.get(row["tag__name"], 0)) for row in every}


def kept() -> dict[str, tuple[int, int]]:
    """By topic name, as kept: its events, and its public events now."""
    not_yet = not_yet_public()
    topics = Topic.objects.filter(events_count__gt=0)
    return {
        topic.name: (topic.events_count, topic.public_count - not_yet.get(topic.pk, 0))
        for topic in topics
    }


def assert_counts_right():
    assert kept() == counted_from_rows()


def test_counts_follow_saves_publishing_topics_links_merges_and_deletes():
    with time_machine.travel(NOW, tick=False):
        first = EventFactory(topics=["Chongqing", "Wang Lijun"])
        draft = EventFactory(topics=["Chongqing"], status=Event.Status.DRAFT)
        assert_counts_right()
        assert kept()["Chongqing"] == (2, 1)
        draft.status = Event.Status.PUBLISHED
        draft.save()
        assert kept()["Chongqing"] == (2, 2)
        first.topics.remove("Wang Lijun")
        first.topics.add("Bo Xilai")
        assert_counts_right()
        # A link gives its target a topic while the linking event is public.
        RelatedFactory(event=draft, target=first, context="Gu Kailai")
        assert kept()["Gu Kailai"] == (1, 1)
        draft.status = Event.Status.DRAFT
        draft.save()
        assert_counts_right()
        assert kept()["Gu Kailai"] == (1, 0)
        merge_topics(Topic.objects.get(name="Chongqing"), Topic.objects.filter(name="Bo Xilai"))
        assert_counts_right()
        first.delete()
        assert_counts_right()
        assert "Bo Xilai" not in kept()


def test_a_scheduled_event_counts_when_it_falls_due_with_no_write(client):
    with time_machine.travel(NOW, tick=False):
        EventFactory(topics=["Chongqing"])
        scheduled = EventFactory(
            topics=["Chongqing", "Later"],
            status=Event.Status.SCHEDULED,
            publish_at=NOW + HOUR,
        )
        target = EventFactory(topics=[])
        RelatedFactory(event=scheduled, target=target, context="Given later")
        assert_counts_right()
        assert kept()["Chongqing"] == (2, 1)
        response = client.get("/topics/", {"sort": "events"})
        assert [(t.name, t.count) for t in response.context["topics"]] == [("Chongqing", 1)]
    with time_machine.travel(NOW + 2 * HOUR, tick=False):
        assert_counts_right()
        response = client.get("/topics/", {"sort": "events"})
        shown = [(t.name, t.count) for t in response.context["topics"]]
        assert shown == [("Chongqing", 2), ("Given later", 1), ("Later", 1)]
        assert client.get("/api/v1/topics/given-later").json()["count"] == 1


def test_the_index_by_events_orders_by_what_the_public_sees_now(client):
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            EventFactory(
                topics=["Often scheduled"], status=Event.Status.SCHEDULED, publish_at=NOW + HOUR
            )
        EventFactory(topics=["Often scheduled"])
        for _ in range(2):
            EventFactory(topics=["Twice"])
        response = client.get("/topics/", {"sort": "events"})
        shown = [(t.name, t.count) for t in response.context["topics"]]
        assert shown == [("Twice", 2), ("Often scheduled", 1)]


def test_imports_keep_the_counts(tmp_path):
    target = "/news/2012/03/1/target.md"
    write_archive(
        tmp_path,
        {
            "news/2012/02/8/first.md": event_text(
                related=[f"1. [Target ]({target}) _Context: Chongqing, Wang Lijun_"]
            ),
            "news/2012/03/1/target.md": event_text(date="2012-03-01"),
        },
    )
    import_archive(tmp_path)
    assert_counts_right()
    assert kept()["Chongqing"] == (1, 1)


def test_recounting_from_scratch_gives_the_kept_counts():
    EventFactory(topics=["Chongqing", "Wang Lijun"])
    EventFactory(topics=["Chongqing"], status=Event.Status.DRAFT)
    before = kept()
    Topic.objects.update(events_count=0, public_count=0)
    recount()
    assert kept() == before


def test_a_topic_read_before_its_events_changed_saves_without_its_old_counts():
    """A rename by an editor while an import gives the topic to more events: the topic was
    read before, its counts stay what the rows say."""
    EventFactory(topics=["Chongqing"])
    topic = Topic.objects.get(name="Chongqing")
    assert topic.events_count == 1
    EventFactory(topics=["Chongqing"])
    topic.name = "Chongqing Municipality"
    topic.save()
    assert_counts_right()
    assert kept()["Chongqing Municipality"] == (2, 2)


@pytest.mark.parametrize("events", [2, 20])
def test_a_topic_page_counts_no_rows(client, django_assert_num_queries, events):
    """The topic index's statements are the same however many events a topic has."""
    for _ in range(events):
        EventFactory(topics=["Chongqing"])
    EventFactory(topics=["Later"], status=Event.Status.SCHEDULED, publish_at=NOW + HOUR)
    # the events due later, their gifts, their rows, the stored counts of those topics, the
    # count, the page and the topics with events due later, which of the page's topics a
    # public event carries as it is read, the first letters, the cache lifetime
    with django_assert_num_queries(10):
        assert client.get("/topics/", {"sort": "events"}).status_code == 200


def rows_and_flags() -> dict[int, tuple[int, int]]:
    """By topic id: its rows and its rows flagged counted, added up from the rows."""
    rows = TaggedEvent.objects.values("tag_id").annotate(
        n=Count("pk"), counted=Count("pk", filter=Q(counted=True))
    )
    return {row["tag_id"]: (row["n"], row["counted"]) for row in rows}


def kept_sums() -> dict[int, tuple[int, int]]:
    topics = Topic.objects.filter(events_count__gt=0)
    return {topic.pk: (topic.events_count, topic.public_count) for topic in topics}


def test_a_bulk_updates_its_topics_once_at_its_end_and_may_hold_another():
    """Inside a bulk the stored counts wait (each statement updating a big topic again is
    what made a million-event import's COMMIT take half an hour on PostgreSQL); at its end
    they are right. A bulk inside another leaves the adding up to the outer one."""
    EventFactory(topics=["Chongqing"])
    chongqing = Topic.objects.get(name="Chongqing")
    with transaction.atomic(), counting_in_bulk():
        EventFactory(topics=["Chongqing", "Dalian"])
        with counting_in_bulk():
            EventFactory(topics=["Chongqing"])
        chongqing.refresh_from_db()
        assert (chongqing.events_count, chongqing.public_count) == (1, 1)
        EventFactory(topics=["Chongqing"], status=Event.Status.DRAFT)
    chongqing.refresh_from_db()
    assert (chongqing.events_count, chongqing.public_count) == (4, 3)
    assert kept_sums() == rows_and_flags()
    # After the bulk, rows count at once again.
    EventFactory(topics=["Chongqing"])
    chongqing.refresh_from_db()
    assert chongqing.events_count == 5


def test_rows_written_in_bulk_count_at_its_end_as_they_are_then():
    """An import batch's rows count once, at the batch's end, whatever happened to them or
    to the rows there before: deletes, flags set and unset, rows moved to a topic."""
    old = EventFactory(topics=["Chongqing", "Wang Lijun", "Neil Heywood"])
    EventFactory(topics=["Chongqing"], status=Event.Status.DRAFT)
    with transaction.atomic(), counting_in_bulk():
        new = EventFactory(topics=["Chongqing", "Bo Xilai", "Gu Kailai", "Dalian"])
        TaggedEvent.objects.filter(content_object=new, tag__name="Bo Xilai").delete()
        TaggedEvent.objects.filter(content_object=new, tag__name="Gu Kailai").update(counted=False)
        dalian = Topic.objects.get(name="Dalian")
        TaggedEvent.objects.filter(content_object=old, tag__name="Wang Lijun").delete()
        TaggedEvent.objects.filter(content_object=old, tag__name="Neil Heywood").update(tag=dalian)
        EventFactory(topics=["Wang Lijun"])
    assert kept_sums() == rows_and_flags()
    assert kept_sums()[dalian.pk] == (2, 2)
    with pytest.raises(RuntimeError), transaction.atomic(), counting_in_bulk():
        EventFactory(topics=["Chongqing"])
        raise RuntimeError("the batch fails")
    # The rollback put the row-by-row counting back: rows written now count at once.
    EventFactory(topics=["Chongqing", "Dalian"])
    TaggedEvent.objects.filter(content_object=new).delete()
    assert kept_sums() == rows_and_flags()
    assert kept_sums()[dalian.pk] == (2, 2)
    assert_counts_right()
