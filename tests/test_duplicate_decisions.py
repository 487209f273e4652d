"""Possible duplicate pairs an editor decided on: "not a duplicate" or "reviewed" is
remembered, takes the pair off the report's open list and out of the desk's count, and can be
changed; only editors who may change events decide."""

import datetime

import pytest
from django.urls import reverse

from events.editorial import duplicates
from events.models import PairDecision
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)
REPORT = reverse("admin:events_event_duplicates")
DECIDE = reverse("admin:events_event_duplicates_decide")


@pytest.fixture
def tolls():
    """Three daily tolls that read alike (three pairs) and one unlike event."""
    return [
        EventFactory(
            date=DAY + datetime.timedelta(days=n),
            headline=f"At least {n}1 people are killed in shelling of Homs.",
        )
        for n in range(3)
    ] + [EventFactory(date=DAY, headline="A new bridge opens in Lyon.")]


def decide(client, first, second, verdict):
    return client.post(DECIDE, {"first": first.pk, "second": second.pk, "verdict": verdict})


def test_a_dismissed_pair_leaves_the_desk_and_the_open_list(editor_client, tolls):
    assert editor_client.get("/admin/").context["desk"]["duplicates_count"] == 3
    response = decide(editor_client, tolls[1], tolls[0], "not_duplicate")
    assert response.status_code == 302
    decision = PairDecision.objects.get()
    assert (decision.first_id, decision.second_id) == (tolls[0].pk, tolls[1].pk)
    assert decision.decided_by.username == "eve"
    assert editor_client.get("/admin/").context["desk"]["duplicates_count"] == 2
    report = editor_client.get(REPORT)
    assert len(report.context["pairs"]) == 2
    assert report.context["decided_count"] == 1
    decided = editor_client.get(REPORT, {"show": "decided"})
    ((pair, shown),) = decided.context["pairs"]
    assert shown.verdict == "not_duplicate"
    assert "Not a duplicate (eve," in decided.content.decode()


def test_a_later_verdict_replaces_the_earlier_one(editor_client, tolls):
    decide(editor_client, tolls[0], tolls[2], "not_duplicate")
    decide(editor_client, tolls[2], tolls[0], "reviewed")
    assert list(PairDecision.objects.values_list("verdict", flat=True)) == ["reviewed"]


def test_the_open_pairs_skip_decided_ones_in_one_query(django_assert_num_queries, tolls):
    pairs = duplicates.pairs_in(tolls)
    duplicates.decide(tolls[0].pk, tolls[1].pk, "reviewed", user=None)
    with django_assert_num_queries(1):
        left = duplicates.open_pairs(pairs)
    assert {duplicates.pair_key(pair) for pair in left} == {
        (tolls[0].pk, tolls[2].pk),
        (tolls[1].pk, tolls[2].pk),
    }


@pytest.mark.parametrize(
    "answer",
    [
        {"verdict": "merged"},
        {"verdict": "reviewed", "second": "x"},
        {"verdict": "reviewed", "second": "same"},
    ],
)
def test_a_bad_decision_is_refused_with_a_message(editor_client, tolls, answer):
    data = {"first": tolls[0].pk, "second": tolls[1].pk, **answer}
    if data["second"] == "same":
        data["second"] = tolls[0].pk
    response = editor_client.post(DECIDE, data, follow=True)
    assert "That pair or verdict is not one the report offers." in response.content.decode()
    assert not PairDecision.objects.exists()


def test_viewers_cannot_decide(client, django_user_model, tolls):
    viewer = django_user_model.objects.create_user("viewer", password="pw-viewer-1", is_staff=True)
    client.force_login(viewer)
    assert decide(client, tolls[0], tolls[1], "reviewed").status_code == 403
    assert not PairDecision.objects.exists()


def test_the_report_lists_its_pairs_a_page_at_a_time_most_alike_first(
    editor_client, tolls, monkeypatch
):
    monkeypatch.setattr("events.admin.desk_pages.PAIRS_PER_PAGE", 2)
    first = editor_client.get(REPORT)
    page = first.content.decode()
    assert len(first.context["pairs"]) == 2
    assert "Pairs 1 to 2, most alike first; page 1 of 2." in page
    assert 'href="?page=2" rel="next"' in page and 'rel="prev"' not in page
    second = editor_client.get(REPORT, {"page": "2"})
    assert len(second.context["pairs"]) == 1
    assert "Pairs 3 to 3, most alike first; page 2 of 2." in second.content.decode()
    listed = [pair for response in (first, second) for pair, _ in response.context["pairs"]]
    assert [pair.score for pair in listed] == sorted((pair.score for pair in listed), reverse=True)
    assert len({duplicates.pair_key(pair) for pair in listed}) == 3  # each pair once
    # Past the last page, or not a page at all: the nearest page there is.
    assert len(editor_client.get(REPORT, {"page": "99"}).context["pairs"]) == 1
    assert len(editor_client.get(REPORT, {"page": "x"}).context["pairs"]) == 2
    decide(editor_client, tolls[1], tolls[0], "reviewed")
    decided = editor_client.get(REPORT, {"show": "decided"}).content.decode()
    assert "page 1 of" not in decided  # one decided pair: one page, no page links
