from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from nabij.core import views as core_views
from nabij.core.forms import LoginForm

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
            extra_context={"oidc_login": settings.NABIJ_OIDC},
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("nabij.tenants.urls")),
    path("", include("nabij.contacts.urls")),
    path("monitor/", include("nabij.contacts.monitor_urls")),
    path("privacy/", include("nabij.privacy.urls")),
    path("", include("nabij.casework.urls")),
    path("", include("nabij.actions.urls")),
]
if settings.NABIJ_OIDC:  # optional staff login through Microsoft Entra ID or another OIDC provider
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
