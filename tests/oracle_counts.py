"""The oracle's third check: every count shown equals the distinct events recomputed from
primary data, and no page shows a topic twice for one event (tests/test_write_oracle.py).

Public pages and API answers are read from the step's fetched answers; the admin's pages are
opened by the signed-in editor's client."""

import html
import json
import re
from collections import Counter

from django.test import Client

from events.paths import day_path, event_path
from tests.oracle_admin import EVENTS, TOPICS, change_url, expect
from tests.oracle_pages import Answer, api_event_path, topic_paths
from tests.oracle_truth import Truth

TOPIC_COUNT = re.compile(
    r'<a href="/topics/([^"/]+)/">([^<]*)</a> <span class="count">(\d+) events?</span>'
)
TOGETHER = re.compile(
    r'<a class="tag" href="/topics/[^"/]+/">([^<]*)</a> <span class="count">(\d+) events? together'
)
TOPIC_PAGE_COUNT = re.compile(r'<p class="lede">(\d+) events?')
OUTLET_COUNT = re.compile(
    r'<a href="/outlets/([^"/]+)/">[^<]*</a> <span class="count">(\d+) events?</span>'
)
OUTLET_PAGE_COUNT = re.compile(r'<p class="lede">(\d+) events? citing')
TOPICS_LINE = re.compile(r'<p class="topics"><span class="label">Topics:</span>(.*?)</p>', re.S)
TAG = re.compile(r'<a class="tag" href="[^"]*">([^<]*)</a>')
ADMIN_TOPIC_ROW = re.compile(
    r'<th class="field-name"><a href="[^"]*">([^<]*)</a></th>.*?'
    r'<td class="field-event_count">(\d+)</td>',
    re.S,
)
MERGE_CHOICE = re.compile(r'name="keep" value="\d+"> (.*?) \((\d+)\)</label>')
CHANGELIST_ROW = re.compile(
    r'name="_selected_action" value="(\d+)".*?<td class="field-topic_names">(.*?)</td>', re.S
)
SELECTED_ROW = re.compile(r'name="_selected_action" value="(\d+)"')
PAGINATOR_COUNT = re.compile(r'<p class="paginator">\s*(?:.*?)(\d+) events?\s*</p>', re.S)
MONTH_COUNT = re.compile(
    r'<a href="/news/(\d{4})/(\d{2})/">[^<]*</a> <span class="count">(\d+) events?</span>'
)
CALENDAR_COUNT = re.compile(
    r'<a href="/news/(\d{4})/(\d{2})/(\d{1,2})/"><span class="calendar__day">\d+</span> '
    r'<span class="calendar__count">(\d+) events?</span>'
)
ONGOING = re.compile(r"<h2[^>]*>Ongoing</h2>(.*?)</ul>", re.S)
ONGOING_DAYS = 14
SUGGESTION_TURNS = 3
MORE = re.compile(r"^(.*) \+(\d+) more$")
SUGGESTION_ROW = re.compile(
    r'<td><a href="/admin/events/event/(\d+)/change/">.*?</a></td>\s*<td>(.*?)</td>', re.S
)


def compare_counts(
    where: str, shown: Counter | dict, truth: Counter | dict, *, zeros_listed: bool = False
) -> list[str]:
    """`zeros_listed`: the page lists every name of `truth`, those of no events with 0 (the
    admin's topics); else it leaves them out (the public pages)."""
    if not zeros_listed:
        truth = {k: v for k, v in truth.items() if v}
    if dict(shown) == dict(truth):
        return []
    wrong = sorted(
        f"{name}: shows {shown.get(name, 'nothing')}, truth {truth.get(name, 'nothing')}"
        for name in set(shown) | set(truth)
        if name not in shown or name not in truth or shown[name] != truth[name]
    )
    return [f"{where}: counts differ: {'; '.join(wrong)}"]


def twice(where: str, names: list[str]) -> list[str]:
    doubled = sorted(name for name, n in Counter(names).items() if n > 1)
    return [f"{where} shows {', '.join(doubled)} twice ({', '.join(names)})"] if doubled else []


def text(answer: Answer) -> str:
    return answer.body.decode()


def unescaped(pairs):
    return [
        tuple(html.unescape(part) if isinstance(part, str) else part for part in p) for p in pairs
    ]


# Public pages and the API -------------------------------------------------------------------


def public_count_failures(truth: Truth, answers: dict[str, Answer]) -> list[str]:
    failures = []
    topic_counts = truth.public_topic_counts()
    shown = Counter(
        {name: int(n) for _, name, n in unescaped(TOPIC_COUNT.findall(text(answers["/topics/"])))}
    )
    failures += compare_counts("/topics/", shown, topic_counts)
    api_topics = json.loads(answers["/api/v1/topics"].body)["results"]
    failures += twice("/api/v1/topics", [t["name"] for t in api_topics])
    failures += compare_counts(
        "/api/v1/topics", {t["name"]: t["count"] for t in api_topics}, topic_counts
    )
    for name, slug in truth.topic_slugs.items():
        failures += _topic_page(truth, answers, name, slug)
    outlets = truth.outlet_counts()
    listed = {domain: int(n) for domain, n in OUTLET_COUNT.findall(text(answers["/outlets/"]))}
    failures += compare_counts(
        "/outlets/", listed, {d: events for d, (events, _) in outlets.items()}
    )
    api_outlets = json.loads(answers["/api/v1/outlets"].body)["results"]
    failures += compare_counts(
        "/api/v1/outlets",
        {o["domain"]: (o["count"], o["sources"]) for o in api_outlets},
        outlets,
    )
    for domain, (events, _) in outlets.items():
        page = answers.get(f"/outlets/{domain}/")
        found = OUTLET_PAGE_COUNT.search(text(page)) if page and page.status == 200 else None
        if not found or int(found.group(1)) != events:
            failures.append(
                f"/outlets/{domain}/: shows {found and found.group(1)} events, truth {events}"
            )
    failures += calendar_count_failures(truth, answers)
    failures += sitemap_failures(truth, answers)
    days = {d["date"]: d["count"] for d in json.loads(answers["/api/v1/days"].body)["results"]}
    failures += compare_counts(
        "/api/v1/days", days, {d.isoformat(): n for d, n in truth.day_counts().items()}
    )
    return failures


SITEMAP_URL = re.compile(r"<loc>https?://[^/<]+(/[^<]*)</loc>")
SITEMAP_SECTIONS = ("/sitemap-events.xml", "/sitemap-days.xml")


def sitemap_failures(truth: Truth, answers: dict[str, Answer]) -> list[str]:
    """The sitemap's sections, numbered and read from the stored day counts, list each public
    event and each day with one, once."""
    listed = {section: [] for section in SITEMAP_SECTIONS}
    for path, answer in answers.items():
        section = path.split("?")[0]
        if section in listed and answer.status == 200:
            listed[section] += SITEMAP_URL.findall(text(answer))
    rows = [truth.events[pk] for pk in truth.public]
    expected = {
        SITEMAP_SECTIONS[0]: sorted(event_path(row.date, row.slug) for row in rows),
        SITEMAP_SECTIONS[1]: sorted(day_path(date) for date in truth.day_counts()),
    }
    return [
        f"{section}: lists {sorted(listed[section])}, truth {expected[section]}"
        for section in SITEMAP_SECTIONS
        if sorted(listed[section]) != expected[section]
    ]


def calendar_count_failures(truth: Truth, answers: dict[str, Answer]) -> list[str]:
    """Years' months, months' calendars, and the home's Ongoing box."""
    failures = []
    days = truth.day_counts()
    for path, answer in answers.items():
        if answer.status != 200 or not path.startswith("/news/") or path.count("/") not in (3, 4):
            continue
        page = text(answer)
        if path.count("/") == 3:  # a year: /news/2012/
            shown = {f"{y}-{m}": int(n) for y, m, n in MONTH_COUNT.findall(page)}
            months = Counter()
            for day, n in days.items():
                if str(day.year) == path.split("/")[2]:
                    months[f"{day:%Y-%m}"] += n
            failures += compare_counts(path, shown, months)
        else:  # a month: /news/2012/02/
            shown = {f"{y}-{m}-{int(d):02d}": int(n) for y, m, d, n in CALENDAR_COUNT.findall(page)}
            month = path.strip("/").split("/")[1:]
            wanted = {d.isoformat(): n for d, n in days.items() if [f"{d:%Y}", f"{d:%m}"] == month}
            failures += compare_counts(path, shown, wanted)
    box = ONGOING.search(text(answers["/"]))
    if box and days:
        latest = max(days)
        in_period = [
            pk for pk in truth.public if (latest - truth.events[pk].date).days < ONGOING_DAYS
        ]
        counts = Counter(name for pk in in_period for name in truth.public_topics(pk))
        shown = {name: int(n) for _, name, n in unescaped(TOPIC_COUNT.findall(box.group(1)))}
        wrong = {name: n for name, n in shown.items() if counts.get(name) != n}
        if wrong:
            failures.append(f"/ (Ongoing): counts {wrong}, truth { {n: counts[n] for n in wrong} }")
    return failures


def _topic_page(truth: Truth, answers, name: str, slug: str) -> list[str]:
    page_path = topic_paths(slug)[0]
    page = answers.get(page_path)
    count = truth.public_topic_counts()[name]
    if page is None or page.status != 200:
        return (
            [f"{page_path}: answers {page and page.status}, but {count} public events show {name}"]
            if count
            else []
        )
    found = TOPIC_PAGE_COUNT.search(text(page))
    failures = []
    if not found or int(found.group(1)) != count:
        failures.append(f"{page_path}: shows {found and found.group(1)} events, truth {count}")
    together = Counter({n: int(c) for n, c in unescaped(TOGETHER.findall(text(page)))})
    truth_together = truth.co_topic_counts(name)
    # The page lists the topics most often seen with it: those it shows must be right.
    wrong = {n: c for n, c in together.items() if truth_together.get(n) != c}
    if wrong:
        failures.append(
            f"{page_path}: 'events together' counts {dict(wrong)}, truth "
            f"{ {n: truth_together.get(n, 0) for n in wrong} }"
        )
    return failures


def topic_listing_failures(truth: Truth, answers: dict[str, Answer]) -> list[str]:
    """No event shows a topic twice: event pages, day pages, the API's event and lists; and
    an event's topics are what primary data gives it."""
    failures = []
    for path, answer in answers.items():
        if answer.status != 200:
            continue
        if not path.startswith("/api/"):  # every listing: event, day, topic, search, home
            for line in TOPICS_LINE.findall(text(answer)):
                failures += twice(path, [html.unescape(n) for n in TAG.findall(line)])
    for pk in truth.public:
        answer = answers.get(api_event_path(pk))
        if answer is None or answer.status != 200:
            failures.append(
                f"event {pk} is public but {api_event_path(pk)} answers {answer and answer.status}"
            )
            continue
        names = [t["name"] for t in json.loads(answer.body)["topics"]]
        failures += twice(api_event_path(pk), names)
        expected = truth.public_topics(pk)
        if set(names) != expected:
            failures.append(
                f"{api_event_path(pk)}: topics {sorted(names)}, truth {sorted(expected)}"
            )
    for event in json.loads(answers["/api/v1/events?limit=200"].body)["results"]:
        failures += twice(
            f"/api/v1/events (event {event['id']})", [t["name"] for t in event["topics"]]
        )
    return failures


# The admin ---------------------------------------------------------------------------------


def admin_count_failures(staff: Client, truth: Truth) -> list[str]:
    counts = truth.admin_topic_counts()
    every = {name: counts.get(name, 0) for name in truth.topic_slugs}
    page = _get(staff, TOPICS)
    listed = _all_counts(unescaped(ADMIN_TOPIC_ROW.findall(page)))
    failures = compare_counts(TOPICS, listed, every, zeros_listed=True)
    autocomplete = _autocomplete_counts(staff)
    failures += compare_counts("topic autocomplete", autocomplete, every, zeros_listed=True)
    if len(every) > 1:  # the merge page needs two topics
        merge_page = _merge_page_counts(staff)
        failures += compare_counts("topic merge page", merge_page, every, zeros_listed=True)
    for name, slug in sorted(truth.topic_slugs.items()):
        path = f"{EVENTS}?topic={slug}"
        listed = _get(staff, path)
        rows = SELECTED_ROW.findall(listed)
        found = PAGINATOR_COUNT.search(listed)
        shown = int(found.group(1)) if found else None
        if shown != counts.get(name, 0) or len(rows) != len(set(rows)):
            failures.append(
                f"{path}: says {shown} events, lists rows {rows}; truth {counts.get(name, 0)} "
                f"distinct events carry {name}"
            )
    failures += _changelist_topic_column(staff, truth)
    failures += _without_sources(staff, truth)
    return failures


def _without_sources(staff: Client, truth: Truth) -> list[str]:
    """The changelist's "without sources" (the stored numbers of sources) lists exactly the
    events citing none."""
    path = f"{EVENTS}?sources=none&all="
    listed = {int(pk) for pk in SELECTED_ROW.findall(_get(staff, path))}
    expected = truth.without_sources()
    if listed == expected:
        return []
    return [f"{path}: lists {sorted(listed)}, truth {sorted(expected)} cite no source"]


def _all_counts(pairs) -> Counter:
    shown = Counter()
    for name, n in pairs:
        shown[name] += int(n)  # a name listed twice adds up, and is reported as a wrong count
    return shown


def _get(client: Client, path: str) -> str:
    return expect(client.get(path), 200, what=f"GET {path}").content.decode()


def _autocomplete_counts(staff: Client) -> Counter:
    shown, page, more = Counter(), 1, True
    while more:
        answer = json.loads(_get(staff, f"{TOPICS}autocomplete/?term=&page={page}"))
        for result in answer["results"]:
            shown[result["text"]] += result["count"]
        more, page = answer["pagination"]["more"], page + 1
    return shown


def _merge_page_counts(staff: Client) -> Counter:
    """The merge action's own page (no topic is merged until one is chosen)."""
    from events.models import Topic

    ids = [str(pk) for pk in Topic.objects.values_list("pk", flat=True)]
    if len(ids) < 2:
        return Counter()
    response = expect(
        staff.post(TOPICS, {"action": "merge", "_selected_action": ids}), 200, what="merge page"
    )
    return _all_counts(unescaped(MERGE_CHOICE.findall(response.content.decode())))


# What the admin shows in a cell with nothing in it (AdminSite.empty_value_display).
EMPTY_CELL = "-"


def _changelist_topic_column(staff: Client, truth: Truth) -> list[str]:
    failures = []
    for pk, cell in CHANGELIST_ROW.findall(_get(staff, f"{EVENTS}?all=")):
        cell = html.unescape(cell.strip())
        more = MORE.match(cell)
        shown = cell and cell != EMPTY_CELL
        names = (more.group(1) if more else cell).split(", ") if shown else []
        total = len(names) + (int(more.group(2)) if more else 0)
        carried = truth.carried_topics(int(pk))
        failures += twice(f"{EVENTS} topics column of event {pk}", names)
        if total != len(carried):
            failures.append(
                f"{EVENTS} topics column of event {pk}: {cell!r} ({total} topics), truth "
                f"{len(carried)}: {sorted(carried)}"
            )
    return failures


def suggestion_failures(staff: Client, truth: Truth, step: int) -> list[str]:
    """The change page's related suggestions: each event once, each shared topic once.

    A third of the events a step, in turn (a change page is the slowest page to render)."""
    failures = []
    for pk in sorted(pk for pk in truth.events if pk % SUGGESTION_TURNS == step % SUGGESTION_TURNS):
        page = _get(staff, change_url(pk))
        rows = SUGGESTION_ROW.findall(page)
        failures += twice(f"suggestions on {change_url(pk)}", [target for target, _ in rows])
        for target, shared in rows:
            names = html.unescape(shared).split(", ") if shared else []
            failures += twice(f"suggestion {target} on {change_url(pk)}", names)
    return failures
