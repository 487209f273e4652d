"""The fetcher's own table of IANA's special-purpose ranges (sources.special_addresses), checked
before `ipaddress`'s `is_global`, which on Python 3.11 calls 192.0.0.8, 192.0.0.255, fec0::1
and 3fff::1 global. One test per row, at both ends of its range."""

import ipaddress

import pytest

from sources.address_safety import internal_reason
from sources.fetcher import Failure
from sources.special_addresses import RANGES, special_range, unreachable_reason
from tests.test_sources_fetcher import REFUSING, fetch


def ends(entry) -> list:
    """The first and the last address of the row's range that no more specific row holds."""
    network = entry.ip_network
    first = next(ip for ip in network if special_range(ip) == entry)
    last = next(network[-n] for n in range(1, 2**16) if special_range(network[-n]) == entry)
    return [first, last]


@pytest.mark.parametrize("entry", RANGES, ids=[entry.network for entry in RANGES])
def test_every_row_decides_for_both_ends_of_its_range(entry):
    for ip in ends(entry):
        if entry.globally_reachable:
            assert unreachable_reason(ip) is None, ip
        else:
            assert entry.network in unreachable_reason(ip)
            assert internal_reason(str(ip)) is not None, ip


@pytest.mark.parametrize(
    "address",
    ["192.0.0.8", "192.0.0.255", "fec0::1", "3fff::1", "5f00::1", "64:ff9b:1::1", "100:0:0:1::1"],
)
def test_what_python_calls_global_is_refused_by_the_table(page_server, address):
    host = f"[{address}]" if ":" in address else address
    result = fetch(f"http://{host}:{page_server.server_address[1]}/", REFUSING)
    assert result.failure == Failure.REFUSED
    assert "not globally reachable" in result.error
    assert page_server.requests == []


@pytest.mark.parametrize(
    ("address", "carried"),
    [
        ("64:ff9b::a00:1", "10.0.0.1"),
        ("64:ff9b::7f00:1", "127.0.0.1"),
        ("2002:c0a8:101::", "192.168.1.1"),
    ],
)
def test_an_ipv6_address_carrying_an_internal_ipv4_one_is_refused(address, carried):
    assert f"carries {carried}" in internal_reason(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_pass(address):
    assert special_range(ipaddress.ip_address(address)) is None
    assert internal_reason(address) is None
