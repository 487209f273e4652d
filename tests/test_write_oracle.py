"""The oracle for derived state: random sequences of writes through every write path, each
made the way its user makes it, and after each step the purges, the change times and every
count checked against ground truth recomputed from primary data.

The machine, its archive and its checks: tests/oracle_machine.py and the other oracle_*.py
modules. Profiles: the default (CI) runs a few short derandomized examples; `make stress`
(HYPOTHESIS_PROFILE=stress) runs at least 1,000 steps on SQLite and 200 on PostgreSQL
(ORACLE_STEPS sets another total).
"""

import datetime
import logging
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule, run_state_machine_as_test

from events.models import Event, Topic
from sources.models import Outlet, Source
from tests import oracle_admin as admin
from tests.oracle_archive import ARTICLE_PATH, MISSING_PATH, write_file
from tests.oracle_archive_edits import changed_file, new_file
from tests.oracle_event_form import edit_event_form, new_event_form, publication, source_urls
from tests.oracle_machine import OracleBase

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

A_DAY_LATER = datetime.timedelta(days=1, minutes=1)


def ids(queryset) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True))


class WriteOracle(OracleBase):
    def pick(self, data, choices: list, label: str):
        return data.draw(st.sampled_from(choices), label=label)

    # The event's change form, add form and delete page ------------------------------------

    @precondition(lambda self: Event.objects.exists())
    @rule(data=st.data())
    def edit_an_event(self, data):
        pk = self.pick(data, ids(Event.objects.all()), "event")
        form = admin.open_event(self.staff, pk)
        others = ids(Event.objects.exclude(pk=pk))
        changes = edit_event_form(data, form, others, self.now())
        self.begin(f"change form of event {pk}: {'; '.join(changes) or 'saved unchanged'}")
        self.note_refusal(admin.post_form(self.staff, admin.change_url(pk), form))

    @rule(data=st.data())
    def add_an_event(self, data):
        form = new_event_form(data, ids(Event.objects.all()), self.now())
        self.begin(f"add form: {form['headline']!r} on {form['date']}, {form['status']}")
        self.note_refusal(admin.add_event(self.staff, form))

    @precondition(lambda self: Event.objects.exists())
    @rule(data=st.data())
    def delete_an_event(self, data):
        pk = self.pick(data, ids(Event.objects.all()), "event")
        self.begin(f"delete page of event {pk}")
        admin.delete_event(self.staff, pk)

    # The changelist's actions ---------------------------------------------------------------

    @precondition(lambda self: Event.objects.exists())
    @rule(data=st.data())
    def change_status_in_bulk(self, data):
        chosen = data.draw(
            st.lists(
                st.sampled_from(ids(Event.objects.all())), min_size=1, max_size=3, unique=True
            ),
            label="events",
        )
        status, moment = publication(data, self.now())
        action = {"published": "publish", "draft": "unpublish", "scheduled": "schedule"}[status]
        self.begin(f"changelist action {action} {moment or ''} on events {chosen}")
        extra = admin.date_time_fields("publish_at", moment) if moment else {}
        admin.changelist_action(self.staff, action, chosen, **extra)

    @precondition(lambda self: Event.objects.count() > 1)
    @rule(data=st.data())
    def delete_in_bulk(self, data):
        chosen = data.draw(
            st.lists(
                st.sampled_from(ids(Event.objects.all())), min_size=1, max_size=2, unique=True
            ),
            label="events",
        )
        self.begin(f"changelist action delete_selected on events {chosen}")
        admin.changelist_action(self.staff, "delete_selected", chosen, post="yes")

    # The related-link and day-order pages ---------------------------------------------------

    @precondition(lambda self: Event.objects.count() > 1)
    @rule(data=st.data())
    def add_a_related_event(self, data):
        pk = self.pick(data, ids(Event.objects.all()), "event")
        # A suggestion from its change page, as the button offers them, or any other event.
        offered = admin.suggested_targets(self.staff, pk) or ids(Event.objects.exclude(pk=pk))
        target = self.pick(data, offered, "target")
        self.begin(f"'Add as related' on event {pk}: event {target}")
        admin.add_related(self.staff, pk, target)

    @precondition(lambda self: Event.objects.exists())
    @rule(data=st.data())
    def reorder_a_day(self, data):
        days = sorted(set(Event.objects.values_list("date", flat=True)))
        day = self.pick(data, days, "day")
        order = data.draw(st.permutations(ids(Event.objects.filter(date=day))), label="order")
        self.begin(f"day-order page of {day}: {order}")
        admin.reorder_day(self.staff, day, order)

    @precondition(lambda self: Event.objects.count() > 1)
    @rule(data=st.data())
    def merge_a_pair(self, data):
        kept, other = data.draw(
            st.lists(
                st.sampled_from(ids(Event.objects.all())), min_size=2, max_size=2, unique=True
            ),
            label="kept and merged-away events",
        )
        self.begin(f"event {other} merged into {kept} (duplicates report's merge page)")
        admin.merge_pair(self.staff, kept, other)

    # Topics ---------------------------------------------------------------------------------

    @precondition(lambda self: Topic.objects.exists())
    @rule(data=st.data(), name=st.sampled_from(["Chongqing Municipality", "Syria", "Greece, the"]))
    def rename_a_topic(self, data, name):
        pk = self.pick(data, ids(Topic.objects.all()), "topic")
        self.begin(f"topic {pk} renamed {name!r} on its admin page")
        self.note_refusal(admin.rename_topic(self.staff, pk, name))

    @precondition(lambda self: Topic.objects.count() > 1)
    @rule(data=st.data())
    def merge_topics(self, data):
        chosen = data.draw(
            st.lists(
                st.sampled_from(ids(Topic.objects.all())), min_size=2, max_size=3, unique=True
            ),
            label="topics",
        )
        self.begin(f"topics {chosen} merged into {chosen[0]} (admin merge action)")
        admin.merge_topics(self.staff, chosen[0], chosen[1:])

    # Revisions ------------------------------------------------------------------------------

    @precondition(lambda self: Event.objects.exists())
    @rule(data=st.data())
    def restore_a_revision(self, data):
        pk = self.pick(data, ids(Event.objects.all()), "event")
        revisions = admin.restorable_revisions(self.staff, pk)
        if not revisions:
            self.begin(f"history of event {pk}: nothing to restore")
            return
        revision = self.pick(data, revisions, "revision")
        self.begin(f"revision {revision} of event {pk} restored")
        admin.restore_revision(self.staff, pk, revision)

    # The archive ----------------------------------------------------------------------------

    @rule(data=st.data())
    def reimport_a_changed_file(self, data):
        path = self.pick(data, sorted(self.archive), "archive file")
        changed, what = changed_file(data, self.archive[path])
        self.begin(f"import_archive after {path} changed: {what}")
        self.import_file(changed)

    @rule(data=st.data())
    def import_a_new_file(self, data):
        event = new_file(data)
        self.begin(f"import_archive with a new file {event.path}")
        if event.path in self.archive:
            return
        self.import_file(event)

    def import_file(self, event) -> None:
        before = self.archive.get(event.path)
        self.archive[event.path] = event
        write_file(self.archive_root, event)
        try:
            call_command("import_archive", str(self.archive_root), verbosity=0, stdout=StringIO())
        except CommandError:
            # Refused (a slug an editor gave another event of that day): nothing was written.
            self.step_name += " (refused)"
            if before is None:
                del self.archive[event.path]
                (self.archive_root / event.path.lstrip("/")).unlink()
            else:
                self.archive[event.path] = before
                write_file(self.archive_root, before)

    # Link checks and captures ---------------------------------------------------------------

    def local_events(self, path: str) -> list[int]:
        sources = Source.objects.filter(url=self.page_server.url(path))
        return sorted(set(sources.values_list("event_id", flat=True)))

    @rule()
    def a_link_dies(self):
        events = self.local_events(MISSING_PATH)
        self.begin(f"check_sources of events {events}, then again a day later")
        arguments = [argument for pk in events for argument in ("--event", str(pk))]
        if not events:
            return
        call_command("check_sources", *arguments, verbosity=0)
        self.move_clock_to(self.now() + A_DAY_LATER)
        call_command("check_sources", *arguments, verbosity=0)

    @rule(refresh=st.booleans())
    def capture_articles(self, refresh):
        # Only the events citing the local page server: the others' sites are not for tests.
        events = self.local_events(ARTICLE_PATH)
        self.begin(f"capture_sources{' --refresh' if refresh else ''} of events {events}")
        arguments = [argument for pk in events for argument in ("--event", str(pk))]
        if events:
            call_command("capture_sources", *arguments, *(["--refresh"] * refresh), verbosity=0)

    # Outlets and sources in the admin -------------------------------------------------------

    @precondition(lambda self: Outlet.objects.filter(merged_into__isnull=True).count() > 1)
    @rule(data=st.data(), merge=st.booleans())
    def edit_an_outlet(self, data, merge):
        current = ids(Outlet.objects.filter(merged_into__isnull=True))
        pk = self.pick(data, current, "outlet")
        if merge:
            kept = self.pick(data, [other for other in current if other != pk], "merged into")
            self.begin(f"outlet {pk} merged into outlet {kept} on its admin page")
            self.note_refusal(admin.edit_outlet(self.staff, pk, merged_into=str(kept)))
        else:
            self.begin(f"outlet {pk} given the display name 'The Outlet' on its admin page")
            self.note_refusal(admin.edit_outlet(self.staff, pk, name="The Outlet"))

    @precondition(lambda self: Source.objects.exists())
    @rule(data=st.data())
    def edit_a_source(self, data):
        pk = self.pick(data, ids(Source.objects.all()), "source")
        name, url = data.draw(source_urls(), label="name and address")
        self.begin(f"source {pk} now {name} {url} on its admin page")
        self.note_refusal(admin.edit_source(self.staff, pk, name=name, url=url))

    # Time -----------------------------------------------------------------------------------

    def next_publish_time(self):
        scheduled = Event.objects.filter(status=Event.Status.SCHEDULED, publish_at__gt=self.now())
        return scheduled.order_by("publish_at").values_list("publish_at", flat=True).first()

    @precondition(lambda self: self.next_publish_time() is not None)
    @rule()
    def time_passes_a_publish_time(self):
        due = self.next_publish_time()
        self.begin(f"the clock passes the publish time {due.isoformat()}")
        self.move_clock_to(due + datetime.timedelta(seconds=1))


STEPS_PER_EXAMPLE = 20


def stress_steps() -> int | None:
    """Steps `make stress` must run: ORACLE_STEPS, else 1,000 on SQLite and 200 on PostgreSQL;
    None outside the stress profile."""
    if os.environ.get("HYPOTHESIS_PROFILE") != "stress":
        return None
    default = 1000 if connection.vendor == "sqlite" else 200
    return int(os.environ.get("ORACLE_STEPS") or default)


def profile_settings(steps: int | None) -> settings:
    """CI: three short examples, derandomized as the "ci" profile, not shrunk (a failure names
    its step and what it did; shrinking would run the slow examples again for minutes).
    Stress: new examples each run, shrunk, about enough of them for `steps` (an example may
    end before its last step: they ran 12.8 steps of 20 on average)."""
    if steps is None:
        return settings(
            max_examples=3,
            stateful_step_count=10,
            deadline=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    return settings(
        max_examples=-(-steps * 8 // (5 * STEPS_PER_EXAMPLE)),
        stateful_step_count=STEPS_PER_EXAMPLE,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


def test_every_write_keeps_derived_state_in_step(front, page_server, local_fetches):
    WriteOracle.front, WriteOracle.page_server = front, page_server
    WriteOracle.steps_run = 0
    steps = stress_steps()
    run_state_machine_as_test(WriteOracle, settings=profile_settings(steps))
    # Examples end early at random: more of them until the steps asked for have run.
    while steps is not None and WriteOracle.steps_run < steps:
        run_state_machine_as_test(
            WriteOracle, settings=profile_settings(steps - WriteOracle.steps_run)
        )


@pytest.fixture
def local_fetches(settings):
    """The link checks and captures reach the local page server, with no pause between
    requests; the many 404s the oracle fetches on purpose stay out of the log."""
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    settings.NEWSROOM_FETCH_HOST_DELAY_MS = 0
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    yield
    request_log.setLevel(level)
