"""An erasure confirmed while a VERA import runs is not undone by that import (PostgreSQL, real connections).

The import loads the keys Nabij holds (and the tombstones) early in its run. Were the erasure to commit after
that and before the import writes, the import would not find the erased (renamed) household and insert it
again, and no later import would check its keys. The two take one lock, so the erasure waits for the
running import (or the import for the erasure)."""

import threading

import pytest
from django.db import connection, connections

from nabij.privacy import erasure
from nabij.tenants.importer import core
from nabij.tenants.importer.core import run_import
from nabij.tenants.models import Household, ImportRun, Person
from tests import factories
from tests.vera import EXAMPLE_DIR, import_dir, last_run

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite serialises writers itself (IMMEDIATE transactions); the lock is PostgreSQL's",
    ),
]
WAIT = 30  # seconds; only reached when something is broken


def test_an_erasure_confirmed_during_an_import_waits_for_it_and_stays_erased(monkeypatch):
    assert import_dir(EXAMPLE_DIR)[0]
    household = Household.objects.get(id_extern="REL-1020")
    first, second = factories.staff_user("privacy_officer"), factories.staff_user("privacy_officer")
    request = erasure.request_erasure(first, household.pk, "verzoek")

    # The import pauses right after it has loaded the keys Nabij holds (households, then persons), before
    # it writes anything: the window in which an erasure used to be undone.
    loaded, resume = threading.Event(), threading.Event()
    defined_by, load_persons = core._ref_registry["persons"]

    def pausing_load_persons():
        keys = load_persons()
        if threading.current_thread().name == "import" and not loaded.is_set():
            loaded.set()
            resume.wait(WAIT)
        return keys

    monkeypatch.setitem(core._ref_registry, "persons", (defined_by, pausing_load_persons))
    results, failures = {}, []

    def in_thread(name, work):
        try:
            results[name] = work()
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            failures.append((name, exc))
        finally:
            connections.close_all()

    importing = threading.Thread(
        target=in_thread, args=("import", lambda: run_import(EXAMPLE_DIR)), name="import"
    )
    importing.start()
    assert loaded.wait(WAIT)
    confirming = threading.Thread(
        target=in_thread, args=("erasure", lambda: erasure.confirm_erasure(request, second)), name="erasure"
    )
    confirming.start()
    confirming.join(2)
    waited = confirming.is_alive()  # the erasure waits for the running import
    resume.set()
    importing.join(WAIT)
    confirming.join(WAIT)
    assert not importing.is_alive() and not confirming.is_alive()
    assert failures == []
    assert results["import"].status == ImportRun.Status.SUCCEEDED
    assert results["erasure"].status == "uitgevoerd"

    # The household is erased, not re-inserted by the import; the next import leaves it out.
    assert not Household.objects.filter(id_extern="REL-1020").exists()
    assert not Person.objects.filter(surname="Jansen").exists()
    ok, _out, err = import_dir(EXAMPLE_DIR)
    assert ok, err
    assert not Household.objects.filter(id_extern="REL-1020").exists()
    assert sum(last_run().skipped_erased.values()) == 17
    assert waited


def test_import_and_erasure_take_the_same_lock(monkeypatch):
    """While either holds it, another connection cannot take it."""
    household = factories.household("Oosterbroekstra")
    first, second = factories.staff_user("privacy_officer"), factories.staff_user("privacy_officer")
    request = erasure.request_erasure(first, household.pk, "verzoek")
    seen = []

    def try_lock_elsewhere():
        def attempt():
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [erasure.IMPORT_LOCK_ID])
                    seen.append(cursor.fetchone()[0])
            finally:
                connections.close_all()

        thread = threading.Thread(target=attempt)
        thread.start()
        thread.join(WAIT)

    original_keys, original_files = erasure.import_keys, core.process_files

    def keys_then_try(household_id):
        try_lock_elsewhere()
        return original_keys(household_id)

    def files_then_try(ctx, files):
        try_lock_elsewhere()
        return original_files(ctx, files)

    monkeypatch.setattr(erasure, "import_keys", keys_then_try)
    monkeypatch.setattr(core, "process_files", files_then_try)
    erasure.confirm_erasure(request, second)
    assert run_import(EXAMPLE_DIR).status == ImportRun.Status.SUCCEEDED
    try_lock_elsewhere()  # and both let it go when they commit
    assert seen == [False, False, True]
