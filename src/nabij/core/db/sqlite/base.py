"""Django's SQLite backend with a queue for writers (ENGINE "nabij.core.db.sqlite").

SQLite has one write lock per database. A writer that finds it taken waits in SQLite's busy handler, which
sleeps 1, 2, 5, 10, 15, 20, 25 … 100 ms between tries, whether or not the lock came free meanwhile. Under
load (many one-tap confirmations at once, bench/one_tap_load.py) writers sleep while the lock is free, and
throughput collapses into waits of hundreds of milliseconds.

Here every write transaction (every `transaction.atomic` block: the backend begins them IMMEDIATE) first
takes an exclusive `flock` on a file beside the database, from before BEGIN until after COMMIT or ROLLBACK.
The kernel wakes the next waiter the moment the lock is released, across threads and processes alike (each
connection opens the file itself, and flock locks belong to the open file). SQLite's own lock stays the
guard; the queue only decides who asks next. In-memory databases (the test suite) have no file and no queue.
"""

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _queue_fd: int | None = None
    _queued = False

    def _queue_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if self.is_in_memory_db() or not name:
            return None
        return name + "-writers"

    def _join_queue(self) -> None:
        path = self._queue_path()
        if path is None:
            return
        if self._queue_fd is None:
            self._queue_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._queue_fd, fcntl.LOCK_EX)  # blocks without holding the GIL
        self._queued = True

    def _leave_queue(self) -> None:
        if self._queued:
            self._queued = False
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        self._join_queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._leave_queue()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._leave_queue()
            if self._queue_fd is not None:
                os.close(self._queue_fd)
                self._queue_fd = None
