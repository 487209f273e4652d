"""An address's outlet domain: its registrable domain, by the Public Suffix List.

tldextract reads the suffix list it ships with: `suffix_list_urls=()` means it never fetches
a newer one at run time (no network, the same answer on every machine), and `cache_dir=None`
that it writes nothing to disk. Private suffixes count (`foo.blogspot.com` is its own outlet).
"""

from urllib.parse import urlsplit

import tldextract

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
