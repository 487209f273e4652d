"""Each event's stored number of sources (`Event.sources_count`) follows every way its sources
change: the change page's inline rows, an import (new files and changed ones), a merge, a
single source deleted; the migration counts an existing archive's. The desk's and the
changelist's "without sources" read it."""

import datetime
import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from events.editorial import desk
from events.models import Event
from sources.models import Source
from tests.admin_forms import change_url, event_form, form_data
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:events_event_changelist")
ADD = reverse("admin:events_event_add")
EVENT_FILE = "news/2012/02/8/something-happens.md"


def stored(event) -> int:
    return Event.objects.values_list("sources_count", flat=True).get(pk=event.pk)


def without_sources_listed(client) -> set[int]:
    page = client.get(CHANGELIST + "?sources=none")
    return {event.pk for event in page.context["cl"].result_list}


def import_files(root, files: dict[str, str]) -> None:
    write_archive(root, files)
    call_command("import_archive", str(root), verbosity=0, stdout=io.StringIO())


def test_the_change_page_adds_and_removes_sources(admin_client):
    response = admin_client.post(ADD, event_form())
    assert response.status_code == 302, response.context and response.context["errors"]
    event = Event.objects.get()
    assert stored(event) == 2
    data = form_data(admin_client.get(change_url(event)).content.decode(), "event_form")
    for index in (0, 1):
        data[f"sources-{index}-DELETE"] = "on"
    response = admin_client.post(change_url(event), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert (Source.objects.filter(event=event).count(), stored(event)) == (0, 0)
    assert without_sources_listed(admin_client) == {event.pk}


def test_a_source_added_or_deleted_on_its_own_moves_the_count(admin_client):
    event = EventFactory()
    assert without_sources_listed(admin_client) == {event.pk}
    first, second = SourceFactory(event=event), SourceFactory(event=event)
    assert stored(event) == 2 and without_sources_listed(admin_client) == set()
    first.delete()
    assert stored(event) == 1
    Source.objects.filter(pk=second.pk).delete()
    assert stored(event) == 0 and without_sources_listed(admin_client) == {event.pk}


def test_an_import_writes_the_count_and_follows_a_changed_file(tmp_path, admin_client):
    three = ["1. [BBC](http://www.bbc.co.uk/news/1)", "2. [AP](https://apnews.com/2)"]
    three.append("3. [Reuters](https://www.reuters.com/3)")
    bare = "news/2012/02/9/nothing-cited.md"
    import_files(
        tmp_path,
        {
            EVENT_FILE: event_text(sources=three),
            bare: event_text("2012-02-9", "/news/2012/02/9", "Nothing cited.", sources=()),
        },
    )
    event, uncited = (Event.objects.get(archive_path=f"/{path}") for path in (EVENT_FILE, bare))
    assert (stored(event), stored(uncited)) == (3, 0)
    assert without_sources_listed(admin_client) == {uncited.pk}
    import_files(tmp_path, {EVENT_FILE: event_text(sources=three[1:2])})
    assert stored(event) == 1


def test_a_merge_counts_the_sources_the_kept_event_takes(admin_client):
    day = datetime.date(2026, 3, 2)
    kept = EventFactory(date=day, headline="At least 41 people are killed in Homs.")
    other = EventFactory(date=day, headline="At least 43 people are killed in Homs.")
    SourceFactory(event=kept, url="https://news.example.org/kept")
    SourceFactory(event=other, url="https://news.example.org/kept")  # cited by both: stays one
    SourceFactory(event=other, url="https://news.example.org/other")
    merge = reverse("admin:events_event_duplicates_merge", args=[kept.pk, other.pk])
    page = admin_client.get(merge)
    seen = {f"seen-{event.pk}": token for event, _moves, token in page.context["pair"]}
    admin_client.post(merge, {**seen, "kept": kept.pk})
    assert not Event.objects.filter(pk=other.pk).exists()
    assert stored(kept) == Source.objects.filter(event=kept).count() == 2


def test_the_migration_counts_an_existing_archives_sources():
    cited, bare = EventFactory(), EventFactory()
    SourceFactory.create_batch(3, event=cited)
    Event.objects.update(sources_count=0)  # as the new column comes: nothing counted yet
    migration = importlib.import_module("events.migrations.0029_sources_count")
    # What the function reads of its schema editor: the connection it runs on.
    migration.count_sources(apps, SimpleNamespace(connection=connection))
    assert (stored(cited), stored(bare)) == (3, 0)


def test_the_desk_lists_events_without_sources_from_the_stored_count(admin_client):
    cited, bare = EventFactory(), EventFactory(headline="No sources here.")
    SourceFactory(event=cited)
    assert set(desk.without_sources()) == {bare}
    listed = admin_client.get(reverse("admin:index")).context["desk"]["attention"]
    assert listed["without_sources"].rows == [bare]
