"""Public archive routes, named and namespaced: reverse("events:day", kwargs=...)."""

from django.urls import path, register_converter

from ..page_cache import public_page
from . import converters, feeds, old_addresses, views

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.MonthConverter, "mm")
register_converter(converters.DayConverter, "d")
register_converter(converters.SlugConverter, "archive_slug")
register_converter(old_addresses.PaddedDayConverter, "dd")
register_converter(old_addresses.MarkdownFileConverter, "md_file")

app_name = "events"

DAY = "news/<yyyy:year>/<mm:month>/<d:day>/"
PADDED_DAY = "news/<yyyy:year>/<mm:month>/<dd:day>/"

# Pages are cached for anonymous readers (events.page_cache). Search is not: its addresses are
# as many as the words people type, so a cache would mostly hold pages asked for once.
urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("news/<yyyy:year>/", public_page(views.YearView.as_view()), name="year"),
    path("news/<yyyy:year>/<mm:month>/", public_page(views.MonthView.as_view()), name="month"),
    path(DAY, public_page(views.DayView.as_view()), name="day"),
    path(f"{DAY}<archive_slug:slug>/", public_page(views.EventView.as_view()), name="event"),
    path(f"{DAY}<md_file:name>", old_addresses.MarkdownFileRedirect.as_view(), name="legacy_file"),
    path(PADDED_DAY, old_addresses.PaddedDayRedirect.as_view(), name="padded_day"),
    path(f"{PADDED_DAY}<archive_slug:slug>/", old_addresses.PaddedDayRedirect.as_view()),
    path("topics/", public_page(views.TopicIndexView.as_view()), name="topics"),
    path("topics/<str:slug>/", public_page(views.TopicView.as_view()), name="topic"),
    path("topics/<str:slug>/feed/", public_page(feeds.TopicFeed()), name="topic_feed"),
    path("feeds/latest/", public_page(feeds.LatestEventsFeed()), name="latest_feed"),
    path("search/", views.SearchView.as_view(), name="search"),
]
