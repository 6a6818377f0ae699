"""Optional second factor for staff: a time-based code (TOTP, RFC 6238) from an authenticator app, via
django-otp. Off by default; NABIJ_REQUIRE_2FA=true turns it on for everyone who logs in with a password.

With it on, a logged-in staff member who has not confirmed a code in this session is sent to "Tweede stap"
for every page; the first time, that page sets up the authenticator app (the key as text and as an
otpauth:// link) and confirms it with a first code. Staff who log in through OIDC (Microsoft Entra ID) are
not asked: their identity provider enforces its own multi-factor policy.
"""

import base64

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

OIDC_BACKEND = "nabij.privacy.oidc.RoleMappingOIDCBackend"
# Pages a logged-in user reaches before the second step.
EXEMPT = frozenset({"login", "logout", "set_language", "healthz", "privacy:second_factor"})


def needs_second_factor(request) -> bool:
    user = request.user
    return (
        settings.NABIJ_REQUIRE_2FA
        and user.is_authenticated
        and not user.is_verified()
        and request.session.get("_auth_user_backend") != OIDC_BACKEND
    )


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in EXEMPT or not needs_second_factor(request):
            return None
        return redirect_to_login(request.get_full_path(), resolve_url("privacy:second_factor"))


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code uit je authenticator-app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Typ de 6 cijfers uit de app.")},
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _device(user) -> TOTPDevice:
    """The user's confirmed device, or the unconfirmed one being set up (made on first visit)."""
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed:
        return confirmed
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator-app"}
    )
    return device


@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Ask for the code; the first time, set up the authenticator app and confirm it with a first code."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not needs_second_factor(request):
        return redirect(_next_url(request))
    device = _device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        if device.confirmed:
            verified = match_token(request.user, code)
        else:
            verified = device if device.verify_token(code) else None
            if verified:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
        if verified:
            otp_login(request, verified)
            return redirect(_next_url(request))
        form.add_error("code", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code uit de app."))
    context = {"form": form, "setting_up": not device.confirmed, "next": _next_url(request)}
    if not device.confirmed:
        key = base64.b32encode(device.bin_key).decode()
        context["key"] = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        context["config_url"] = device.config_url
    return render(request, "registration/second_factor.html", context)
