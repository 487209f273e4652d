"""A topic's page: its events per month as an SVG chart (with a text alternative), its first
and latest events, the topics most often seen with it, its feed."""

import datetime

import pytest
import time_machine

from events.changes import purges
from events.changes.states import EventState
from events.http_cache import keys
from events.models import Event, Topic
from events.public.timeline_chart import MOST_MONTHS, timeline_chart
from tests.factories import EventFactory, RelatedFactory

pytestmark = pytest.mark.django_db

CHONGQING = "/topics/chongqing/"


def page_of(client, url=CHONGQING):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


def test_chart_draws_a_bar_per_month_with_quiet_months_left_empty():
    chart = timeline_chart([(datetime.date(2011, 11, 1), 2), (datetime.date(2012, 2, 1), 4)])
    assert [bar.start.month for bar in chart.bars] == [11, 12, 1, 2]
    assert [bar.count for bar in chart.bars] == [2, 0, 0, 4]
    assert chart.bars[3].height == 120 and chart.bars[0].height == 60
    # Across the width, in percentages: four months of a quarter each, a gap between bars.
    assert [bar.x for bar in chart.bars] == [2.5, 27.5, 52.5, 77.5]
    assert [label.text for label in chart.years] == ["2011", "2012"]
    assert [label.text for label in chart.months] == ["N", "D", "J", "F"]  # a short span
    assert chart.busiest.start == datetime.date(2012, 2, 1)
    assert timeline_chart([]) is None


def test_a_long_chart_labels_every_few_years_and_no_months():
    chart = timeline_chart([(datetime.date(2006, 6, 1), 1), (datetime.date(2025, 12, 1), 9)])
    assert len(chart.bars) == MOST_MONTHS - 5 and chart.period == "month"
    assert [label.text for label in chart.years] == [str(year) for year in range(2006, 2026, 3)]
    assert chart.months == []


def test_a_topic_of_many_decades_is_drawn_a_bar_per_year():
    """A thousand months are bars under a pixel wide: past twenty years, a bar per year."""
    months = [(datetime.date(1942, 3, 1), 2), (datetime.date(1942, 11, 1), 3)]
    months += [(datetime.date(2025, 1, 1), 4), (datetime.date(2025, 12, 1), 1)]
    chart = timeline_chart(months)
    assert chart.period == "year" and len(chart.bars) == 2025 - 1942 + 1
    assert [(bar.start, bar.count) for bar in chart.bars if bar.count] == [
        (datetime.date(1942, 1, 1), 5),
        (datetime.date(2025, 1, 1), 5),
    ]
    assert chart.bars[0].last_day == datetime.date(1942, 12, 31)
    assert [label.text for label in chart.years] == [str(year) for year in range(1942, 2026, 11)]
    assert chart.months == []


def test_topic_page_shows_the_chart_with_its_text_alternative(client):
    for day in (1, 2, 3):
        EventFactory(date=datetime.date(2012, 2, day), topics=["Chongqing"])
    EventFactory(date=datetime.date(2012, 4, 9), topics=["Chongqing"])
    EventFactory(date=datetime.date(2012, 5, 9), topics=["Chongqing"], status=Event.Status.DRAFT)
    _, page = page_of(client)
    # Named by its title and description; no role (the HTML checker allows none but img on
    # an svg, and img would hide the bars' links).
    assert '<svg aria-labelledby="timeline-title timeline-desc"' in page
    assert '<title id="timeline-title">Events about Chongqing per month</title>' in page
    assert (
        "From February 2012 to April 2012; the busiest month was February 2012, with 3 events."
        in page
    )
    # February and April, each a link to its month's events; March is empty, May's a draft.
    assert page.count('<rect class="timeline-chart__bar"') == 2
    april = "/search/?topic=chongqing&amp;date_from=2012-04-01&amp;date_to=2012-04-30"
    assert f'<a href="{april}" aria-label="April 2012: 1 event">' in page
    february = "/search/?topic=chongqing&amp;date_from=2012-02-01&amp;date_to=2012-02-29"
    assert f'<tr><th scope="row"><a href="{february}">February 2012</a></th><td>3</td></tr>' in page
    assert "May 2012" not in page
    assert "<script" not in page.split("</head>")[1]  # no JavaScript


def test_a_topic_of_many_decades_links_each_year_and_tables_its_years(client):
    EventFactory(date=datetime.date(1942, 3, 5), topics=["Chongqing"])
    EventFactory(date=datetime.date(1942, 11, 5), topics=["Chongqing"])
    EventFactory(date=datetime.date(2012, 2, 8), topics=["Chongqing"])
    _, page = page_of(client)
    assert '<title id="timeline-title">Events about Chongqing per year</title>' in page
    assert "From 1942 to 2012; the busiest year was 1942, with 2 events." in page
    year = "/search/?topic=chongqing&amp;date_from=1942-01-01&amp;date_to=1942-12-31"
    assert f'<a href="{year}" aria-label="1942: 2 events">' in page
    assert f'<tr><th scope="row"><a href="{year}">1942</a></th><td>2</td></tr>' in page
    assert '<th scope="col">Year</th>' in page and page.count('class="timeline-chart__bar"') == 2


def test_topic_page_names_its_first_and_latest_public_events(client):
    first = EventFactory(date=datetime.date(2011, 5, 1), headline="It began.", topics=["Chongqing"])
    EventFactory(date=datetime.date(2012, 2, 8), headline="Middle.", topics=["Chongqing"])
    latest = EventFactory(date=datetime.date(2013, 1, 2), headline="Latest.", topics=["Chongqing"])
    EventFactory(
        date=datetime.date(2014, 1, 1),
        headline="Draft.",
        topics=["Chongqing"],
        status=Event.Status.DRAFT,
    )
    _, page = page_of(client)
    assert "3 events, from" in page and "1 May 2011</time> to" in page
    ends = page[page.index('<dl class="topic-ends">') : page.index("</dl>")]
    assert f'<a href="{first.get_absolute_url()}">It began.</a>' in ends
    assert f'<a href="{latest.get_absolute_url()}">Latest.</a>' in ends
    assert "Draft." not in page


def test_the_chart_and_the_ends_leave_out_events_not_due_yet_until_they_are(client):
    """Read from the topic rows' flags: an event due later is counted there already, and the
    page leaves it out until its time, with no write; a topic only a draft's link gives it
    is not counted."""
    now = datetime.datetime(2030, 5, 1, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        EventFactory(date=datetime.date(2012, 2, 8), headline="Middle.", topics=["Chongqing"])
        for day, headline in (
            (datetime.date(2011, 1, 3), "Early."),
            (datetime.date(2014, 6, 1), "Late."),
        ):
            EventFactory(
                date=day,
                headline=headline,
                topics=["Chongqing"],
                status=Event.Status.SCHEDULED,
                publish_at=now + datetime.timedelta(hours=1),
            )
        given = EventFactory(date=datetime.date(2012, 3, 1), headline="Given.", topics=[])
        draft = EventFactory(topics=[], status=Event.Status.DRAFT)
        RelatedFactory(event=draft, target=given, context="Chongqing")
        response = client.get(CHONGQING)
        page = response.content.decode()
        assert [(bar.start, bar.count) for bar in response.context["chart"].bars if bar.count] == [
            (datetime.date(2012, 2, 1), 1)
        ]
        assert "Early." not in page and "Late." not in page and "Given." not in page
    with time_machine.travel(now + datetime.timedelta(hours=2), tick=False):
        response = client.get(CHONGQING)
        bars = [(bar.start, bar.count) for bar in response.context["chart"].bars if bar.count]
        assert bars == [
            (datetime.date(2011, 1, 1), 1),
            (datetime.date(2012, 2, 1), 1),
            (datetime.date(2014, 6, 1), 1),
        ]
        assert (
            response.context["first_event"].headline,
            response.context["latest_event"].headline,
        ) == (
            "Early.",
            "Late.",
        )


def test_related_topics_are_counted_over_public_events_only_most_first(client):
    EventFactory(topics=["Chongqing", "Wang Lijun", "Bo Xilai"])
    EventFactory(topics=["Chongqing", "Wang Lijun"])
    EventFactory(topics=["Chongqing", "<b>Bold</b>"])
    EventFactory(topics=["Chongqing", "Secret"], status=Event.Status.DRAFT)
    EventFactory(topics=["Bo Xilai"])
    response, page = page_of(client)
    assert [(t.name, t.shared) for t in response.context["related_topics"]] == [
        ("Wang Lijun", 2),
        ("<b>Bold</b>", 1),
        ("Bo Xilai", 1),
    ]
    assert '<a class="tag" href="/topics/wang-lijun/">Wang Lijun</a>' in page
    assert "2 events together" in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page and "<b>Bold</b>" not in page
    assert "Secret" not in page
    # Each related topic's key is on the page: renaming it purges the page.
    wang = Topic.objects.get(name="Wang Lijun")
    assert keys.topic_key(wang.pk) in response["xkey"].split()


def test_topic_page_links_its_feed(client):
    EventFactory(topics=["Chongqing"])
    _, page = page_of(client)
    assert '<a href="/topics/chongqing/follow/">Follow this topic</a> (feed)' in page
    assert (
        'type="application/atom+xml" title="Newsroom: Chongqing" href="/topics/chongqing/feed/"'
        in page
    )


def test_changing_an_events_topics_purges_the_pages_of_its_other_topics():
    before = EventState(1, datetime.date(2012, 2, 8), 0, "s", "H.", True, frozenset({1, 2}))
    after = EventState(1, datetime.date(2012, 2, 8), 0, "s", "H.", True, frozenset({1, 2, 3}))
    assert {keys.topic_key(1), keys.topic_key(2), keys.topic_key(3)} <= purges.for_event(
        before, after
    )
