"""The oracle's writes through the admin, each posted as an editor's browser would post it
(tests/test_write_oracle.py): pages are opened first and their forms submitted with what the
editor changed, so hidden versions and digests travel as they do in a browser."""

import datetime
import re

from django.test import Client

from tests.admin_forms import form_data, inline_management

EVENTS = "/admin/events/event/"
TOPICS = "/admin/events/topic/"
OUTLETS = "/admin/sources/outlet/"
SOURCES = "/admin/sources/source/"
RESTORE_LINK = re.compile(r"/history/(\d+)/restore/")
SUGGESTION_TARGET = re.compile(r'<input type="hidden" name="target" value="(\d+)">')


class AdminRefused(AssertionError):
    """An admin page answered something no editor's click should get."""


def expect(response, *statuses, what: str):
    if response.status_code not in statuses:
        raise AdminRefused(f"{what}: answered {response.status_code}")
    return response


def form_errors(response) -> str:
    """The errors a re-rendered form shows, for the step's log."""
    context = response.context
    if context is None or "adminform" not in context:
        return ""
    form = context["adminform"].form
    errors = [f"{name}: {' '.join(msgs)}" for name, msgs in form.errors.items()]
    for formset in context.get("inline_admin_formsets", []):
        errors += [str(error) for error in formset.formset.errors if error]
        errors += [str(error) for error in formset.formset.non_form_errors()]
    return "; ".join(errors)


def open_form(client: Client, url: str, form_id: str) -> dict:
    response = expect(client.get(url), 200, what=f"GET {url}")
    return form_data(response.content.decode(), form_id)


def post_form(client: Client, url: str, data: dict) -> str:
    """Post a form; '' when saved (a redirect), else the errors the page shows."""
    response = expect(client.post(url, data), 200, 302, what=f"POST {url}")
    if response.status_code == 302:
        return ""
    return form_errors(response) or "not saved (the page came back)"


def change_url(pk: int) -> str:
    return f"{EVENTS}{pk}/change/"


def open_event(client: Client, pk: int) -> dict:
    return open_form(client, change_url(pk), "event_form")


def add_event(client: Client, fields: dict) -> str:
    """The admin's add form: `fields` with its sources and related rows as inline rows."""
    data = {"opened_version": "", "slug": "", "summary": "", "cover_image_url": ""}
    data.update(inline_management("sources", 0))
    data.update(inline_management("related_links", 0))
    data.update(fields)
    return post_form(client, f"{EVENTS}add/", data)


def date_time_fields(name: str, moment: datetime.datetime | None) -> dict:
    """The admin's split date and time inputs (`2026-12-01`, `14:30`)."""
    if moment is None:
        return {f"{name}_0": "", f"{name}_1": ""}
    return {f"{name}_0": moment.strftime("%Y-%m-%d"), f"{name}_1": moment.strftime("%H:%M")}


def changelist_action(client: Client, action: str, ids, **extra) -> None:
    data = {"action": action, "_selected_action": [str(pk) for pk in ids], **extra}
    expect(client.post(EVENTS, data), 200, 302, what=f"action {action}")


def delete_event(client: Client, pk: int) -> None:
    url = f"{EVENTS}{pk}/delete/"
    expect(client.get(url), 200, what=f"GET {url}")
    expect(client.post(url, {"post": "yes"}), 302, what=f"POST {url}")


def add_related(client: Client, pk: int, target: int) -> None:
    """The change page's "Add as related" button beside a suggestion."""
    url = f"{EVENTS}{pk}/related/add/"
    expect(client.post(url, {"target": str(target)}), 302, what=f"POST {url}")


def reorder_day(client: Client, day: datetime.date, order) -> str:
    """The day-order page: open it (the versions it shows travel back), post the new order."""
    url = f"{EVENTS}day/{day.year}/{day.month}/{day.day}/order/"
    opened = open_form(client, url, "day-order-form")
    data = {key: value for key, value in opened.items() if key.startswith("version-")}
    data["order"] = [str(pk) for pk in order]
    expect(client.post(url, data), 302, what=f"POST {url}")
    return url


def rename_topic(client: Client, pk: int, name: str) -> str:
    url = f"{TOPICS}{pk}/change/"
    data = open_form(client, url, "topic_form")
    data["name"] = name
    return post_form(client, url, data)


def merge_topics(client: Client, keep: int, others) -> None:
    ids = [str(pk) for pk in [keep, *others]]
    # The action's own page first (it asks which to keep), then the choice.
    expect(client.post(TOPICS, {"action": "merge", "_selected_action": ids}), 200, what="merge")
    data = {"action": "merge", "_selected_action": ids, "keep": str(keep)}
    expect(client.post(TOPICS, data), 302, what="merge, keeping one")


def restore_revision(client: Client, pk: int, revision: int) -> None:
    url = f"{EVENTS}{pk}/history/{revision}/restore/"
    expect(client.get(url), 200, what=f"GET {url}")
    expect(client.post(url, {}), 302, what=f"POST {url}")


def edit_outlet(client: Client, pk: int, **changes) -> str:
    url = f"{OUTLETS}{pk}/change/"
    data = open_form(client, url, "outlet_form")
    data.update(changes)
    return post_form(client, url, data)


def edit_source(client: Client, pk: int, **changes) -> str:
    url = f"{SOURCES}{pk}/change/"
    data = open_form(client, url, "source_form")
    data.update(changes)
    return post_form(client, url, data)


def restorable_revisions(client: Client, pk: int) -> list[int]:
    """The revisions the history page offers to restore."""
    url = f"{EVENTS}{pk}/history/"
    html = expect(client.get(url), 200, what=f"GET {url}").content.decode()
    return [int(number) for number in RESTORE_LINK.findall(html)]


def suggested_targets(client: Client, pk: int) -> list[int]:
    """The events the change page suggests as related, each with its "Add as related" button."""
    html = expect(client.get(change_url(pk)), 200, what="change page").content.decode()
    return [int(number) for number in SUGGESTION_TARGET.findall(html)]


def merge_pair(client: Client, kept: int, other: int) -> None:
    """The duplicates report's merge page: opened (what it shows of both events travels back
    with the choice), the event to keep chosen."""
    url = f"{EVENTS}duplicates/merge/{kept}/{other}/"
    opened = open_form(client, url, "merge-form")
    data = {key: value for key, value in opened.items() if key.startswith("seen-")}
    data["kept"] = str(kept)
    expect(client.post(url, data), 302, what=f"POST {url}")
