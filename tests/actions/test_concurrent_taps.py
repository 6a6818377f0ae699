"""Two taps at once (a double tap, or a scanner and the tenant) register once."""

import threading

import pytest
from django.db import connection, connections

from nabij.actions import services
from nabij.actions.models import ActionResponse
from nabij.casework.models import Case, DunningPause

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="in-memory SQLite; bench/one_tap_load.py covers SQLite under load"
)
def test_simultaneous_taps_on_one_link_register_once(home, make_link):
    token = make_link("betaalhulp")
    barrier = threading.Barrier(8)
    created = []

    def tap():
        try:
            barrier.wait()
            link = services.find_link(token)
            _response, was_created = services.respond(link)
            created.append(was_created)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tap) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created) == [False] * 7 + [True]
    assert ActionResponse.objects.count() == 1
    assert Case.objects.count() == 1 and DunningPause.objects.count() == 1
