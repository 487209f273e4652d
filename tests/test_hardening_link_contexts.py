"""A related link gives its line's contexts to its target: those topics count on public
surfaces only while the linking event is public (decided at request time), whichever way the
link was resolved; the event's own topics behave as before."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.archive.importer import import_archive
from events.changes import writing
from events.links import resolve_pending_links
from events.models import Event, Redirect, Related, Topic
from tests.archive_files import event_text, write_archive
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

LINKER_DAY = datetime.date(2012, 3, 1)
TARGET_DAY = datetime.date(2012, 3, 2)
SECRET = "Topic only a draft names"
SHARED = "Shared topic"
CONTEXT = f"{SECRET}, {SHARED}"


def target_and_draft_linker(how: str, client) -> tuple[Event, Event]:
    """A published target and a draft whose related link gives it `CONTEXT`, resolved `how`."""
    if how == "import":
        line = f"1. [B ](/news/2012/03/2/b.md) _Context: {CONTEXT}_"
        write_archive(
            client.tmp_path,
            {
                "news/2012/03/1/a.md": event_text(
                    date="2012-03-1", folder="/news/2012/03/1", headline="A.", related=[line]
                ),
                "news/2012/03/2/b.md": event_text(
                    date="2012-03-2", folder="/news/2012/03/2", headline="B."
                ),
            },
        )
        import_archive(client.tmp_path)
        linker, target = Event.objects.get(slug="a"), Event.objects.get(slug="b")
        # An editor unpublishes the linking event (a purging update, as the admin's action).
        Event.objects.filter(pk=linker.pk).update(status=Event.Status.DRAFT, publish_at=None)
        return target, Event.objects.get(pk=linker.pk)
    linker = EventFactory(date=LINKER_DAY, slug="a", status=Event.Status.DRAFT)
    Related.objects.create(
        event=linker, target_path="/news/2012/03/2/b.md", target_headline="B.", context=CONTEXT
    )
    if how == "pending":  # the target arrived without a save (as bulk code writes)
        new = Event(date=TARGET_DAY, slug="b", headline="B.", status=Event.Status.PUBLISHED)
        new.publish_at = timezone.now()
        target = Event.objects.bulk_create([new])[0]
        with writing() as change:
            resolve_pending_links(change)
    else:
        target = EventFactory(date=TARGET_DAY, slug="b", headline="B.")  # its save resolves
    assert Related.objects.get().target_id == target.pk
    return target, linker


@pytest.fixture
def earlier():
    """A public event before both that has the shared topic as its own."""
    return EventFactory(date=datetime.date(2012, 2, 1), headline="Earlier.", topics=[SHARED])


def secret_topic() -> Topic:
    return Topic.objects.get(name=SECRET)


def public_surfaces(client, target: Event, earlier: Event) -> dict[str, bool]:
    """Whether each public surface shows the secret topic, or the target through a topic."""
    topic = secret_topic()
    day = reverse("events:day", kwargs=target.date_kwargs())
    search = client.get(reverse("events:search"), {"topic": SHARED})
    return {
        "event page": SECRET in client.get(target.get_absolute_url()).content.decode(),
        "day page": SECRET in client.get(day).content.decode(),
        "topic page": client.get(topic.get_absolute_url()).status_code == 200,
        "topic feed": client.get(topic.public_paths()["events:topic_feed"]).status_code == 200,
        "topic index": SECRET in client.get(reverse("events:topics")).content.decode(),
        "search filter": client.get(reverse("events:search"), {"topic": SECRET}).status_code == 200,
        "search by shared topic": "B." in search.content.decode(),
        "what happened next": target.get_absolute_url()
        in client.get(earlier.get_absolute_url()).content.decode(),
        "topic redirect": client.get("/topics/old-name/").status_code == 301,
    }


@pytest.fixture
def client_with_tmp(tmp_path):
    client = Client()
    client.tmp_path = tmp_path
    return client


@pytest.mark.parametrize("how", ["import", "editor creates the target", "pending"])
def test_a_drafts_contexts_show_nowhere_until_it_is_published(how, client_with_tmp, earlier):
    client = client_with_tmp
    target, linker = target_and_draft_linker(how, client)
    Redirect.objects.create(old_path="/topics/old-name/", topic=secret_topic())
    assert not any(public_surfaces(client, target, earlier).values())
    linker.status = Event.Status.PUBLISHED
    linker.save()
    assert all(public_surfaces(client, target, earlier).values())


def test_a_scheduled_linkers_contexts_show_when_its_time_comes_with_no_write(
    client_with_tmp, earlier
):
    client = client_with_tmp
    target, linker = target_and_draft_linker("editor creates the target", client)
    due = timezone.now() + datetime.timedelta(hours=1)
    linker.status, linker.publish_at = Event.Status.SCHEDULED, due
    linker.save()
    Redirect.objects.create(old_path="/topics/old-name/", topic=secret_topic())
    assert not any(public_surfaces(client, target, earlier).values())
    with time_machine.travel(due + datetime.timedelta(minutes=1), tick=False):
        assert all(public_surfaces(client, target, earlier).values())


def test_the_targets_own_topics_show_whatever_links_give_it(client_with_tmp):
    target, _ = target_and_draft_linker("editor creates the target", client_with_tmp)
    target.topics.add(SECRET)  # the editor gives the target the same topic itself
    page = client_with_tmp.get(target.get_absolute_url()).content.decode()
    assert page.count(f">{SECRET}<") == 1  # once, though it has it twice
    assert client_with_tmp.get(secret_topic().get_absolute_url()).status_code == 200
    # The admin's topics field holds the target's own topics only.
    assert list(target.topics.names()) == [SECRET]


def test_a_public_linkers_topics_show_once_and_count_once(client_with_tmp):
    target, linker = target_and_draft_linker("editor creates the target", client_with_tmp)
    linker.status = Event.Status.PUBLISHED
    linker.save()
    other = EventFactory(date=LINKER_DAY, slug="c")
    Related.objects.create(
        event=other, target=target, target_path=target.legacy_path, context=SECRET
    )
    target.topics.add(SHARED)
    topic_page = client_with_tmp.get(reverse("events:topic", kwargs={"slug": "shared-topic"}))
    # Listed once in the timeline (the page also names it as the first and the latest event).
    assert [event.pk for event in topic_page.context["events"]] == [target.pk]
    assert topic_page.context["paginator"].count == 1


def test_a_changed_target_file_keeps_what_public_links_give_it(tmp_path, client):
    line = f"1. [B ](/news/2012/03/2/b.md) _Context: {CONTEXT}_"
    files = {
        "news/2012/03/1/a.md": event_text(
            date="2012-03-1", folder="/news/2012/03/1", headline="A.", related=[line]
        ),
        "news/2012/03/2/b.md": event_text(date="2012-03-2", folder="/news/2012/03/2"),
    }
    import_archive(write_archive(tmp_path, files))
    write_archive(
        tmp_path,
        {
            "news/2012/03/2/b.md": event_text(
                date="2012-03-2", folder="/news/2012/03/2", headline="New."
            )
        },
    )
    assert import_archive(tmp_path).updated == 1
    target = Event.objects.get(slug="b")
    assert SECRET in client.get(target.get_absolute_url()).content.decode()
    # A's file changes its link's context: B loses what A gave it before.
    changed = line.replace(CONTEXT, SHARED)
    write_archive(
        tmp_path,
        {
            "news/2012/03/1/a.md": event_text(
                date="2012-03-1", folder="/news/2012/03/1", headline="A.", related=[changed]
            )
        },
    )
    import_archive(tmp_path)
    page = client.get(target.get_absolute_url()).content.decode()
    assert SECRET not in page and SHARED in page


@pytest.mark.django_db(transaction=True)
def test_the_linkers_publishing_unpublishing_and_deletion_purge_the_targets_pages(
    client_with_tmp, settings
):
    from tests.purge_receiver import purge_receiver

    target, linker = target_and_draft_linker("editor creates the target", client_with_tmp)
    secret = f"t{secret_topic().pk}"
    target_pages = {f"e{target.pk}", "d2012-03-02", secret}
    with purge_receiver() as front:
        settings.NEWSROOM_PURGE_URLS = [front.url]
        linker.status = Event.Status.PUBLISHED
        linker.save()
        assert target_pages <= front.keys
        front.forget()
        linker.status = Event.Status.DRAFT
        linker.save()
        assert target_pages <= front.keys
        linker.status = Event.Status.PUBLISHED
        linker.save()
        front.forget()
        linker.delete()
        assert target_pages <= front.keys


def test_an_editor_changing_or_removing_the_link_changes_what_it_gives(admin_client):
    from tests.admin_forms import change_url, open_change_form

    target, linker = target_and_draft_linker("editor creates the target", admin_client)
    linker.status = Event.Status.PUBLISHED
    linker.save()
    data = open_change_form(admin_client, linker)
    data["related_links-0-context"] = "A new context"
    assert admin_client.post(change_url(linker), data).status_code == 302
    page = admin_client.get(target.get_absolute_url()).content.decode()
    assert "A new context" in page and SECRET not in page
    data = open_change_form(admin_client, linker)
    data["related_links-0-DELETE"] = "on"
    assert admin_client.post(change_url(linker), data).status_code == 302
    assert "A new context" not in admin_client.get(target.get_absolute_url()).content.decode()
