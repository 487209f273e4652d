"""Every admin page kind an editor works on, in a real Chromium at 1280x800 and 390x844: the
desk; the changelists and change pages of events, topics, sources and outlets; an event's
revisions and their comparison; the duplicates report; a day's ordering; the topic merge; the
schedule form and the sign-in page. Each is no wider than the window, no two pieces of its
text are drawn over each other, no text is cut off in its box, and axe-core finds nothing.
Django's own pages (accounts, groups, sign-in lockouts, a topic's stock history) pass the same
checks at 1280. Screenshots: test-artifacts/browser/admin-walk-*.png."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect
from reversion.models import Version

from events.editorial import revisions
from events.models import Event, Topic
from sources.models import Outlet, Source
from tests.accessibility import axe_violations, describe
from tests.admin_layout import drawn_over_each_other
from tests.browser import ARTIFACTS, LAPTOP_AND_PHONE, editor_page, keep_screenshot, page_width
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.presentation,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Admin-Walk-Chief-Pass-3"
DAY = datetime.date(2012, 2, 8)
LONG_HEADLINE = (
    "Wang Lijun, former police chief of Chongqing, goes to the U.S. Consulate in Chengdu, "
    "where he stays for a day before leaving in the custody of state security officers."
)


@pytest.fixture
def newsroom(django_user_model):
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    event = EventFactory(
        date=DAY,
        position=0,
        headline=LONG_HEADLINE,
        summary="A top Chinese policeman goes on leave. " * 6,
        topics=["Chongqing", "Wang Lijun", "Bo Xilai", "Consulates"],
    )
    for n in range(2):
        SourceFactory(
            event=event,
            position=n,
            name=f"The Chongqing Evening Chronicle and Gazette {n}",
            url="https://news.example.org/" + "a-long-path-segment/" * 6 + str(n),
            snapshot_title="An archived title",
            snapshot_text="Archived text. " * 30,
            snapshot_archived_at=timezone.now(),
        )
        RelatedFactory(
            event=event,
            position=n,
            target_path="/news/2012/09/5/" + "a-long-slug-" * 6 + f"{n}.md",
            target_headline=LONG_HEADLINE,
            context="Chongqing, Wang Lijun, Bo Xilai",
        )
    for n in range(1, 4):
        EventFactory(date=DAY, position=n, headline=f"{n}: {LONG_HEADLINE}", topics=["Chong-qing"])
    for n in range(2):
        EventFactory(
            date=DAY + datetime.timedelta(days=n + 1),
            headline=f"At least {n}1 people are killed in the shelling of Homs, Syria.",
        )
    EventFactory(
        date=DAY + datetime.timedelta(days=5),
        headline="A vote is due next week on the city's new budget and its tax rises.",
        status=Event.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=3),
        topics=["Chongqing"],
    )
    EventFactory(date=DAY + datetime.timedelta(days=6), status=Event.Status.DRAFT)
    revisions.record(event, comment="First.", user=chief)
    event.headline = LONG_HEADLINE + " Updated."
    event.save()
    revisions.record(event, comment="Second.", user=chief)
    return event


def oldest_revision_of(event) -> int:
    return Version.objects.get_for_object(event).order_by("revision_id").first().revision_id


def addresses(event) -> dict[str, str]:
    """The admin's page kinds, by a name for their screenshots."""
    topic = Topic.objects.get(name="Chongqing")
    source = Source.objects.filter(event=event).first()
    outlet = Outlet.objects.first()
    history = f"/admin/events/event/{event.pk}/history/"
    return {
        "desk": "/admin/",
        "events": "/admin/events/event/",
        "event": f"/admin/events/event/{event.pk}/change/",
        "event-add": "/admin/events/event/add/",
        "topics": "/admin/events/topic/",
        "topic": f"/admin/events/topic/{topic.pk}/change/",
        "sources": "/admin/sources/source/",
        "source": f"/admin/sources/source/{source.pk}/change/",
        "outlets": "/admin/sources/outlet/",
        "outlet": f"/admin/sources/outlet/{outlet.pk}/change/",
        "revisions": history,
        "compare": history + f"compare/?old={oldest_revision_of(event)}&new=current",
        "duplicates": "/admin/events/event/duplicates/",
        "day-order": "/admin/events/event/day/2012/2/8/order/",
    }


# Django's stock pages: accounts, groups, lockouts and a stock history.
STOCK_PAGES = [
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/auth/group/",
    "/admin/auth/group/add/",
    "/admin/axes/accessattempt/",
    "/admin/axes/accesslog/",
    "/admin/axes/accessfailurelog/",
    "/admin/events/redirect/",
    "/admin/password_change/",
]


def problems_on(page, where: str, width: int) -> list[str]:
    """What is wrong with the page as drawn: too wide, text over text, axe's verdict."""
    found = []
    if page_width(page) > width:
        found.append(f"{where}: {page_width(page)} px wide in a {width} px window")
    found += [f"{where}: {clash}" for clash in drawn_over_each_other(page)]
    violations = axe_violations(page)
    if violations:
        found.append(describe(violations, where))
    return found


def open_schedule_form(page, base, event):
    page.goto(f"{base}/admin/events/event/")
    page.locator(f"input[name=_selected_action][value='{event.pk}']").check()
    page.locator("select[name=action]").select_option("schedule")
    page.locator(".actions button[type=submit]").click()
    expect(page.locator("#id_publish_at_0")).to_be_visible()


def open_topic_merge(page, base):
    page.goto(f"{base}/admin/events/topic/")
    for name in ("Chongqing", "Chong-qing"):
        row = page.locator("#result_list tbody tr", has_text=name).filter(
            has=page.locator(f"th a:text-is('{name}')")
        )
        row.locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option("merge")
    page.locator(".actions button[type=submit]").click()
    expect(page.locator("input[name=keep]").first).to_be_visible()


def problems_with_a_row_added(page, where: str) -> list[str]:
    """A related link row added in the page: on a phone it is stacked like the saved ones,
    each field under its column's name."""
    page.locator("#related_links-group .add-row a").click()
    added = page.locator("#related_links-2")
    expect(added).to_be_visible()
    expect(added.locator("td.field-context")).to_have_attribute("data-label", "Context")
    return problems_on(page, where, page.viewport_size["width"])


def keep_parts(page, prefix, size_name):
    """The change page's sources and related links on their own: a phone's full page is too
    tall to read them in."""
    for group in ("sources-group", "related_links-group", "related-suggestions"):
        part = page.locator(f"#{group}")
        part.screenshot(path=str(ARTIFACTS / f"{prefix}-{group}-{size_name}.png"))


@pytest.mark.parametrize("size", LAPTOP_AND_PHONE)
def test_every_admin_page_fits_and_passes_axe(live_server, newsroom, size):
    base = live_server.url
    width = size[0]
    name = "{}x{}".format(*size)
    found = []
    walk = addresses(newsroom)
    with editor_page(base, "chief", PASSWORD, size) as page:
        for kind, address in walk.items():
            assert page.goto(base + address).status == 200, address
            keep_screenshot(page, f"admin-walk-{kind}-{name}")
            if kind == "event":
                keep_parts(page, f"admin-walk-{kind}", name)
                found += problems_with_a_row_added(page, f"event, a link row added, at {name}")
            found += problems_on(page, f"{kind} at {name}", width)
        open_schedule_form(page, base, newsroom)
        keep_screenshot(page, f"admin-walk-schedule-{name}")
        found += problems_on(page, f"schedule at {name}", width)
        open_topic_merge(page, base)
        keep_screenshot(page, f"admin-walk-topic-merge-{name}")
        found += problems_on(page, f"topic merge at {name}", width)
        page.context.clear_cookies()  # signed out
        page.goto(f"{base}/admin/login/")
        keep_screenshot(page, f"admin-walk-login-{name}")
        found += problems_on(page, f"login at {name}", width)
    assert found == [], "\n".join(found)


def newsroom_chief_id() -> int:
    return User.objects.get(username="chief").pk


def sign_in_records():
    """A failed sign-in and a lockout, so the Axes lists show rows, not only their headings."""
    when = timezone.now()
    seen = {"ip_address": "192.0.2.7", "user_agent": "Chromium", "path_info": "/admin/login/"}
    AccessAttempt.objects.create(
        username="mallory", failures_since_start=5, attempt_time=when, **seen
    )
    AccessLog.objects.create(username="chief", attempt_time=when, **seen)
    AccessFailureLog.objects.create(username="mallory", attempt_time=when, **seen)


def test_djangos_own_pages_pass_axe_at_1280(live_server, newsroom):
    base = live_server.url
    sign_in_records()
    topic = Topic.objects.get(name="Chongqing")
    own = [
        f"/admin/events/topic/{topic.pk}/history/",
        f"/admin/auth/user/{newsroom_chief_id()}/change/",
    ]
    found = []
    with editor_page(base, "chief", PASSWORD, (1280, 800)) as page:
        for address in [*STOCK_PAGES, *own]:
            assert page.goto(base + address).status == 200, address
            kind = address.strip("/").replace("/", "-")
            keep_screenshot(page, f"admin-walk-stock-{kind}-1280x800")
            found += problems_on(page, f"{address} at 1280x800", 1280)
    assert found == [], "\n".join(found)
