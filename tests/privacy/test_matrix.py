"""Every URL in the URLconf, for anonymous visitors, a user without a role and every role, does what the
authorisation matrix (nabij.privacy.matrix) says — and a view nobody protected is caught."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from nabij.contacts.models import Development
from nabij.privacy.matrix import MATRIX, check_urlconf, needs, routes
from nabij.privacy.roles import ROLE_PERMISSIONS, VIEW_HOUSEHOLD
from nabij.urls import urlpatterns as nabij_urlpatterns
from tests import factories

pytestmark = pytest.mark.django_db


def everyone() -> dict:
    users = {"anoniem": None, "zonder rol": factories.staff_user(None)}
    users.update({role: factories.staff_user(role) for role in ROLE_PERMISSIONS})
    return users


def real_samples() -> dict:
    """Existing rows for URL arguments, so allowed roles reach the page itself, not a 404."""
    household = factories.household("Matrix")
    development = Development.objects.create(
        title="Energieprijzen omhoog", date=dt.date(2026, 10, 1), created_at=timezone.now()
    )
    return {"key": household.key, "pk": development.pk}


def test_every_url_does_what_the_matrix_says_for_every_role():
    problems = check_urlconf(everyone(), samples=real_samples())
    assert problems == [], "\n".join(problems)


def test_every_role_in_the_matrix_exists_and_every_url_has_a_name():
    names = {route.name for route in routes()}
    assert "" not in names
    granted = set().union(*ROLE_PERMISSIONS.values())
    for name, rule in MATRIX.items():
        if rule.kind == "permission":
            assert rule.permission in granted, f"{name}: no role has {rule.permission}"


# --- Proof that the walk catches a view nobody protected --------------------------------------------------
def leak(request):
    return HttpResponse("Fam. Jansen, Lindelaan 1, betaalachterstand € 1.300")


# A URLconf like Nabij's, plus one view without any protection (ROOT_URLCONF points here in the tests below).
def refuses_quietly(request):
    raise PermissionDenied  # refused, but nobody will know it was tried


urlpatterns = [
    *nabij_urlpatterns,
    path("lek/", leak, name="leak"),
    path("stil/", refuses_quietly, name="quiet"),
]


def test_an_unprotected_view_without_an_entry_fails_and_names_the_url():
    # A missing entry is found before any request: one visitor is enough.
    problems = check_urlconf({"anoniem": None}, urlconf=__name__, samples=real_samples())
    assert [p for p in problems if "leak" in p] == [
        "URL name 'leak' (lek/) has no entry in nabij.privacy.matrix.MATRIX: "
        "add one, e.g. 'leak': needs(roles.SOME_PERMISSION)"
    ]


def test_an_unprotected_view_that_the_matrix_says_is_protected_fails_for_everyone_refused():
    matrix = {**MATRIX, "leak": needs(VIEW_HOUSEHOLD), "quiet": needs(VIEW_HOUSEHOLD)}
    users = everyone()
    problems = check_urlconf(users, matrix=matrix, urlconf=__name__, samples=real_samples())

    refused = [label for label, user in users.items() if user is None or not user.has_perm(VIEW_HOUSEHOLD)]
    assert sorted(p for p in problems if p.startswith("leak ")) == sorted(
        f"leak (/lek/) as {label}: expected {'login' if users[label] is None else 'forbidden'} "
        "for rule tenants.view_household, got GET through, POST through"
        for label in refused
    )
    # A refusal that leaves no trace in the access log is reported too.
    assert (
        "quiet (/stil/) as beleid: GET refused (403) without an access-log entry: "
        "use nabij.privacy.access.require_permission"
    ) in problems
