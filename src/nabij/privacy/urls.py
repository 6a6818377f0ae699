from django.urls import include, path

from nabij.privacy import views

app_name = "privacy"
urlpatterns = [path("toegangslog/", views.access_log, name="access_log")]
urlpatterns += [path("", include("nabij.privacy.subject_access_urls"))]
