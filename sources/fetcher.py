"""The safe fetcher: the one way this site reads other sites (link checks and captures).

Only http(s) to public addresses (sources.address_safety), checked on every hop and connected
to by the checked IP; redirects followed by hand, at most `max_redirects`; at most `max_bytes`
read; connect and read timeouts and a deadline for the whole fetch, so a site answering
slowly or endlessly cannot stall a run; one request at a time per host (sources.politeness).
No proxy from the environment, no cookies kept, and only HTML and plain text read; a
compressed body is decoded within the same limit (sources.bodies).
"""

import asyncio
import enum
import socket
import ssl
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import quote, urljoin

import httpx
from django.conf import settings

from .address_safety import RefusedAddress, Target, parse_target, resolve
from .bodies import UnreadableEncoding, read_body
from .politeness import HostGate

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Characters left as they are in a path and query; anything else is percent-encoded.
URL_SAFE = "/?&=%:@!$'()*+,;~-._[]#"
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


class Failure(enum.StrEnum):
    """Why a fetch got no answer (an answer with an error status is not a failure)."""

    REFUSED = "refused by our safety rules"
    NO_SUCH_HOST = "no such host"
    CONNECTION_REFUSED = "connection refused"
    TIMEOUT = "timed out"
    TOO_MANY_REDIRECTS = "too many redirects"
    REDIRECT_LOOP = "redirect loop"
    TOO_LARGE = "too large"
    UNREADABLE_ENCODING = "unreadable content encoding"
    NOT_TEXT = "not HTML or plain text"
    DISALLOWED = "disallowed by robots.txt"
    NETWORK = "network error"


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how far to fetch; `from_settings()` for the commands."""

    user_agent: str
    host_delay: float = 1.0
    allow_private: bool = False
    # Internal networks reachable all the same (ip_network objects): tests only.
    allowed_networks: tuple = ()
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024

    @classmethod
    def from_settings(cls, **overrides) -> "FetchPolicy":
        values = {
            "user_agent": settings.NEWSROOM_FETCH_USER_AGENT,
            "host_delay": settings.NEWSROOM_FETCH_HOST_DELAY_MS / 1000,
            "allow_private": settings.NEWSROOM_FETCH_ALLOW_PRIVATE,
        }
        return cls(**{**values, **overrides})


@dataclass
class FetchResult:
    url: str
    final_url: str = ""
    status: int | None = None
    content_type: str = ""
    charset: str | None = None
    body: bytes | None = None
    failure: Failure | None = None
    error: str = ""
    redirected: bool = False
    headers: dict = field(default_factory=dict, repr=False)
    # False when the body was cut at the limit (a fetch asked to keep the first bytes).
    complete: bool = True

    @property
    def answered(self) -> bool:
        return self.failure is None and self.status is not None


class SafeFetcher:
    """`async with SafeFetcher(policy) as fetcher: await fetcher.fetch(url)`."""

    def __init__(self, policy: FetchPolicy):
        self.policy = policy
        self.gate = HostGate(policy.host_delay)
        self._resolved: dict[tuple[str, int], Target] = {}
        self.client = pinned_client(
            httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
        )
        self.headers = {
            "User-Agent": policy.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            # We ask for no compression; a body compressed all the same is decoded within the
            # fetch's limit (sources.bodies).
            "Accept-Encoding": "identity",
            # One request per connection: the server need not wait for another.
            "Connection": "close",
        }

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        await self.client.aclose()

    async def fetch(
        self, url: str, *, read_body: bool = False, body_limit: int = 0, cut_at_limit=False
    ) -> FetchResult:
        """Fetch `url` following redirects; with `read_body`, read HTML or plain text only.

        A body decoding to more than `body_limit` bytes (the policy's `max_bytes` unless
        given) fails as too large or, with `cut_at_limit`, keeps its first `body_limit` bytes.
        """
        result = FetchResult(url=url, final_url=url)
        reading = _Reading(body_limit or self.policy.max_bytes, cut_at_limit) if read_body else None
        try:
            async with asyncio.timeout(self.policy.deadline):
                await self._follow(result, reading)
        except TimeoutError:
            self._fail(result, Failure.TIMEOUT, f"no full answer within {self.policy.deadline} s")
        return result

    async def _follow(self, result: FetchResult, reading: "_Reading | None") -> None:
        seen = set()
        for _hop in range(self.policy.max_redirects + 1):
            seen.add(result.final_url)
            try:
                target = await self._checked(result.final_url)
                async with self.gate.turn(target.host):
                    location = await self._one_hop(target, result, reading)
            except RefusedAddress as error:
                return self._fail(result, Failure.REFUSED, str(error))
            except socket.gaierror as error:
                return self._fail(result, Failure.NO_SUCH_HOST, str(error))
            except httpx.TimeoutException as error:
                return self._fail(result, Failure.TIMEOUT, type(error).__name__)
            except httpx.HTTPError as error:
                return self._fail(result, _network_failure(error), str(error) or repr(error))
            if location is None:
                return None
            if location in seen:
                return self._fail(result, Failure.REDIRECT_LOOP, f"back to {location}")
            result.final_url, result.redirected = location, True
        return self._fail(result, Failure.TOO_MANY_REDIRECTS, f"over {self.policy.max_redirects}")

    async def _checked(self, url: str) -> Target:
        target = parse_target(url)
        resolved = self._resolved.get((target.host, target.port))
        if resolved is None:
            resolved = await resolve(
                target,
                allow_private=self.policy.allow_private,
                allowed_networks=self.policy.allowed_networks,
            )
            self._resolved[(target.host, target.port)] = resolved
        return Target(target.url, target.scheme, target.host, target.port, target.path, resolved.ip)

    async def _one_hop(self, target: Target, result: FetchResult, reading) -> str | None:
        """Ask `target`; the next address when it redirects, else None with `result` filled."""
        pinned = httpx.URL(
            scheme=target.scheme,
            host=target.ip,
            port=target.port,
            raw_path=quote(target.path, safe=URL_SAFE).encode("ascii"),
        )
        request = self.client.build_request(
            "GET",
            pinned,
            headers={"Host": target.host_header, **self.headers},
            extensions={"sni_hostname": target.host},
        )
        response = await self.client.send(request, stream=True)
        try:
            result.status = response.status_code
            result.headers = dict(response.headers)
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                return urljoin(target.url, location.strip())
            result.content_type = response.headers.get("content-type", "").split(";")[0].strip()
            result.charset = response.charset_encoding
            if reading is not None:
                await self._read_body(response, result, reading)
            return None
        finally:
            await response.aclose()

    async def _read_body(self, response: httpx.Response, result: FetchResult, reading) -> None:
        if result.content_type.lower() not in TEXT_TYPES:
            self._fail(result, Failure.NOT_TEXT, result.content_type or "no content type")
            return
        limit = reading.limit
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and not reading.cut_at_limit:
            self._fail(result, Failure.TOO_LARGE, f"{declared} bytes declared")
            return
        try:
            body = await read_body(response, limit)
        except UnreadableEncoding as error:
            self._fail(result, Failure.UNREADABLE_ENCODING, str(error))
            return
        if not body.complete and not reading.cut_at_limit:
            self._fail(result, Failure.TOO_LARGE, f"over {limit} bytes")
            return
        result.body, result.complete = body.data, body.complete

    @staticmethod
    def _fail(result: FetchResult, failure: Failure, detail: str) -> None:
        result.failure = failure
        result.error = f"{failure}: {detail}"[:500]


def pinned_client(
    timeout: httpx.Timeout, verify: ssl.SSLContext | bool = True
) -> httpx.AsyncClient:
    """httpx's client as the fetcher uses it: each request names the checked IP in its URL, the
    host name in its Host header and its `sni_hostname` extension (what the certificate must
    match), so the connection goes to the address that passed the check, never to a second
    lookup of the name. No connection is kept once its answer is read: the pool keys
    connections by address, and a kept one could carry a request for one host over TLS checked
    for another at the same address. No proxy settings from the environment (`trust_env`), no
    cookie kept (a jar whose policy allows no domain), no redirect followed but by the fetcher.
    """
    return httpx.AsyncClient(
        timeout=timeout,
        verify=verify,
        trust_env=False,
        follow_redirects=False,
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=())),
        limits=httpx.Limits(max_keepalive_connections=0),
    )


@dataclass(frozen=True)
class _Reading:
    """How a fetch reads its body: at most `limit` decoded bytes, failing or cut past it."""

    limit: int
    cut_at_limit: bool


def _network_failure(error: Exception) -> Failure:
    cause = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return Failure.CONNECTION_REFUSED
        cause = cause.__cause__ or cause.__context__
    return Failure.CONNECTION_REFUSED if "refused" in str(error).lower() else Failure.NETWORK
