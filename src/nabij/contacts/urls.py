from django.urls import path

from nabij.contacts import views

app_name = "contacts"
urlpatterns = [
    path("huishoudens/<uuid:key>/contact/", views.log_contact, name="log"),
    path(
        "huishoudens/<uuid:key>/contactgegevens-gecontroleerd/",
        views.contact_details_checked,
        name="contact_details_checked",
    ),
    path(
        "huishoudens/<uuid:key>/contactgegevens/",
        views.correct_contact_details,
        name="correct_contact_details",
    ),
    path("huishoudens/<uuid:key>/signalen/<int:signal_id>/afsluiten/", views.end_signal, name="end_signal"),
    path("ontwikkelingen/", views.development_list, name="developments"),
    path("ontwikkelingen/nieuw/", views.development_edit, name="development_add"),
    path("ontwikkelingen/<int:pk>/", views.development_edit, name="development_edit"),
]
