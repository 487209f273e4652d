"""Checking sources' links: the verdict on each fetch, the ledger, and when a link is dead.

A link is dead after two failed checks at least a day apart (404, 410, no such host, connection
refused, or a redirect to a site's home page: the article is gone). 401, 403, 429, 5xx,
timeouts, redirect loops and our own refusals say nothing about the article: the link is
"unreachable", checked again later, and never dead by that alone. A check that answers makes
the link live again, whatever it was.
"""

import datetime
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import OperationalError, transaction
from django.utils import timezone

from .fetch_runner import fetch_in_background
from .fetcher import Failure, FetchPolicy, FetchResult
from .models import LinkCheck, LinkState, Source
from .signals import sources_changed

DEAD_AFTER = datetime.timedelta(days=1)
FAILED_STATUSES = {404, 410}
FAILED_FAILURES = {Failure.NO_SUCH_HOST, Failure.CONNECTION_REFUSED}
HOME_PAGE_PATH = re.compile(r"/?((index|default|home)(\.[a-z]+)?)?", re.IGNORECASE)
# Results written to the database together, in one transaction.
BATCH = 200
# SQLite lets one process write at a time, and a connection gives up after its 30 s timeout
# (settings). An import's batch can hold the lock longer on a busy machine: the results, minutes
# of fetching, are worth waiting for, so their write is tried again, for up to ~5 minutes more.
LOCKED_RETRY_SECONDS = (5, 15, 30, 60, 90, 120)


@dataclass(frozen=True)
class Verdict:
    outcome: str
    status: int | None
    final_url: str
    error: str


def judge(result: FetchResult) -> Verdict:
    """What a fetch says about the link."""
    outcome, error = _outcome(result)
    final_url = result.final_url if result.final_url != result.url else ""
    return Verdict(outcome, result.status, final_url[:2048], error[:500])


def _outcome(result: FetchResult) -> tuple[str, str]:
    if result.failure in FAILED_FAILURES:
        return LinkCheck.Outcome.FAILED, result.error
    if result.failure is not None:
        return LinkCheck.Outcome.UNREACHABLE, result.error
    status = result.status
    if status in FAILED_STATUSES:
        return LinkCheck.Outcome.FAILED, f"HTTP {status}"
    if status is None or not 200 <= status < 300:
        return LinkCheck.Outcome.UNREACHABLE, f"HTTP {status}"
    if result.redirected and is_home_page(result.final_url) and not is_home_page(result.url):
        return LinkCheck.Outcome.FAILED, "redirected to the site's home page"
    return LinkCheck.Outcome.OK, ""


def is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.query and bool(HOME_PAGE_PATH.fullmatch(parts.path))


def next_state(state: str, failing_since, outcome: str, now) -> tuple[str, object]:
    """The link's (state, failing since) after a check with `outcome` at `now`."""
    if outcome == LinkCheck.Outcome.OK:
        return LinkState.LIVE, None
    if outcome == LinkCheck.Outcome.UNREACHABLE:
        return (LinkState.DEAD if state == LinkState.DEAD else LinkState.UNREACHABLE), failing_since
    if failing_since is None:
        return LinkState.FAILING, now
    if state == LinkState.DEAD or now - failing_since >= DEAD_AFTER:
        return LinkState.DEAD, failing_since
    return LinkState.FAILING, failing_since


# Choosing and checking --------------------------------------------------------------------


def sources_to_check(event_ids=None, not_checked_for_days=None, limit=None, now=None):
    """Sources to check, the never checked first, then the least recently checked."""
    sources = Source.objects.all()
    if event_ids:
        sources = sources.filter(event_id__in=event_ids)
    if not_checked_for_days is not None:
        since = (now or timezone.now()) - datetime.timedelta(days=not_checked_for_days)
        sources = sources.exclude(last_checked_at__gt=since)
    sources = sources.order_by(_nulls_first("last_checked_at"), "pk")
    return sources[:limit] if limit is not None else sources


def _nulls_first(name):
    from django.db.models import F

    return F(name).asc(nulls_first=True)


@dataclass
class CheckReport:
    links: int = 0
    sources: int = 0
    outcomes: dict = field(default_factory=lambda: defaultdict(int))
    now_dead: int = 0
    live_again: int = 0

    def add(self, other: "CheckReport") -> None:
        """Count in what one batch's write recorded (its links and sources are counted
        before it)."""
        for outcome, count in other.outcomes.items():
            self.outcomes[outcome] += count
        self.now_dead += other.now_dead
        self.live_again += other.live_again


def check_sources(
    sources: Iterable[Source] | None = None,
    *,
    policy: FetchPolicy | None = None,
    progress: Callable[[int], None] = lambda count: None,
) -> CheckReport:
    """Check each distinct address once; record a check for every source citing it."""
    sources = sources_to_check() if sources is None else sources
    by_url = defaultdict(list)
    for pk, url in _id_and_url(sources):
        by_url[url].append(pk)
    report = CheckReport(links=len(by_url), sources=sum(map(len, by_url.values())))
    results = fetch_in_background(by_url, policy or FetchPolicy.from_settings())
    batch = []
    for result in results:
        batch.append(result)
        if len(batch) >= BATCH:
            record_checks(batch, by_url, report)
            progress(len(batch))
            batch = []
    if batch:
        record_checks(batch, by_url, report)
        progress(len(batch))
    return report


def _id_and_url(sources) -> list[tuple[int, str]]:
    if hasattr(sources, "values_list"):
        return list(sources.values_list("pk", "url"))
    return [(source.pk, source.url) for source in sources]


def record_checks(results: list[FetchResult], by_url: dict, report: CheckReport) -> None:
    """Write the results to the ledger and the sources' states, purging what readers see;
    waiting out another process's long write (SQLite's "database is locked")."""
    for wait in (*LOCKED_RETRY_SECONDS, None):
        tally = CheckReport()
        try:
            _record_checks(results, by_url, tally)
        except OperationalError as error:
            # "database is locked", or "database table is locked" in a shared cache.
            if wait is None or "is locked" not in str(error):
                raise
            time.sleep(wait)
            continue
        report.add(tally)
        return


def _record_checks(results: list[FetchResult], by_url: dict, report: CheckReport) -> None:
    now = timezone.now()
    verdicts = {result.url: judge(result) for result in results}
    with transaction.atomic():
        pks = [pk for url in verdicts for pk in by_url[url]]
        sources = Source.objects.filter(pk__in=pks).only(
            "pk", "event_id", "url", "link_state", "failing_since"
        )
        checks, shown_changes, unseen_changes = [], [], defaultdict(list)
        for source in sources:
            verdict = verdicts[source.url]
            report.outcomes[verdict.outcome] += 1
            checks.append(_ledger_row(source, verdict, now))
            state, since = next_state(source.link_state, source.failing_since, verdict.outcome, now)
            was_dead, is_dead = source.link_state == LinkState.DEAD, state == LinkState.DEAD
            report.now_dead += is_dead and not was_dead
            report.live_again += was_dead and not is_dead
            if was_dead != is_dead:
                source.link_state, source.failing_since, source.last_checked_at = state, since, now
                shown_changes.append(source)
            else:
                unseen_changes[(state, since)].append(source.pk)
        LinkCheck.objects.bulk_create(checks)
        Source.objects.bulk_update(
            shown_changes, ["link_state", "failing_since", "last_checked_at"]
        )
        # The events' pages show which links are dead; the other states no page shows.
        dead_or_alive = {source.event_id for source in shown_changes}
        sources_changed.send(Source, event_ids=dead_or_alive, shown_by_api=False)
        for (state, since), group in unseen_changes.items():
            Source.objects.filter(pk__in=group).update(
                link_state=state, failing_since=since, last_checked_at=now
            )


def _ledger_row(source: Source, verdict: Verdict, now) -> LinkCheck:
    return LinkCheck(
        source_id=source.pk,
        checked_at=now,
        outcome=verdict.outcome,
        status_code=verdict.status,
        final_url=verdict.final_url,
        error=verdict.error,
    )
