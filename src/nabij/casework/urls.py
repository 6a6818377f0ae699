from django.urls import path

from nabij.casework import views

app_name = "casework"
urlpatterns = [
    path("zaken/", views.team_queue, name="queue"),
    path("zaken/mijn/", views.my_queue, name="mine"),
    path("zaken/volgende/", views.take_next, name="next"),
    path("zaken/toewijzen/", views.bulk_assign, name="bulk_assign"),
    path("zaken/<int:pk>/", views.case_detail, name="case"),
    path("zaken/<int:pk>/status/", views.change_status, name="status"),
    path("zaken/<int:pk>/afronden/", views.close_case, name="close"),
    path("zaken/<int:pk>/contactpoging/", views.log_attempt, name="attempt"),
    path("zaken/<int:pk>/notitie/", views.add_note, name="note"),
    path("zaken/<int:pk>/behandelaar/", views.take_case, name="take"),
    path("huishoudens/<uuid:key>/zaak/", views.open_for_household, name="open"),
]
