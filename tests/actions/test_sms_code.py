"""The SMS code hook for a new mobile number: with a sender configured, a code checks the number."""

import re

import pytest

from nabij.actions.models import ActionResponse

pytestmark = pytest.mark.django_db

SENT: list[tuple[str, str]] = []


def send(number: str, text: str) -> None:
    """A stand-in SMS gateway: what Nabij would hand to the real one."""
    SENT.append((number, text))


@pytest.fixture
def gateway(settings):
    settings.NABIJ_SMS_CODE_SENDER = "tests.actions.test_sms_code.send"
    SENT.clear()
    return SENT


def test_the_code_from_the_sms_verifies_the_new_mobile_number(client, home, make_link, gateway):
    token = make_link("gegevens")
    page = client.post(f"/k/{token}/wijzigen", {"mobiel": "06 87654321"}).content.decode()
    assert "Vul die code hieronder in." in page
    ((number, text),) = gateway
    code = re.search(r"\b(\d{6})\b", text).group(1)
    assert number == "+31687654321"
    assert not home.contact_points.filter(value="+31687654321").exists()
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(f"/k/{token}/code", {"code": wrong})
    assert response.status_code == 400 and "Deze code klopt niet" in response.content.decode()
    assert not home.contact_points.filter(value="+31687654321").exists()
    page = client.post(f"/k/{token}/code", {"code": code}).content.decode()
    assert "Je nieuwe mobiele nummer is bevestigd." in page
    point = home.contact_points.get(value="+31687654321")
    assert point.preferred and point.verified_at is not None
    assert code not in str(ActionResponse.objects.get().outcome)


def test_five_wrong_codes_lock_the_code(client, home, make_link, gateway):
    token = make_link("gegevens")
    client.post(f"/k/{token}/wijzigen", {"mobiel": "06 87654321"})
    code = re.search(r"\b(\d{6})\b", gateway[0][1]).group(1)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post(f"/k/{token}/code", {"code": wrong})
    response = client.post(f"/k/{token}/code", {"code": code})
    assert "te vaak een verkeerde code" in response.content.decode()
    assert not home.contact_points.filter(value="+31687654321").exists()


def test_without_a_gateway_the_number_waits_for_staff(client, home, make_link):
    token = make_link("gegevens")
    page = client.post(f"/k/{token}/wijzigen", {"mobiel": "06 87654321"}).content.decode()
    assert "iemand van ons belt je daarvoor" in page
    assert client.post(f"/k/{token}/code", {"code": "123456"}).status_code == 404
