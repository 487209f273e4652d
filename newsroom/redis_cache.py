"""Django's Redis cache backend, with its client object kept instead of rebuilt per command.

Django's RedisCacheClient makes a new redis.Redis for every get and set. With redis-py 8 that
costs more than the command itself (each one builds a table of some 170 response callbacks):
about 120 us of the 145 us a cache read took on the benchmark machine, on every request a
cached page answers. One redis.Redis per server is enough: it is thread-safe, and takes its
connections from the same pool Django already keeps per process.

It also announces changes on a pub/sub channel, so each process can keep a small value (the
public content version) in memory and still never serve it stale (events.version_watch).
"""

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from redis.client import PubSub
from redis.exceptions import ConnectionError as RedisConnectionError

# As long as a request waits for any answer from Redis (newsroom.settings.caches).
CONFIRMATION_TIMEOUT_SECONDS = 1


class ReusedClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache, plus a change notice on a pub/sub channel (events.version_watch)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def set_and_announce(self, key, value, channel: str, timeout=DEFAULT_TIMEOUT) -> None:
        """Set `key` and tell `channel`'s subscribers, in one MULTI/EXEC.

        Atomic, so no subscriber can hear of a change before it can read it; and Redis queues
        the notice to every subscriber before it answers this call.
        """
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        with client.pipeline(transaction=True) as pipeline:
            value = self._cache._serializer.dumps(value)
            pipeline.set(key, value, ex=self.get_backend_timeout(timeout))
            pipeline.publish(self.make_key(channel), b"")
            pipeline.execute()

    def subscribe(self, channel: str) -> PubSub:
        """A subscription to `channel`, confirmed by the server before it is returned."""
        client = self._cache.get_client(write=True)
        subscription = client.pubsub()
        subscription.subscribe(self.make_key(channel))
        confirmation = subscription.get_message(timeout=CONFIRMATION_TIMEOUT_SECONDS)
        if not confirmation or confirmation["type"] != "subscribe":
            subscription.close()
            raise RedisConnectionError(f"no confirmation of the subscription to {channel}")
        return subscription
