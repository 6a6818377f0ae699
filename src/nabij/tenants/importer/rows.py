"""Checking the rows of a file that is not on the hot path (everything except boekingen.csv)."""

from collections.abc import Callable, Iterator

from nabij.tenants.importer.core import ImportContext
from nabij.tenants.importer.csvfile import CsvFile, iter_rows
from nabij.tenants.importer.values import Invalid

MISSING = object()


def read_values(
    ctx: ImportContext, csv_file: CsvFile, parsers: dict[str, Callable[[str], object]], required: set[str]
) -> Iterator[tuple[int, dict, bool]]:
    """(line, values, ok) per data row.

    `values` holds a parsed value for every column the file has (None for an empty cell); a column the
    file does not have is absent, which the writers read as "leave this field as it is". `ok` is False
    when a cell of the row had a problem (already reported).
    """
    name = csv_file.name
    columns = [
        (column, csv_file.index[column], parse) for column, parse in parsers.items() if csv_file.has(column)
    ]

    def on_problem(line, column, message):
        ctx.error(name, line, column, message)

    for line, row in iter_rows(csv_file, on_problem):
        values = {}
        ok = True
        for column, position, parse in columns:
            raw = row[position].strip()
            if not raw:
                if column in required:
                    ctx.error(name, line, column, "is verplicht maar leeg")
                    ok = False
                values[column] = None
                continue
            try:
                values[column] = parse(raw)
            except Invalid as exc:
                ctx.error(name, line, column, str(exc))
                ok = False
                values[column] = None
        yield line, values, ok


class UniqueKeys:
    """Reports a key that occurs twice in one file, naming both lines."""

    def __init__(self, ctx: ImportContext, filename: str, column: str = "idExtern", what: str = "idExtern"):
        self.ctx, self.filename, self.column, self.what = ctx, filename, column, what
        self.lines: dict[str, int] = {}

    def add(self, key: str, line: int) -> bool:
        first = self.lines.get(key)
        if first is not None:
            self.ctx.error(
                self.filename,
                line,
                self.column,
                f"{self.what} '{key}' komt meer dan eens voor in dit bestand: regel {first} en regel {line}",
            )
            return False
        self.lines[key] = line
        return True

    def __contains__(self, key: str) -> bool:
        return key in self.lines

    def __len__(self) -> int:
        return len(self.lines)


def resolve(ctx: ImportContext, kind: str, key: str):
    """The value stored for `key` in `kind`'s key map; MISSING when unknown; None when not (yet) in the
    database or when `kind`'s file could not be read (then references are not checked)."""
    refs = ctx.refs(kind)
    if refs is None:
        return None
    return refs.get(key, MISSING)


def check_date_order(ctx: ImportContext, name: str, line: int, start, end) -> bool:
    """An einddatum before the begindatum is reported (on the einddatum column)."""
    if start and end and end < start:
        ctx.error(name, line, "einddatum", f"einddatum {end:%d-%m-%Y} ligt vóór begindatum {start:%d-%m-%Y}")
        return False
    return True
