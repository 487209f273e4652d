"""IANA's special-purpose address ranges, as this project keeps them: which are not globally
reachable, and so never fetched.

Python's `ipaddress` has its own idea (`is_global`), which lags the registries by years and
differs between Python versions: Python 3.11 calls 192.0.0.8, 192.0.0.255, fec0::1 and 3fff::1
global. The fetcher checks this table first, then `ipaddress`'s flags as a second net.

From the IPv4 and IPv6 Special-Purpose Address Registries
(https://www.iana.org/assignments/iana-ipv4-special-registry/,
https://www.iana.org/assignments/iana-ipv6-special-registry/, as of 2025), every row with its
"Globally Reachable" column; the most specific row holding an address decides (192.0.0.9 is
reachable inside 192.0.0.0/24, which is not). Added: the multicast ranges (their own registries;
a fetch never goes to a group), and fec0::/10, the deprecated site-local addresses (RFC 3879),
which some networks still route internally. Rows the registry marks "N/A" (6to4, Teredo's
2001::/32, ORCHID) are left to the checks of the address they embed, or to the row around
them.
"""

import ipaddress
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Range:
    network: str
    name: str
    globally_reachable: bool

    @property
    def ip_network(self):
        return ipaddress.ip_network(self.network)


NOT_REACHABLE, REACHABLE = False, True
RANGES = (
    # IPv4
    Range("0.0.0.0/8", "“this network”", NOT_REACHABLE),
    Range("10.0.0.0/8", "private-use", NOT_REACHABLE),
    Range("100.64.0.0/10", "shared address space (carrier-grade NAT)", NOT_REACHABLE),
    Range("127.0.0.0/8", "loopback", NOT_REACHABLE),
    Range("169.254.0.0/16", "link-local", NOT_REACHABLE),
    Range("172.16.0.0/12", "private-use", NOT_REACHABLE),
    Range("192.0.0.0/24", "IETF protocol assignments", NOT_REACHABLE),
    Range("192.0.0.0/29", "IPv4 service continuity prefix", NOT_REACHABLE),
    Range("192.0.0.8/32", "IPv4 dummy address", NOT_REACHABLE),
    Range("192.0.0.9/32", "Port Control Protocol anycast", REACHABLE),
    Range("192.0.0.10/32", "TURN anycast", REACHABLE),
    Range("192.0.0.170/31", "NAT64/DNS64 discovery", NOT_REACHABLE),
    Range("192.0.2.0/24", "documentation (TEST-NET-1)", NOT_REACHABLE),
    Range("192.31.196.0/24", "AS112-v4", REACHABLE),
    Range("192.52.193.0/24", "AMT", REACHABLE),
    Range("192.168.0.0/16", "private-use", NOT_REACHABLE),
    Range("192.175.48.0/24", "direct delegation AS112 service", REACHABLE),
    Range("198.18.0.0/15", "benchmarking", NOT_REACHABLE),
    Range("198.51.100.0/24", "documentation (TEST-NET-2)", NOT_REACHABLE),
    Range("203.0.113.0/24", "documentation (TEST-NET-3)", NOT_REACHABLE),
    Range("224.0.0.0/4", "multicast", NOT_REACHABLE),
    Range("240.0.0.0/4", "reserved", NOT_REACHABLE),
    Range("255.255.255.255/32", "limited broadcast", NOT_REACHABLE),
    # IPv6
    Range("::/128", "unspecified", NOT_REACHABLE),
    Range("::1/128", "loopback", NOT_REACHABLE),
    Range("::ffff:0:0/96", "IPv4-mapped", NOT_REACHABLE),
    Range("64:ff9b::/96", "IPv4-IPv6 translation", REACHABLE),
    Range("64:ff9b:1::/48", "IPv4-IPv6 translation, local use", NOT_REACHABLE),
    Range("100::/64", "discard-only", NOT_REACHABLE),
    Range("100:0:0:1::/64", "dummy IPv6 prefix", NOT_REACHABLE),
    Range("2001::/23", "IETF protocol assignments", NOT_REACHABLE),
    Range("2001:1::1/128", "Port Control Protocol anycast", REACHABLE),
    Range("2001:1::2/128", "TURN anycast", REACHABLE),
    Range("2001:1::3/128", "DNS-SD service registration protocol anycast", REACHABLE),
    Range("2001:2::/48", "benchmarking", NOT_REACHABLE),
    Range("2001:3::/32", "AMT", REACHABLE),
    Range("2001:4:112::/48", "AS112-v6", REACHABLE),
    Range("2001:20::/28", "ORCHIDv2", REACHABLE),
    Range("2001:30::/28", "drone remote ID entity tags", REACHABLE),
    Range("2001:db8::/32", "documentation", NOT_REACHABLE),
    Range("2620:4f:8000::/48", "direct delegation AS112 service", REACHABLE),
    Range("3fff::/20", "documentation", NOT_REACHABLE),
    Range("5f00::/16", "segment routing (SRv6) SIDs", NOT_REACHABLE),
    Range("fc00::/7", "unique-local", NOT_REACHABLE),
    Range("fe80::/10", "link-local", NOT_REACHABLE),
    Range("fec0::/10", "site-local (deprecated)", NOT_REACHABLE),
    Range("ff00::/8", "multicast", NOT_REACHABLE),
)


@cache
def _by_specificity() -> tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, Range], ...]:
    rows = [(entry.ip_network, entry) for entry in RANGES]
    return tuple(sorted(rows, key=lambda row: row[0].prefixlen, reverse=True))


def special_range(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Range | None:
    """The most specific row of the table holding `ip`, or None."""
    for network, entry in _by_specificity():
        if network.version == ip.version and ip in network:
            return entry
    return None


def unreachable_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why the table says `ip` is not globally reachable, or None."""
    entry = special_range(ip)
    if entry is None or entry.globally_reachable:
        return None
    return f"{ip} is in {entry.network}, {entry.name}, which is not globally reachable"
