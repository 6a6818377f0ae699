from django.urls import path

from nabij.casework import export_views, outreach_views, views

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
    path("zaken/<int:pk>/regeling/", views.record_arrangement, name="arrangement"),
    path("zaken/<int:pk>/incassostop/", views.dunning_pause, name="pause"),
    path("zaken/<int:pk>/doorverwijzing/", views.refer, name="refer"),
    path("zaken/<int:pk>/doorverwijzing/<int:referral>/", views.referral_result, name="referral_result"),
    path("zaken/<int:pk>/vroegsignalering/", views.early_signal_step, name="early_step"),
    path("huishoudens/<uuid:key>/zaak/", views.open_for_household, name="open"),
    # Proactive outreach list, call scripts and partners
    path("zaken/uitnodiglijst/", outreach_views.outreach_list, name="outreach"),
    path("zaken/uitnodiglijst/zaken/", outreach_views.outreach_cases, name="outreach_cases"),
    path("beheer/belscripts/", outreach_views.call_scripts, name="call_scripts"),
    path("beheer/belscripts/<str:kind>/", outreach_views.call_script_edit, name="call_script_edit"),
    path("beheer/partners/", outreach_views.partners, name="partners"),
    path("beheer/partners/<int:pk>/", outreach_views.partner_edit, name="partner_edit"),
    # Vroegsignalering and the ERP files
    path("vroegsignalering/", export_views.early_signal_list, name="early_signals"),
    path("vroegsignalering/beoordelen/", export_views.early_signal_review, name="early_signal_review"),
    path("vroegsignalering/bestand/", export_views.early_signal_export, name="early_signal_export"),
    path("erp-bestanden/", export_views.erp_exports, name="erp_exports"),
    path("erp-bestanden/nieuw/", export_views.erp_export_now, name="erp_export_now"),
    path("erp-bestanden/<int:pk>/", export_views.erp_export_download, name="erp_export_download"),
]
