"""The write oracle's state machine: its archive, clock, clients and the check after each step
(the rules are in tests/test_write_oracle.py).

Each example starts from an empty database, imports a small markdown archive, has an editor
add an event and make drafts and a scheduled event in the admin, and fetches every public page.
After every step it fetches them all again and checks the purges, the change times and every
count against ground truth recomputed from primary data (tests/oracle_truth.py).
"""

import datetime
import shutil
import tempfile
from io import StringIO
from pathlib import Path

import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Q
from django.test import Client
from django.utils import timezone
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant

from events.models import Event
from tests import oracle_admin as admin
from tests.admin_forms import inline_management
from tests.oracle_archive import MALDIVES_DATE, MALDIVES_HEADLINE, first_archive, write_archive
from tests.oracle_checks import change_time_failures, duplicate_pair_failures, uncovered_changes
from tests.oracle_counts import (
    admin_count_failures,
    public_count_failures,
    suggestion_failures,
    topic_listing_failures,
)
from tests.oracle_pages import Addresses, fetch_all
from tests.oracle_truth import Truth

START = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
# Each step happens one second after the previous one: its writes are later than anything
# the previous step's checks saw, and no page's shared lifetime runs out on the way.
TICK = datetime.timedelta(seconds=1)
SCHEDULED_IN = datetime.timedelta(hours=2)


class OracleBase(RuleBasedStateMachine):
    # Set by the test before it runs the machine: the purge receiver and the page server.
    front = None
    page_server = None
    # Steps run over all examples: `make stress` checks it ran as many as it promises.
    steps_run = 0

    def __init__(self):
        super().__init__()
        self.travel = time_machine.travel(START, tick=False)
        self.clock = self.travel.start()
        self.archive_root = Path(tempfile.mkdtemp(prefix="oracle-archive-"))
        self.archive = {}
        self.step_number = 0
        self.step_name = "building the archive"
        self.answers: dict = {}
        self.checked_at = START
        self.addresses = Addresses(withdrawn_since=START.isoformat())
        self.reader = Client()
        self.staff = Client()

    def teardown(self):
        self.travel.stop()
        shutil.rmtree(self.archive_root, ignore_errors=True)

    # The clock and the step's name --------------------------------------------------------

    def now(self) -> datetime.datetime:
        return timezone.now()

    def begin(self, name: str, *, rule: bool = True) -> None:
        """Every rule starts here: the clock moves on a tick, the step gets its number (the
        archive as built is step 1, not counted among the rules' steps)."""
        self.clock.shift(TICK)
        # Signed in afresh: a rule that moves the clock by days outlives the admin's session.
        self.staff.force_login(self.editor)
        self.step_number += 1
        type(self).steps_run += rule
        self.step_name = name

    def note_refusal(self, problem: str) -> None:
        """A form the admin gave back (its errors named in the step): nothing was saved."""
        if problem:
            self.step_name += f" (not saved: {problem})"

    def move_clock_to(self, moment: datetime.datetime) -> None:
        self.clock.move_to(moment)
        self.staff.force_login(self.editor)

    # The archive ---------------------------------------------------------------------------

    @initialize()
    def build_the_archive(self):
        call_command("flush", interactive=False, verbosity=0)
        self.editor = get_user_model().objects.create_superuser("oracle", password="pw-oracle-1")
        self.staff.force_login(self.editor)
        self.front.forget()
        local = self.page_server.base
        self.archive = {event.path: event for event in first_archive(local)}
        self.import_archive()
        male = Event.objects.get(date=datetime.date(2012, 2, 10), slug__startswith="the-president")
        problem = admin.add_event(self.staff, maldives_event(male.pk))
        assert not problem, f"adding the Maldives event: {problem}"
        drafts = Event.objects.filter(
            Q(headline__startswith="Greek") | Q(headline__startswith="Arab League")
        )
        admin.changelist_action(self.staff, "unpublish", drafts.values_list("pk", flat=True))
        refugees = Event.objects.get(headline__startswith="Homs residents").pk
        when = self.now() + SCHEDULED_IN
        admin.changelist_action(
            self.staff, "schedule", [refugees], **admin.date_time_fields("publish_at", when)
        )
        self.begin("the archive as built", rule=False)

    def import_archive(self) -> None:
        write_archive(self.archive_root, self.archive)
        call_command("import_archive", str(self.archive_root), verbosity=0, stdout=StringIO())

    # The check after every step ------------------------------------------------------------

    @invariant()
    def derived_state_follows_the_writes(self):
        now = self.now()
        purged = self.front.keys
        self.addresses.learn()
        answers = fetch_all(self.reader, self.addresses, now)
        truth = Truth()
        failures = []
        if not self.answers:
            # Nothing written since: any difference is per-request noise the comparison
            # would mistake for a change (oracle_pages.NOISE removes what it knows).
            again = fetch_all(self.reader, self.addresses, now)
            failures += [
                f"{path} differs between two fetches with no write between them"
                for path, answer in again.items()
                if not answer.same_as(answers[path])
            ]
        else:
            failures += uncovered_changes(self.answers, answers, purged, now)
            # After anything the previous step wrote, before anything this one did.
            since = self.checked_at + TICK / 2
            events = set(self.addresses.events)
            failures += change_time_failures(self.reader, self.answers, answers, since, events)
        failures += public_count_failures(truth, answers)
        failures += topic_listing_failures(truth, answers)
        failures += admin_count_failures(self.staff, truth)
        failures += suggestion_failures(self.staff, truth, self.step_number)
        failures += duplicate_pair_failures()
        self.answers, self.checked_at = answers, now
        self.front.forget()
        self.report(failures, now)

    def report(self, failures: list[str], now: datetime.datetime) -> None:
        assert not failures, (
            f"after step {self.step_number} ({self.step_name}), at {now.isoformat()}:\n  "
            + "\n  ".join(failures)
        )


def maldives_event(male_pk: int) -> dict:
    """The add form as an editor fills it: the event the Maldives line of the archive waits
    for (so adding it resolves that link), with a source, a topic and a link back."""
    return {
        "headline": MALDIVES_HEADLINE,
        "date": MALDIVES_DATE.isoformat(),
        "position": "0",
        "status": "published",
        "topics": ["Maldives"],
        **inline_management("sources", 1),
        "sources-0-position": "0",
        "sources-0-name": "BBC",
        "sources-0-url": "https://www.bbc.co.uk/news/world-maldives",
        **inline_management("related_links", 1),
        "related_links-0-position": "0",
        "related_links-0-target": str(male_pk),
        "related_links-0-target_headline": "",
        "related_links-0-target_path": "",
        "related_links-0-context": "Maldives",
    }
