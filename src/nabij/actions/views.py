"""The tenant pages behind a one-tap link (/k/<token>) and the staff side on the tenant 360.

Tenant pages: GET and HEAD only show and log ("opened"); the tap on the page is a POST with a CSRF token
that registers through `services.respond`. No personal data on any page, `Cache-Control: no-store`,
`Referrer-Policy: no-referrer`, friendly pages with the phone number for unknown (404), expired (410) and
too many requests (429).
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from nabij.actions import ratelimit, services
from nabij.actions.csrf import tenant_csrf_protect
from nabij.actions.models import STAFF_KINDS, ActionKind, PulseAnswer
from nabij.actions.panels import actions_panel
from nabij.actions.tokens import looks_like_token
from nabij.core.networks import per_client
from nabij.privacy.access import require_permission
from nabij.privacy.models import AccessLogEntry
from nabij.privacy.roles import SEND_ACTION_LINK
from nabij.privacy.services import client_ip, log_access
from nabij.tenants.models import Household


def tenant_page(view):
    """Headers for every tenant page, errors included: never cached, no referrer, not indexed. The
    per-address and per-link rate limits apply before anything is looked up; POSTs need the CSRF token
    (`nabij.actions.csrf`), except where the view is marked `csrf_exempt` (the RFC 8058 one-click POST)."""
    protected = view if getattr(view, "csrf_exempt", False) else tenant_csrf_protect(view)

    @wraps(view)
    @csrf_exempt  # checked by tenant_csrf_protect below (see nabij.actions.csrf)
    def wrapped(request, token, *args, **kwargs):
        limits = {("ip", per_client(client_ip(request))): settings.NABIJ_ACTION_RATE_PER_IP}
        if looks_like_token(token):  # junk never gets a counter of its own: the per-address limit covers it
            limits[("link", token)] = settings.NABIJ_ACTION_RATE_PER_LINK
        allowed = ratelimit.hit(limits)
        if allowed:
            response = protected(request, token, *args, **kwargs)
        else:
            response = _problem(request, "busy", 429, "nl")
            response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _problem(request, problem: str, status: int, language: str):
    with translation.override(language):
        response = render(
            request,
            "actions/problem.html",
            {"problem": problem, "opening_hours": settings.NABIJ_OPENING_HOURS},
            status=status,
        )
        response["Content-Language"] = language
    return response


def csrf_failure(request, reason=""):
    """The tap arrived without a valid CSRF token (cookies off, or the page was open very long)."""
    return _problem(request, "csrf", 403, "nl")


def _page(request, template: str, link, context: dict | None = None, status: int = 200):
    language = services.language_of(link.household)
    with translation.override(language):
        context = {
            "link": link,
            "kind": link.kind,
            "token": request.resolver_match.kwargs["token"],
            "opening_hours": settings.NABIJ_OPENING_HOURS,
            **(context or {}),
        }
        response = render(request, template, context, status=status)
    response["Content-Language"] = language
    return response


def _done(request, link, response, *, already: bool, errors=None, status: int = 200, saved: bool = False):
    return _page(
        request,
        "actions/done.html",
        link,
        {
            "response": response,
            "outcome": response.outcome,
            "already": already,
            "errors": errors or {},
            "saved": saved,
            "best_times": services.best_times(),
            "posted": request.POST if errors else {},
        },
        status=status,
    )


def _load(request, token):
    """(link, problem response): the link when it can be used, else the friendly page to return."""
    link = services.find_link(token)
    if link is None:
        return None, _problem(request, "unknown", 404, "nl")
    if services.is_expired(link):
        return None, _problem(request, "expired", 410, services.language_of(link.household))
    return link, None


def _link_page(request, token):
    link, problem = _load(request, token)
    if problem:
        return problem
    if request.method in ("GET", "HEAD"):
        services.record_open(
            link,
            method=request.method,
            user_agent=request.headers.get("User-Agent", ""),
            ip=client_ip(request),
        )
        existing = services.existing_response(link)
        if existing is not None:
            return _done(request, link, existing, already=True)
        return _page(request, "actions/ask.html", link, {"pulse_answers": PulseAnswer.choices})
    try:
        response, created = services.respond(link, answer=request.POST.get("antwoord", ""))
    except ValidationError as exc:
        return _page(
            request,
            "actions/ask.html",
            link,
            {"pulse_answers": PulseAnswer.choices, "errors": exc.message_dict},
            status=400,
        )
    except services.Refused:
        return _problem(request, "expired", 410, services.language_of(link.household))
    return _done(request, link, response, already=not created)


link_page = tenant_page(require_http_methods(["GET", "HEAD", "POST"])(_link_page))


@tenant_page
@require_http_methods(["POST"])
def add_details(request, token):
    """The optional additions on the confirmation page: another number, what is going on, best time."""
    link, problem = _load(request, token)
    if problem:
        return problem
    response = services.existing_response(link)
    if response is None:
        return _page(request, "actions/ask.html", link, {"pulse_answers": PulseAnswer.choices}, status=409)
    try:
        services.add_details(
            response,
            other_phone=request.POST.get("telefoon", ""),
            note=request.POST.get("toelichting", ""),
            best_time=request.POST.get("beste_tijd", ""),
        )
    except ValidationError as exc:
        return _done(request, link, response, already=False, errors=exc.message_dict, status=400)
    except services.Refused:
        return _problem(request, "expired", 410, services.language_of(link.household))
    return _done(request, link, response, already=False, saved=True)


@tenant_page
@require_http_methods(["GET", "HEAD", "POST"])
def change_details(request, token):
    """ "Gegevens bijwerken": the form for a new e-mail address or mobile number (never prefilled: the page
    shows no personal data). GET only shows it."""
    link, problem = _load(request, token)
    if problem:
        return problem
    if link.kind != ActionKind.CONTACT_DETAILS:
        return _problem(request, "unknown", 404, "nl")
    existing = services.existing_response(link)
    if existing is not None:
        return _done(request, link, existing, already=True)
    if request.method == "POST":
        try:
            response = services.request_details_change(
                link,
                email=request.POST.get("email", ""),
                mobile=request.POST.get("mobiel", ""),
                base_url=_base_url(request),
            )
        except ValidationError as exc:
            return _page(
                request,
                "actions/change_details.html",
                link,
                {"errors": exc.message_dict, "posted": request.POST},
                status=400,
            )
        except services.Refused:
            return _problem(request, "expired", 410, services.language_of(link.household))
        return _done(request, link, response, already=False)
    return _page(request, "actions/change_details.html", link, {"errors": {}, "posted": {}})


@tenant_page
@require_http_methods(["POST"])
def mobile_code(request, token):
    """The code from the SMS that checks a new mobile number (only when an SMS gateway is configured)."""
    link, problem = _load(request, token)
    if problem:
        return problem
    response = services.existing_response(link)
    if response is None or not response.outcome.get("mobile_code_hash"):
        return _problem(request, "unknown", 404, "nl")
    try:
        response = services.verify_mobile_code(response, request.POST.get("code", ""))
    except ValidationError as exc:
        return _done(request, link, response, already=False, errors=exc.message_dict, status=400)
    except services.Refused:
        return _problem(request, "expired", 410, services.language_of(link.household))
    return _done(request, link, response, already=False)


@tenant_page
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def one_click_opt_out(request, token):
    """RFC 8058 one-click unsubscribe: the mail client POSTs `List-Unsubscribe=One-Click` to the URL in the
    List-Unsubscribe header, without cookies or a CSRF token (the token in the URL is the secret). A GET
    (a client that opens the URL in a browser) shows the normal opt-out page with its button."""
    if request.method != "POST":
        return _link_page(request, token)
    link, problem = _load(request, token)
    if problem:
        return problem
    if link.kind != ActionKind.OPT_OUT:
        return _problem(request, "unknown", 404, "nl")
    services.respond(link)
    return HttpResponse("OK\n", content_type="text/plain; charset=utf-8")


# --- Staff: the panel on the tenant 360 ------------------------------------------------------------


@require_permission(SEND_ACTION_LINK)
@require_http_methods(["POST"])
def create_link(request, key):
    """Make a link for the household and either show it to copy or e-mail it. The token is shown once:
    the database keeps only its hash."""
    household = get_object_or_404(Household, key=key)
    kind = request.POST.get("kind", "")
    how = request.POST.get("how", "copy")
    errors: list[str] = []
    created = None
    if kind not in STAFF_KINDS:
        errors.append(_("Kies een actie uit de lijst."))
    elif how == "email":
        try:
            link = services.send_link_email(
                household=household,
                kind=kind,
                created_by=request.user,
                base_url=_base_url(request),
            )
            created = {"link": link, "emailed": True}
        except ValidationError as exc:
            errors.extend(exc.messages)
        except OSError:
            errors.append(
                _("De e-mail kon niet worden verstuurd. Probeer het later opnieuw of kopieer de link.")
            )
    else:
        link, token = services.create_link(household=household, kind=kind, created_by=request.user)
        created = {"link": link, "url": services.public_url(token, "", _base_url(request))}
    log_access(
        request,
        AccessLogEntry.Action.VIEW,
        what="action link " + ("e-mailed" if how == "email" else "created"),
        household_id=household.id,
    )
    data = actions_panel(request, household, created=created, errors=errors)
    template = "actions/_panel.html" if request.htmx else "actions/link_created.html"
    return render(request, template, {"data": data, "household": household}, status=400 if errors else 200)


def _base_url(request) -> str:
    """Where tenants reach Nabij: NABIJ_PUBLIC_URL when set, else the address staff use."""
    return settings.NABIJ_PUBLIC_URL or request.build_absolute_uri("/")
