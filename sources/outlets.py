"""Outlets from addresses: the registrable domain (Public Suffix List), and folding outlets.

tldextract reads the suffix list it ships with: `suffix_list_urls=()` means it never fetches
a newer one at run time (no network, the same answer on every machine), and `cache_dir=None`
that it writes nothing to disk. Private suffixes count (`foo.blogspot.com` is its own outlet).
"""

from collections.abc import Iterable
from urllib.parse import urlsplit

import tldextract
from django.db import transaction
from django.db.models import Exists, Q

from events.http_cache import keys
from events.http_cache.purge import request_purge

from .models import Outlet, Source

_extract = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True, include_psl_private_domains=True
)


def registrable_domain(url: str) -> str:
    """`https://news.bbc.co.uk/x` -> `bbc.co.uk`; an address or a one-word host as it is."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""
    if not host:
        return ""
    parts = _extract.extract_str(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}".lower()
    return host.lower()


def outlet_ids_for_domains(domains: Iterable[str]) -> dict[str, int]:
    """The current outlet of each domain, made when new: at most three queries."""
    domains = {domain for domain in domains if domain}
    if not domains:
        return {}
    found = _current_ids(domains)
    missing = domains - found.keys()
    if missing:
        # Another process may make the same outlet meanwhile: theirs is as good as ours.
        Outlet.objects.bulk_create(
            [Outlet(domain=domain) for domain in sorted(missing)], ignore_conflicts=True
        )
        found.update(_current_ids(missing))
    return found


def _current_ids(domains: set[str]) -> dict[str, int]:
    rows = Outlet.objects.filter(domain__in=domains).values_list("domain", "pk", "merged_into")
    return {domain: merged_into or pk for domain, pk, merged_into in rows}


def outlet_id_for_url(url: str) -> int | None:
    domain = registrable_domain(url)
    return outlet_ids_for_domains([domain]).get(domain)


def outlet_ids_for_urls(urls: Iterable[str]) -> dict[str, int]:
    """Each address's outlet id (addresses without a host are left out)."""
    domains = {url: registrable_domain(url) for url in set(urls)}
    ids = outlet_ids_for_domains(domains.values())
    return {url: ids[domain] for url, domain in domains.items() if domain in ids}


def sources_citing(outlet: str):
    """Sources of an outlet named by its domain (what outlet pages link with; a merged one's
    domain finds the outlet it joined), or else by a name as written: older links' `BBC`."""
    domain = outlet.lower()
    by_outlet = Q(outlet__domain=domain) | Q(outlet__merged__domain=domain)
    is_domain = Exists(Outlet.objects.filter(domain=domain))
    return Source.objects.filter(by_outlet | (Q(name__icontains=outlet) & ~is_domain))


class MergeError(ValueError):
    pass


def merge_outlets(folded: Outlet, kept: Outlet) -> int:
    """Fold `folded` (and whatever was folded into it) into `kept`: their sources move, and
    `folded`'s domain points at `kept` from now on. Returns how many sources moved."""
    if kept.merged_into_id is not None:
        raise MergeError(f"{kept.domain} is itself merged into another outlet.")
    if folded.pk == kept.pk:
        raise MergeError("An outlet cannot be merged into itself.")
    with transaction.atomic():
        group = [folded.pk, *Outlet.objects.filter(merged_into=folded).values_list("pk", flat=True)]
        Outlet.objects.filter(pk__in=group).update(merged_into=kept, name="")
        # Through the purging queryset: the events citing these sources show the outlet.
        moved = Source.objects.filter(outlet_id__in=group).update(outlet=kept)
        request_purge(keys.for_outlets())
    return moved
