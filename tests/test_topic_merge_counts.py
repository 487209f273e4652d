"""A chain of topic merges through the admin's merge page, with topics that related links give
as well as events' own: every count the admin shows (the merge page, the topic list, the
autocomplete) stays the number of distinct events carrying the topic, recomputed here from
the events' own topics and the links' contexts."""

import html
import re
from collections import Counter

import pytest

from events.models import Event, Related, TaggedEvent, Topic, split_context
from tests.factories import EventFactory, RelatedFactory

pytestmark = pytest.mark.django_db(transaction=True)

TOPICS = "/admin/events/topic/"
MERGE_CHOICE = re.compile(r'name="keep" value="(\d+)"> (.*?) \((\d+)\)</label>')
LIST_ROW = re.compile(
    r'<th class="field-name"><a href="[^"]*">([^<]*)</a></th>.*?'
    r'<td class="field-event_count">(\d+)</td>',
    re.S,
)


def carried() -> Counter:
    """Topic name -> events carrying it: their own topics and those links give them."""
    names: dict[int, set[str]] = {pk: set() for pk in Event.objects.values_list("pk", flat=True)}
    own = TaggedEvent.objects.filter(own=True).values_list("content_object_id", "tag__name")
    for event_id, name in own:
        names[event_id].add(name)
    existing = set(Topic.objects.values_list("name", flat=True))
    for target, context in Related.objects.filter(target__isnull=False).values_list(
        "target_id", "context"
    ):
        names[target] |= set(split_context(context)) & existing
    return Counter(name for topics in names.values() for name in topics)


def merge_page(staff, topic_ids) -> dict[str, int]:
    ids = [str(pk) for pk in topic_ids]
    page = staff.post(TOPICS, {"action": "merge", "_selected_action": ids})
    assert page.status_code == 200
    return {html.unescape(n): int(c) for _, n, c in MERGE_CHOICE.findall(page.content.decode())}


def merge(staff, keep: str, *others: str) -> None:
    topics = {topic.name: topic.pk for topic in Topic.objects.all()}
    ids = [str(topics[name]) for name in (keep, *others)]
    assert staff.post(TOPICS, {"action": "merge", "_selected_action": ids}).status_code == 200
    chosen = {"action": "merge", "_selected_action": ids, "keep": str(topics[keep])}
    assert staff.post(TOPICS, chosen).status_code == 302


def assert_admin_counts_right(staff):
    truth = carried()
    every = {name: truth.get(name, 0) for name in Topic.objects.values_list("name", flat=True)}
    assert merge_page(staff, Topic.objects.values_list("pk", flat=True)) == every
    listed = staff.get(TOPICS).content.decode()
    assert {html.unescape(n): int(c) for n, c in LIST_ROW.findall(listed)} == every
    found = staff.get(f"{TOPICS}autocomplete/?term=").json()["results"]
    assert {result["text"]: result["count"] for result in found} == every


def test_a_chain_of_merges_keeps_every_admin_count(staff_browser):
    homs = EventFactory(topics=["Syria", "Homs"])
    observers = EventFactory(topics=["Syria"])
    refugees = EventFactory(topics=["Homs"], status=Event.Status.DRAFT)
    consulate = EventFactory(topics=["Chengdu"])
    police = EventFactory(topics=[])
    EventFactory(topics=["Lebanon"])
    # Links give their targets topics; one target is given a topic by two events, another
    # is given one it has of its own.
    RelatedFactory(event=homs, target=observers, context="Syria, Homs")
    RelatedFactory(event=observers, target=homs, context="Syria")
    RelatedFactory(event=refugees, target=homs, context="Homs, Syria")
    RelatedFactory(event=consulate, target=police, context="Chengdu, Homs")
    RelatedFactory(event=homs, target=police, context="Daraa")
    RelatedFactory(event=police, target=consulate, context="Daraa, Chengdu")
    RelatedFactory(event=refugees, target=police, context="Homs")
    assert_admin_counts_right(staff_browser)
    merge(staff_browser, "Syria", "Homs")
    assert_admin_counts_right(staff_browser)
    merge(staff_browser, "Daraa", "Chengdu")
    assert_admin_counts_right(staff_browser)
    merge(staff_browser, "Syria", "Daraa")
    assert_admin_counts_right(staff_browser)
    assert carried()["Syria"] == 5
