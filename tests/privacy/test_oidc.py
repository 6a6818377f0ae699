"""Optional OIDC login (Microsoft Entra ID): the roles claim decides the Nabij roles at every login, and
someone without a Nabij role is not let in. The exchange with the provider itself is mozilla-django-oidc's."""

import pytest
from django.test import override_settings

from nabij.privacy.oidc import RoleMappingOIDCBackend, roles_from_claims
from tests import factories

pytestmark = pytest.mark.django_db

ENTRA = {
    "OIDC_RP_CLIENT_ID": "nabij-test",
    "OIDC_RP_CLIENT_SECRET": "not-a-real-secret",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.org/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.org/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example.org/keys",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "NABIJ_OIDC_ROLE_MAP": {"Nabij.Klantadviseur": "klantadviseur", "Nabij.Privacy": "privacy_officer"},
}


@override_settings(**ENTRA)
def test_entra_app_roles_map_to_nabij_roles_and_follow_every_login():
    factories.staff_user(None)  # the roles (groups) exist
    backend = RoleMappingOIDCBackend()
    claims = {
        "preferred_username": "S.Visser@Woonstichting.nl",
        "email": "s.visser@woonstichting.nl",
        "given_name": "Sanne",
        "family_name": "Visser",
        "roles": ["Nabij.Klantadviseur", "Iets.Anders"],
    }
    assert backend.verify_claims(claims)
    user = backend.create_user(claims)
    assert user.username == "s.visser@woonstichting.nl" and not user.has_usable_password()
    assert set(user.groups.values_list("name", flat=True)) == {"klantadviseur"}
    assert user.has_perm("tenants.view_household")

    # In Entra ID she moved to the privacy office: the next login gives her that role instead.
    found = backend.filter_users_by_claims({**claims, "preferred_username": "s.visser@WOONSTICHTING.nl"})
    assert list(found) == [user]
    backend.update_user(user, {**claims, "roles": ["Nabij.Privacy"]})
    assert set(user.groups.values_list("name", flat=True)) == {"privacy_officer"}


@override_settings(**ENTRA)
def test_someone_without_a_nabij_role_is_not_let_in():
    backend = RoleMappingOIDCBackend()
    assert not backend.verify_claims({"preferred_username": "gast@example.org", "roles": ["Iets.Anders"]})
    assert not backend.verify_claims({"preferred_username": "gast@example.org"})


@override_settings(NABIJ_OIDC_ROLE_MAP={}, NABIJ_OIDC_ROLE_CLAIM="groups")
def test_without_a_map_claim_values_must_be_role_names():
    assert roles_from_claims({"groups": ["teamleider", "beheerders", "beleid"]}) == {"teamleider", "beleid"}
    assert roles_from_claims({"groups": "incasso"}) == {"incasso"}
