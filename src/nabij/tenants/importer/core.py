"""The VERA import run: which files exist, the order they are read in, errors, keys and bulk writes.

One run reads a directory of CSV files (see docs/import.md), in the order of their references. Each file
is checked and, while no problem has been found, written (so later files can refer to its rows by
database id; the large boekingen.csv chunk by chunk as it is read), all inside one transaction. The
moment any problem is found, writing stops; checking goes on so the administrator gets every problem in
one list; and at the end the transaction is rolled back. Either everything is imported or nothing
changes. The ImportRun row is saved outside that transaction, so a refused run is visible on the
"Gegevens" page with its reasons.

Files are registered by the app that owns the rows they fill: `tenants` registers relaties, eenheden,
huurovereenkomsten and contactgegevens; `ledger` registers boekingen and betalingsregelingen from its
AppConfig.ready(), so `tenants` never imports `ledger`.
"""

import contextlib
import datetime as dt
import gc
import logging
import sqlite3
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from django.db import connection, transaction

from nabij.core import clock
from nabij.privacy import erasure
from nabij.tenants.importer.csvfile import CsvFile, open_csv

logger = logging.getLogger(__name__)

MAX_LISTED_ERRORS = 1000
# SQLite page cache for the duration of an import (KiB, negative = size instead of pages). The default
# 2 MiB makes index maintenance of a million-row insert spill to disk over and over.
SQLITE_IMPORT_CACHE_KIB = 256 * 1024


@dataclass(frozen=True)
class FileSpec:
    """One kind of VERA file. `columns` maps each VERA column name to whether it is required."""

    entity: str
    order: int
    columns: dict[str, bool]
    process: Callable[["ImportContext", CsvFile], None]

    @property
    def filename(self) -> str:
        return f"{self.entity}.csv"


_registry: dict[str, FileSpec] = {}
# kind of key map -> (the file that defines its keys, loader of {idExtern: value} from the database)
_ref_registry: dict[str, tuple[str, Callable[[], dict]]] = {}


def register_file(spec: FileSpec) -> None:
    _registry[spec.entity] = spec


def register_refs(kind: str, defined_by: str, loader: Callable[[], dict]) -> None:
    """Declare a key map other files refer to (e.g. "tenancies", defined by huurovereenkomsten.csv).

    When the defining file cannot be read, references to its keys are not checked: otherwise every row of
    every later file would repeat that one problem.
    """
    _ref_registry[kind] = (defined_by, loader)


def file_specs() -> list[FileSpec]:
    return sorted(_registry.values(), key=lambda spec: spec.order)


class ImportContext:
    """State of one run: problems found, rows counted, and the keys each file may refer to."""

    def __init__(self):
        self.errors: list[dict] = []
        self.error_count = 0
        self.row_counts: dict[str, int] = {}
        self.notices: list[str] = []
        self.vendor = connection.vendor
        self._refs: dict[str, dict | None] = {}
        # Rows per file left out because their household was erased on request (AVG art. 17).
        self.skipped: dict[str, int] = {}
        self._tombstones: dict[str, dict[str, int]] | None = None
        # Keys found erased in this run, per key map, with the erasure request behind them (memory only).
        self._erased: dict[str, dict[str, int]] = {}
        self.tombstones_hit: dict[str, set[str]] = {}  # digests of the tombstones that left rows out
        # Keys the ERP made after an erasure, left out because they hang on an erased key: they get a
        # tombstone of the same erasure request when the run succeeds ({kind: {key: erasure id}}).
        self.new_tombstones: dict[str, dict[str, int]] = {}

    # --- problems ------------------------------------------------------------------------------
    @property
    def writing(self) -> bool:
        """Rows are written only while no problem has been found; after that the run only checks."""
        return self.error_count == 0

    def error(self, file: str, line: int | None, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append({"file": file, "line": line, "column": column, "message": message})

    def listed_errors(self) -> list[dict]:
        errors = list(self.errors)
        if self.error_count > len(errors):
            errors.append(
                {
                    "file": "",
                    "line": None,
                    "column": "",
                    "message": f"en nog {self.error_count - len(errors)} fouten; in totaal "
                    f"{self.error_count}. Los de getoonde fouten op en importeer opnieuw.",
                }
            )
        return errors

    # --- keys ----------------------------------------------------------------------------------
    def refs(self, kind: str) -> dict | None:
        """{idExtern: value} for rows of `kind` in Nabij plus, when nothing is written any more, the
        keys of the file that defines them (value None). None: that file could not be read, so
        references to it are not checked."""
        if kind not in self._refs:
            self._refs[kind] = _ref_registry[kind][1]()
        return self._refs[kind]

    def reload_refs(self, kind: str) -> None:
        self._refs[kind] = _ref_registry[kind][1]()

    def add_unwritten_keys(self, kind: str, keys: Iterable[str]) -> None:
        refs = self.refs(kind)
        if refs is not None:
            for key in keys:
                refs.setdefault(key, None)

    def mark_unreadable(self, kind: str) -> None:
        self._refs[kind] = None

    # --- households erased on request ----------------------------------------------------------
    def _holds(self, kind: str, key: str) -> bool:
        known = self.refs(kind)
        return known is not None and known.get(key) is not None

    def erased_by(self, kind: str, key: str) -> int | None:
        """The id of the erasure request `key` (of key map `kind`: "households", "persons", "tenancies")
        was erased by, or None: a tombstone holds its keyed hash, or this run left out the row it belongs
        to.

        The tombstones are loaded once per run, after run_import took the lock an erasure takes too, so
        none is confirmed between loading them and writing. Keys Nabij holds are never erased ones
        (erasure renames or deletes them, and the import does not write them), so only unknown keys are
        hashed.
        """
        erased = self._erased.setdefault(kind, {})
        if key in erased:
            return erased[key]
        if self._tombstones is None:
            self._tombstones = erasure.tombstone_sets()
        digests = self._tombstones.get(kind)
        if not digests or self._holds(kind, key):
            return None
        for digest in erasure.tombstone_digests(kind, key):
            erasure_id = digests.get(digest)
            if erasure_id is not None:
                erased[key] = erasure_id
                self.tombstones_hit.setdefault(kind, set()).add(digest)
                return erasure_id
        return None

    def is_erased(self, kind: str, key: str) -> bool:
        return self.erased_by(kind, key) is not None

    def mark_erased(self, kind: str, key: str, erasure_id: int) -> None:
        """A row this run leaves out because the row it hangs on was erased (by request `erasure_id`):
        what refers to it is left out too, and, when its own key has no tombstone and Nabij does not hold
        it, the key gets one of the same erasure request once the run succeeds."""
        if self.erased_by(kind, key) is not None:
            return
        self._erased[kind][key] = erasure_id
        if not self._holds(kind, key):
            self.new_tombstones.setdefault(kind, {})[key] = erasure_id

    def skip_erased(self, entity: str) -> None:
        """Count one row of `entity`'s file left out (only the number is kept, never the key)."""
        self.skipped[entity] = self.skipped.get(entity, 0) + 1

    # --- values as the database driver wants them ----------------------------------------------------
    def db_date(self, value: dt.date | None):
        """Dates as ISO text on SQLite (how Django stores them there), as date objects elsewhere."""
        if value is None:
            return None
        return value.isoformat() if self.vendor == "sqlite" else value


class Upserter:
    """INSERT ... ON CONFLICT (conflict) DO UPDATE for many rows, on SQLite and PostgreSQL alike.

    `columns` are model field names or attnames (`tenancy_id`). `write(flat)` takes the values of
    several rows flattened into one list. Several rows go in one statement: per-statement overhead,
    not the database's b-tree work, is what dominates a row-by-row executemany.
    `update_sql` overrides the SET expression of a column (e.g. to keep a value only when another one
    did not change). Use as a context manager.
    """

    # Measured on SQLite: 200-400 rows per statement are about a quarter faster than 100; beyond that
    # nothing changes. The bound-parameter limit caps it (32766 in SQLite since 3.32, 999 before).
    MAX_ROWS_PER_STATEMENT = 250
    STATEMENTS_PER_CALL = 100

    def __init__(
        self,
        model,
        columns: Sequence[str],
        *,
        update: Sequence[str] = (),
        conflict: str = "id_extern",
        update_sql: dict[str, str] | None = None,
    ):
        quote = connection.ops.quote_name
        fields = {f.attname: f.column for f in model._meta.concrete_fields}
        fields.update({f.name: f.column for f in model._meta.concrete_fields})
        self.width = len(columns)
        table = quote(model._meta.db_table)
        update_sql = update_sql or {}
        sets, compared = [], []
        for name in update:
            column = quote(fields[name])
            sets.append(f"{column} = {update_sql.get(name, f'EXCLUDED.{column}')}")
            if name not in update_sql:
                compared.append(column)
        conflict_column = quote(fields[conflict])
        if sets:
            # Rows that did not change are not written at all: a daily re-import of a full export then
            # costs index lookups, not page writes.
            old = ", ".join(f"{table}.{column}" for column in compared)
            new = ", ".join(f"EXCLUDED.{column}" for column in compared)
            distinct = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
            # Quoted identifiers from the model's meta; values are bound parameters.
            self.tail = (
                f" ON CONFLICT ({conflict_column}) DO UPDATE SET {', '.join(sets)}"  # nosec B608
                f" WHERE ({old}) {distinct} ({new})"
            )
        else:
            self.tail = f" ON CONFLICT ({conflict_column}) DO NOTHING"
        # Table and column names come from the model's meta; values travel as parameters.
        column_list = ", ".join(quote(fields[c]) for c in columns)
        self.insert = f"INSERT INTO {table} ({column_list}) VALUES "  # noqa: S608  # nosec B608
        self.one_row = "(" + ", ".join(["%s"] * self.width) + ")"
        self.per_statement = max(1, min(self.MAX_ROWS_PER_STATEMENT, max_query_params() // self.width))
        self.statement = self._statement(self.per_statement)

    def _statement(self, rows: int) -> str:
        return self.insert + ", ".join([self.one_row] * rows) + self.tail

    def write(self, flat: list) -> None:
        """Upsert the rows whose values are flattened, row after row, in `flat`."""
        width = self.width
        if len(flat) % width:
            raise ValueError("flat row data does not match the column count")
        step = self.per_statement * width
        full_end = len(flat) - len(flat) % step
        call = step * self.STATEMENTS_PER_CALL
        with connection.cursor() as cursor:
            for start in range(0, full_end, call):
                end = min(start + call, full_end)
                cursor.executemany(self.statement, [flat[i : i + step] for i in range(start, end, step)])
            if full_end < len(flat):
                rest = flat[full_end:]
                cursor.execute(self._statement(len(rest) // width), rest)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False


def max_query_params() -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def upsert(model, columns: Sequence[str], rows: Iterable[Sequence], **options) -> None:
    """Upsert `rows` (tuples in `columns` order); see Upserter for the options."""
    flat = list(chain.from_iterable(rows))
    if flat:
        with Upserter(model, columns, **options) as upserter:
            upserter.write(flat)


def key_map(model, value_columns: Sequence[str] = ("id",), key: str = "id_extern") -> dict:
    """{key: id} (or {key: (v1, v2, ...)}) for every row of `model` with a key."""
    query = model.objects.exclude(**{f"{key}__isnull": True}).values_list(key, *value_columns)
    if len(value_columns) == 1:
        return dict(query.iterator(chunk_size=20000))
    return {row[0]: row[1:] for row in query.iterator(chunk_size=20000)}


@contextlib.contextmanager
def _gc_paused():
    """No cyclic garbage collection while the import runs.

    An import builds millions of short-lived lists and tuples without reference cycles; the collector
    would walk all surviving containers over and over (it made the bookings import two to three times
    slower). Reference counting still frees everything; the collector runs again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _bulk_settings():
    """A larger SQLite page cache while the import runs (per connection; restored afterwards)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class _Refused(Exception):
    """Raised inside the transaction to roll it back when the run found problems."""


def find_files(ctx: ImportContext, paths: Iterable[Path]) -> dict[str, Path]:
    """Match file names to registered kinds; unknown CSV files are problems (their rows would be lost)."""
    specs = {spec.entity: spec for spec in file_specs()}
    expected = ", ".join(spec.filename for spec in file_specs())
    found: dict[str, Path] = {}
    for path in sorted(paths):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() != ".csv":
            ctx.notices.append(f"{path.name}: geen .csv-bestand, overgeslagen")
            continue
        entity = path.stem.lower()
        if entity not in specs:
            ctx.error(path.name, None, "", f"onbekende bestandsnaam; Nabij leest {expected}")
        elif entity in found:
            ctx.error(path.name, None, "", f"staat er twee keer in (ook als {found[entity].name})")
        else:
            found[entity] = path
    if not found and not ctx.error_count:
        ctx.error("", None, "", f"geen VERA-bestanden gevonden; Nabij leest {expected}")
    return found


def process_files(ctx: ImportContext, files: dict[str, Path]) -> None:
    for spec in file_specs():
        path = files.get(spec.entity)
        if path is None:
            continue
        csv_file, problems = open_csv(path, spec.entity, spec.columns)
        for problem in problems:
            ctx.error(path.name, problem.line, problem.column, problem.message)
        if csv_file is None or problems:
            ctx.row_counts[spec.entity] = 0
            for kind, (defined_by, _loader) in _ref_registry.items():
                if defined_by == spec.entity:
                    ctx.mark_unreadable(kind)
            continue
        if csv_file.ignored_columns:
            ctx.notices.append(f"{path.name}: kolommen genegeerd: {', '.join(csv_file.ignored_columns)}")
        listed = len(ctx.errors)
        spec.process(ctx, csv_file)
        # In line order within the file (some checks run after the rows, e.g. duplicate keys).
        ctx.errors[listed:] = sorted(ctx.errors[listed:], key=lambda error: error["line"] or 0)


def run_import(directory: Path | str, *, source: str = "", started_by=None, run=None):
    """Import the VERA files in `directory`. Returns the saved ImportRun (SUCCEEDED or FAILED)."""
    from nabij.tenants.models import ImportRun

    directory = Path(directory)
    if run is None:
        run = ImportRun(source=source or str(directory), started_by=started_by)
    run.started_at = clock.now()
    run.status = ImportRun.Status.RUNNING
    run.save()

    ctx = ImportContext()
    try:
        if not directory.is_dir():
            ctx.error("", None, "", f"map {directory} bestaat niet")
        else:
            files = find_files(ctx, directory.iterdir())
            with _gc_paused(), transaction.atomic(), _bulk_settings():
                # Before anything is read: an erasure confirmed from now on waits for this run, and one
                # being confirmed now is committed before the run loads tombstones and keys.
                erasure.lock_against_import()
                process_files(ctx, files)
                if ctx.error_count:
                    raise _Refused
                erasure.write_derived_tombstones(ctx.new_tombstones)
                erasure.mark_skipped(ctx.tombstones_hit)
    except _Refused:
        pass
    except Exception as exc:  # a bug or a database failure: refuse the run and say so
        # Only the kind of error and where it happened: its text can quote the rows being written
        # (PostgreSQL's "Failing row contains (...)" lists names and addresses), and neither the log
        # nor the run's error list (shown on the Gegevens page) may hold personal data.
        logger.error(
            "VERA import %s failed: %s\n%s",
            run.pk,
            exc.__class__.__name__,
            "".join(traceback.format_tb(exc.__traceback__)).rstrip(),
        )
        ctx.error(
            "",
            None,
            "",
            f"onverwachte fout ({exc.__class__.__name__}), er is niets geïmporteerd; "
            f"de details staan in het log bij import {run.pk}",
        )

    run.row_counts = ctx.row_counts
    run.skipped_erased = ctx.skipped
    run.errors = ctx.listed_errors()
    run.status = ImportRun.Status.FAILED if ctx.error_count else ImportRun.Status.SUCCEEDED
    run.finished_at = clock.now()
    run.save()
    # For the command's output; not stored (the stored list ends with a line giving the total).
    run.notices = ctx.notices
    run.error_count = ctx.error_count
    return run
