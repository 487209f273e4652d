"""The editors' side of `make bench-day`, a process of its own (its threads would otherwise
take the readers' generator's interpreter): writes through the admin's real forms over HTTP,
each followed by a bot reading the changed page back through Varnish until it shows.

    python -m bench.day.editors BASE WORK.json   (password in BENCH_EDITOR_PASSWORD)

WORK.json holds the editors' events (bench/day/addresses.py), the rate and the seconds. Writes
leave at a steady rate (open loop, several editors at once when one save is slow); each one
loads the change form, changes what its kind changes and posts the form as a browser would.
Prints one JSON line per write: its kind, whether it saved, when it was sent and answered
(epoch seconds, to match the purges Varnish logged), and how long after the save's response
the bot saw the page change (null: not within VISIBLE_WITHIN).
"""

import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import lxml.etree
import lxml.html

# The edits of a day: headline or summary fixes, topics, sources, publishes, reorders.
KINDS = {"headline": 30, "summary": 30, "topic": 15, "source": 15, "publish": 8, "reorder": 2}
FIXES = ("Government", "Minister", "Report", "Council", "Storm", "Talks")
EDITORS = 4
CONFLICTS = ("someone else saved", "changed since you opened")
VISIBLE_WITHIN = 10.0
BOT_PAUSE = 0.02


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a save answers 302: that is the answer, not a page to load


class Session:
    """One editor signed in to the admin."""

    def __init__(self, base: str, user: str, password: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirects()
        )
        form = self.form("/admin/login/", "login-form")
        form.update(username=user, password=password)
        status, _ = self.post("/admin/login/?next=/admin/", form)
        if status != 302:
            raise RuntimeError(f"the editor could not sign in (HTTP {status})")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(errors="replace")

    def post(self, path: str, fields) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST")  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(errors="replace")

    def form(self, path: str, form_id: str) -> dict[str, list[str]]:
        status, page = self.get(path)
        if status != 200:
            raise RuntimeError(f"{path}: HTTP {status}")
        return form_fields(lxml.html.fromstring(page).get_element_by_id(form_id))


def form_fields(form) -> dict[str, list[str]]:
    """What a browser would send of the form, by name (a select may send several values)."""
    fields: dict[str, list[str]] = {}
    for name, value in form.form_values():
        fields.setdefault(name, []).append(value)
    return fields


def form_with(page: str, field: str):
    """The page's form holding `field` (the admin's header has a form of its own, to log out)."""
    return next(f for f in lxml.html.fromstring(page).forms if field in f.fields)


def fixed(text: str, rng: random.Random) -> str:
    """A typo fixed: one word of `text` changed."""
    words = text.split() or ["x"]
    words[rng.randrange(len(words))] = rng.choice(FIXES)
    return " ".join(words)


def edit_event(session: Session, event: dict, kind: str, rng, work: dict) -> tuple[int, str]:
    change = f"/admin/events/event/{event['pk']}/change/"
    fields = session.form(change, "event_form")
    if kind in ("headline", "summary"):
        fields[kind] = [fixed(fields.get(kind, [""])[0], rng)]
    elif kind == "topic":
        fields["topics"] = [*fields.get("topics", []), rng.choice(work["topic_names"])][:10]
    elif kind == "source":
        add_source(fields, rng)
    elif kind == "publish":
        published = fields["status"] == ["published"]
        fields["status"] = ["draft" if published else "published"]
    return session.post(change, fields)


def add_source(fields: dict, rng: random.Random) -> None:
    """A new source in the sources' inline: its first empty row, or one more row."""
    prefix = next(name[: -len("-TOTAL_FORMS")] for name in fields if name.endswith("TOTAL_FORMS"))
    total = int(fields[f"{prefix}-TOTAL_FORMS"][0])
    row = next((n for n in range(total) if not fields.get(f"{prefix}-{n}-url", [""])[0]), total)
    fields[f"{prefix}-TOTAL_FORMS"] = [str(max(total, row + 1))]
    fields[f"{prefix}-{row}-position"] = [str(row)]
    fields[f"{prefix}-{row}-name"] = ["Local desk"]
    fields[f"{prefix}-{row}-url"] = [f"https://desk.example/{rng.randrange(10**9)}"]


def reorder(session: Session, event: dict) -> tuple[int, str]:
    year, month, day = (int(part) for part in event["date"].split("-"))
    here = f"/admin/events/event/day/{year}/{month}/{day}/order/"
    status, page = session.get(here)
    fields = form_fields(form_with(page, "order"))
    fields["order"] = list(reversed(fields.get("order", [])))
    return session.post(here, fields)


def merge_topics(session: Session, topics: list[int]) -> tuple[int, str]:
    """Two small topics merged through the topics' changelist action and its choice page."""
    listing = "/admin/events/topic/"
    token = session.form(listing, "changelist-form")["csrfmiddlewaretoken"]
    fields = {"csrfmiddlewaretoken": token, "action": "merge", "index": "0"}
    status, page = session.post(listing, {**fields, "_selected_action": topics})
    answer = form_fields(form_with(page, "keep"))
    answer.update(keep=[str(topics[0])], confirm=["1"])
    return session.post(listing, answer)


def refusal(answer: str) -> str:
    """What the admin said when it did not save: its error notes, or the start of the answer."""
    try:
        page = lxml.html.fromstring(answer)
    except (ValueError, lxml.etree.ParserError):
        return answer[:200]
    notes = page.xpath(
        "//*[contains(@class, 'errornote') or contains(@class, 'errorlist')"
        " or (ancestor::ul[contains(@class, 'messagelist')] and contains(@class, 'error'))]"
    )
    return " ".join(" ".join(note.text_content().split()) for note in notes)[:300]


def read_until_changed(base: str, path: str, before: tuple[int, str]) -> float | None:
    """Seconds until the page, read as a reader would (through Varnish, no cookie), differs
    from `before`."""
    started = time.perf_counter()
    while time.perf_counter() - started < VISIBLE_WITHIN:
        now = public_read(base, path)
        if now[0] in (200, 404) and now != before:  # a page, not a failure to answer
            return time.perf_counter() - started
        time.sleep(BOT_PAUSE)
    return None


def public_read(base: str, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, ""
    except OSError as failure:  # no answer in time: not the page, whatever it shows
        return 0, str(failure)


class Desk:
    """Editors taking writes in turn: a session per thread, signed in once."""

    def __init__(self, base: str, work: dict, password: str):
        self.base, self.work, self.password = base, work, password
        self.local = threading.local()
        self.lock = threading.Lock()
        self.topics = list(work["small_topics"])

    def session(self) -> Session:
        if not hasattr(self.local, "session"):
            self.local.session = Session(self.base, self.work["user"], self.password)
        return self.local.session

    def write(self, kind: str, seed: int) -> dict:
        rng = random.Random(seed)
        event = rng.choice(self.work["edited"])
        page = event["path"] if kind != "reorder" else event["path"].rsplit("/", 2)[0] + "/"
        before = public_read(self.base, page)
        public_read(self.base, page)  # a cached page: the save must purge it to show
        sent = time.time()
        try:
            status, answer = self.save(self.session(), kind, event, rng)
        except (RuntimeError, OSError, StopIteration, KeyError) as failure:
            status, answer = 0, str(failure)
        saved = time.time()
        record = {"kind": kind, "status": status, "sent": sent, "saved": saved, "path": page}
        record["ok"] = status == 302
        if not record["ok"]:
            record["error"] = refusal(answer)
            # Refused because another write got there first (the lock did its job): counted
            # apart from failures.
            record["conflict"] = any(sign in record["error"] for sign in CONFLICTS)
        if record["ok"] and kind != "merge":
            record["visible"] = read_until_changed(self.base, page, before)
        return record

    def save(self, session, kind, event, rng):
        if kind == "reorder":
            return reorder(session, event)
        if kind == "merge":
            with self.lock:
                pair, self.topics = self.topics[:2], self.topics[2:]
            if len(pair) < 2:
                raise RuntimeError("no small topics left to merge")
            return merge_topics(session, pair)
        return edit_event(session, event, kind, rng, self.work)


def write_kinds(rate: float, seconds: float, seed: int) -> list[tuple[float, str]]:
    """(intended second, kind) of every write, a topic merge half-way through."""
    rng = random.Random(seed)
    count = max(1, int(rate * seconds))
    kinds = rng.choices(list(KINDS), weights=list(KINDS.values()), k=count)
    writes = [(number / rate, kind) for number, kind in enumerate(kinds)]
    return [*writes, (seconds / 2, "merge")] if seconds >= 10 else writes


def main():
    base, work_file = sys.argv[1:3]
    with open(work_file) as work_text:
        work = json.load(work_text)
    desk = Desk(base, work, os.environ["BENCH_EDITOR_PASSWORD"])
    writes = sorted(write_kinds(work["rate"], work["seconds"], work["seed"]))
    started = time.perf_counter()
    with ThreadPoolExecutor(EDITORS) as pool:
        futures = []
        for number, (intended, kind) in enumerate(writes):
            time.sleep(max(0.0, intended - (time.perf_counter() - started)))
            futures.append(pool.submit(desk.write, kind, work["seed"] * 100_003 + number))
        for kind_and_future in zip(writes, futures, strict=True):
            print(json.dumps(outcome(*kind_and_future)), flush=True)


def outcome(write: tuple[float, str], future) -> dict:
    try:
        return future.result()
    except Exception as failure:  # noqa: BLE001  (one write failing says so; the rest go on)
        failed = {"kind": write[1], "ok": False, "status": 0, "sent": 0, "saved": 0, "path": ""}
        return {**failed, "error": repr(failure)}


if __name__ == "__main__":
    main()
