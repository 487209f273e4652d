"""Outlets: derived from the registrable domain, offline; folded into one another."""

import datetime
import shutil
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from events.archive.importer import import_archive
from sources.domains import registrable_domain
from sources.models import Outlet, Source
from sources.outlets import MergeError, merge_outlets
from tests.admin_forms import form_data
from tests.archive_files import SEED_DIR
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("http://news.bbc.co.uk/2/hi/asia-pacific/1.stm", "bbc.co.uk"),
        ("https://WWW.Reuters.COM./article/x", "reuters.com"),
        ("https://edition.cnn.com/2012/02/08/world/", "cnn.com"),
        ("https://someone.blogspot.com/2012/02/post.html", "someone.blogspot.com"),
        ("https://www.abc.net.au/news/1", "abc.net.au"),
        ("http://127.0.0.1:8000/x", "127.0.0.1"),
        ("http://[::1]/x", "::1"),
        ("http://intranet/x", "intranet"),
        ("not a url", ""),
    ],
)
def test_registrable_domain(url, domain):
    assert registrable_domain(url) == domain


def test_the_suffix_list_is_the_bundled_one_never_fetched():
    from sources import domains

    assert domains._extract.suffix_list_urls == ()


def test_saving_a_source_gives_it_its_outlet():
    source = SourceFactory(url="https://www.bbc.co.uk/news/1", name="BBC News")
    other = SourceFactory(url="http://news.bbc.co.uk/2/hi/2.stm", name="BBC")
    assert source.outlet.domain == "bbc.co.uk"
    assert other.outlet_id == source.outlet_id
    assert source.name == "BBC News"  # as written, untouched
    source.url = "https://www.reuters.com/a"
    source.save(update_fields=["url"])
    source.refresh_from_db()
    assert source.outlet.domain == "reuters.com"


def test_import_gives_sources_their_outlets(tmp_path):
    shutil.copytree(SEED_DIR, tmp_path / "news" / "2012" / "02" / "8")
    import_archive(tmp_path)
    (source,) = Source.objects.select_related("outlet")
    assert source.outlet.domain == "bbc.co.uk"
    assert source.name == "BBC"


def test_merge_moves_sources_and_later_sources_follow():
    bbc_uk = SourceFactory(url="https://www.bbc.co.uk/news/1").outlet
    folded = SourceFactory(url="https://www.bbc.com/news/2")
    moved = merge_outlets(folded.outlet, bbc_uk)
    assert moved == 1
    folded.refresh_from_db()
    assert folded.outlet_id == bbc_uk.pk
    later = SourceFactory(url="https://bbc.com/news/3")
    assert later.outlet_id == bbc_uk.pk
    assert list(Outlet.objects.current()) == [bbc_uk]


def test_merging_a_merged_group_moves_the_whole_group():
    a, b, c = (SourceFactory(url=f"https://{d}/x").outlet for d in ("a.org", "b.org", "c.org"))
    merge_outlets(a, b)
    merge_outlets(b, c)
    a.refresh_from_db()
    assert a.merged_into_id == c.pk
    assert set(Source.objects.values_list("outlet_id", flat=True)) == {c.pk}
    with pytest.raises(MergeError):
        merge_outlets(c, a)
    with pytest.raises(MergeError):
        merge_outlets(c, c)


def test_admin_merges_through_the_change_form(admin_client):
    kept = SourceFactory(url="https://www.bbc.co.uk/news/1").outlet
    folded = SourceFactory(url="https://www.bbc.com/news/2").outlet
    url = reverse("admin:sources_outlet_change", args=[folded.pk])
    # As a browser posts it: the page's own fields, the version it opened included.
    page = form_data(admin_client.get(url).content.decode(), "outlet_form")
    response = admin_client.post(url, {**page, "name": "", "merged_into": kept.pk})
    assert response.status_code == 302
    assert set(Source.objects.values_list("outlet_id", flat=True)) == {kept.pk}


def test_data_migration_fills_outlets_of_existing_sources():
    from importlib import import_module

    event = EventFactory(date=datetime.date(2012, 2, 8))
    for n, url in enumerate(["https://www.bbc.co.uk/1", "https://bbc.co.uk/2", "http://x.org/3"]):
        SourceFactory(event=event, url=url, position=n)
    Source.objects.update(outlet=None)
    Outlet.objects.all().delete()
    migration = import_module("sources.migrations.0004_fill_outlets")
    migration.fill_outlets(apps, SimpleNamespace(connection=connection))
    assert dict(Source.objects.values_list("url", "outlet__domain")) == {
        "https://www.bbc.co.uk/1": "bbc.co.uk",
        "https://bbc.co.uk/2": "bbc.co.uk",
        "http://x.org/3": "x.org",
    }


def test_admin_outlets_show_dead_link_rates(admin_client):
    from sources.models import LinkState

    dead = SourceFactory(url="https://www.bbc.co.uk/news/1")
    SourceFactory(url="https://www.bbc.co.uk/news/2")
    Source.objects.filter(pk=dead.pk).update(link_state=LinkState.DEAD)
    response = admin_client.get(reverse("admin:sources_outlet_changelist"))
    assert response.status_code == 200
    assert "50%" in response.content.decode()


def test_admin_check_now_and_capture_now(admin_client, page_server, settings):
    from sources.models import LinkCheck

    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    settings.NEWSROOM_FETCH_HOST_DELAY_MS = 0
    source = SourceFactory(url=page_server.url("/news/article"))
    changelist = reverse("admin:sources_source_changelist")
    for action in ("check_now", "capture_now"):
        response = admin_client.post(
            changelist, {"action": action, "_selected_action": [source.pk]}, follow=True
        )
        assert response.status_code == 200
    source.refresh_from_db()
    assert LinkCheck.objects.get().outcome == LinkCheck.Outcome.OK
    assert source.is_captured
    filtered = admin_client.get(changelist, {"link_state__exact": "live"})
    assert page_server.url("/news/article") in filtered.content.decode()
    change = admin_client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert change.status_code == 200
