"""Model rules: slugs, the one-slug-per-day constraint, safe URLs, links and `published()`."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Event, Related
from events.slugs import archive_slug
from sources.models import Source
from tests.factories import EventFactory, RelatedFactory, SourceFactory

pytestmark = pytest.mark.django_db

SEED_HEADLINE = (
    "Wang Lijun, former police chief of the central Chinese city of Chongqing, unexpectedly "
    "leaves his position and goes to the Chongqing U.S. Consulate, sparking rumours of his "
    "political downfall."
)
SEED_SLUG = (
    "wang-lijun-former-police-chief-of-the-central-chinese-city-of-chongqing-unexpectedly-"
    "leaves-his-position-and-goes-to-the-chongqing-u-s-co"
)


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        (SEED_HEADLINE, SEED_SLUG),
        (
            "Chen Min'er replaces Sun Zhengcai as Communist Party Secretary of Chongqing; "
            "Sun Zhigang becomes party chief of Guizhou.",
            "chen-min-er-replaces-sun-zhengcai-as-communist-party-secretary-of-chongqing-sun-"
            "zhigang-becomes-party-chief-of-guizhou",
        ),
        ("  --Hello,   World!--  ", "hello-world"),
        ("Jean-Noël Barrot", "jean-no-l-barrot"),
        ("北京", "event"),
    ],
)
def test_archive_slug_rule(headline, slug):
    assert archive_slug(headline) == slug


def test_slug_cut_at_140_characters_of_the_headline_before_slugifying():
    assert archive_slug("a " * 100) == "-".join(["a"] * 70)


def test_blank_slug_is_filled_from_headline_on_clean():
    event = Event(date=datetime.date(2012, 2, 8), headline=f"  {SEED_HEADLINE} ")
    event.full_clean()
    assert event.slug == SEED_SLUG
    assert event.headline == SEED_HEADLINE


def test_given_slug_is_kept_exactly():
    event = Event(date=datetime.date(2012, 2, 8), headline="Anything.", slug="Kept_As-Given")
    event.full_clean()
    assert event.slug == "Kept_As-Given"


def test_same_slug_on_one_day_is_refused_by_the_database():
    EventFactory(slug="same", date=datetime.date(2012, 2, 8))
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(slug="same", date=datetime.date(2012, 2, 8))


def test_same_slug_on_another_day_is_fine():
    EventFactory(slug="same", date=datetime.date(2012, 2, 8))
    EventFactory(slug="same", date=datetime.date(2012, 2, 9))
    assert Event.objects.filter(slug="same").count() == 2


def test_duplicate_slug_is_a_validation_error_naming_the_rule():
    EventFactory(slug="same", date=datetime.date(2012, 2, 8))
    event = Event(date=datetime.date(2012, 2, 8), headline="Other.", slug="same")
    with pytest.raises(ValidationError, match="already has this slug"):
        event.full_clean()


def test_absolute_url_has_padded_month_and_unpadded_day():
    event = EventFactory(date=datetime.date(2012, 2, 8), slug="x")
    assert event.get_absolute_url() == "/news/2012/02/8/x/"
    assert event.legacy_path == "/news/2012/02/8/x.md"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "www.bbc.co.uk/news",
        "//www.bbc.co.uk/news",
        "ftp://example.com/file",
        "http://",
        "https://exa mple.com/",
        "https://example.com/\x00",
    ],
)
def test_unsafe_urls_are_field_errors(url):
    event = EventFactory()
    source = Source(event=event, name="BBC", url=url)
    with pytest.raises(ValidationError) as caught:
        source.full_clean()
    assert "url" in caught.value.message_dict
    assert "http://" in caught.value.message_dict["url"][0]
    event.cover_image_url = url
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "cover_image_url" in caught.value.message_dict


@pytest.mark.parametrize(
    "url",
    [
        "http://www.bbc.co.uk/news/world-asia-china-16940146",
        "https://en.wikipedia.org/wiki/Mercury_(planet)",
        "https://example.com/ünïcode?q=1#frag",
    ],
)
def test_http_urls_are_accepted(url):
    source = Source(event=EventFactory(), name="BBC", url=url)
    source.full_clean()


def test_published_hides_drafts():
    shown = EventFactory(status=Event.Status.PUBLISHED)
    EventFactory(status=Event.Status.DRAFT)
    assert list(Event.objects.published()) == [shown]


def test_sources_keep_their_order():
    event = EventFactory()
    for position, name in enumerate(["Zeta", "Alpha", "Mid"]):
        SourceFactory(event=event, position=position, name=name)
    assert [s.name for s in event.sources.all()] == ["Zeta", "Alpha", "Mid"]


def test_dangling_link_resolves_when_an_editor_creates_its_target():
    link = RelatedFactory(
        target_path="/news/2012/09/5/later.md",
        target_headline="Later.",
        context="Chongqing, Wang Lijun",
    )
    assert link.target is None
    target = EventFactory(date=datetime.date(2012, 9, 5), slug="later")
    link.refresh_from_db()
    assert link.target == target
    assert link.target_headline == "Later."
    # Given by the linking event (the page shows them while it is public), not the target's own.
    given = target.given_topics.filter(given_by=link.event).values_list("topic__name", flat=True)
    assert sorted(given) == ["Chongqing", "Wang Lijun"]
    assert list(target.topics.names()) == []


def test_link_kept_as_text_when_its_target_is_deleted():
    target = EventFactory(date=datetime.date(2012, 9, 5), slug="later")
    link = RelatedFactory(target=target, target_path=target.legacy_path, target_headline="Later.")
    target.delete()
    link.refresh_from_db()
    assert link.target is None
    assert (link.target_path, link.target_headline) == ("/news/2012/09/5/later.md", "Later.")


def test_related_needs_a_target_or_a_path():
    link = Related(event=EventFactory(), target_headline="x")
    with pytest.raises(ValidationError) as caught:
        link.full_clean()
    assert "target" in caught.value.message_dict


def test_related_fills_path_and_headline_from_its_target():
    target = EventFactory(date=datetime.date(2012, 9, 5), slug="later", headline="Later.")
    link = Related(event=EventFactory(), target=target)
    link.full_clean()
    assert (link.target_path, link.target_headline) == ("/news/2012/09/5/later.md", "Later.")
