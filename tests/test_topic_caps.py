"""An event carries at most MOST_TOPICS topics, its own and those other events' links give it
together, the same ones whatever order the files are imported in; a file names at most
MOST_RELATED related events; and every page's surrogate-key header stays within what Varnish
takes, falling back to coarser keys that the same writes purge."""

import datetime

import pytest
from django.urls import reverse

from events.archive.importer import import_archive
from events.http_cache import keys
from events.models import MOST_RELATED, MOST_TOPICS, Event, Topic
from tests.admin_forms import change_url, open_change_form
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

TARGET = "news/2012/03/1/target.md"
GIVERS = 3
NAMES_PER_GIVER = 60


def names_of(giver: int) -> list[str]:
    # Short names: a line's context holds at most 1,000 characters.
    return [f"G{giver}t{n:02d}" for n in range(NAMES_PER_GIVER)]


def giver_file(giver: int) -> str:
    line = f"1. [Target. ](/news/2012/03/1/target.md) _Context: {', '.join(names_of(giver))}_"
    folder = f"/news/2012/02/{giver + 1}"
    return event_text(
        date=f"2012-02-{giver + 1}", folder=folder, headline=f"Giver {giver}.", related=(line,)
    )


def archive(tmp_path, *, givers=range(GIVERS), target=True):
    files = {f"news/2012/02/{g + 1}/giver-{g}.md": giver_file(g) for g in givers}
    if target:
        files[TARGET] = event_text(date="2012-03-1", folder="/news/2012/03/1", headline="Target.")
    return write_archive(tmp_path, files)


def shown_on_target() -> set[str]:
    target = Event.objects.get(slug="target")
    return set(target.topic_rows.values_list("tag__name", flat=True))


def expected_by_name() -> set[str]:
    given = sorted(name for giver in range(GIVERS) for name in names_of(giver))
    return set(given[:MOST_TOPICS])


def test_a_target_keeps_the_first_topics_by_name_when_imported_with_its_givers(tmp_path):
    import_archive(archive(tmp_path))
    assert shown_on_target() == expected_by_name()


def test_the_same_topics_whatever_order_the_files_come_in(tmp_path):
    root = archive(tmp_path)
    # The target first, then the givers one by one, the last giver first.
    import_archive(root, only="2012/03")
    for giver in reversed(range(GIVERS)):
        import_archive(root, only=f"2012/02/{giver + 1}")
    assert shown_on_target() == expected_by_name()


def test_a_giver_gone_makes_room_for_the_next_names(tmp_path):
    root = archive(tmp_path)
    import_archive(root)
    Event.objects.get(slug="giver-0").delete()
    given = sorted(name for giver in (1, 2) for name in names_of(giver))
    assert shown_on_target() == set(given[:MOST_TOPICS])


def test_a_file_naming_too_many_topics_keeps_the_first_and_says_where(tmp_path):
    names = [f"N{n:04d}" for n in range(1864)]
    lines = [
        f"{n}. [Target. ](/news/2012/03/1/target.md) _Context: {', '.join(chunk)}_"
        for n, chunk in enumerate((names[i : i + 134] for i in range(0, 1864, 134)), start=1)
    ]
    files = {
        "news/2012/02/1/many.md": event_text(
            date="2012-02-1", folder="/news/2012/02/1", headline="Many.", related=lines
        ),
        TARGET: event_text(date="2012-03-1", folder="/news/2012/03/1", headline="Target."),
    }
    report = import_archive(write_archive(tmp_path, files))
    warned = [str(problem) for problem in report.warnings]
    assert any(
        text.startswith("news/2012/02/1/many.md:") and f"more than {MOST_TOPICS} topics" in text
        for text in warned
    )
    many = Event.objects.get(slug="many")
    assert many.topic_rows.count() == MOST_TOPICS
    assert set(many.topics.names()) == set(names[:MOST_TOPICS])
    assert Topic.objects.count() == MOST_TOPICS  # the names left out never became topics
    assert shown_on_target() == set(names[:MOST_TOPICS])


def test_a_file_with_too_many_related_lines_keeps_the_first(tmp_path):
    lines = [f"{n}. [Elsewhere {n}. ](/news/2011/01/1/e{n}.md)" for n in range(MOST_RELATED + 5)]
    files = {
        "news/2012/02/1/links.md": event_text(
            date="2012-02-1", folder="/news/2012/02/1", headline="Links.", related=lines
        )
    }
    report = import_archive(write_archive(tmp_path, files))
    assert Event.objects.get(slug="links").related_links.count() == MOST_RELATED
    assert any(
        f"more than {MOST_RELATED} related events" in str(problem) for problem in report.warnings
    )


def test_the_admin_refuses_more_topics_than_an_event_carries(admin_client):
    event = EventFactory(date=datetime.date(2012, 2, 8))
    data = open_change_form(admin_client, event)
    data["topics"] = [f"Topic {n}" for n in range(MOST_TOPICS + 1)]
    response = admin_client.post(change_url(event), data)
    assert response.status_code == 200
    assert f"at most {MOST_TOPICS} topics" in response.content.decode()
    assert not event.topics.exists()


def test_a_page_showing_many_events_and_topics_keeps_its_key_header_small(client):
    day = datetime.date(2012, 2, 8)
    many_days = [day - datetime.timedelta(days=n) for n in range(600)]
    events = [Event(pk=n + 1, date=date) for n, date in enumerate(many_days)]
    page_keys = keys.shown(
        keys.day_key(day), *(keys.topic_key(n) for n in range(90)), events=events
    )
    header = keys.within_header(page_keys)
    assert header is not None and keys.header_bytes(header) <= keys.MOST_KEY_HEADER_BYTES
    # 600 days named by their months, the topics still by their own keys.
    assert keys.month_key(many_days[-1]) in header and keys.topic_key(89) in header
    too_many_topics = [keys.topic_key(n) for n in range(100_000, 100_600)]
    assert keys.TOPIC_INDEX in keys.within_header([keys.day_key(day), *too_many_topics])


def test_an_event_page_with_the_most_topics_fits_varnish(client, tmp_path):
    names = [f"A long topic name number {n:03d}" for n in range(MOST_TOPICS)]
    lines = [
        f"{n}. [Target. ](/news/2012/03/1/target.md) _Context: {', '.join(names[n::4])}_"
        for n in range(4)
    ]
    files = {
        "news/2012/02/1/many.md": event_text(
            date="2012-02-1", folder="/news/2012/02/1", headline="Many.", related=lines
        )
    }
    import_archive(write_archive(tmp_path, files))
    many = Event.objects.get(slug="many")
    response = client.get(reverse("events:event", kwargs={**many.date_kwargs(), "slug": "many"}))
    assert response.status_code == 200
    assert len(response["xkey"]) <= keys.MOST_KEY_HEADER_BYTES
