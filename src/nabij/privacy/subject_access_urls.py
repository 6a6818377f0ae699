"""The privacy officer's subject access, erasure and retention pages (included from privacy/urls.py)."""

from django.urls import path

from nabij.privacy import subject_access_views as views

urlpatterns = [
    path("inzage/", views.search, name="subject_access"),
    path("inzage/<uuid:key>/", views.household, name="subject_access_household"),
    path("inzage/<uuid:key>/export/", views.export, name="subject_access_export"),
    path("inzage/<uuid:key>/verwijderen/", views.request_erasure, name="erasure_request"),
    path("verwijderen/", views.erasure_requests, name="erasure_requests"),
    path("verwijderen/<int:pk>/bevestigen/", views.confirm_erasure, name="erasure_confirm"),
    path("verwijderen/<int:pk>/intrekken/", views.withdraw_erasure, name="erasure_withdraw"),
    path("verwijderen/<int:pk>/opheffen/", views.request_lift, name="erasure_lift"),
    path("verwijderen/<int:pk>/opheffen/bevestigen/", views.confirm_lift, name="erasure_lift_confirm"),
    path("verwijderen/<int:pk>/opheffen/intrekken/", views.withdraw_lift, name="erasure_lift_withdraw"),
    path("bewaartermijnen/", views.retention_runs, name="retention"),
]
