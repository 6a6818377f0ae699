"""The authorisation matrix: for every named URL, what it takes to use it. One place, checked by a test.

HOW TO ADD AN ENTRY (every new URL needs one, or tests/privacy/test_matrix.py fails and names it):

    "<namespace>:<url name>": needs(SOME_PERMISSION, SPECIAL),   # a permission from privacy/roles.py
    "<namespace>:<url name>": LOGIN,     # any logged-in staff member, no permission (use sparingly)
    "<namespace>:<url name>": PUBLIC,    # anyone, no login (login page, health check)
    "<namespace>:<url name>": TOKEN,     # tenant pages: no login, the view checks an opaque token

The key is the name `reverse()` takes ("tenants:household"). The permission is a constant from
`nabij.privacy.roles` (add a new one there, with the roles that get it). The data classes after the
permission say what the page shows (see DATA_CLASSES; docs/privacy.md explains them): they feed the
documented matrix, the walk does not check them.

The test walks every pattern in the URLconf, for anonymous visitors, a logged-in user without a role and every
role, with GET and POST, and compares what comes back with this table:

- PUBLIC and TOKEN: nobody is sent to the login page or refused with 403.
- LOGIN: anonymous visitors go to the login page; every logged-in user gets through.
- needs(P): anonymous visitors go to the login page, users without P get 403, users with P get through.
- Every 403 leaves a "Toegang geweigerd" entry in the access log.

"Gets through" means anything but a login redirect or a 403 (a 404 for a sample id, a 405 for a GET on a
POST-only view, a form with errors, a redirect elsewhere). Protect views with
`nabij.privacy.access.require_permission(P)` — it also logs the refusals — and the walk will agree.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from nabij.privacy import roles
from nabij.privacy.models import AccessLogEntry

# --- Data classes (what a page shows; docs/privacy.md, "Gegevensklassen") -------------------------------
NONE = "geen"  # no personal data (login page, health check, reference data)
AGGREGATE = "totalen"  # counts over households, cells under 10 suppressed
PERSONAL = "persoonsgegevens"  # name, address, contact details, tenancy of one household
FINANCIAL = "financieel"  # rent, payments, arrears of one household
CONTACTS = "klantcontact"  # contacts, signals and their notes (not special categories)
SPECIAL = "bijzonder"  # GDPR art. 9: health signals and their notes — only with VIEW_SPECIAL_SIGNALS
ACCESS_LOG = "toegangslog"  # who looked at what (references, never copies of personal data)
STAFF = "medewerkers"  # staff accounts and their actions (imports, developments)

DATA_CLASSES = (NONE, AGGREGATE, PERSONAL, FINANCIAL, CONTACTS, SPECIAL, ACCESS_LOG, STAFF)


@dataclass(frozen=True)
class Rule:
    kind: str  # "public" | "token" | "login" | "permission"
    permission: str = ""
    data: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.permission if self.kind == "permission" else self.kind


PUBLIC = Rule("public", data=(NONE,))
TOKEN = Rule("token", data=(NONE,))
LOGIN = Rule("login", data=(NONE,))


def needs(permission: str, *data: str) -> Rule:
    if permission.count(".") != 1:
        raise ValueError(f"{permission!r} is not an 'app_label.codename' permission")
    return Rule("permission", permission, data or (NONE,))


MATRIX: dict[str, Rule] = {
    # --- core ---------------------------------------------------------------------------------------
    "home": LOGIN,
    "healthz": PUBLIC,
    "login": PUBLIC,
    "logout": PUBLIC,  # POST only; logging out needs no permission
    "set_language": PUBLIC,
    # --- tenants ------------------------------------------------------------------------------------
    "tenants:search": needs(roles.VIEW_HOUSEHOLD, PERSONAL),
    "tenants:household": needs(roles.VIEW_HOUSEHOLD, PERSONAL, FINANCIAL, CONTACTS, SPECIAL),
    "tenants:data_status": needs(roles.VIEW_DATA_STATUS, AGGREGATE, STAFF),
    "tenants:upload_import": needs(roles.IMPORT_DATA, PERSONAL, FINANCIAL),
    "tenants:reachability": needs(roles.VIEW_REACHABILITY, AGGREGATE),
    # --- contacts -----------------------------------------------------------------------------------
    "contacts:log": needs(roles.LOG_CONTACT, CONTACTS, SPECIAL),
    "contacts:contact_details_checked": needs(roles.LOG_CONTACT, PERSONAL),
    "contacts:correct_contact_details": needs(roles.LOG_CONTACT, PERSONAL, CONTACTS, SPECIAL),
    "contacts:end_signal": needs(roles.LOG_CONTACT, CONTACTS, SPECIAL),
    "contacts:developments": needs(roles.VIEW_DEVELOPMENTS, NONE),
    "contacts:development_add": needs(roles.MANAGE_DEVELOPMENTS, STAFF),
    "contacts:development_edit": needs(roles.MANAGE_DEVELOPMENTS, STAFF),
    "monitor:page": needs(roles.VIEW_MONITOR, AGGREGATE),
    "monitor:areas": needs(roles.VIEW_MONITOR, AGGREGATE),
    "monitor:csv": needs(roles.VIEW_MONITOR, AGGREGATE),
    # --- actions (one-tap links) ---------------------------------------------------------------------
    "actions:link": TOKEN,
    "actions:add_details": TOKEN,
    "actions:change_details": TOKEN,
    "actions:mobile_code": TOKEN,
    "actions:one_click_opt_out": TOKEN,
    "actions:create_link": needs(roles.SEND_ACTION_LINK, PERSONAL, CONTACTS),
    # --- casework -----------------------------------------------------------------------------------
    "casework:queue": needs(roles.VIEW_CASE, PERSONAL),
    "casework:mine": needs(roles.VIEW_CASE, PERSONAL),
    "casework:case": needs(roles.VIEW_CASE, PERSONAL, CONTACTS),
    "casework:next": needs(roles.CHANGE_CASE, PERSONAL),
    "casework:status": needs(roles.CHANGE_CASE, PERSONAL, CONTACTS),
    "casework:close": needs(roles.CHANGE_CASE, PERSONAL, CONTACTS),
    "casework:attempt": needs(roles.CHANGE_CASE, PERSONAL, CONTACTS),
    "casework:note": needs(roles.CHANGE_CASE, PERSONAL, CONTACTS),
    "casework:take": needs(roles.CHANGE_CASE, PERSONAL),
    "casework:bulk_assign": needs(roles.ASSIGN_CASE, STAFF),
    "casework:open": needs(roles.CHANGE_CASE, PERSONAL),
    "casework:arrangement": needs(roles.CHANGE_CASE, PERSONAL, FINANCIAL),
    "casework:pause": needs(roles.CHANGE_CASE, PERSONAL, FINANCIAL),
    "casework:refer": needs(roles.CHANGE_CASE, PERSONAL, CONTACTS),
    "casework:referral_result": needs(roles.CHANGE_CASE, PERSONAL, CONTACTS),
    "casework:early_step": needs(roles.CHANGE_CASE, PERSONAL),
    # The outreach list shows reasons from arrears and signals (never health: DESIGN.md §6).
    "casework:outreach": needs(roles.VIEW_CASE, PERSONAL, FINANCIAL),
    "casework:outreach_cases": needs(roles.CHANGE_CASE, PERSONAL),
    "casework:call_scripts": needs(roles.MANAGE_CALL_SCRIPTS, NONE),
    "casework:call_script_edit": needs(roles.MANAGE_CALL_SCRIPTS, STAFF),
    "casework:partners": needs(roles.MANAGE_PARTNERS, NONE),
    "casework:partner_edit": needs(roles.MANAGE_PARTNERS, NONE),
    # Vroegsignalering: the file holds only contact details and the arrears (Wgs art. 2).
    "casework:early_signals": needs(roles.REVIEW_EARLY_SIGNAL, PERSONAL, FINANCIAL),
    "casework:early_signal_review": needs(roles.REVIEW_EARLY_SIGNAL, PERSONAL, FINANCIAL),
    "casework:early_signal_export": needs(roles.REVIEW_EARLY_SIGNAL, PERSONAL, FINANCIAL),
    "casework:erp_exports": needs(roles.EXPORT_ERP, STAFF),
    "casework:erp_export_now": needs(roles.EXPORT_ERP, FINANCIAL),
    "casework:erp_export_download": needs(roles.EXPORT_ERP, FINANCIAL),
    # --- privacy ------------------------------------------------------------------------------------
    "privacy:access_log": needs(roles.VIEW_ACCESS_LOG, ACCESS_LOG, STAFF),
    "privacy:second_factor": LOGIN,  # the second step of logging in (TOTP), when NABIJ_REQUIRE_2FA is on
    "privacy:subject_access": needs(roles.SUBJECT_ACCESS, PERSONAL),
    "privacy:subject_access_household": needs(roles.SUBJECT_ACCESS, PERSONAL),
    # The export holds everything, health included: it goes to the tenant themselves (art. 15).
    "privacy:subject_access_export": needs(
        roles.SUBJECT_ACCESS, PERSONAL, FINANCIAL, CONTACTS, SPECIAL, ACCESS_LOG
    ),
    "privacy:erasure_request": needs(roles.REQUEST_ERASURE, PERSONAL),
    "privacy:erasure_requests": needs(roles.CONFIRM_ERASURE, STAFF),
    "privacy:erasure_confirm": needs(roles.CONFIRM_ERASURE, PERSONAL, FINANCIAL, CONTACTS, SPECIAL),
    "privacy:erasure_withdraw": needs(roles.REQUEST_ERASURE, STAFF),
    # Lifting an erasure's import tombstone (a former tenant returns), four eyes; no data is shown.
    "privacy:erasure_lift": needs(roles.REQUEST_ERASURE, STAFF),
    "privacy:erasure_lift_confirm": needs(roles.CONFIRM_ERASURE, STAFF),
    "privacy:erasure_lift_withdraw": needs(roles.REQUEST_ERASURE, STAFF),
    "privacy:retention": needs(roles.VIEW_RETENTION, AGGREGATE),
}

if settings.NABIJ_OIDC:  # optional staff login through OIDC: the provider's redirects, public by nature
    MATRIX.update({name: PUBLIC for name in ("oidc_authentication_init", "oidc_authentication_callback")})
    MATRIX["oidc_logout"] = PUBLIC


# --- The walk ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "" for an unnamed pattern
    route: str  # the pattern as written, for messages
    converters: dict = field(default_factory=dict)


def routes(urlconf: str | None = None) -> list[Route]:
    """Every pattern of the URLconf, with its full name and the converters of its arguments."""
    found: list[Route] = []

    def walk(patterns, namespaces: list[str], prefix: str, converters: dict) -> None:
        for p in patterns:
            these = {**converters, **getattr(p.pattern, "converters", {})}
            if isinstance(p, URLResolver):
                spaces = namespaces + [p.namespace] if p.namespace else namespaces
                walk(p.url_patterns, spaces, prefix + str(p.pattern), these)
            elif isinstance(p, URLPattern):
                name = ":".join(namespaces + [p.name]) if p.name else ""
                found.append(Route(name, prefix + str(p.pattern), these))

    walk(get_resolver(urlconf).url_patterns, [], "", {})
    return found


def _sample(argument: str, converter, samples: Mapping[str, object]):
    if argument in samples:
        return samples[argument]
    if isinstance(converter, UUIDConverter):
        return uuid.uuid4()
    if isinstance(converter, IntConverter):
        return 999_999
    return "onbekend-" + uuid.uuid4().hex[:12]


def fetch_every_url(
    user,
    *,
    samples: Mapping[str, object] | None = None,
    methods: Iterable[str] = ("get", "post"),
    headers: Mapping[str, str] | None = None,
):
    """Request every named URL of the URLconf as `user` (None: anonymous), with each method, and yield
    (name, method, url, response). For tests that look for content that must not come out anywhere."""
    samples = samples or {}
    for route in routes():
        if not route.name:
            continue
        kwargs = {arg: _sample(arg, conv, samples) for arg, conv in route.converters.items()}
        url = reverse(route.name, kwargs=kwargs)
        for method in methods:
            client = Client(headers=headers)
            if user is not None:
                client.force_login(user)
            yield route.name, method, url, getattr(client, method)(url)


def outcome(response, login_url: str) -> str:
    """'login', 'forbidden', 'method' (405) or 'through' (anything else).

    'login' is the redirect to the login page that asks to come back (`?next=`); logging out also ends on the
    login page, but that is not a refusal."""
    if response.status_code in (301, 302, 303, 307):
        target, _sep, query = response["Location"].partition("?")
        if target == login_url and "next=" in query:
            return "login"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 405:
        return "method"
    return "through"


def expected(rule: Rule, user) -> str:
    """What `user` (None: anonymous) should get: 'through', 'login' or 'forbidden'."""
    if rule.kind in ("public", "token"):
        return "through"
    if user is None:
        return "login"
    if rule.kind == "login" or user.has_perm(rule.permission):
        return "through"
    return "forbidden"


def check_urlconf(
    users: Mapping[str, object],
    *,
    matrix: Mapping[str, Rule] | None = None,
    urlconf: str | None = None,
    samples: Mapping[str, object] | None = None,
    methods: Iterable[str] = ("get", "post"),
) -> list[str]:
    """Walk every URL pattern for every user and compare with the matrix. Returns the problems found, each
    a sentence that names the URL (an empty list: all is well).

    `users` maps a label ("anoniem", a role name) to a user, or to None for an anonymous visitor.
    `samples` gives values for URL arguments by name (e.g. an existing household's key); others are made up.
    """
    matrix = MATRIX if matrix is None else matrix
    samples = samples or {}
    problems: list[str] = []
    with override_settings(ROOT_URLCONF=urlconf or settings.ROOT_URLCONF):
        login_url = resolve_url(settings.LOGIN_URL)
        seen: set[str] = set()
        for route in routes():
            if not route.name:
                problems.append(f"URL pattern {route.route!r} has no name: give it one and add it to MATRIX")
                continue
            seen.add(route.name)
            rule = matrix.get(route.name)
            if rule is None:
                problems.append(
                    f"URL name {route.name!r} ({route.route}) has no entry in nabij.privacy.matrix.MATRIX: "
                    f"add one, e.g. {route.name!r}: needs(roles.SOME_PERMISSION)"
                )
                continue
            kwargs = {arg: _sample(arg, conv, samples) for arg, conv in route.converters.items()}
            url = reverse(route.name, kwargs=kwargs)
            for label, user in users.items():
                want = expected(rule, user)
                got = []
                for method in methods:
                    client = Client()
                    if user is not None:
                        client.force_login(user)
                    refusals = _refusals_logged()
                    response = getattr(client, method)(url)
                    got.append(outcome(response, login_url))
                    if got[-1] == "forbidden" and _refusals_logged() == refusals:
                        problems.append(
                            f"{route.name} ({url}) as {label}: {method.upper()} refused (403) without an "
                            "access-log entry: use nabij.privacy.access.require_permission"
                        )
                if not _agrees(want, got):
                    problems.append(
                        f"{route.name} ({url}) as {label}: expected {want} for rule {rule}, got "
                        + ", ".join(f"{m.upper()} {g}" for m, g in zip(methods, got, strict=True))
                    )
        for name in sorted(set(matrix) - seen):
            problems.append(f"MATRIX entry {name!r} matches no URL pattern: remove it")
    return problems


def _refusals_logged() -> int:
    return AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DENIED).count()


def _agrees(want: str, got: list[str]) -> bool:
    """Every method gives the wanted outcome, except those refused as not allowed (405) — and at least one
    method must answer, so a view that is not allowed anything proves nothing."""
    answered = [g for g in got if g != "method"]
    if want == "through":
        return all(g == "through" for g in answered)
    return bool(answered) and all(g == want for g in answered)
