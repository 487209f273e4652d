"""What each public page shows: home, year, month, day, event, topics, with their links."""

import datetime
import re

import pytest
from django.urls import reverse

from events.models import Event
from sources.models import Source
from tests.factories import EventFactory, RelatedFactory, SourceFactory, event_with_details

pytestmark = pytest.mark.django_db

FEB_8 = datetime.date(2012, 2, 8)


def day_url(day):
    return reverse("events:day", kwargs={"year": day.year, "month": day.month, "day": day.day})


def text_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_home_lists_latest_days_newest_first_with_their_headlines(client):
    EventFactory(date=datetime.date(2012, 2, 8), headline="Older day's event.")
    EventFactory(date=datetime.date(2012, 2, 9), headline="Newer day's event, first.", position=0)
    EventFactory(date=datetime.date(2012, 2, 9), headline="Newer day's event, second.", position=1)
    page = text_of(client.get(reverse("events:home")))
    assert page.index("Newer day&#39;s event, first.") < page.index(
        "Newer day&#39;s event, second."
    )
    assert page.index("Thursday 9 February 2012") < page.index("Wednesday 8 February 2012")
    assert f'href="{day_url(datetime.date(2012, 2, 9))}"' in page
    assert 'href="/news/2012/"' in page  # browse by year


def test_home_without_events_says_so(client):
    assert "No events have been published yet." in text_of(client.get(reverse("events:home")))


def test_year_page_lists_months_with_counts_and_neighbouring_years(client):
    EventFactory(date=datetime.date(2012, 2, 8))
    EventFactory(date=datetime.date(2012, 2, 9))
    EventFactory(date=datetime.date(2012, 9, 5))
    EventFactory(date=datetime.date(2010, 5, 1))
    EventFactory(date=datetime.date(2016, 11, 2))
    response = client.get(reverse("events:year", kwargs={"year": 2012}))
    page = text_of(response)
    counts = [(period.date, period.count) for period in response.context["date_list"]]
    assert counts == [(datetime.date(2012, 2, 1), 2), (datetime.date(2012, 9, 1), 1)]
    assert 'href="/news/2012/02/">February</a> <span class="count">2 events</span>' in page
    assert 'href="/news/2010/"' in page and 'href="/news/2016/"' in page


def test_month_page_is_a_calendar_of_days_with_counts(client):
    EventFactory(date=datetime.date(2012, 2, 8))
    EventFactory(date=datetime.date(2012, 2, 8))
    EventFactory(date=datetime.date(2012, 2, 29))
    EventFactory(date=datetime.date(2011, 11, 3))
    EventFactory(date=datetime.date(2012, 9, 5))
    page = text_of(client.get(reverse("events:month", kwargs={"year": 2012, "month": 2})))
    assert '<a href="/news/2012/02/8/"><span class="calendar__day">8</span>' in page
    assert '<span class="calendar__count">2 events</span>' in page
    assert '<a href="/news/2012/02/29/">' in page
    assert '<span class="calendar__day">9</span>' in page  # a day without events: no link
    assert 'href="/news/2012/02/9/"' not in page
    # Neighbours skip the empty months in between.
    assert 'href="/news/2011/11/"' in page and 'href="/news/2012/09/"' in page


def test_day_page_shows_every_event_in_order_with_all_its_parts(client):
    second = event_with_details(FEB_8, position=1, headline="Second of the day.", topics=["Zeta"])
    first = event_with_details(FEB_8, position=0, headline="First of the day.")
    page = text_of(client.get(day_url(FEB_8)))
    assert page.index("First of the day.") < page.index("Second of the day.")
    assert '<h1><time datetime="2012-02-08">Wednesday 8 February 2012</time></h1>' in page
    assert f'<a href="{first.get_absolute_url()}">First of the day.</a>' in page
    assert "<p>First paragraph.</p><p>Second paragraph.</p>" in page
    source = second.sources.first()
    assert f'<a href="{source.url}" rel="noopener nofollow ugc">BBC</a>' in page
    assert 'src="https://images.example.org/cover.jpg" alt=""' in page
    assert '<a class="tag" href="/topics/zeta/">Zeta</a>' in page
    assert '<a class="tag" href="/topics/chongqing/">Chongqing</a>' in page


def test_neighbouring_periods_are_found_across_long_gaps(client):
    EventFactory(date=datetime.date(1990, 5, 1))
    EventFactory(date=FEB_8)
    EventFactory(date=datetime.date(2025, 9, 14))
    day = text_of(client.get(day_url(FEB_8)))
    assert 'href="/news/1990/05/1/"' in day and 'href="/news/2025/09/14/"' in day
    month = text_of(client.get("/news/2012/02/"))
    assert 'href="/news/1990/05/"' in month and 'href="/news/2025/09/"' in month
    year = text_of(client.get("/news/2012/"))
    assert 'href="/news/1990/"' in year and 'href="/news/2025/"' in year


def test_first_and_last_days_have_one_neighbour(client):
    EventFactory(date=datetime.date(2012, 2, 7))
    EventFactory(date=FEB_8)
    page = text_of(client.get(day_url(FEB_8)))
    assert 'rel="prev" href="/news/2012/02/7/"' in page
    assert 'rel="next"' not in page
    first = text_of(client.get(day_url(datetime.date(2012, 2, 7))))
    assert 'rel="prev"' not in first and 'rel="next" href="/news/2012/02/8/"' in first


def test_day_page_links_to_the_nearest_days_that_have_events(client):
    EventFactory(date=datetime.date(2012, 1, 20))
    EventFactory(date=FEB_8)
    EventFactory(date=datetime.date(2012, 3, 2))
    page = text_of(client.get(day_url(FEB_8)))
    assert '<a rel="prev" href="/news/2012/01/20/">← 20 January 2012</a>' in page
    assert '<a rel="next" href="/news/2012/03/2/">2 March 2012 →</a>' in page


@pytest.mark.parametrize(
    "url",
    [
        "/news/2012/02/8/",  # no events that day
        "/news/2012/02/30/",  # no such date
        "/news/2012/",
        "/news/2012/02/",
        "/news/2012/02/8/no-such-event/",
        "/news/2012/13/8/",
        "/topics/no-such-topic/",
        "/topics/no-such-topic/feed/",
    ],
)
def test_unknown_dates_slugs_and_topics_are_404(client, url):
    EventFactory(date=datetime.date(2011, 1, 1), topics=["Elsewhere"])
    assert client.get(url).status_code == 404


def test_event_page_shows_headline_summary_cover_sources_and_topics(client):
    event = event_with_details(FEB_8, headline="Wang Lijun goes.", topics=["Chongqing", "Wang"])
    page = text_of(client.get(event.get_absolute_url()))
    assert page.count("<h1") == 1
    assert "<h1>Wang Lijun goes.</h1>" in page
    assert "<p>First paragraph.</p><p>Second paragraph.</p>" in page
    # Decorative: the headline is beside it; a cover that fails to load shows no text.
    assert 'src="https://images.example.org/cover.jpg" alt=""' in page
    assert page.count('rel="noopener nofollow ugc"') == 2
    assert 'href="/topics/chongqing/"' in page and 'href="/topics/wang/"' in page
    assert f'href="{day_url(FEB_8)}"' in page


def test_event_page_shows_a_source_snapshot_in_a_disclosure(client):
    event = EventFactory(date=FEB_8)
    SourceFactory(
        event=event,
        snapshot_title="Chongqing policeman Wang Lijun mystery deepens",
        snapshot_text="First line of the story.\n\nSecond paragraph of the story.",
    )
    page = text_of(client.get(event.get_absolute_url()))
    assert '<details class="snapshot">' in page
    assert "<h3>Chongqing policeman Wang Lijun mystery deepens</h3>" in page
    assert "<p>First line of the story.</p>" in page


def test_related_events_link_only_to_public_targets(client):
    event = EventFactory(date=FEB_8)
    public = EventFactory(date=datetime.date(2012, 9, 5), headline="Charged.", slug="charged")
    draft = EventFactory(
        date=datetime.date(2012, 9, 24), slug="sentenced", status=Event.Status.DRAFT
    )
    RelatedFactory(event=event, position=0, target=public, target_headline="Charged.")
    RelatedFactory(event=event, position=1, target=draft, target_headline="Sentenced.")
    RelatedFactory(event=event, position=2, target_headline="Not in the archive.")
    page = text_of(client.get(event.get_absolute_url()))
    assert f'<a href="{public.get_absolute_url()}">Charged.</a>' in page
    assert "Sentenced." not in page  # a draft's headline, left out with its link
    assert draft.get_absolute_url() not in page
    assert '<span class="unlinked">Not in the archive.</span>' in page
    assert page.index("Charged.") < page.index("Not in the archive.")


def test_related_events_carry_their_dates_and_say_when_not_in_the_archive(client):
    event = EventFactory(date=FEB_8)
    public = EventFactory(date=datetime.date(2012, 9, 5), headline="Charged.", slug="charged")
    RelatedFactory(event=event, position=0, target=public, context="Chongqing, Wang Lijun")
    RelatedFactory(
        event=event,
        position=1,
        target_path="/news/2012/09/24/sentenced.md",
        target_headline="Sentenced <b>for</b> it.",
        context="",
    )
    RelatedFactory(event=event, position=2, target_path="/elsewhere/odd.md", context="")
    page = text_of(client.get(event.get_absolute_url()))
    related = page[
        page.index('id="related-heading"') : page.index(
            "</section>", page.index('id="related-heading"')
        )
    ]
    assert '<time datetime="2012-09-05">5 September 2012</time>' in related
    assert (
        '<time datetime="2012-09-24">24 September 2012</time>\n'
        '        <span class="unlinked">Sentenced &lt;b&gt;for&lt;/b&gt; it.</span> '
        '<span class="link-state">(not in this archive)</span>'
    ) in related
    assert related.count("(not in this archive)") == 2
    assert related.count("<time") == 2  # a path naming no day gives no date
    assert "Topics in common: Chongqing, Wang Lijun" in related
    assert "Shared:" not in related


def test_what_happened_next_lists_later_events_sharing_topics(client):
    event = EventFactory(date=FEB_8, topics=["Chongqing", "Wang Lijun"])
    EventFactory(date=datetime.date(2012, 1, 1), headline="Earlier.", topics=["Chongqing"])
    EventFactory(date=datetime.date(2013, 1, 1), headline="Unrelated later.", topics=["Other"])
    EventFactory(
        date=datetime.date(2012, 3, 1),
        headline="Later draft.",
        topics=["Chongqing"],
        status=Event.Status.DRAFT,
    )
    EventFactory(date=datetime.date(2012, 9, 24), headline="Sentenced.", topics=["Wang Lijun"])
    EventFactory(date=datetime.date(2012, 9, 5), headline="Charged.", topics=["Chongqing"])
    response = client.get(event.get_absolute_url())
    assert [e.headline for e in response.context["next_events"]] == ["Charged.", "Sentenced."]
    page = text_of(response)
    assert "What happened next" in page
    assert "Earlier." not in page and "Unrelated later." not in page and "Later draft." not in page


def test_what_happened_next_stops_at_ten(client):
    event = EventFactory(date=FEB_8, topics=["Chongqing"])
    for n in range(12):
        EventFactory(date=datetime.date(2013, 1, 1 + n), topics=["Chongqing"])
    next_events = client.get(event.get_absolute_url()).context["next_events"]
    assert [e.date.day for e in next_events] == list(range(1, 11))


def test_topics_index_lists_topics_with_public_counts(client):
    EventFactory(topics=["Chongqing"])
    EventFactory(topics=["Chongqing", "Wang Lijun"])
    page = text_of(client.get(reverse("events:topics")))
    assert '<a href="/topics/chongqing/">Chongqing</a> <span class="count">2 events</span>' in page
    assert '<a href="/topics/wang-lijun/">Wang Lijun</a> <span class="count">1 event</span>' in page


def test_topic_page_is_a_timeline_newest_first_and_paginated(client):
    for day in range(1, 23):
        EventFactory(date=datetime.date(2012, 3, day), topics=["Chongqing"], headline=f"Day {day}.")
    EventFactory(date=datetime.date(2012, 4, 1), topics=["Other"], headline="Other topic.")
    url = reverse("events:topic", kwargs={"slug": "chongqing"})
    first = client.get(url)
    assert [e.date.day for e in first.context["events"]] == list(range(22, 2, -1))
    page = text_of(first)
    assert "<h1>Chongqing</h1>" in page and "22 events" in page
    assert "Other topic." not in page
    assert 'href="/topics/chongqing/feed/"' in page
    second = client.get(url, {"page": 2})
    assert [e.date.day for e in second.context["events"]] == [2, 1]


@pytest.mark.parametrize("page", ["abc", "0", "99999", "-1", "1.5"])
@pytest.mark.parametrize("url_name", ["events:topics"])
def test_bad_page_numbers_are_a_clear_400(client, url_name, page):
    EventFactory(topics=["Chongqing"])
    response = client.get(reverse(url_name), {"page": page})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is no page" in body or "must be a whole number" in body


def test_bad_page_number_on_a_topic_page_is_a_400(client):
    EventFactory(topics=["Chongqing"])
    url = reverse("events:topic", kwargs={"slug": "chongqing"})
    response = client.get(url, {"page": "99999"})
    assert response.status_code == 400
    assert "pages go from 1 to 1" in response.content.decode()


def test_sources_with_the_same_outlet_keep_their_order(client):
    event = EventFactory(date=FEB_8)
    for position, name in enumerate(["Reuters", "AP via Winnipeg Free Press", "BBC"]):
        Source.objects.create(
            event=event, position=position, name=name, url=f"https://e.org/{position}"
        )
    page = text_of(client.get(event.get_absolute_url()))
    assert page.index("Reuters") < page.index("AP via Winnipeg Free Press") < page.index(">BBC<")


def test_related_events_come_in_date_order_whatever_the_editors_order(client):
    event = EventFactory(date=FEB_8)
    days = [(2012, 6, 2), (2012, 7, 17), (2012, 6, 3), (2012, 3, 6), (2012, 6, 28)]
    for position, (year, month, day) in enumerate(days):
        target = EventFactory(date=datetime.date(year, month, day), headline=f"Story {position}.")
        RelatedFactory(
            event=event, position=position, target=target, target_headline=f"Story {position}."
        )
    RelatedFactory(
        event=event, position=0, target_path="/elsewhere/odd.md", target_headline="Elsewhere."
    )
    page = text_of(client.get(event.get_absolute_url()))
    related = page[page.index('id="related-heading"') :]
    shown = re.findall(r'<time datetime="([-0-9]+)">', related)[:5]
    assert shown == ["2012-03-06", "2012-06-02", "2012-06-03", "2012-06-28", "2012-07-17"]
    assert related.index("Story 1.") < related.index("Elsewhere.")  # no day known: last
