from django.urls import path

from nabij.tenants import views

app_name = "tenants"
urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("huishoudens/<uuid:key>/", views.household_detail, name="household"),
    path("gegevens/", views.data_status, name="data_status"),
    path("gegevens/import/", views.upload_import, name="upload_import"),
    path("bereikbaarheid/", views.reachability, name="reachability"),
]
