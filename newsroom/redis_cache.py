"""Django's Redis cache backend, with its client object kept instead of rebuilt per command.

Django's RedisCacheClient makes a new redis.Redis for every get and set. With redis-py 8 that
costs more than the command itself (each one builds a table of some 170 response callbacks):
about 120 us of the 145 us a cache read took on the benchmark machine, on every request a
cached page answers. One redis.Redis per server is enough: it is thread-safe, and takes its
connections from the same pool Django already keeps per process.
"""

from django.core.cache.backends import redis as django_redis


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
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
