"""Public archive routes, named and namespaced: reverse("events:day", kwargs=...)."""

from django.urls import path, register_converter

from . import converters, feeds, legacy, views

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.MonthConverter, "mm")
register_converter(converters.DayConverter, "d")
register_converter(converters.SlugConverter, "archive_slug")
register_converter(legacy.PaddedDayConverter, "dd")
register_converter(legacy.MarkdownFileConverter, "md_file")

app_name = "events"

DAY = "news/<yyyy:year>/<mm:month>/<d:day>/"
PADDED_DAY = "news/<yyyy:year>/<mm:month>/<dd:day>/"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/<yyyy:year>/", views.YearView.as_view(), name="year"),
    path("news/<yyyy:year>/<mm:month>/", views.MonthView.as_view(), name="month"),
    path(DAY, views.DayView.as_view(), name="day"),
    path(f"{DAY}<archive_slug:slug>/", views.EventView.as_view(), name="event"),
    path(f"{DAY}<md_file:name>", legacy.MarkdownFileRedirect.as_view(), name="legacy_file"),
    path(PADDED_DAY, legacy.PaddedDayRedirect.as_view(), name="padded_day"),
    path(f"{PADDED_DAY}<archive_slug:slug>/", legacy.PaddedDayRedirect.as_view()),
    path("topics/", views.TopicIndexView.as_view(), name="topics"),
    path("topics/<str:slug>/", views.TopicView.as_view(), name="topic"),
    path("topics/<str:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("feeds/latest/", feeds.LatestEventsFeed(), name="latest_feed"),
    path("search/", views.SearchView.as_view(), name="search"),
]
