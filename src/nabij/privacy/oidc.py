"""Optional staff login through OpenID Connect (Microsoft Entra ID at most corporations), via
mozilla-django-oidc. Off unless OIDC_RP_CLIENT_ID is set; docs/privacy.md ("Inloggen via Entra ID") says how.

The identity provider decides who someone is and which Nabij roles they have: the roles come from one claim
(NABIJ_OIDC_ROLE_CLAIM, default "roles": Entra ID's app roles in the ID token), mapped to Nabij's roles by
NABIJ_OIDC_ROLE_MAP ("Nabij.Klantadviseur=klantadviseur,..."; without a map a claim value must be a role's
own name). The user's roles are set from the claim at every login, so taking a role away in Entra ID takes it
away in Nabij at the next login. Someone without any Nabij role in the claim is not let in.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from nabij.privacy.roles import ROLE_PERMISSIONS


def roles_from_claims(claims: dict) -> set[str]:
    """The Nabij roles the claims grant (unknown values are ignored)."""
    values = claims.get(settings.NABIJ_OIDC_ROLE_CLAIM) or []
    if isinstance(values, str):
        values = [values]
    mapping = settings.NABIJ_OIDC_ROLE_MAP or {}
    roles = {mapping.get(v, v if not mapping else "") for v in values}
    return roles & set(ROLE_PERMISSIONS)


def username_from_claims(claims: dict) -> str:
    return (claims.get("preferred_username") or claims.get("email") or "").strip().lower()


class RoleMappingOIDCBackend(OIDCAuthenticationBackend):
    def get_userinfo(self, access_token, id_token, payload):
        # Entra ID puts app roles in the (verified) ID token, not in the userinfo answer.
        claims = super().get_userinfo(access_token, id_token, payload)
        for name in (settings.NABIJ_OIDC_ROLE_CLAIM, "preferred_username"):
            if name not in claims and name in payload:
                claims[name] = payload[name]
        return claims

    def verify_claims(self, claims) -> bool:
        return bool(username_from_claims(claims)) and bool(roles_from_claims(claims))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username__iexact=username_from_claims(claims))

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(username_from_claims(claims), email=claims.get("email", ""))
        user.set_unusable_password()  # this account logs in through the identity provider only
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        user.first_name = claims.get("given_name", user.first_name)[:150]
        user.last_name = claims.get("family_name", user.last_name)[:150]
        user.email = claims.get("email", user.email)
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles_from_claims(claims)))
        return user
