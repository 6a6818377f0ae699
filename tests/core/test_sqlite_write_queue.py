"""The writers' queue of the SQLite backend (nabij.core.db.sqlite): a second writer waits its turn
instead of sleeping in SQLite's busy handler or failing with "database is locked"."""

import threading
import time

import pytest
from django.db import connection, connections
from django.db.utils import load_backend

from nabij.core.db.sqlite.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="part of the SQLite backend")


def open_database(path, busy_timeout_seconds):
    """A connection of the project's backend to a file database, as a gunicorn thread would have one."""
    settings_dict = {
        **connection.settings_dict,
        "NAME": str(path),
        "OPTIONS": {**connection.settings_dict["OPTIONS"], "timeout": busy_timeout_seconds},
        "CONN_MAX_AGE": 0,
    }
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias=f"queue-test-{threading.get_ident()}")


def write(path, value, *, hold_seconds=0.0, fail=False, log=None):
    """One write transaction the way `transaction.atomic` runs it on this backend."""
    db = open_database(path, busy_timeout_seconds=0)
    try:
        db.ensure_connection()
        db._start_transaction_under_autocommit()
        if log is not None:
            log.append(("begin", value, time.monotonic()))
        db.cursor().execute("INSERT INTO taps (value) VALUES (%s)", [value])
        time.sleep(hold_seconds)
        if fail:
            db._rollback()
        else:
            db._commit()
        if log is not None:
            log.append(("end", value, time.monotonic()))
    finally:
        db.close()


@pytest.fixture(autouse=True)
def own_connections(django_db_blocker):
    """These tests open their own connections to their own files, outside the test database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "queue.sqlite3"
    db = open_database(path, busy_timeout_seconds=0)
    db.cursor().execute("CREATE TABLE taps (value TEXT)")
    db.close()
    return path


def rows(path):
    db = open_database(path, busy_timeout_seconds=0)
    try:
        cursor = db.cursor()
        cursor.execute("SELECT value FROM taps ORDER BY rowid")
        return [value for (value,) in cursor.fetchall()]
    finally:
        db.close()


def test_the_backend_is_the_one_settings_choose_for_sqlite():
    assert connection.settings_dict["ENGINE"] == "nabij.core.db.sqlite"
    assert isinstance(connections["default"], DatabaseWrapper)


def test_a_second_writer_waits_for_the_first_instead_of_failing(database):
    """With no busy timeout at all, plain SQLite refuses the second writer at once ("database is
    locked"); through the queue it waits and begins only after the first has committed."""
    log, errors = [], []

    def run(value, hold, delay):
        time.sleep(delay)
        try:
            write(database, value, hold_seconds=hold, log=log)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    first = threading.Thread(target=run, args=("eerste", 0.3, 0))
    second = threading.Thread(target=run, args=("tweede", 0, 0.1))
    first.start()
    second.start()
    first.join()
    second.join()

    assert errors == []
    assert rows(database) == ["eerste", "tweede"]
    first_end = next(at for event, value, at in log if event == "end" and value == "eerste")
    second_begin = next(at for event, value, at in log if event == "begin" and value == "tweede")
    assert second_begin >= first_end


def test_a_rolled_back_writer_lets_the_next_one_in(database):
    write(database, "teruggedraaid", fail=True)
    done = threading.Event()
    thread = threading.Thread(target=lambda: (write(database, "daarna"), done.set()))
    thread.start()
    thread.join(timeout=5)
    assert done.is_set()
    assert rows(database) == ["daarna"]


def test_plain_sqlite_without_the_queue_refuses_the_second_writer(database):
    """The failure the queue prevents, shown with Django's own SQLite backend on the same file."""
    from django.db.backends.sqlite3.base import DatabaseWrapper as PlainSQLite

    first = open_database(database, busy_timeout_seconds=0)
    first.ensure_connection()
    first._start_transaction_under_autocommit()
    errors = []

    def second_writer():
        plain = PlainSQLite({**first.settings_dict}, alias="plain")
        try:
            plain.ensure_connection()
            plain._start_transaction_under_autocommit()
        except Exception as exc:  # noqa: BLE001 — asserted below
            errors.append(exc)
        finally:
            plain.close()

    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(timeout=5)
    first._rollback()
    first.close()
    assert errors and "locked" in str(errors[0])
