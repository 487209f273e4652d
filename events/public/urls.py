"""Public archive routes, named and namespaced: reverse("events:day", kwargs=...)."""

from django.urls import path, register_converter

from ..http_cache import keys
from ..http_cache.headers import shows
from . import converters, dates, feeds, old_addresses, search_page, views

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.MonthConverter, "mm")
register_converter(converters.DayConverter, "d")
register_converter(converters.SlugConverter, "archive_slug")
register_converter(converters.CalendarDayConverter, "calendar_day")
register_converter(old_addresses.PaddedDayConverter, "dd")
register_converter(old_addresses.MarkdownFileConverter, "md_file")

app_name = "events"

DAY = "news/<yyyy:year>/<mm:month>/<d:day>/"
PADDED_DAY = "news/<yyyy:year>/<mm:month>/<dd:day>/"

# Each page says what it shows (events.http_cache), so the front cache keeps it until a write
# changes that.
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/<yyyy:year>/", views.YearView.as_view(), name="year"),
    path("news/<yyyy:year>/<mm:month>/", views.MonthView.as_view(), name="month"),
    path(DAY, views.DayView.as_view(), name="day"),
    path(f"{DAY}<archive_slug:slug>/", views.EventView.as_view(), name="event"),
    path(f"{DAY}<md_file:name>", old_addresses.MarkdownFileRedirect.as_view(), name="legacy_file"),
    path(PADDED_DAY, old_addresses.PaddedDayRedirect.as_view(), name="padded_day"),
    path(f"{PADDED_DAY}<archive_slug:slug>/", old_addresses.PaddedDayRedirect.as_view()),
    path("on-this-day/", views.OnThisDayView.as_view(), name="on_this_day_today"),
    path(
        "on-this-day/<calendar_day:calendar_day>/",
        views.OnThisDayView.as_view(),
        name="on_this_day",
    ),
    path("topics/", views.TopicIndexView.as_view(), name="topics"),
    path("topics/<str:slug>/", views.TopicView.as_view(), name="topic"),
    path("topics/<str:slug>/feed/", shows(keys.FEEDS)(feeds.TopicFeed()), name="topic_feed"),
    path("feeds/latest/", shows(keys.FEEDS)(feeds.LatestEventsFeed()), name="latest_feed"),
    # How to follow a feed, for a browser (the site links here, not to the raw Atom).
    path("feeds/", feeds.FollowView.as_view(), name="follow"),
    path("topics/<str:slug>/follow/", feeds.FollowView.as_view(), name="follow_topic"),
    path("search/", search_page.SearchView.as_view(), name="search"),
    path("date/", dates.go_to_date, name="go_to_date"),
]
