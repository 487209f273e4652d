"""check_sources against a real local server: the ledger, the verdicts, dead after a day."""

import datetime
from dataclasses import replace
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import PendingPurge
from sources.fetcher import FetchPolicy
from sources.link_checks import check_sources, is_home_page, next_state, sources_to_check
from sources.models import LinkCheck, LinkState, Source
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

LOCAL = FetchPolicy(
    user_agent="NewsroomTest/1.0", host_delay=0, allow_private=True, read_timeout=0.5
)
FAILED, OK, UNREACHABLE = (
    LinkCheck.Outcome.FAILED,
    LinkCheck.Outcome.OK,
    LinkCheck.Outcome.UNREACHABLE,
)


@pytest.fixture
def allow_local(settings):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    settings.NEWSROOM_FETCH_HOST_DELAY_MS = 0


def source_at(server, path, **fields):
    return SourceFactory(url=server.url(path), **fields)


@pytest.mark.parametrize(
    ("path", "outcome", "status"),
    [
        ("/news/article", OK, 200),
        ("/news/report.pdf", OK, 200),
        ("/news/hop1", OK, 200),
        ("/news/missing", FAILED, 404),
        ("/news/gone", FAILED, 410),
        ("/news/moved-home", FAILED, 200),
        ("/news/forbidden", UNREACHABLE, 403),
        ("/news/busy", UNREACHABLE, 429),
        ("/news/broken", UNREACHABLE, 503),
        ("/news/slow", UNREACHABLE, None),
        ("/news/loop-a", UNREACHABLE, 301),
    ],
)
def test_each_check_is_recorded_with_its_verdict(page_server, path, outcome, status):
    source = source_at(page_server, path)
    report = check_sources(Source.objects.all(), policy=LOCAL)
    (check,) = LinkCheck.objects.all()
    assert (check.source_id, check.outcome, check.status_code) == (source.pk, outcome, status)
    assert report.outcomes[outcome] == 1
    source.refresh_from_db()
    assert source.last_checked_at == check.checked_at


def test_final_url_and_error_are_kept(page_server):
    source_at(page_server, "/news/moved-home")
    check_sources(Source.objects.all(), policy=LOCAL)
    check = LinkCheck.objects.get()
    assert check.final_url == page_server.url("/")
    assert check.error == "redirected to the site's home page"


def test_refused_connection_counts_as_failed():
    SourceFactory(url="http://127.0.0.1:9/closed")
    check_sources(Source.objects.all(), policy=LOCAL)
    assert LinkCheck.objects.get().outcome == FAILED


def test_internal_address_is_refused_with_the_setting_off(page_server):
    source_at(page_server, "/news/article")
    check_sources(Source.objects.all(), policy=replace(LOCAL, allow_private=False))
    check = LinkCheck.objects.get()
    assert check.outcome == UNREACHABLE and "loopback" in check.error
    assert page_server.requests == []


def test_dead_only_after_two_failures_a_day_apart(page_server):
    source = source_at(page_server, "/news/gone")
    start = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)
    states = []
    for hours in (0, 5, 23, 24, 25):
        with time_machine.travel(start + datetime.timedelta(hours=hours), tick=False):
            check_sources(Source.objects.all(), policy=LOCAL)
        source.refresh_from_db()
        states.append(source.link_state)
    assert states == [LinkState.FAILING] * 3 + [LinkState.DEAD] * 2
    assert LinkCheck.objects.count() == 5


def test_unreachable_is_never_dead_by_itself():
    now = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    state, since = LinkState.UNCHECKED, None
    for day in range(5):
        state, since = next_state(state, since, UNREACHABLE, now + datetime.timedelta(days=day))
    assert (state, since) == (LinkState.UNREACHABLE, None)
    # A failure, an outage, a failure a day later: dead.
    state, since = next_state(state, since, FAILED, now)
    state, since = next_state(state, since, UNREACHABLE, now + datetime.timedelta(hours=12))
    state, _ = next_state(state, since, FAILED, now + datetime.timedelta(days=1))
    assert state == LinkState.DEAD
    # A dead link that answers is live again.
    assert next_state(LinkState.DEAD, now, OK, now) == (LinkState.LIVE, None)


def test_home_pages():
    assert is_home_page("https://example.org") and is_home_page("https://example.org/")
    assert is_home_page("https://example.org/index.html")
    assert not is_home_page("https://example.org/news/1") and not is_home_page("https://e.org/?p=1")


def test_one_fetch_per_address_and_batched_writes(page_server):
    event = EventFactory()
    for n in range(3):
        SourceFactory(event=event, url=page_server.url("/news/article"), position=n)
    SourceFactory(event=event, url=page_server.url("/news/gone"), position=4)
    with CaptureQueriesContext(connection) as queries:
        report = check_sources(Source.objects.all(), policy=LOCAL)
    assert (report.links, report.sources) == (2, 4)
    assert [path for path, _ in page_server.requests].count("/news/article") == 1
    assert LinkCheck.objects.count() == 4
    assert len(queries) <= 10


def purged_keys() -> set[str]:
    """The purges recorded in the test's transaction (sent only after a real commit)."""
    return {
        key for keys in PendingPurge.objects.values_list("keys", flat=True) for key in keys.split()
    }


def test_a_link_turning_dead_purges_its_event_pages(page_server, settings):
    settings.NEWSROOM_PURGE_URLS = ["http://127.0.0.1:9/"]
    alive = source_at(page_server, "/news/article")
    source = source_at(page_server, "/news/gone", link_state=LinkState.FAILING)
    Source.objects.filter(pk=source.pk).update(
        failing_since=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    PendingPurge.objects.all().delete()  # the factories' own
    check_sources(Source.objects.all(), policy=LOCAL)
    assert f"e{source.event_id}" in purged_keys() and "outlets" in purged_keys()
    assert f"e{alive.event_id}" not in purged_keys()  # live before and after: nothing shown


def test_selection_options(allow_local, page_server):
    old, new = EventFactory(), EventFactory()
    checked = SourceFactory(event=old, url=page_server.url("/news/article"))
    never = SourceFactory(event=new, url=page_server.url("/news/gone"))
    Source.objects.filter(pk=checked.pk).update(
        last_checked_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert list(sources_to_check([old.pk])) == [checked]
    assert list(sources_to_check(limit=1)) == [never]
    assert set(sources_to_check(not_checked_for_days=7)) == {checked, never}
    Source.objects.filter(pk=checked.pk).update(last_checked_at=datetime.datetime.now(datetime.UTC))
    assert list(sources_to_check(not_checked_for_days=7)) == [never]


def test_command_reports_a_summary(allow_local, page_server):
    source_at(page_server, "/news/article")
    source_at(page_server, "/news/gone")
    out = StringIO()
    call_command("check_sources", "--limit", "5", stdout=out)
    assert "Checked 2 links of 2 sources: 1 answered, 1 failed, 0 unreachable." in out.getvalue()
