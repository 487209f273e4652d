"""`export_archive` without `--include-drafts`: nothing of an event the public may not see
leaves, not even through a public event's Related list (a link's text is its target's
headline, its path the target's address)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from events.archive.exporter import export_archive
from events.archive.parser import parse_event_file
from events.models import Event
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2012, 2, 8)
HIDDEN = {
    "draft": {"headline": "Secret merger of two ministries.", "status": Event.Status.DRAFT},
    "scheduled": {
        "headline": "Embargoed budget figures leak.",
        "status": Event.Status.SCHEDULED,
        "publish_at": timezone.now() + datetime.timedelta(days=3),
    },
}


@pytest.fixture
def public_linking_to_hidden():
    """A public event linking to a draft, a scheduled event, a public one and a missing one."""
    hidden = [
        EventFactory(date=DAY, summary=f"Summary of the {kind}.", topics=[f"Topic {kind}"], **f)
        for kind, f in HIDDEN.items()
    ]
    for event in hidden:
        SourceFactory(event=event, url=f"https://secret.example/{event.slug}")
    shown = EventFactory(date=DAY, headline="A public later event.")
    linking = EventFactory(date=DAY, headline="A public event with links.")
    for position, target in enumerate([*hidden, shown]):
        RelatedFactory(
            event=linking,
            position=position,
            target=target,
            target_path=target.legacy_path,
            target_headline=target.headline,
            context=f"Shared {position}",
        )
    RelatedFactory(event=linking, position=9, target_path="/news/2011/1/1/gone.md")
    return linking, hidden, shown


def every_file(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in root.rglob("*") if p.is_file()}


def secrets_of(events) -> list[str]:
    return [
        text for event in events for text in (event.headline, event.slug, event.summary, "secret")
    ]


def test_nothing_of_a_hidden_event_is_exported(public_linking_to_hidden, tmp_path):
    linking, hidden, shown = public_linking_to_hidden
    export_archive(tmp_path)
    files = every_file(tmp_path)
    leaks = [
        f"{name}: {secret!r}"
        for name, text in files.items()
        for secret in secrets_of(hidden)
        if secret in text or secret in name
    ]
    assert leaks == []
    assert len([name for name in files if not name.endswith("index.md")]) == 2


def test_a_link_to_a_hidden_event_is_left_out_of_the_related_list(
    public_linking_to_hidden, tmp_path
):
    linking, _hidden, shown = public_linking_to_hidden
    export_archive(tmp_path)
    path = tmp_path / linking.legacy_path.lstrip("/")
    parsed = parse_event_file(path.read_bytes(), linking.legacy_path, DAY, linking.slug)
    assert [(item.headline, item.context) for item in parsed.event.related] == [
        (shown.headline, "Shared 2"),
        ("Some later event.", "Chongqing"),
    ]


def test_with_include_drafts_every_event_and_link_is_exported(public_linking_to_hidden, tmp_path):
    linking, hidden, _shown = public_linking_to_hidden
    export_archive(tmp_path, include_drafts=True)
    text = (tmp_path / linking.legacy_path.lstrip("/")).read_text()
    for event in hidden:
        assert (tmp_path / event.legacy_path.lstrip("/")).exists()
        assert event.headline in text
