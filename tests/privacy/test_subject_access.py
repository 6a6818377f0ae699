"""Subject access (AVG art. 15): the privacy officer exports everything Nabij holds about one household."""

import json

import pytest

from nabij.privacy import registry, subject_access
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_registered_data_class_is_a_section():
    household = factories.household("Oosterbroek", first_name="Wilhelmina")
    subject = registry.directory().by_key(household.key)
    export = subject_access.build_export(subject)
    keys = [s.key for s in export.sections]
    assert set(keys) == {p.key for p in registry.providers()}
    data = json.loads(subject_access.export_json(export))
    persons = next(s for s in data["sections"] if s["key"] == "tenants.persons")
    assert persons["records"][0]["first_name"] == "Wilhelmina"
    assert "Wilhelmina" in subject_access.export_html(export)
