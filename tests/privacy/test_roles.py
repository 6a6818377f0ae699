"""Roles are Django groups that `migrate` keeps in step with privacy/roles.py."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from nabij.privacy.roles import FUNCTIONEEL_BEHEER, IMPORT_DATA, ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db(transaction=True)


def test_migrate_restores_every_role_and_its_permissions():
    Group.objects.all().delete()
    stray = Group.objects.create(name=FUNCTIONEEL_BEHEER)
    stray.permissions.set([Permission.objects.get(codename="view_household")])

    call_command("migrate", verbosity=0)

    for role, permissions in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == permissions, role
    assert IMPORT_DATA in ROLE_PERMISSIONS[FUNCTIONEEL_BEHEER]
