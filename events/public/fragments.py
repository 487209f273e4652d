"""The HTML fragments the listing pages repeat for every event, built in Python.

A day page shows ~17 events and a topic or search page 20, each with a headline link, cover,
summary, outlets and topics. Written with {% for %}, {% if %} and a dozen variables per event,
they cost Django's template engine more than all the rest of the page: profiling the day page
put them at about half of its rendering time. Here each is one f-string. Every value is escaped
on the way in (html.escape, which Django's escape wraps): the functions return HTML, which
the template filters (events.templatetags.public_pages) mark safe.

The markup is what the templates had; the page, markup and escaping tests and the Nu HTML
Checker cover it as they cover the templates.
"""

import datetime
import html
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language

from ..paths import REMEMBERED, day_path, event_path, topic_path

LIST_SUMMARY_WORDS = 40
HEADINGS = ("h2", "h3")  # what a list's headlines may be, by the page's outline


def day_article(event) -> str:
    """One event of a day page: `event` carries `listed_outlets` and `listed_topics`."""
    headline = html.escape(event.headline)
    cover = ""
    if event.cover_image_url:
        cover = (
            f'\n  <img class="cover" src="{html.escape(event.cover_image_url)}" alt="{headline}"'
            ' loading="lazy" decoding="async" referrerpolicy="no-referrer">'
        )
    return (
        f'<article class="event">\n  <h2><a href="{event_href(event)}">{headline}</a></h2>'
        f"{cover}\n  {summary_paragraphs(event)}\n  {sources_line(event.listed_outlets)}"
        f"\n  {topics_line(event.listed_topics)}\n</article>"
    )


def list_item(event, heading: str = "h2") -> str:
    """One event of a topic or search page: its day, headline, first words, outlets, topics."""
    day = event.date
    paragraphs = event.summary_paragraphs
    summary = ""
    if paragraphs:
        summary = f"\n    <p>{html.escape(first_words(paragraphs[0], LIST_SUMMARY_WORDS))}</p>"
    dateline = (
        f'<p class="dateline"><a href="{html.escape(day_path(day))}">'
        f'<time datetime="{day.isoformat()}">{html.escape(date_label(day, "j F Y"))}</time></a></p>'
    )
    return (
        f'<li class="event-list__item">\n    {dateline}'
        f'\n    <{heading} class="event-list__headline"><a href="{event_href(event)}">'
        f"{html.escape(event.headline)}</a></{heading}>{summary}"
        f"\n    {sources_line(event.listed_outlets)}"
        f"\n    {topics_line(event.listed_topics)}\n  </li>"
    )


def first_words(text: str, count: int) -> str:
    """The `truncatewords` filter's result ("… " after `count` words), without its lazy objects."""
    words = text.split()
    if len(words) <= count:
        return " ".join(words)
    shortened = " ".join(words[:count])
    return shortened if shortened.endswith(" …") else f"{shortened} …"


def summary_paragraphs(event) -> str:
    """A <p> per paragraph of the event's summary."""
    return "".join(f"<p>{html.escape(p)}</p>" for p in event.summary_paragraphs)


def event_href(event) -> str:
    return html.escape(event_path(event.date, event.slug))


def sources_line(outlets) -> str:
    """ "Sources: BBC, Reuters" for (name, url) pairs, each name linking out; nothing without."""
    escape = html.escape
    links = [
        f'<a href="{escape(url)}" rel="noopener nofollow ugc">{escape(name)}</a>'
        for name, url in outlets
    ]
    return labelled_line("sources", "Sources", ", ".join(links))


def topics_line(topics) -> str:
    """ "Topics:" and a tag per topic, for (name, slug, ...) tuples; nothing without topics."""
    return labelled_line("topics", "Topics", " ".join([topic_link(t[1], t[0]) for t in topics]))


@lru_cache(maxsize=REMEMBERED)
def topic_link(slug: str, name: str) -> str:
    """A topic's tag: the same few hundred topics recur on every page, so each is built once."""
    return f'<a class="tag" href="{html.escape(topic_path(slug))}">{html.escape(name)}</a>'


def labelled_line(css_class: str, label: str, links: str) -> str:
    """A paragraph of already escaped links after a label; nothing at all without links."""
    if not links:
        return ""
    return f'<p class="{css_class}"><span class="label">{label}:</span> {links}</p>'


def date_label(day: datetime.date, format_string: str) -> str:
    """The `date` filter's text for a calendar date (`j F Y`: 8 February 2012), once per date."""
    return _date_label(day, format_string, get_language())


@lru_cache(maxsize=REMEMBERED)
def _date_label(day: datetime.date, format_string: str, language: str) -> str:
    return date_format(day, format_string)
