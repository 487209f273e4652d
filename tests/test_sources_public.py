"""Public outlet pages, the outlet search filter, and sources' states on the event page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from sources.models import LinkState, Source
from sources.outlets import merge_outlets
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2012, 2, 8)


@pytest.fixture
def cited():
    public = EventFactory(date=DAY, headline="Policeman visits consulate.")
    draft = EventFactory(date=DAY, headline="A draft.", status=Event.Status.DRAFT)
    SourceFactory(event=public, url="https://www.bbc.co.uk/news/1", name="BBC")
    SourceFactory(event=draft, url="https://www.reuters.com/a", name="Reuters")
    return public


def test_outlet_index_counts_published_events_only(client, cited):
    response = client.get(reverse("sources:outlets"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "bbc.co.uk" in body and "reuters.com" not in body
    assert "outlets" in response["xkey"].split()


def test_outlet_timeline(client, cited):
    response = client.get(reverse("sources:outlet", args=["bbc.co.uk"]))
    assert response.status_code == 200
    assert "Policeman visits consulate." in response.content.decode()
    assert f"e{cited.pk}" in response["xkey"].split()
    assert client.get(reverse("sources:outlet", args=["reuters.com"])).status_code == 404
    assert client.get(reverse("sources:outlet", args=["nowhere.org"])).status_code == 404


def test_merged_outlet_page_redirects(client, cited):
    kept = Source.objects.get(event=cited).outlet
    folded = SourceFactory(event=cited, url="https://www.bbc.com/x").outlet
    merge_outlets(folded, kept)
    response = client.get(reverse("sources:outlet", args=["bbc.com"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("sources:outlet", args=["bbc.co.uk"])


def test_search_filters_by_outlet_domain_and_old_names(client, cited):
    other = EventFactory(date=DAY, headline="Another story.")
    SourceFactory(event=other, url="https://apnews.com/x", name="AP via Winnipeg Free Press")
    by_domain = client.get(reverse("events:search"), {"outlet": "bbc.co.uk"}).content.decode()
    assert "Policeman visits consulate." in by_domain and "Another story." not in by_domain
    by_name = client.get(reverse("events:search"), {"outlet": "Winnipeg"}).content.decode()
    assert "Another story." in by_name and "Policeman visits consulate." not in by_name


def test_event_page_shows_outlet_state_and_archived_copy_first_when_dead(client, cited):
    source = Source.objects.get(event=cited)
    Source.objects.filter(pk=source.pk).update(
        link_state=LinkState.DEAD,
        snapshot_title="Chongqing policeman mystery deepens",
        snapshot_text="Wang Lijun spent a day inside the consulate.",
    )
    body = client.get(cited.get_absolute_url()).content.decode()
    assert "(link dead)" in body and "Archived copy, from the archive" in body
    assert body.index("Archived copy") < body.index('href="https://www.bbc.co.uk/news/1"')
    assert reverse("sources:outlet", args=["bbc.co.uk"]) in body


def test_event_page_names_the_capture_date_of_a_live_link(client, cited):
    captured_at = datetime.datetime(2019, 5, 3, 12, tzinfo=datetime.UTC)
    Source.objects.filter(event=cited).update(
        link_state=LinkState.LIVE,
        snapshot_title="Title",
        snapshot_text="Text.",
        snapshot_archived_at=captured_at,
    )
    body = client.get(cited.get_absolute_url()).content.decode()
    assert "Archived copy, captured 3 May 2019" in body and "(link dead)" not in body
    assert body.index('href="https://www.bbc.co.uk/news/1"') < body.index("Archived copy")
    assert timezone.is_aware(captured_at)


def test_outlets_go_by_name_with_the_domains_editors_merged_into_them(client, cited):
    later = EventFactory(date=DAY, headline="Later.")
    SourceFactory(event=later, url="https://www.bbc.com/news/2", name="BBC News")
    SourceFactory(event=cited, url="https://www.bbc.com/news/3", name="BBC News")
    draft = EventFactory(date=DAY, status=Event.Status.DRAFT)
    for n in range(3):  # a draft's sources name nothing: "Secret desk" stays unseen
        SourceFactory(event=draft, url=f"https://www.bbc.com/s/{n}", name="Secret desk")
    kept = Source.objects.get(url="https://www.bbc.co.uk/news/1").outlet
    merge_outlets(Source.objects.get(url="https://www.bbc.com/news/2").outlet, kept)
    page = client.get(reverse("sources:outlets")).content.decode()
    # One outlet, its name as its public sources are most often written, both domains.
    assert page.count('href="/outlets/bbc.co.uk/">BBC News</a> <span class="count">2 events') == 1
    assert '<span class="outlet-index__domains">bbc.co.uk, bbc.com</span>' in page
    assert "/outlets/bbc.com/" not in page and "Secret desk" not in page
    # Editors' own name wins; the outlet's page says it too.
    kept.name = "The BBC"
    kept.save()
    assert (
        'href="/outlets/bbc.co.uk/">The BBC</a>'
        in client.get(reverse("sources:outlets")).content.decode()
    )
    outlet_page = client.get(reverse("sources:outlet", args=["bbc.co.uk"])).content.decode()
    assert "<h1>The BBC</h1>" in outlet_page
    assert "2 events citing bbc.co.uk, bbc.com, newest first." in outlet_page
