"""robots.txt, honoured before capturing a page (RFC 9309), read once per site and run."""

import asyncio
from urllib.robotparser import RobotFileParser

from .address_safety import RefusedAddress, parse_target
from .fetcher import SafeFetcher

MAX_ROBOTS_BYTES = 512 * 1024


class RobotsRules:
    """`await rules.allows(url)`: whether the site's robots.txt lets our User-Agent fetch it."""

    def __init__(self, fetcher: SafeFetcher):
        self.fetcher = fetcher
        self._parsers: dict[str, RobotFileParser] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allows(self, url: str) -> bool:
        try:
            target = parse_target(url)
        except RefusedAddress:
            return True  # the fetcher refuses it, saying why
        origin = f"{target.scheme}://{target.host_header}"
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._parsers:
                self._parsers[origin] = await self._read(origin)
        return self._parsers[origin].can_fetch(self.fetcher.policy.user_agent, url)

    async def _read(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(f"{origin}/robots.txt")
        # RFC 9309 lets a crawler stop parsing after 500 KiB: a longer file counts by its start.
        result = await self.fetcher.fetch(
            f"{origin}/robots.txt", read_body=True, body_limit=MAX_ROBOTS_BYTES, cut_at_limit=True
        )
        status = result.status or 0
        if result.failure is None and 200 <= status < 300 and result.body is not None:
            text = result.body.decode("utf-8", "replace")
            parser.parse(text.splitlines())
        elif result.failure is None and 400 <= status < 500:
            parser.allow_all = True  # no robots.txt (RFC 9309: unavailable, crawl freely)
        else:
            parser.disallow_all = True  # unreachable: RFC 9309 says assume everything is off
        return parser
