"""Demo logins: one staff account per role, with a known password. Only for demo databases."""

from django.contrib.auth.models import Group, User
from django.db import transaction

from nabij.privacy.roles import ROLE_LABELS, sync_roles

DEMO_PASSWORD = "nabij-demo-2026"  # noqa: S105 — printed on purpose, demo only

# username -> (first name, last name, role)
DEMO_USERS = {
    "klantadviseur": ("Sanne", "Bakker", "klantadviseur"),
    "incasso": ("Mehmet", "Yilmaz", "incasso"),
    "wijkconsulent": ("Esther", "de Wit", "wijkconsulent"),
    "teamleider": ("Ruud", "Hendriks", "teamleider"),
    "beleid": ("Fatima", "El Amrani", "beleid"),
    "beheer": ("Joris", "van Dam", "functioneel_beheer"),
    "privacy": ("Ingrid", "Visser", "privacy_officer"),
    # A second privacy officer: erasure needs four eyes (one requests, another confirms).
    "privacy2": ("Karim", "Bouzid", "privacy_officer"),
}


@transaction.atomic
def create_demo_users() -> list[tuple[str, str]]:
    """Create (or reset) the demo accounts; returns (username, role label) pairs."""
    sync_roles()
    created = []
    for username, (first, last, role) in DEMO_USERS.items():
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        created.append((username, str(ROLE_LABELS[role])))
    return created
