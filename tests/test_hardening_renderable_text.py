"""Property: every text the CMS or the importer accepts renders in every output.

A generated text (any Unicode category, controls, bidirectional controls, noncharacters, and
lone surrogates where the input can carry one) goes into every text field through the CMS's
own field validation and into every part of an archive file through the parser. What either
accepts is stored, then read back through every output: the event, day and topic pages
(HTML), both Atom feeds and the sitemap (XML, parsed strictly), the read API (JSON), the data
dump (JSON Lines and CSV) and the markdown export, which must import again. What either
refuses, it refuses by name: the form's field, or the file and line.

Examples come from the hypothesis profile (tests/conftest.py): "ci" runs 100, `make stress`
10,000.
"""

import csv
import datetime
import gzip
import itertools
import json
import os
from xml.etree import ElementTree

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.admin.topic_field import OrderedTopicsField
from events.archive.document import ArchiveEvent, RelatedItem, SourceItem
from events.archive.exporter import export_archive
from events.archive.importer import import_archive
from events.archive.parser import parse_event_file
from events.archive.renderer import render_event, snapshot_file_name
from events.dumps.writer import write_dump
from events.models import Event, Related, Topic
from events.slugs import archive_slug
from newsroom.carriable import topic_name_problem
from newsroom.renderable import text_problem
from sources.models import Outlet, Source
from sources.snapshots import Snapshot, render_snapshot

pytestmark = pytest.mark.django_db

EXAMPLES = {"ci": 100, "stress": 10_000}[os.environ.get("HYPOTHESIS_PROFILE", "ci")]
CMS_DAY, IMPORT_DAY = datetime.date(2012, 2, 8), datetime.date(2012, 2, 9)
IMPORTED_SLUG = "imported"
# Characters most likely to break an output, beside whatever hypothesis draws.
AWKWARD = [
    *map(chr, range(0x20)),
    *map(chr, range(0x7F, 0xA0)),
    *"\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",  # bidi
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\U0001fffe",
    "\U0010ffff",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200d",
    "\u0301",
    "\U0001f600",
    *"<>&\"'[]()_#*\\",
    "](",
    "]]>",
    "\r\n",
    "\n### Sources:\n",
    "\n### Related:\n",
    "\n1. [x](https://a.example/) _Context: Y_\n",
    "Cover Image",
]
ANY_CHARACTER = st.one_of(st.characters(), st.characters(categories=["Cs"]))
TEXTS = st.lists(
    st.one_of(st.text(ANY_CHARACTER, min_size=1, max_size=6), st.sampled_from(AWKWARD)),
    min_size=1,
    max_size=6,
).map("".join)
# (model, field, what stands in when the form refuses the text)
CMS_FIELDS = [
    (Event, "headline", "A headline."),
    (Event, "summary", ""),
    (Source, "name", "BBC"),
    (Source, "snapshot_title", ""),
    (Source, "snapshot_text", ""),
    (Related, "target_headline", "A later event."),
    (Related, "context", ""),
    (Topic, "name", None),
    (Outlet, "name", ""),
]
MULTILINE = {"summary", "snapshot_text"}
dump_names = (f"case-{n}" for n in itertools.count())


@pytest.fixture
def dumps_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "dumps": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "dumps", "base_url": "/media/dumps/"},
        },
    }
    return tmp_path


def cms_value(model, name: str, text: str):
    """What the CMS's forms store of `text` in `model`'s field `name` (its form field's
    cleaning, then the model field's validators, as the admin's model forms run them), or
    None when refused; a text no output can carry is refused as such."""
    field = model._meta.get_field(name)
    try:
        value = field.formfield().clean(text)
        if value not in field.empty_values:
            field.run_validators(value)
    except ValidationError as error:
        if text_problem(text.strip(), multiline=name in MULTILINE):
            codes = {e.code for e in error.error_list}
            assert codes & {"unrenderable", "null_characters_not_allowed"}, error
        return None
    return value


def topic_names(text: str) -> list[str]:
    try:
        return OrderedTopicsField().clean([text])
    except forms.ValidationError:
        # Refused only as no output can carry it, or as a related line could not (a comma).
        assert text_problem(text) or topic_name_problem(text.strip()) or not text.strip()
        return []


def store_through_the_cms(text: str) -> Event | None:
    """One published event whose every field holds `text` where the CMS accepts it; None
    when no field does."""
    fallbacks = {(model, name): fallback for model, name, fallback in CMS_FIELDS}
    value = {}
    for (model, name), fallback in fallbacks.items():
        accepted = cms_value(model, name, text)
        value[model, name] = fallback if accepted is None else accepted
    names = topic_names(text)
    if value == fallbacks and not names:
        return None
    return stored_event(value, names)


def stored_event(value: dict, topics: list[str]) -> Event:
    """The event `value` (field values by model and name) describes, with its source, outlet,
    link and topics."""
    event = Event.objects.create(
        date=CMS_DAY,
        slug=archive_slug(value[Event, "headline"]),  # as the form makes it from the headline
        headline=value[Event, "headline"],
        summary=value[Event, "summary"],
        status="published",
    )
    named = [value[Topic, "name"]] if value[Topic, "name"] else []
    event.topics.add(*topics, *named)
    source = Source.objects.create(
        event=event,
        name=value[Source, "name"],
        url="https://www.example.org/story",
        snapshot_title=value[Source, "snapshot_title"],
        snapshot_text=value[Source, "snapshot_text"],
    )
    Outlet.objects.filter(pk=source.outlet_id).update(name=value[Outlet, "name"])
    Related.objects.create(
        event=event,
        target_path="/news/2011/01/1/elsewhere.md",
        target_headline=value[Related, "target_headline"],
        context=value[Related, "context"],
    )
    return event


def archive_file(text: str) -> tuple[bytes, bytes]:
    """An event file holding `text` in every part, and its source's snapshot file."""
    event = ArchiveEvent(
        date=IMPORT_DAY,
        slug=IMPORTED_SLUG,
        headline=f"Imported {text}",
        summary=text,
        sources=[SourceItem(name=f"Outlet {text}", url="https://www.example.org/imported")],
        related=[RelatedItem(headline=text, path="/news/2011/01/1/elsewhere.md", context=text)],
    )
    snapshot = render_snapshot(Snapshot(title=f"Title {text}", text=text))
    # A lone surrogate goes out as the bytes UTF-8 would give it: invalid, as a file may be.
    return tuple(part.encode("utf-8", "surrogatepass") for part in (render_event(event), snapshot))


def import_the_file(root, text: str):
    folder = root / "news" / "2012" / "02" / "9"
    folder.mkdir(parents=True)
    data, snapshot = archive_file(text)
    (folder / f"{IMPORTED_SLUG}.md").write_bytes(data)
    (folder / snapshot_file_name(IMPORTED_SLUG, 1)).write_bytes(snapshot)
    report = import_archive(root)
    path = f"news/2012/02/9/{IMPORTED_SLUG}.md"
    for problem in [*report.refused, *report.warnings]:
        assert problem.path.startswith(path[:-3]) and problem.line >= 1 and problem.reason
    if text_problem(text, multiline=True):
        assert report.created == 0 and [p.path for p in report.refused] == [path]
    return Event.objects.filter(date=IMPORT_DAY, slug=IMPORTED_SLUG).first()


def strict_xml(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    # Our own response; the parser raises on anything XML 1.0 cannot carry.
    ElementTree.fromstring(response.content)  # noqa: S314


def html_page(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode("utf-8")
    assert text_problem(body, multiline=True) is None, url


def check_every_output(client, events: list[Event], root) -> None:
    for event in events:
        html_page(client, event.get_absolute_url())
        html_page(client, f"/news/{event.date:%Y/%m}/{event.date.day}/")
        data = json.loads(client.get(f"/api/v1/events/{event.pk}").content)
        assert data["headline"] == event.headline
        for topic in event.topics.all():
            html_page(client, topic.get_absolute_url())
            strict_xml(client, f"{topic.get_absolute_url()}feed/")
    strict_xml(client, "/feeds/latest/")
    strict_xml(client, "/sitemap-events.xml")
    check_the_dump(events, root)
    check_the_export(events, root)


def check_the_dump(events: list[Event], root) -> None:
    name = next(dump_names)
    write_dump(name)
    folder = root / "dumps" / name
    with gzip.open(folder / "events.jsonl.gz", "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    with gzip.open(folder / "events.csv.gz", "rt", encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    assert [r["headline"] for r in records] == [r["headline"] for r in rows]
    assert sorted(r["headline"] for r in records) == sorted(e.headline for e in events)


def check_the_export(events: list[Event], root) -> None:
    out = root / f"export-{next(dump_names)}"
    export_archive(out)
    for event in events:
        data = (out / event.legacy_path.lstrip("/")).read_bytes()
        parsed = parse_event_file(data, event.legacy_path, event.date, event.slug)
        assert parsed.refusal is None, str(parsed.refusal)
        assert parsed.event.headline == event.headline.strip(" \t")
        stored = event.summary.replace("\r\n", "\n").replace("\r", "\n")
        assert parsed.event.summary == stored.strip("\n"), (parsed.event.summary, stored)
        names = list(event.sources.values_list("name", flat=True))
        assert [source.name for source in parsed.event.sources] == names
        links = list(event.related_links.values_list("target_headline", "context"))
        assert [(item.headline, item.context) for item in parsed.event.related] == links


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=TEXTS)
def test_every_accepted_text_renders_in_every_output(client, dumps_folder, text):
    with transaction.atomic():
        root = dumps_folder / f"archive-{next(dump_names)}"
        events = [store_through_the_cms(text), import_the_file(root, text)]
        events = [event for event in events if event is not None]
        if events:
            check_every_output(client, events, dumps_folder)
        transaction.set_rollback(True)
