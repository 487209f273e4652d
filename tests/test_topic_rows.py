"""Topic rows carry their event's date (TaggedEvent.event_date), however the event got its topics
or moved to another day: topic pages and "what happened next" read events in date order from
the topic rows alone."""

import datetime

import pytest
from django.db.models import F

from events.archive.importer import import_archive
from events.models import Event, TaggedEvent
from tests.admin_forms import change_url, open_change_form
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)
MAR_1 = datetime.date(2012, 3, 1)


def rows_out_of_step() -> int:
    return TaggedEvent.objects.exclude(event_date=F("content_object__date")).count()


def test_topics_given_to_an_event_carry_its_date():
    event = EventFactory(date=FEB_8, topics=["Chongqing", "Wang Lijun"])
    event.topics.add("Bo Xilai")
    assert set(TaggedEvent.objects.values_list("event_date", flat=True)) == {FEB_8}
    assert TaggedEvent.objects.count() == 3


def test_moving_an_event_to_another_day_moves_its_topic_rows():
    event = EventFactory(date=FEB_8, topics=["Chongqing"])
    other = EventFactory(date=FEB_8, topics=["Chongqing"])
    event.date = MAR_1
    event.save()
    assert dict(TaggedEvent.objects.values_list("content_object_id", "event_date")) == {
        event.pk: MAR_1,
        other.pk: FEB_8,
    }


def test_an_editor_moving_an_event_in_the_admin_moves_its_topic_rows(editor_client):
    event = EventFactory(date=FEB_8, topics=["Chongqing"])
    data = open_change_form(editor_client, event)
    data.update({"date": "2012-03-01", "topics": ["Chongqing", "Wang Lijun"]})
    assert editor_client.post(change_url(event), data).status_code == 302
    assert list(TaggedEvent.objects.values_list("event_date", flat=True).distinct()) == [MAR_1]
    assert TaggedEvent.objects.count() == 2


def test_imported_events_and_the_events_they_link_carry_their_dates(tmp_path):
    target = "/news/2012/03/1/target.md"
    write_archive(
        tmp_path,
        {
            "news/2012/02/8/first.md": event_text(
                related=[f"1. [Target ]({target}) _Context: Chongqing, Wang Lijun_"]
            ),
            "news/2012/03/1/target.md": event_text(date="2012-03-1", folder="/news/2012/03/1"),
        },
    )
    import_archive(tmp_path)
    # The link's context gives both events the topics; each row has its own event's date.
    assert TaggedEvent.objects.count() == 4
    assert rows_out_of_step() == 0
    assert set(TaggedEvent.objects.values_list("event_date", flat=True)) == {FEB_8, MAR_1}


def test_reimporting_a_changed_file_puts_its_topic_rows_back_in_step(tmp_path):
    path = "news/2012/03/1/story.md"

    def story(*contexts):
        related = [
            f"1. [Other ](/news/2012/03/9/o{n}.md) _Context: {c}_" for n, c in enumerate(contexts)
        ]
        return event_text(date="2012-03-1", folder="/news/2012/03/1", related=related)

    write_archive(tmp_path, {path: story("Chongqing")})
    import_archive(tmp_path)
    # Moved behind the importer's back (a bulk update sends no signal): rows out of step.
    Event.objects.update(date=FEB_8)
    assert rows_out_of_step() == 1
    write_archive(tmp_path, {path: story("Chongqing", "Wang Lijun")})
    import_archive(tmp_path)
    assert Event.objects.get().date == MAR_1
    assert TaggedEvent.objects.count() == 2
    assert rows_out_of_step() == 0
