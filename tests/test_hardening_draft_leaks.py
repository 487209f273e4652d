"""Nothing an editor writes in an event that is not public reaches a public surface through
other events, and nothing of a deleted event the public never saw stays on their pages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event, Related
from tests.admin_forms import change_url, event_form, open_change_form
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2012, 2, 8)
DRAFT_WORDS = "Secret draft headline nobody may read"


def save(client, event, **changes):
    data = {**open_change_form(client, event), **changes}
    response = client.post(change_url(event), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    event.refresh_from_db()


def add_event(client, **fields) -> Event:
    data = event_form(**fields)
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return Event.objects.get(headline=data["headline"])


# --- a deleted draft's headline ---------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_a_deleted_drafts_headline_never_stays_on_a_published_event(client, status):
    page = EventFactory(date=DAY, slug="public-page")
    later = datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)
    draft = EventFactory(date=DAY, headline=DRAFT_WORDS, status=status, publish_at=later)
    link = Related(event=page, target=draft, context="")
    link.clean()  # as the admin does: the headline and path are copied from the target
    link.save()
    assert DRAFT_WORDS not in client.get(page.get_absolute_url()).content.decode()
    draft.delete()
    assert DRAFT_WORDS not in client.get(page.get_absolute_url()).content.decode()
    assert not Related.objects.filter(target_headline=DRAFT_WORDS).exists()


def test_deleting_drafts_in_bulk_leaves_nothing_of_them_either(client, admin_client):
    page = EventFactory(date=DAY, slug="public-page")
    drafts = [
        EventFactory(date=DAY, headline=f"{DRAFT_WORDS} {n}", status="draft") for n in range(2)
    ]
    for draft in drafts:
        link = Related(event=page, target=draft)
        link.clean()
        link.save()
    admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in drafts], "post": "yes"},
    )
    assert not Event.objects.filter(pk__in=[d.pk for d in drafts]).exists()
    assert DRAFT_WORDS not in client.get(page.get_absolute_url()).content.decode()


def test_a_deleted_public_event_stays_a_plain_link_as_written(client):
    page = EventFactory(date=DAY, slug="public-page")
    target = EventFactory(date=DAY, headline="The public headline.")
    link = Related(event=page, target=target, context="")
    link.clean()
    link.save()
    target.delete()
    assert "The public headline." in client.get(page.get_absolute_url()).content.decode()


# --- a draft at the address a published event left ---------------------------------------------


def test_a_draft_at_an_old_address_keeps_the_published_events_redirect(editor_client):
    client = Client()  # a reader: the editor's own client previews drafts
    moved = EventFactory(date=DAY, slug="old-slug")
    save(editor_client, moved, slug="new-slug")
    old_page = "/news/2012/02/8/old-slug/"
    assert client.get(old_page)["Location"] == "/news/2012/02/8/new-slug/"
    draft = add_event(editor_client, status="draft", slug="old-slug", headline=DRAFT_WORDS)
    for path in (old_page, "/news/2012/02/8/old-slug.md"):
        response = client.get(path)
        assert response.status_code == 301 and response["Location"] == "/news/2012/02/8/new-slug/"
    save(editor_client, draft, summary="Edited, still a draft.")
    assert client.get(old_page).status_code == 301
    # Once the draft is public its own page answers at the address.
    save(editor_client, draft, status="published")
    assert client.get(old_page).status_code == 200
