"""Link checks run on a schedule and say what they found: the systemd units in deploy/ run
`check_sources --not-checked-for 7` nightly (the README gives the same as a cron line); the
desk counts never-checked links apart from dead ones; the admin's "check now" reports what
answered, what could not be reached and what failed, each in its own message style."""

import configparser
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.management import load_command_class

from sources.models import LinkState
from tests.factories import SourceFactory

ROOT = Path(settings.BASE_DIR)
UNITS = ROOT / "deploy" / "systemd"
COMMAND = ["check_sources", "--not-checked-for", "7"]


def unit(name) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(UNITS / name)
    return parser


def check_sources_arguments(command_line: str) -> list[str]:
    words = shlex.split(command_line)
    return words[words.index("manage.py") + 1 :]


def parses(arguments):
    """The arguments as check_sources' own parser reads them (a typo fails here)."""
    command = load_command_class("sources", "check_sources")
    return command.create_parser("manage.py", "check_sources").parse_args(arguments[1:])


def test_the_service_runs_the_weekly_pass_and_the_timer_runs_it_nightly():
    service = unit("newsroom-check-sources.service")
    arguments = check_sources_arguments(service["Service"]["ExecStart"])
    assert arguments == COMMAND
    assert parses(arguments).not_checked_for == 7
    assert service["Service"]["Type"] == "oneshot"
    timer = unit("newsroom-check-sources.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 03:00:00"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_readme_gives_the_same_as_a_cron_line():
    readme = (ROOT / "README.md").read_text()
    cron = re.search(r"^\s*0 3 \* \* \* (.+)$", readme, re.MULTILINE)
    assert cron, "no nightly cron line in the README"
    assert check_sources_arguments(cron.group(1)) == COMMAND


@pytest.mark.django_db
def test_the_desk_counts_never_checked_links_apart_from_dead_ones(admin_client):
    for _ in range(3):
        SourceFactory()
    SourceFactory(link_state=LinkState.DEAD, last_checked_at="2026-01-01T00:00:00Z")
    SourceFactory(link_state=LinkState.UNREACHABLE, last_checked_at="2026-01-01T00:00:00Z")
    desk = admin_client.get("/admin/").context["desk"]
    counts = {name: counted.count for name, counted in desk["links"].items()}
    assert counts == {"never_checked": 3, "dead": 1, "unreachable": 1}
    text = admin_client.get("/admin/").content.decode()
    assert 'href="/admin/sources/source/?last_checked_at__isnull=True"' in text


@pytest.mark.django_db
def test_check_now_reports_in_matching_styles(admin_client, page_server, settings):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    settings.NEWSROOM_FETCH_HOST_DELAY_MS = 0
    paths = ["/news/article", "/news/gone", "/news/missing", "/news/forbidden"]
    sources = [SourceFactory(url=page_server.url(path)) for path in paths]
    response = admin_client.post(
        "/admin/sources/source/",
        {"action": "check_now", "_selected_action": [source.pk for source in sources]},
    )
    said = [(m.level, m.message) for m in get_messages(response.wsgi_request)]
    assert said == [
        (messages.SUCCESS, "Checked 4 links: 1 answered."),
        (
            messages.WARNING,
            "1 unreachable (refused, timed out or a server error: checked again later, "
            "never dead by that alone).",
        ),
        (
            messages.ERROR,
            "2 failed (gone, or no such site); now dead: 0 (a link is dead after two "
            "failures a day apart).",
        ),
    ]


@pytest.mark.django_db
def test_the_desk_counts_links_up_to_its_cap_and_says_over(admin_client, monkeypatch):
    monkeypatch.setattr("events.editorial.desk.COUNTED_AT_MOST", 2)
    for _ in range(3):
        SourceFactory()
    SourceFactory(link_state=LinkState.DEAD, last_checked_at="2026-01-01T00:00:00Z")
    response = admin_client.get("/admin/")
    links = response.context["desk"]["links"]
    assert (links["never_checked"].count, links["never_checked"].capped) == (2, True)
    assert (links["dead"].count, links["dead"].capped) == (1, False)
    never_checked = response.content.decode().split("Never checked</a></td>")[1]
    assert never_checked.startswith('<td class="count">over 2</td>')
