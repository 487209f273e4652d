"""Each process keeps a copy of the public version, kept current by Redis's change notices.

Another server is played by another thread: Django gives each thread its own cache connections,
so its bump reaches this thread the way another machine's would, through Redis.
"""

import datetime
import threading

import pytest
import redis
from django.core.cache import caches

from events.public_version import bump_public_version
from events.version_watch import watch_for
from tests.cache_backends import REDIS_TEST_URL, use_backend
from tests.factories import event_with_details

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)
VERSION_READS = ("cmdstat_get", "cmdstat_mget")


@pytest.fixture(autouse=True)
def redis_cache(settings, tmp_path):
    use_backend(settings, "redis", tmp_path / "public-version")


@pytest.fixture
def url():
    event = event_with_details(FEB_8, headline="Wang Lijun visits the consulate.", related=0)
    return event.get_absolute_url()


def cached(client, url) -> None:
    """Render the page, then answer it from the cache: the version copy is now this thread's."""
    client.get(url)
    assert client.get(url).has_header("ETag")


def on_another_server(work):
    result = []
    thread = threading.Thread(target=lambda: result.append(work()))
    thread.start()
    thread.join()
    return result[0]


def version_reads() -> int:
    """Reads of single or many keys that Redis has answered, counted by Redis itself."""
    stats = redis.Redis.from_url(REDIS_TEST_URL).info("commandstats")
    return sum(stats.get(name, {}).get("calls", 0) for name in VERSION_READS)


def change_headline_behind_the_caches_back(text: str) -> None:
    from events.models import Event

    Event.objects.update(headline=text)  # no signal: only the version says it changed


def test_a_cached_page_is_answered_without_asking_redis(client, url, django_assert_num_queries):
    cached(client, url)
    before = version_reads()
    with django_assert_num_queries(0):
        for _ in range(20):
            assert client.get(url).status_code == 200
    assert version_reads() == before


def test_a_change_announced_by_another_server_shows_on_the_next_request(client, url):
    cached(client, url)
    change_headline_behind_the_caches_back("Changed elsewhere.")
    on_another_server(bump_public_version)
    assert b"Changed elsewhere." in client.get(url).content


def test_a_lost_subscription_never_leaves_a_stale_copy(client, url):
    cached(client, url)
    watch = watch_for(caches["default"])
    host, port = watch.subscription.connection._sock.getsockname()
    redis.Redis.from_url(REDIS_TEST_URL).client_kill(f"{host}:{port}")
    # The notice of this change goes to a subscription that is no longer there.
    change_headline_behind_the_caches_back("Changed while deaf.")
    on_another_server(bump_public_version)
    assert b"Changed while deaf." in client.get(url).content
    assert b"Changed while deaf." in client.get(url).content


def test_a_bump_here_is_seen_here_at_once(client, url):
    cached(client, url)
    change_headline_behind_the_caches_back("Changed here.")
    bump_public_version()
    assert b"Changed here." in client.get(url).content
