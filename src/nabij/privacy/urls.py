from django.urls import include, path

from nabij.privacy import second_factor, views

app_name = "privacy"
urlpatterns = [
    path("toegangslog/", views.access_log, name="access_log"),
    path("tweede-stap/", second_factor.second_factor, name="second_factor"),
]
urlpatterns += [path("", include("nabij.privacy.subject_access_urls"))]
