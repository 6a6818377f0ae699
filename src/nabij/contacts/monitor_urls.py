from django.urls import path

from nabij.contacts import monitor_views

app_name = "monitor"
urlpatterns = [
    path("", monitor_views.monitor_page, name="page"),
    path("buurten/", monitor_views.monitor_areas, name="areas"),
    path("csv/", monitor_views.monitor_csv, name="csv"),
]
