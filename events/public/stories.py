"""A day's events grouped by story: the events that share a topic that day under its name.

Grouped from the events the day page has already loaded (each with its `listed_topics`, the
topics of public events only): no query of its own. The rule:
- a topic is shared when two or more of the day's events carry it;
- an event with shared topics goes under one of them, once: the one most of the day's events
  carry; on a tie, the one that comes up first in the editors' order, then by name;
- stories come in the editors' order of their first event, their events in that order too;
- events sharing no topic with another come last, in the editors' order (`topic` None).
"""

from collections import Counter
from typing import NamedTuple

from .queries.listing import PageTopic


class Story(NamedTuple):
    topic: PageTopic | None  # None: the day's events that share no topic with another
    events: list


def by_story(events) -> list[Story]:
    """`events` (in the editors' order, each with `listed_topics`) grouped by story."""
    carried = Counter(pk for event in events for pk in {topic.pk for topic in event.listed_topics})
    first_seen = {}
    for index, event in enumerate(events):
        for topic in event.listed_topics:
            first_seen.setdefault(topic.pk, index)

    def weight(topic: PageTopic):
        return (-carried[topic.pk], first_seen[topic.pk], topic.name.casefold())

    stories: dict[int, Story] = {}
    unshared = []
    for event in events:
        shared = [topic for topic in event.listed_topics if carried[topic.pk] > 1]
        if not shared:
            unshared.append(event)
            continue
        topic = min(shared, key=weight)
        stories.setdefault(topic.pk, Story(topic, [])).events.append(event)
    return [*stories.values(), *([Story(None, unshared)] if unshared else [])]
