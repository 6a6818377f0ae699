from django.urls import path

from nabij.actions import views

app_name = "actions"
urlpatterns = [
    # Tenant pages: only an opaque token in the URL.
    path("k/<str:token>", views.link_page, name="link"),
    path("k/<str:token>/aanvulling", views.add_details, name="add_details"),
    path("k/<str:token>/wijzigen", views.change_details, name="change_details"),
    path("k/<str:token>/code", views.mobile_code, name="mobile_code"),
    path("k/<str:token>/afmelden", views.one_click_opt_out, name="one_click_opt_out"),
    # Staff: from the tenant 360 page.
    path("huishoudens/<uuid:key>/klik-link/", views.create_link, name="create_link"),
]
