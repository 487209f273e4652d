"""Public archive routes, named and namespaced: reverse("events:day", kwargs=...)."""

from django.urls import path, register_converter

from . import converters, views

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.MonthConverter, "mm")
register_converter(converters.DayConverter, "d")
register_converter(converters.SlugConverter, "archive_slug")

app_name = "events"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/<yyyy:year>/<mm:month>/<d:day>/", views.DayView.as_view(), name="day"),
    path(
        "news/<yyyy:year>/<mm:month>/<d:day>/<archive_slug:slug>/",
        views.EventView.as_view(),
        name="event",
    ),
    path("topics/<str:slug>/", views.TopicView.as_view(), name="topic"),
]
