"""Data dumps (`export_dump`, events.dumps): every public event as JSON Lines and CSV (gzip)
with topics and sources, a manifest with counts and SHA-256, in the dumps storage; the API
lists the latest and links to its files."""

import csv
import datetime
import gzip
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command

from events.dumps.records import public_records
from events.models import Event
from tests.api import api
from tests.factories import EventFactory, SourceFactory, event_with_details

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)


@pytest.fixture
def dumps_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "dumps": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": "/media/dumps/"},
        },
    }
    return tmp_path


@pytest.fixture
def archive():
    story = event_with_details(FEB_8, headline="Wang Lijun visits the consulate.", position=0)
    SourceFactory(event=story, position=9, name="Reuters", snapshot_text="The article.")
    later = EventFactory(date=FEB_8, position=1, headline='Bo Xilai, with a comma, and "quotes".')
    EventFactory(date=FEB_8, status=Event.Status.DRAFT, headline="Secret draft.")
    EventFactory(
        date=FEB_8,
        status=Event.Status.SCHEDULED,
        publish_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
        headline="Secret scheduled.",
    )
    return story, later


def read_gzip(path) -> str:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as file:
        return file.read()


def test_a_dump_holds_every_public_event_in_both_formats(dumps_folder, archive):
    story, later = archive
    call_command("export_dump", "2012-02-08", stdout=io.StringIO())
    folder = dumps_folder / "2012-02-08"
    records = [json.loads(line) for line in read_gzip(folder / "events.jsonl.gz").splitlines()]
    assert [record["id"] for record in records] == [story.pk, later.pk]
    first = records[0]
    assert first["headline"] == "Wang Lijun visits the consulate."
    assert first["path"] == story.get_absolute_url()
    assert first["topics"] == [{"name": "Chongqing", "slug": "chongqing"}]
    assert [source["outlet"] for source in first["sources"]] == ["BBC", "BBC", "Reuters"]
    assert [source["has_snapshot"] for source in first["sources"]] == [False, False, True]
    rows = list(csv.DictReader(io.StringIO(read_gzip(folder / "events.csv.gz"))))
    assert [row["headline"] for row in rows] == [story.headline, later.headline]
    assert json.loads(rows[0]["sources"]) == first["sources"]
    everything = read_gzip(folder / "events.jsonl.gz") + read_gzip(folder / "events.csv.gz")
    assert "Secret" not in everything


def test_the_manifest_counts_and_hashes_and_the_api_links_to_the_files(
    dumps_folder, archive, client
):
    assert client.get(api("dumps")).json() == {"latest": None}
    call_command("export_dump", "first", stdout=io.StringIO())
    manifest = json.loads((dumps_folder / "first" / "manifest.json").read_text())
    assert (manifest["events"], manifest["sources"], manifest["topics"]) == (2, 3, 1)
    for file in manifest["files"]:
        content = (dumps_folder / "first" / file["name"]).read_bytes()
        assert file["bytes"] == len(content)
        assert file["sha256"] == hashlib.sha256(content).hexdigest()
    latest = client.get(api("dumps")).json()["latest"]
    assert latest["name"] == "first" and latest["events"] == 2
    assert {file["url"] for file in latest["files"]} == {
        "http://testserver/media/dumps/first/events.jsonl.gz",
        "http://testserver/media/dumps/first/events.csv.gz",
    }
    call_command("export_dump", "second", stdout=io.StringIO())
    assert client.get(api("dumps")).json()["latest"]["name"] == "second"


@pytest.mark.parametrize("name", ["../outside", "a/b", "", ".hidden"])
def test_a_dump_name_is_one_plain_folder(dumps_folder, name):
    with pytest.raises(CommandError):
        call_command("export_dump", name)


def test_a_dump_never_replaces_another(dumps_folder, archive):
    call_command("export_dump", "once", stdout=io.StringIO())
    with pytest.raises(CommandError, match="already a dump"):
        call_command("export_dump", "once")


def test_records_come_a_chunk_at_a_time_in_the_archive_order(django_assert_num_queries):
    events = [
        EventFactory(date=FEB_8 + datetime.timedelta(days=n % 2), position=0) for n in range(7)
    ]
    expected = sorted(events, key=lambda event: (event.date, event.position, event.pk))
    # Per chunk of 3: the events, their topics, their sources; then one query finds no more.
    with django_assert_num_queries(3 * 3 + 1):
        records = list(public_records(chunk=3))
    assert [record["id"] for record in records] == [event.pk for event in expected]
