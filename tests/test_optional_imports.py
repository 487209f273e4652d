"""trafilatura, the article extractor, is loaded by captures alone: the site starts, and serves
its pages and the admin, without it; a capture without it fails whole, saying why."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.messages import ERROR
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import SourceFactory

ROOT = Path(__file__).resolve().parent.parent


def test_the_site_starts_and_serves_with_trafilatura_broken():
    # A fresh interpreter: this one may have loaded trafilatura for other tests. The import
    # graph is the same on any database, so the probe's is SQLite in memory.
    env = {**os.environ, "DATABASE_URL": "sqlite://:memory:"}
    probe = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.startup_probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    report = json.loads(probe.stdout.splitlines()[-1])
    assert report["attempts_at_start"] == []
    assert set(report["statuses"].values()) == {200}, report["statuses"]
    assert report["capture_error"] == (
        "Captures need trafilatura, which cannot be imported: lxml.html.clean module is now a "
        "separate project lxml_html_clean. Install lxml[html-clean] or lxml_html_clean "
        "directly. (reinstall the lock: pip install --require-hashes -r requirements.txt)"
    )


@pytest.fixture
def trafilatura_missing(monkeypatch):
    """`import trafilatura` fails in this process, as if it were not installed."""
    monkeypatch.setitem(sys.modules, "trafilatura", None)


@pytest.mark.django_db
def test_capture_command_without_trafilatura_fails_whole_and_says_why(
    trafilatura_missing, page_server, settings
):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    source = SourceFactory(url=page_server.url("/news/article"))
    with pytest.raises(CommandError, match=r"^Captures need trafilatura, which cannot be"):
        call_command("capture_sources", stdout=StringIO())
    assert page_server.requests == []  # nothing fetched
    source.refresh_from_db()
    assert not source.has_snapshot


@pytest.mark.django_db
def test_capture_now_in_the_admin_without_trafilatura_says_why(
    trafilatura_missing, admin_client, page_server, settings
):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    source = SourceFactory(url=page_server.url("/news/article"))
    response = admin_client.post(
        reverse("admin:sources_source_changelist"),
        {"action": "capture_now", "_selected_action": [source.pk]},
        follow=True,
    )
    assert response.status_code == 200
    [message] = response.context["messages"]
    assert message.level == ERROR
    assert message.message.startswith("Captures need trafilatura, which cannot be imported")
    assert page_server.requests == []
    source.refresh_from_db()
    assert not source.has_snapshot
