"""The safe fetcher against a real local server: limits, redirects, bodies, refusals."""

import asyncio
import ipaddress
from dataclasses import replace

import pytest

from sources.fetcher import Failure, FetchPolicy, SafeFetcher
from sources.robots import RobotsRules

LOCAL = FetchPolicy(
    user_agent="NewsroomTest/1.0 (+https://newsroom.example/bots)",
    host_delay=0,
    allow_private=True,
    read_timeout=0.5,
    deadline=5,
)


def fetch(url, policy=LOCAL, **kwargs):
    async def run():
        async with SafeFetcher(policy) as fetcher:
            return await fetcher.fetch(url, **kwargs)

    return asyncio.run(run())


def test_article_answers_with_its_body_and_our_user_agent(page_server):
    result = fetch(page_server.url("/news/article"), read_body=True)
    assert (result.status, result.failure, result.content_type) == (200, None, "text/html")
    assert b"Chongqing policeman mystery deepens" in result.body
    path, headers = page_server.requests[-1]
    assert headers["User-Agent"] == LOCAL.user_agent
    assert headers["Host"] == page_server.base.removeprefix("http://")


@pytest.mark.parametrize(("path", "status"), [("/news/missing", 404), ("/news/gone", 410)])
def test_error_statuses_are_answers(page_server, path, status):
    result = fetch(page_server.url(path))
    assert (result.status, result.failure) == (status, None)


def test_redirect_chain_is_followed_to_the_end(page_server):
    result = fetch(page_server.url("/news/hop1"))
    assert (result.status, result.redirected) == (200, True)
    assert result.final_url == page_server.url("/news/article")


def test_redirect_loop_stops(page_server):
    result = fetch(page_server.url("/news/loop-a"))
    assert result.failure == Failure.REDIRECT_LOOP
    assert len(page_server.requests) == 2


def test_at_most_five_redirects(page_server):
    result = fetch(page_server.url("/news/long-chain"))
    assert result.failure == Failure.TOO_MANY_REDIRECTS
    assert len(page_server.requests) == 6  # the address and five redirects


def test_redirect_to_the_home_page_is_visible(page_server):
    result = fetch(page_server.url("/news/moved-home"))
    assert (result.status, result.final_url) == (200, page_server.url("/"))


def test_slow_answer_times_out(page_server):
    result = fetch(page_server.url("/news/slow"))
    assert result.failure == Failure.TIMEOUT


def test_endless_body_stops_at_the_size_limit(page_server):
    result = fetch(page_server.url("/news/endless"), read_body=True)
    assert result.failure == Failure.TOO_LARGE and result.body is None


def test_endless_body_stops_at_the_deadline_whatever_the_size_limit(page_server):
    policy = replace(LOCAL, max_bytes=10**12, deadline=0.5)
    result = fetch(page_server.url("/news/endless"), policy, read_body=True)
    assert result.failure == Failure.TIMEOUT


def test_fifty_megabytes_are_not_read(page_server):
    result = fetch(page_server.url("/news/huge"), read_body=True)
    assert result.failure == Failure.TOO_LARGE and result.body is None


def test_pdf_is_not_read(page_server):
    result = fetch(page_server.url("/news/report.pdf"), read_body=True)
    assert (result.status, result.failure, result.body) == (200, Failure.NOT_TEXT, None)
    assert fetch(page_server.url("/news/report.pdf")).failure is None  # a live link


def test_no_cookies_are_kept(page_server):
    async def run():
        async with SafeFetcher(LOCAL) as fetcher:
            await fetcher.fetch(page_server.url("/news/cookie"))
            await fetcher.fetch(page_server.url("/news/article"))

    asyncio.run(run())
    assert "Cookie" not in page_server.requests[-1][1]


def test_proxy_settings_from_the_environment_are_ignored(page_server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    assert fetch(page_server.url("/news/article")).status == 200


def test_robots_txt_is_honoured(page_server):
    async def run():
        async with SafeFetcher(LOCAL) as fetcher:
            rules = RobotsRules(fetcher)
            return [
                await rules.allows(page_server.url("/news/article")),
                await rules.allows(page_server.url("/private/article")),
                await rules.allows(page_server.url("/news/legacy")),
            ]

    assert asyncio.run(run()) == [True, False, True]
    assert [path for path, _ in page_server.requests].count("/robots.txt") == 1


# Refusals, with the setting that allows local addresses off (as in production) ---------------

REFUSING = replace(LOCAL, allow_private=False)


@pytest.mark.parametrize(
    "address",
    [
        "http://127.0.0.1:{port}/news/article",
        "http://localhost:{port}/news/article",
        "http://[::1]:{port}/news/article",
        "http://[::ffff:127.0.0.1]:{port}/news/article",
        "http://[::ffff:7f00:1]:{port}/news/article",
        "http://2130706433:{port}/news/article",
        "http://0x7f000001:{port}/news/article",
        "http://0177.0.0.1:{port}/news/article",
        "http://0x7f.0.0.1:{port}/news/article",
        "http://127.1:{port}/news/article",
        "http://10.0.0.1:{port}/",
        "http://172.16.5.4:{port}/",
        "http://192.168.1.1:{port}/",
        "http://169.254.169.254:{port}/latest/meta-data/",
        "http://100.64.0.1:{port}/",
        "http://0.0.0.0:{port}/",
        "http://224.0.0.1:{port}/",
        "http://240.0.0.1:{port}/",
        "http://[fe80::1]:{port}/",
        "http://[fc00::1]:{port}/",
        "http://[2002:7f00:1::]:{port}/",
        "http://user:pw@example.org:{port}/",
        "file:///etc/passwd",
        "gopher://127.0.0.1:{port}/",
        "ftp://example.org/",
    ],
)
def test_internal_addresses_are_refused(page_server, address):
    port = page_server.server_address[1]
    result = fetch(address.format(port=port), REFUSING)
    assert result.failure == Failure.REFUSED
    assert page_server.requests == []


@pytest.mark.parametrize("path", ["/news/to-metadata", "/news/to-loopback", "/news/to-decimal"])
def test_a_redirect_to_an_internal_address_is_refused(page_server, path):
    # Only the test server's own address is let through, as a public site would be.
    policy = replace(REFUSING, allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))
    result = fetch(page_server.url(path), policy)
    assert result.failure == Failure.REFUSED, result.error
    assert [request for request, _ in page_server.requests] == [path]


def test_hosts_resolving_to_the_allowed_address_pass(page_server):
    policy = replace(REFUSING, allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))
    result = fetch(page_server.url("/news/to-localhost"), policy)
    assert (result.status, result.failure) == (200, None)


def test_one_request_at_a_time_per_host(page_server):
    polite = replace(LOCAL, host_delay=0.05)

    async def run():
        async with SafeFetcher(polite) as fetcher:
            urls = [page_server.url("/news/article")] * 6
            return await asyncio.gather(*(fetcher.fetch(url) for url in urls))

    assert [result.status for result in asyncio.run(run())] == [200] * 6
    assert page_server.most_at_once == 1
