import pytest

from tests import factories


@pytest.fixture
def client_for(client):
    """Log the test client in as a fresh user with the given role (None: no role)."""

    def login(role):
        user = factories.staff_user(role)
        client.force_login(user)
        return user

    return login
