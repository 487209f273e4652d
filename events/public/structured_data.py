"""schema.org descriptions of event and day pages, as plain dicts for the `json_ld` filter."""

import datetime

from ..paths import day_path, event_path

SITE_NAME = "Newsroom"
MAX_HEADLINE = 110  # schema.org consumers cut NewsArticle headlines longer than this


def publisher() -> dict:
    return {"@type": "Organization", "name": SITE_NAME}


def site_root(request) -> str:
    """`https://example.org`: worked out once per page, however many addresses it lists."""
    return request.build_absolute_uri("/").removesuffix("/")


def news_article(request, event, *, topics, sources) -> dict:
    url = site_root(request) + event_path(event.date, event.slug)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": _shorten(event.headline),
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": event.date.isoformat(),
        "dateModified": event.updated_at.isoformat(),
        "publisher": publisher(),
        "keywords": [topic.name for topic in topics],
        "isBasedOn": [source.url for source in sources],
    }
    if event.summary_paragraphs:
        data["description"] = event.summary_paragraphs[0]
    if event.cover_image_url:
        data["image"] = [event.cover_image_url]
    return data


def day_page(request, day: datetime.date, events) -> dict:
    root = site_root(request)
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "url": root + day_path(day),
        "name": f"Events of {day.day} {day:%B %Y}",
        "datePublished": day.isoformat(),
        "publisher": publisher(),
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(events),
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": number,
                    "url": root + event_path(event.date, event.slug),
                    "name": event.headline,
                }
                for number, event in enumerate(events, start=1)
            ],
        },
    }


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_HEADLINE else text[: MAX_HEADLINE - 1].rstrip() + "…"
