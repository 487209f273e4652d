"""What an editor changes on an event's admin form, drawn by the write oracle
(tests/test_write_oracle.py): the form as the page rendered it, with some of its fields,
topics and inline rows (sources, related links) changed, added or deleted."""

import datetime

from hypothesis import strategies as st

from tests.admin_forms import add_inline_row
from tests.oracle_admin import date_time_fields
from tests.oracle_archive import OUTLETS, TOPIC_NAMES

WORDS = ["Talks", "resume", "protest", "Geneva", "storm", "coast", "minister", "election"]
WORDS += ["verdict", "flood", "strike", "summit", "rally", "budget", "ceasefire", "inquiry"]
DAYS = [datetime.date(2012, 2, 7) + datetime.timedelta(days=n) for n in range(5)]
DAYS.append(datetime.date(2012, 3, 1))  # a day, month without events until one moves there
NEW_TOPICS = ["Maldives", "Kunming", "Lebanon"]
SUMMARIES = ["", "Officials confirmed the news.", "First paragraph.\n\nSecond paragraph."]


def headlines():
    return st.lists(st.sampled_from(WORDS), min_size=3, max_size=6).map(
        lambda words: " ".join(words).capitalize() + "."
    )


def topic_lists():
    return st.lists(st.sampled_from(TOPIC_NAMES + NEW_TOPICS), unique=True, max_size=4)


def contexts():
    return st.lists(st.sampled_from(TOPIC_NAMES + NEW_TOPICS), unique=True, min_size=1, max_size=3)


def source_urls():
    return st.tuples(st.sampled_from(sorted(OUTLETS)), st.integers(20, 30)).map(
        lambda pair: (pair[0], OUTLETS[pair[0]].format(n=pair[1]))
    )


def publication(data, now: datetime.datetime) -> tuple[str, datetime.datetime | None]:
    """A status and, for a scheduled event, its time: soon, later, or already past."""
    status = data.draw(st.sampled_from(["published", "draft", "scheduled"]), label="status")
    if status != "scheduled":
        return status, None
    minutes = data.draw(st.sampled_from([-30, 45, 90, 180]), label="scheduled in minutes")
    moment = (now + datetime.timedelta(minutes=minutes)).replace(second=0, microsecond=0)
    return status, moment


def edit_event_form(data, form: dict, others: list[int], now) -> list[str]:
    """Change `form` (a change form as opened) in place; returns what was changed."""
    changed = []

    def wants(part: str) -> bool:
        return data.draw(st.booleans(), label=f"change {part}")

    if wants("headline"):
        form["headline"] = data.draw(headlines(), label="headline")
        changed.append(f"headline {form['headline']!r}")
    if wants("summary, date, position, slug, cover"):
        changed += _edit_details(data, form)
    if wants("status"):
        status, moment = publication(data, now)
        form["status"] = status
        form.update(date_time_fields("publish_at", moment))
        changed.append(f"status {status} {moment or ''}".strip())
    if wants("topics"):
        form["topics"] = data.draw(topic_lists(), label="topics")
        changed.append(f"topics {form['topics']}")
    if wants("sources"):
        changed += _edit_rows(data, form, "sources", _new_source)
    if wants("related links") and others:
        changed += _edit_rows(data, form, "related_links", lambda d: _new_link(d, others))
    return changed


def _edit_details(data, form: dict) -> list[str]:
    field = data.draw(st.sampled_from(["summary", "date", "position", "slug", "cover"]))
    if field == "summary":
        form["summary"] = data.draw(st.sampled_from(SUMMARIES), label="summary")
    elif field == "date":
        form["date"] = data.draw(st.sampled_from(DAYS), label="date").isoformat()
    elif field == "position":
        form["position"] = str(data.draw(st.integers(0, 4), label="position"))
    elif field == "slug":
        # Blank: made again from the headline; else one an editor types.
        form["slug"] = data.draw(st.sampled_from(["", "a-slug-of-my-own", "renamed"]), label="slug")
    else:
        n = data.draw(st.integers(0, 2), label="cover")
        field = "cover_image_url"
        form[field] = f"https://images.example.org/cover-{n}.jpg" if n else ""
    return [f"{field} {form[field]!r}"]


def _rows(form: dict, prefix: str) -> int:
    return int(form[f"{prefix}-TOTAL_FORMS"])


def _edit_rows(data, form: dict, prefix: str, new_row) -> list[str]:
    rows = _rows(form, prefix)
    kinds = ["add"] + (["change", "delete"] if rows else [])
    kind = data.draw(st.sampled_from(kinds), label=f"{prefix} row")
    if kind == "add":
        fields = new_row(data)
        add_inline_row(form, prefix, position=str(rows), **fields)
        return [f"{prefix}: added {fields}"]
    index = data.draw(st.integers(0, rows - 1), label=f"{prefix} row number")
    if kind == "delete":
        form[f"{prefix}-{index}-DELETE"] = "on"
        return [f"{prefix}: deleted row {index}"]
    if prefix == "sources":
        name, url = data.draw(source_urls(), label="source")
        form.update({f"sources-{index}-name": name, f"sources-{index}-url": url})
        return [f"sources: row {index} now {name} {url}"]
    context = ", ".join(data.draw(contexts(), label="context"))
    form[f"related_links-{index}-context"] = context
    return [f"related_links: row {index} context {context!r}"]


def _new_source(data) -> dict:
    name, url = data.draw(source_urls(), label="new source")
    return {"name": name, "url": url}


def _new_link(data, others: list[int]) -> dict:
    target = data.draw(st.sampled_from(others), label="link target")
    context = ", ".join(data.draw(contexts(), label="context"))
    return {"target": str(target), "target_headline": "", "target_path": "", "context": context}


def new_event_form(data, others: list[int], now) -> dict:
    """The add form: a headline, a day, a status, topics, a source and perhaps a link."""
    status, moment = publication(data, now)
    fields = {
        "headline": data.draw(headlines(), label="headline"),
        "date": data.draw(st.sampled_from(DAYS), label="date").isoformat(),
        "position": str(data.draw(st.integers(0, 3), label="position")),
        "status": status,
        **date_time_fields("publish_at", moment),
        "topics": data.draw(topic_lists(), label="topics"),
    }
    form = {**fields, **_management("sources"), **_management("related_links")}
    add_inline_row(form, "sources", position="0", **_new_source(data))
    if others and data.draw(st.booleans(), label="with a related link"):
        add_inline_row(form, "related_links", position="0", **_new_link(data, others))
    return form


def _management(prefix: str) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
