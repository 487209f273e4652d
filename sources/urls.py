"""Public outlet routes: reverse("sources:outlet", args=[domain])."""

from django.urls import path

from . import public_views

app_name = "sources"

urlpatterns = [
    path("outlets/", public_views.OutletIndexView.as_view(), name="outlets"),
    path("outlets/<str:domain>/", public_views.OutletView.as_view(), name="outlet"),
]
