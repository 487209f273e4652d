"""Related suggestions: events sharing the most topics first, then the nearest in date; one
click (a CSRF-protected POST) adds one as Related, naming the topics they share."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from events.editorial import revisions, suggestions
from events.editorial.suggestions import related_suggestions
from events.models import Related
from tests.admin_forms import change_url
from tests.factories import EventFactory, RelatedFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2012, 2, 8)


def on(days_from_day, topics, **fields):
    return EventFactory(date=DAY + datetime.timedelta(days=days_from_day), topics=topics, **fields)


@pytest.fixture
def event():
    return on(0, ["Chongqing", "Wang Lijun", "Bo Xilai"], headline="The event.")


@pytest.fixture
def candidates(event):
    three = on(400, ["Chongqing", "Wang Lijun", "Bo Xilai"], headline="Three shared.")
    two_far = on(-300, ["Chongqing", "Bo Xilai", "Other"], headline="Two shared, far.")
    two_near = on(5, ["Chongqing", "Wang Lijun"], headline="Two shared, near.")
    one = on(1, ["Bo Xilai"], headline="One shared.")
    on(2, ["Unrelated"], headline="Nothing shared.")
    linked = on(3, ["Chongqing", "Wang Lijun", "Bo Xilai"], headline="Already related.")
    RelatedFactory(event=event, target=linked, position=0)
    return [three, two_near, two_far, one]


def test_most_shared_topics_first_then_nearest_date(event, candidates):
    found = related_suggestions(event)
    assert [s.event for s in found] == candidates
    assert [s.shared_topics for s in found] == [
        ["Bo Xilai", "Chongqing", "Wang Lijun"],
        ["Chongqing", "Wang Lijun"],
        ["Bo Xilai", "Chongqing"],
        ["Bo Xilai"],
    ]


def test_suggestions_cost_three_queries_however_many_match(event, django_assert_num_queries):
    for n in range(3):
        on(n + 10, ["Chongqing"])
    with django_assert_num_queries(3):
        small = related_suggestions(event)
    for n in range(20):
        on(n + 100, ["Chongqing", "Bo Xilai"])
    with django_assert_num_queries(3):
        large = related_suggestions(event)
    assert len(small) == 3
    assert len(large) == 10  # the limit


def test_an_event_without_topics_gets_no_suggestions():
    lonely = on(0, [])
    on(1, ["Chongqing"])
    assert related_suggestions(lonely) == []


def test_change_page_lists_suggestions_with_an_add_button(editor_client, event, candidates):
    body = editor_client.get(change_url(event)).content.decode()
    assert "Suggested related events" in body
    assert body.index("Three shared.") < body.index("Two shared, near.") < body.index("One shared.")
    assert "Nothing shared." not in body
    assert body.count("Add as related") == 4
    # The page says how a topic on very many events counts.
    assert "A topic on more than 2000 events counts only" in body
    assert "within 90 days" in body


def add_related(client, event, target):
    url = reverse("admin:events_event_add_related", args=[event.pk])
    return client.post(url, {"target": target.pk})


def test_one_click_adds_a_related_link_naming_the_shared_topics(
    editor_client, editor, event, candidates
):
    two_near = candidates[1]
    lock_before = event.lock_version
    response = add_related(editor_client, event, two_near)
    assert response.status_code == 302
    assert response["Location"] == change_url(event)
    link = Related.objects.get(event=event, target=two_near)
    assert (link.target_path, link.target_headline, link.context) == (
        two_near.legacy_path,
        "Two shared, near.",
        "Chongqing, Wang Lijun",
    )
    assert link.position == 1  # after the link the event already had
    event.refresh_from_db()
    assert event.lock_version == lock_before + 1
    newest = revisions.versions_of(event).first()
    assert newest.revision.user == editor
    assert "Two shared, near." in newest.revision.comment
    assert two_near not in [s.event for s in related_suggestions(event)]


def test_adding_twice_or_adding_itself_changes_nothing(editor_client, event, candidates):
    add_related(editor_client, event, candidates[0])
    response = add_related(editor_client, event, candidates[0])
    assert response.status_code == 302
    assert add_related(editor_client, event, event).status_code == 302
    assert Related.objects.filter(event=event).count() == 2


def test_add_related_needs_post_csrf_and_change_permission(
    editor, event, candidates, django_user_model
):
    url = reverse("admin:events_event_add_related", args=[event.pk])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.get(url).status_code == 405
    assert strict.post(url, {"target": candidates[0].pk}).status_code == 403
    reader = django_user_model.objects.create_user(username="rita", password="pw", is_staff=True)
    client = Client()
    client.force_login(reader)
    assert client.post(url, {"target": candidates[0].pk}).status_code == 403
    assert Related.objects.filter(event=event).count() == 1


def test_a_common_topic_does_not_rank_when_a_rarer_one_is_shared(event, monkeypatch):
    """A topic on more events than the threshold says little about relatedness: an event
    sharing it and a rare topic ranks above events sharing only it, then by date; its name is
    still shown as shared."""
    monkeypatch.setattr(suggestions, "COMMON_TOPIC_EVENTS", 3)
    for n in range(4):
        on(n + 1, ["Chongqing"], headline=f"Only the common topic {n}.")
    rare = on(200, ["Chongqing", "Bo Xilai"], headline="The rare topic too.")
    found = related_suggestions(event)
    assert [s.event for s in found] == [rare]
    assert found[0].shared_topics == ["Bo Xilai", "Chongqing"]


def test_with_only_common_topics_the_nearest_events_are_suggested(monkeypatch):
    monkeypatch.setattr(suggestions, "COMMON_TOPIC_EVENTS", 3)
    event = on(0, ["Chongqing"], headline="The event.")
    near = [on(days, ["Chongqing"], headline=f"{days} days on.") for days in (2, -30, 90)]
    on(91, ["Chongqing"], headline="Too far.")
    on(-400, ["Chongqing"], headline="Far before.")
    assert [s.event for s in related_suggestions(event)] == near
