"""The privacy officer's view of who accessed what; the log itself cannot be changed."""

import pytest
from django.urls import reverse

from nabij.privacy.models import AccessLogEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_privacy_officer_sees_views_searches_and_refusals(client, client_for):
    household = factories.household("Jansen")
    adviser = factories.staff_user("klantadviseur", username="sanne")
    client.force_login(adviser)
    client.post(reverse("tenants:search"), {"q": "Jansen"})
    client.get(reverse("tenants:household", args=[household.key]))
    client.get(reverse("privacy:access_log"))  # refused: not her role

    client_for("privacy_officer")
    html = client.get(reverse("privacy:access_log")).content.decode()
    assert html.count("sanne") == 3
    assert "Dossier bekeken" in html and "Gezocht" in html and "Toegang geweigerd" in html

    only_views = client.get(reverse("privacy:access_log"), {"actie": "view"}).content.decode()
    assert only_views.count("sanne") == 1


def test_access_log_entries_cannot_be_changed_or_deleted():
    user = factories.staff_user("klantadviseur")
    entry = AccessLogEntry.objects.create(at="2026-11-27T10:00:00+01:00", user=user, action="view", what="x")
    entry.what = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).what == "x"
