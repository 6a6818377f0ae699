import pytest

from tests import factories


@pytest.fixture(autouse=True)
def rate_counters_in_the_test_database(settings):
    """Rate-limit counters in the test database, which each test rolls back (a counter file beside it, the
    SQLite default, would carry counts from test to test; tests/actions/test_robustness.py covers it)."""
    settings.NABIJ_RATE_COUNTER_FILE = ""


@pytest.fixture
def client_for(client):
    """Log the test client in as a fresh user with the given role (None: no role)."""

    def login(role):
        user = factories.staff_user(role)
        client.force_login(user)
        return user

    return login
