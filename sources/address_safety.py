"""Which addresses the fetcher may reach: http(s) to public internet addresses only.

Every hop of a fetch (the first address and each redirect) is checked here, and the fetcher
then connects to the very IP address that was checked, so a second DNS answer cannot send it
elsewhere. Loopback, private, link-local, shared, reserved, multicast and unspecified
addresses are refused, also when spelt as IPv4-mapped IPv6 (`::ffff:127.0.0.1`), 6to4 or
Teredo, and numeric host names other than plain dotted decimal (`2130706433`, `0177.0.0.1`,
`0x7f.1`) are refused outright, whatever they would resolve to.
"""

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from .special_addresses import unreachable_reason

ALLOWED_SCHEMES = {"http": 80, "https": 443}
# The well-known NAT64 prefix: a gateway turns 64:ff9b::a00:1 into 10.0.0.1.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# A host whose last label is a number (or hex number) is an IP address, however spelt.
NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|[0-9]+)", re.IGNORECASE)


class RefusedAddress(Exception):
    """An address the fetcher will not reach, with the reason."""


@dataclass(frozen=True)
class Target:
    """One hop: what to connect to (the checked `ip`) and what to ask it for."""

    url: str
    scheme: str
    host: str  # ASCII (IDNA) host name, or the IP address itself
    port: int
    path: str  # path and query, never empty
    ip: str = ""

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == ALLOWED_SCHEMES[self.scheme] else f"{host}:{self.port}"


def parse_target(url: str) -> Target:
    """The parts of an http(s) address, or RefusedAddress saying why not."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise RefusedAddress(f"not a valid address ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise RefusedAddress(f"only http and https are fetched, not {scheme or 'no scheme'}")
    if parts.username is not None or parts.password is not None:
        raise RefusedAddress("addresses with a user name or password are not fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise RefusedAddress("the address has no host")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise RefusedAddress("the host name is not a valid international name") from None
    literal = ip_literal(host)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        url=url,
        scheme=scheme,
        host=str(literal) if literal else host,
        port=port or ALLOWED_SCHEMES[scheme],
        path=path,
    )


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a host name spells, if it is one; odd numeric spellings are refused."""
    if ":" in host:
        if "%" in host:
            raise RefusedAddress("IPv6 zone identifiers are not fetched")
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise RefusedAddress(f"{host} is not a valid IPv6 address") from None
    if NUMERIC_LABEL.fullmatch(host.rsplit(".", 1)[-1]):
        try:
            return ipaddress.IPv4Address(host)
        except ValueError:
            raise RefusedAddress(f"{host} is an unusual spelling of an IP address") from None
    return None


def internal_reason(address: str) -> str | None:
    """Why `address` is not a public internet address, or None when it is one.

    The project's own table of IANA's special-purpose ranges decides first
    (sources.special_addresses); `ipaddress`'s flags are a second net. An IPv6 address that
    carries an IPv4 one (mapped, 6to4, Teredo, NAT64) is refused if that one would be.
    """
    ip = ipaddress.ip_address(address)
    candidates = [ip, *_embedded(ip)]
    for candidate in candidates:
        if reason := unreachable_reason(candidate):
            return reason if candidate == ip else f"{address} carries {reason}"
    for candidate in candidates:
        for name in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
            if getattr(candidate, f"is_{name}"):
                return f"{address} is a {name.replace('_', '-')} address"
        if not candidate.is_global:
            return f"{address} is not a public internet address"
    return None


def _embedded(ip) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 one leads to: mapped, 6to4, Teredo's server, NAT64."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    nat64 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64 else None
    return list(filter(None, [ip.ipv4_mapped, ip.sixtofour, ip.teredo and ip.teredo[1], nat64]))


async def resolve(target: Target, *, allow_private: bool, allowed_networks=()) -> Target:
    """`target` with the IP address to connect to, checked; RefusedAddress or socket.gaierror.

    `allowed_networks` (tests: the local server's own address) may be reached even though
    internal; `allow_private` lets everything through (tests and benchmarks only).
    """
    literal = ip_literal(target.host)
    if literal is not None:
        addresses = [str(literal)]
    else:
        loop = asyncio.get_running_loop()
        answers = await loop.getaddrinfo(
            target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
        addresses = list(dict.fromkeys(str(answer[4][0]) for answer in answers))
    if not allow_private:
        # Every answer must be public: a name answering both ways could pick the bad one.
        for address in addresses:
            if any(ipaddress.ip_address(address) in net for net in allowed_networks):
                continue
            if reason := internal_reason(address):
                raise RefusedAddress(f"{target.host}: {reason}")
    return replace(target, ip=addresses[0])
