"""The oracle's first two checks, on the answers before and after a step
(tests/test_write_oracle.py): every changed page was purged, and every changed event's last
change moved (or it is listed as withdrawn). Each returns the failures as readable lines."""

import datetime
import difflib
import json
from urllib.parse import urlencode

from django.test import Client

from events.duplicate_pairs import pairs_among
from events.http_cache import keys as surrogate_keys
from events.models import DuplicatePair, Event
from tests.oracle_pages import Answer, api_event_path

# What a cache holds an address under before the oracle first fetched it: an address made by
# the step (a new event, day, topic or outlet) answered 404 before, and 404s carry these.
UNSEEN_KEYS = frozenset({surrogate_keys.SITE, surrogate_keys.NOT_FOUND})
# Addresses whose answer before the oracle first fetched them is not known to be a 404: a
# search for a new word, the topic index by a new first letter.
ALWAYS_ANSWERING = ("/search/", "/topics/?")


def uncovered_changes(before: dict, after: dict, purged: set, now) -> list[str]:
    """Pages whose bytes changed though no key a cache held them under was purged, and
    whose shared lifetime had not run out by `now`."""
    failures = []
    for path, new in after.items():
        old = before.get(path)
        if old is None:
            if path.startswith(ALWAYS_ANSWERING) or new.status == 404:
                continue  # what it answered before is not known
            held_under, was = UNSEEN_KEYS, "unseen (a 404 before the step)"
        elif old.same_as(new) or old.expired_by(now):
            continue
        else:
            held_under, was = old.keys, f"{old.status}"
        if held_under & purged:
            continue
        failures.append(
            f"stale page {path}: answered {was}, now {new.status} with other bytes; the cached "
            f"copy was kept under {sorted(held_under)}, and this step purged "
            f"{sorted(purged) or 'nothing'}{what_changed(old, new)}"
        )
    return failures


def readable_lines(answer: Answer) -> list[str]:
    text = answer.body.decode(errors="replace")
    try:
        return json.dumps(json.loads(text), indent=1, sort_keys=True).splitlines()
    except ValueError:
        return text.splitlines()


def what_changed(old: Answer | None, new: Answer, most: int = 4) -> str:
    """The first lines that differ (JSON pretty-printed), to say what went stale."""
    if old is None:
        return ""
    lines = [
        line.strip()
        for line in difflib.unified_diff(readable_lines(old), readable_lines(new), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    if old.location != new.location:
        lines.insert(0, f"Location {old.location or 'none'} -> {new.location or 'none'}")
    shown = " | ".join(line[:160] for line in lines[:most])
    return f"; changed: {shown}" if shown else ""


def rfc3339(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat()


def api_pages(client: Client, path: str) -> list[dict]:
    """Every result of a paged API list, following `next`."""
    results = []
    while path:
        client.cookies.clear()
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code} {response.content!r}"
        page = response.json()
        results += page["results"]
        path = page["next"]
    return results


def without_change_time(answer: Answer) -> dict:
    event = json.loads(answer.body)
    event.pop("updated_at", None)
    return event


def change_time_failures(client: Client, before: dict, after: dict, since, event_ids) -> list[str]:
    """Events whose API answer changed must have moved their last change past `since` (the
    previous step's end) and be listed since then; events that left the public, withdrawn."""
    query = urlencode({"updated_since": rfc3339(since), "ordering": "updated", "limit": 200})
    updated = {e["id"]: e["updated_at"] for e in api_pages(client, f"/api/v1/events?{query}")}
    query = urlencode({"since": rfc3339(since)})
    withdrawn = {
        w["id"]: w["withdrawn_at"] for w in api_pages(client, f"/api/v1/events/withdrawn?{query}")
    }
    failures = []
    for pk in sorted(event_ids):
        path = api_event_path(pk)
        old, new = before.get(path), after.get(path)
        was_public = old is not None and old.status == 200
        is_public = new is not None and new.status == 200
        if is_public:
            failures += _changed_event(pk, old if was_public else None, new, updated, since)
        elif was_public:
            failures += _withdrawn_event(pk, withdrawn, since)
    return failures


def _changed_event(pk, old: Answer | None, new: Answer, updated: dict, since) -> list[str]:
    path = api_event_path(pk)
    if old is not None and without_change_time(old) == without_change_time(new):
        return []
    failures = []
    what = "became public" if old is None else "changed"
    if old is not None:
        then, now = json.loads(old.body)["updated_at"], json.loads(new.body)["updated_at"]
        if datetime.datetime.fromisoformat(now) <= datetime.datetime.fromisoformat(then):
            failures.append(
                f"event {pk}: {path} changed ({describe_change(old, new)}) but its updated_at "
                f"stayed {now} (was {then})"
            )
    if pk not in updated:
        failures.append(
            f"event {pk}: {path} {what} but /api/v1/events?updated_since={rfc3339(since)} "
            f"does not list it"
        )
    return failures


def _withdrawn_event(pk, withdrawn: dict, since) -> list[str]:
    if pk not in withdrawn:
        return [
            f"event {pk} stopped being public but /api/v1/events/withdrawn?since="
            f"{rfc3339(since)} does not list it"
        ]
    if datetime.datetime.fromisoformat(withdrawn[pk]) < since:
        return [f"event {pk} withdrawn at {withdrawn[pk]}, before the step ({rfc3339(since)})"]
    return []


def describe_change(old: Answer, new: Answer) -> str:
    """The top-level fields of an API answer that differ: what the failure names."""
    then, now = without_change_time(old), without_change_time(new)
    fields = sorted(name for name in then.keys() | now.keys() if then.get(name) != now.get(name))
    return ", ".join(f"{name}: {then.get(name)!r} -> {now.get(name)!r}" for name in fields)


def duplicate_pair_failures() -> list[str]:
    """The stored possible duplicate pairs are those found from scratch over every event."""
    stored = set(DuplicatePair.objects.values_list("first_id", "second_id", "day", "score"))
    truth = set(pairs_among(Event.objects.values_list("pk", "date", "headline")))
    return [
        f"duplicate pair {pair} {'stored but not found' if pair in stored else 'not stored'}"
        for pair in sorted(stored ^ truth)
    ]
