"""Fast bulk inserts for the demo generator.

`bulk_create` builds a model instance per row and is far too slow for the ~10 million bookings of
an 80,000-unit corporation. This writes plain tuples: `executemany` on SQLite (one prepared
statement, rows bound in C), `COPY … FROM STDIN` on PostgreSQL. Rows must already hold database
values (dates as ISO strings, UUIDs and datetimes prepared with the connection's adapters).
"""

from collections.abc import Sequence
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection as default_connection
from django.db.models import Max


class BulkWriter:
    def __init__(self, connection=None):
        self.connection = connection or default_connection
        self.vendor = self.connection.vendor
        self.rows_written = 0

    def columns(self, model, fields: Sequence[str]) -> str:
        quote = self.connection.ops.quote_name
        return ", ".join(quote(model._meta.get_field(name).column) for name in fields)

    def write(self, model, fields: Sequence[str], rows: list) -> None:
        if not rows:
            return
        table = self.connection.ops.quote_name(model._meta.db_table)
        columns = self.columns(model, fields)
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # The raw psycopg cursor: wrap its errors so callers see Django's IntegrityError etc.
                with (
                    self.connection.wrap_database_errors,
                    cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                # Table and column names come from the models' _meta, values are bound parameters.
                sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608  # nosec B608
                cursor.executemany(sql, rows)
        self.rows_written += len(rows)

    def reset_sequences(self, models) -> None:
        """After inserting explicit ids, move PostgreSQL's id sequences past them."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with self.connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def next_id(model) -> int:
    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


@contextmanager
def fast_sqlite(connection=None):
    """On SQLite, trade durability for speed while one big transaction is written.

    A larger page cache keeps the growing indexes in memory; synchronous=OFF skips fsyncs. Both are
    connection settings and are put back afterwards. They can only change outside a transaction,
    so inside one (as in tests) this does nothing.
    """
    connection = connection or default_connection
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={int(synchronous)}")
            cursor.execute(f"PRAGMA cache_size={int(cache_size)}")
