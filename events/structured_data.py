"""schema.org descriptions of event and day pages, as plain dicts for the `json_ld` filter."""

import datetime

from django.urls import reverse

SITE_NAME = "Newsroom"
MAX_HEADLINE = 110  # schema.org consumers cut NewsArticle headlines longer than this


def publisher() -> dict:
    return {"@type": "Organization", "name": SITE_NAME}


def news_article(request, event) -> dict:
    url = request.build_absolute_uri(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": _shorten(event.headline),
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": event.date.isoformat(),
        "dateModified": event.updated_at.isoformat(),
        "publisher": publisher(),
        "keywords": [topic.name for topic in event.topics.all()],
        "isBasedOn": [source.url for source in event.sources.all()],
    }
    if event.summary_paragraphs:
        data["description"] = event.summary_paragraphs[0]
    if event.cover_image_url:
        data["image"] = [event.cover_image_url]
    return data


def day_page(request, day: datetime.date, events) -> dict:
    day_url = reverse("events:day", kwargs={"year": day.year, "month": day.month, "day": day.day})
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "url": request.build_absolute_uri(day_url),
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
                    "url": request.build_absolute_uri(event.get_absolute_url()),
                    "name": event.headline,
                }
                for number, event in enumerate(events, start=1)
            ],
        },
    }


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_HEADLINE else text[: MAX_HEADLINE - 1].rstrip() + "…"
