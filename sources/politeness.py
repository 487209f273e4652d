"""One request at a time per host, with a pause between them: sites are not hammered."""

import asyncio
from collections import defaultdict
from contextlib import asynccontextmanager


class HostGate:
    """`async with gate.turn(host):` waits for the host's previous request to end, then for
    the pause after it, so each host sees at most one request at a time, `delay` apart."""

    def __init__(self, delay: float):
        self.delay = delay
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._free_at: dict[str, float] = {}

    @asynccontextmanager
    async def turn(self, host: str):
        loop = asyncio.get_running_loop()
        async with self._locks[host]:
            wait = self._free_at.get(host, 0.0) - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                self._free_at[host] = loop.time() + self.delay
