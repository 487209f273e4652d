"""Writes purge exactly the keys of their old and new state, after commit, and a purge that
failed is sent again by the next write (events.http_cache.purge), against a real local HTTP
server standing in for the front cache. End to end through Varnish: test_varnish_*.py."""

import datetime

import pytest
from django.core.management import call_command

from events.changes import writing
from events.editorial.topic_edits import merge_topics, rename_topic
from events.models import Event, PendingPurge, TaggedEvent, Topic
from events.public.search.suggestions import RARE
from sources.models import Source
from tests.admin_forms import change_url, open_change_form
from tests.factories import EventFactory, SourceFactory, event_with_details

pytestmark = pytest.mark.django_db(transaction=True)

FEB_8 = datetime.date(2012, 2, 8)


@pytest.fixture
def two_days(front):
    a = event_with_details(FEB_8, headline="Event A on the eighth.", topics=["Chongqing"])
    b = event_with_details(
        datetime.date(2012, 3, 1), headline="Event B.", topics=["Beijing"], related=0
    )
    front.forget()
    return a, b


def test_an_admin_edit_purges_its_event_and_no_other(staff_browser, two_days, front):
    a, b = two_days
    data = {**open_change_form(staff_browser, a), "headline": "Event A, corrected."}
    assert staff_browser.post(change_url(a), data).status_code == 302
    assert f"e{a.pk}" in front.keys
    assert "d2012-02-08" in front.keys
    assert f"e{b.pk}" not in front.keys
    assert "d2012-03-01" not in front.keys
    assert "home" not in front.keys  # a headline edit keeps every list as it was
    assert not PendingPurge.objects.exists()


def test_a_typo_fix_purges_the_searches_for_its_words_not_every_search(two_days, front):
    a, _ = two_days
    a.headline = "Event A on the eigth."
    a.save()
    # The word it replaced and its replacement, as typed and stemmed, and their starts: the
    # other words kept their counts, so their searches rank every event as before.
    assert {"weighth", "weigth", "pei", "pe"} <= front.keys
    assert "wevent" not in front.keys
    a.headline = "Event A, on the eigth day."  # one word more: its rank moves for every word
    a.save()
    assert {"wevent", "wday", "weigth"} <= front.keys
    assert {f"e{a.pk}", "d2012-02-08", "m2012-02", "o02-08", "sitemap"} <= front.keys
    # Every other search, the API's lists, the feeds and the outlets keep their copies.
    assert not {"search", "api", "lists", "feeds", "outlets", "home", "topics"} & front.keys
    assert "wbeijing" not in front.keys


def test_a_search_page_carries_its_words_and_its_events(client, two_days):
    a, _ = two_days
    response = client.get("/search/?q=eighth+-storm+eve*")
    keys = set(response["xkey"].split())
    assert {"search", "weighth", f"e{a.pk}", "pev"} <= keys
    assert "wstorm" not in keys  # an excluded word: the wanted ones carry it
    api = client.get("/api/v1/events?q=eighth&ordering=-updated")
    assert {"api", "weighth", "updates", f"e{a.pk}"} <= set(api["xkey"].split())
    assert "lists" not in set(api["xkey"].split())
    filtered = client.get("/search/?date=2012-02-08")
    assert {"search", "lists", f"e{a.pk}"} <= set(filtered["xkey"].split())


def test_a_search_carries_first_letters_only_when_it_looked_for_a_better_spelling(client, two_days):
    """A "did you mean" compares the index's words of a typed word's first letter: only a
    search few events match looks for one, and only it is purged by any edit of a word of
    that letter."""
    for number in range(RARE):
        EventFactory(date=FEB_8, headline=f"Storm warning number {number}.")
    common = set(client.get("/search/?q=storm")["xkey"].split())
    assert "wstorm" in common
    assert not {"ps", "pst"} & common
    rare = set(client.get("/search/?q=eighth")["xkey"].split())
    assert {"weighth", "pe"} <= rare


def test_publishing_purges_the_lists_and_the_neighbouring_days(two_days, front):
    a, b = two_days
    new = EventFactory(date=datetime.date(2012, 2, 20), headline="A new day in between.")
    assert {f"e{new.pk}", "d2012-02-20", "m2012-02", "y2012", "home", "topics"} <= front.keys
    # The days either side now link to the new day.
    assert {"d2012-02-08", "d2012-03-01"} <= front.keys
    assert f"e{a.pk}" not in front.keys and f"e{b.pk}" not in front.keys


def test_a_draft_edit_purges_nothing(front):
    draft = EventFactory(status=Event.Status.DRAFT, headline="Nobody sees this yet.")
    draft.headline = "Still nobody."
    draft.save()
    assert front.purged == []


def test_a_raw_update_purges_nothing_and_a_stated_bulk_write_purges(client, two_days, front):
    """Querysets carry data: `update()` states nothing, so it derives nothing (what is public
    is still decided at read time: the page is gone at once where Django renders it). The
    same bulk writes stated on a change (events.changes) purge their old and new state."""
    a, b = two_days
    Event.objects.filter(pk=a.pk).update(status=Event.Status.DRAFT)
    assert front.purged == []
    assert client.get(a.get_absolute_url()).status_code == 404
    Event.objects.filter(pk=a.pk).update(status=Event.Status.PUBLISHED)
    with writing() as change:
        change.events([a.pk])
        Event.objects.filter(pk=a.pk).update(status=Event.Status.DRAFT)
    assert {f"e{a.pk}", "d2012-02-08", "home"} <= front.keys
    front.forget()
    b.headline = "Event B, rewritten in bulk."
    with writing() as change:
        change.events([b.pk])
        Event.objects.bulk_update([b], ["headline"])
    assert f"e{b.pk}" in front.keys and f"e{a.pk}" not in front.keys
    front.forget()
    with writing() as change:
        change.sources_of([b.pk])
        Source.objects.filter(event=b).update(name="Reuters")
    # The sitemap too: it shows the event's last change, which moves with it; the outlets,
    # and the searches and API lists their filters and facets count.
    assert {f"e{b.pk}", "d2012-03-01", "lists", "outlets", "wevent", "sitemap"} <= front.keys
    assert "home" not in front.keys  # it stayed where it was in every list


def test_a_failed_purge_is_kept_and_sent_by_the_next_write(two_days, front):
    a, b = two_days
    front.refusing = True
    SourceFactory(event=a)
    assert front.purged == []
    assert PendingPurge.objects.count() == 1
    front.refusing = False
    SourceFactory(event=b)
    assert {f"e{a.pk}", f"e{b.pk}"} <= front.keys
    assert not PendingPurge.objects.exists()


def test_the_purge_command_sends_what_is_pending(two_days, front):
    a, _ = two_days
    front.refusing = True
    SourceFactory(event=a)
    front.refusing = False
    call_command("purge_cache")
    assert f"e{a.pk}" in front.keys
    front.forget()
    call_command("purge_cache", "--everything")
    assert front.keys == {"site"}


def test_nothing_is_sent_before_the_write_commits(two_days, front):
    from django.db import transaction

    a, _ = two_days
    with transaction.atomic():
        SourceFactory(event=a)
        assert front.purged == []
    assert f"e{a.pk}" in front.keys


def test_a_rolled_back_write_purges_nothing(two_days, front):
    from django.db import transaction

    a, _ = two_days
    with pytest.raises(RuntimeError), transaction.atomic():
        SourceFactory(event=a)
        raise RuntimeError("the write fails")
    assert front.purged == []
    assert not PendingPurge.objects.exists()


def test_topic_edits_purge_the_topic_and_its_events(two_days, front):
    a, b = two_days
    chongqing, beijing = Topic.objects.get(name="Chongqing"), Topic.objects.get(name="Beijing")
    rename_topic(chongqing, "Chongqing Municipality")
    assert {f"t{chongqing.pk}", f"e{a.pk}", "topics"} <= front.keys
    assert f"e{b.pk}" not in front.keys
    front.forget()
    merge_topics(chongqing, [beijing])
    # B now shows the kept topic's name; A, which had it, shows what it showed.
    assert {f"t{chongqing.pk}", f"t{beijing.pk}", f"e{b.pk}"} <= front.keys


def test_topic_changes_purge_the_topics_pages(two_days, front):
    a, _ = two_days
    a.topics.add("Wang Lijun")
    wang = Topic.objects.get(name="Wang Lijun")
    assert {f"e{a.pk}", f"t{wang.pk}", "topics"} <= front.keys
    front.forget()
    a.topics.clear()
    chongqing = Topic.objects.get(name="Chongqing")
    assert {f"t{wang.pk}", f"t{chongqing.pk}"} <= front.keys
    assert not TaggedEvent.objects.filter(content_object=a).exists()


def test_an_import_purges_what_it_writes(tmp_path, two_days, front):
    from events.archive.importer import import_archive

    day = tmp_path / "news" / "2012" / "02" / "9"
    day.mkdir(parents=True)
    (day / "imported-event.md").write_text(
        "### [2012-02-9](/news/2012/02/9/index.md)\n\n# Imported event.\n\n\n\n"
        "### Source:\n\n1. [BBC](https://www.bbc.co.uk/news/1)\n"
    )
    report = import_archive(tmp_path)
    assert not report.refused, report.refused
    imported = Event.objects.get(slug="imported-event")
    assert {f"e{imported.pk}", "d2012-02-09", "home", "d2012-02-08"} <= front.keys
