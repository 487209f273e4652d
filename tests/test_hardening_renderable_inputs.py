"""Texts no output can carry are refused where they come in, by name; stored ones are mended.

One headline holding U+000C made a topic's feed answer 500; an imported BEL took
/feeds/latest/ down for everyone. The admin's forms now name the field, the importer the file
and line; a captured page's stray control characters become U+FFFD; the migration mends the
rows stored before, so the feed answers again at once. (The property over generated text
through every output: tests/test_hardening_renderable_text.py.)
"""

import datetime
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from events.archive.importer import import_archive
from events.models import Event, Related, Topic
from newsroom.renderable import REPLACEMENT
from sources.captures import capture_sources, sources_to_capture
from sources.fetcher import FetchPolicy
from sources.models import Outlet, Source
from tests.admin_forms import event_form
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory, RelatedFactory, SourceFactory
from tests.page_server import serving

pytestmark = pytest.mark.django_db

DAY = datetime.date(2012, 2, 8)
ADD_EVENT = "/admin/events/event/add/"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("headline", "Form\x0cfeed"),
        ("headline", "Two\nlines"),
        ("summary", "Bell \x07 ringing."),
        ("sources-0-name", "BBC\x1b"),
        ("related_links-0-context", "Chong\x0bqing"),
        ("related_links-0-target_headline", "Next \x85 line"),
        ("topics", ["Chongqing", "Wang\x07Lijun"]),
        ("summary", "A noncharacter \ufffe here."),
    ],
)
def test_the_admin_refuses_a_text_no_output_can_carry_naming_its_field(admin_client, field, value):
    response = admin_client.post(ADD_EVENT, event_form(**{field: value}))
    assert response.status_code == 200
    assert not Event.objects.exists()
    body = response.content.decode()
    assert "which pages and feeds cannot carry" in body or "line break" in body
    errors = {**response.context["adminform"].form.errors}
    for formset in response.context["inline_admin_formsets"]:
        for number, form_errors in enumerate(formset.formset.errors):
            errors.update(
                {f"{formset.formset.prefix}-{number}-{k}": v for k, v in form_errors.items()}
            )
    assert list(errors) == [field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summary", "First paragraph.\r\n\r\n### Sources:\r\n\r\n1. [Evil](https://evil.example/)"),
        ("sources-1-name", "cover image"),
        ("related_links-0-context", "Chongqing](https://evil.example/)"),
        ("sources-0-url", "https://www.bbc.co.uk/news/a](b)"),
    ],
)
def test_the_admin_refuses_a_text_the_archive_would_read_back_as_something_else(
    admin_client, field, value
):
    response = admin_client.post(ADD_EVENT, event_form(**{field: value}))
    assert response.status_code == 200
    assert not Event.objects.exists()
    assert "archive" in response.content.decode()


def test_tabs_and_paragraphs_stay_where_a_field_has_them(admin_client):
    summary = "First\tparagraph.\r\n\r\nSecond paragraph."
    response = admin_client.post(ADD_EVENT, event_form(summary=summary, headline="Tab\there."))
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.headline, event.summary) == ("Tab\there.", summary)


@pytest.mark.parametrize("character", ["\x07", "\x1b", "\x0b", "\x0c", "\x85", "\uffff"])
def test_the_importer_refuses_a_file_holding_one_naming_file_and_line(tmp_path, character):
    related = f"1. [Later ](/news/2012/03/1/later.md) _Context: Bell{character}, Chongqing_"
    text = event_text(headline="A bell rings.", related=[related])
    root = write_archive(tmp_path, {"news/2012/02/8/bell.md": text})
    report = import_archive(root)
    line = text.split("\n").index(related) + 1
    assert [str(problem) for problem in report.refused] == [
        f"news/2012/02/8/bell.md:{line}: holds a control character (U+{ord(character):04X}), "
        "which pages and feeds cannot carry"
        if ord(character) <= 0x9F
        else f"news/2012/02/8/bell.md:{line}: holds a noncharacter (U+{ord(character):04X}), "
        "which pages and feeds cannot carry"
    ]
    assert not Event.objects.exists()


def test_a_captured_page_keeps_its_text_with_stray_controls_made_visible():
    page = b"Bell\x07 story\n\nA plain text with a bell \x07 and an escape \x1b in it.\n"
    routes = {
        "/story.txt": lambda h: h.answer(200, page, "text/plain; charset=utf-8"),
        "/robots.txt": lambda h: h.answer(404),
    }
    with serving(routes) as server:
        source = SourceFactory(url=server.url("/story.txt"))
        policy = FetchPolicy(user_agent="NewsroomTest/1.0", host_delay=0, allow_private=True)
        assert capture_sources(sources_to_capture(), policy=policy).captured == 1
    source.refresh_from_db()
    assert source.snapshot_title == f"Bell{REPLACEMENT} story"
    assert (
        source.snapshot_text
        == f"A plain text with a bell {REPLACEMENT} and an escape {REPLACEMENT} in it."
    )


# --- rows stored before the rule -----------------------------------------------------------


def store_bypassing_the_rule():
    """Rows as the importer and the admin could store them before: plain UPDATEs."""
    event = EventFactory(date=DAY, headline="Placeholder.", topics=["Placeholder topic"])
    Event.objects.filter(pk=event.pk).update(headline="A bell\x07 rings.", summary="Esc\x1b\n\nok")
    Topic.objects.filter(name="Placeholder topic").update(name="Vertical\x0btab")
    SourceFactory(event=event, name="BBC")
    Source.objects.filter(event=event).update(name="BBC\x0c", snapshot_text="Text\x01\x02")
    Outlet.objects.update(name="Outlet\x1f")
    RelatedFactory(event=event)
    Related.objects.filter(event=event).update(target_headline="Next\nline", context="A\x85B")
    return Event.objects.get(pk=event.pk)


def mend():
    editor = SimpleNamespace(connection=connection)
    import_module("events.migrations.0016_renderable_texts").mend_stored_texts(apps, editor)
    import_module("sources.migrations.0005_renderable_texts").mend_stored_texts(apps, editor)


def test_the_migration_mends_stored_rows_and_the_feeds_answer_again():
    event = store_bypassing_the_rule()
    reader = Client(raise_request_exception=False)
    topic = Topic.objects.get()
    assert reader.get("/feeds/latest/").status_code == 500
    assert reader.get(f"/topics/{topic.slug}/feed/").status_code == 500
    before = event.updated_at
    mend()
    for url in ("/feeds/latest/", f"/topics/{topic.slug}/feed/", event.get_absolute_url()):
        assert reader.get(url).status_code == 200, url
    event.refresh_from_db()
    assert (event.headline, event.summary) == (
        f"A bell{REPLACEMENT} rings.",
        f"Esc{REPLACEMENT}\n\nok",
    )
    assert event.updated_at > before
    assert Topic.objects.get().name == f"Vertical{REPLACEMENT}tab"
    source = Source.objects.get()
    assert (source.name, source.snapshot_text) == (f"BBC{REPLACEMENT}", f"Text{REPLACEMENT * 2}")
    assert Outlet.objects.get().name == f"Outlet{REPLACEMENT}"
    link = Related.objects.get()
    assert (link.target_headline, link.context) == ("Next line", f"A{REPLACEMENT}B")


def test_two_topic_names_mended_alike_stay_two_topics():
    EventFactory(date=DAY, topics=["Placeholder one", "Placeholder two"])
    Topic.objects.filter(name="Placeholder one").update(name="Bell\x07")
    Topic.objects.filter(name="Placeholder two").update(name="Bell\x08")
    mend()
    assert set(Topic.objects.values_list("name", flat=True)) == {f"Bell{REPLACEMENT}", "BellU+0008"}
