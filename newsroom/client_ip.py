"""Which address a request comes from, for sign-in lockouts (django-axes) and the access log."""

import ipaddress

from django.conf import settings


def behind_load_balancer(request) -> str | None:
    """The reader's address: the nearest X-Forwarded-For entry not added by a trusted proxy.

    Behind Varnish (and perhaps a load balancer) every request comes from a proxy. Each proxy
    appends the address it was connected from, so the list is read from its end: entries added
    by the proxies in NEWSROOM_TRUSTED_PROXIES are skipped, and the first other address is the
    reader. Anything before it came from the client and may be forged. A request that did not
    come from a trusted proxy is its own address, whatever its headers say.
    """
    address = request.META.get("REMOTE_ADDR")
    if not is_trusted_proxy(address):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
        if not is_trusted_proxy(hop):
            return hop
        address = hop
    return address


def from_a_proxy_itself(request) -> bool:
    """A request a trusted proxy made of its own accord (Varnish's health probe): from a
    trusted address, forwarding no one. Through Varnish every reader's request also comes from
    a trusted address, but carries the reader's in X-Forwarded-For."""
    forwarded = "HTTP_X_FORWARDED_FOR" in request.META
    return not forwarded and is_trusted_proxy(request.META.get("REMOTE_ADDR"))


def is_trusted_proxy(address: str | None) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in proxies)
