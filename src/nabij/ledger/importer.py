"""The ledger side of the VERA import: boekingen.csv and betalingsregelingen.csv (docs/import.md).

boekingen.csv is the big one (a corporation with 80,000 homes books about two million rows a year), so it
has its own loop: one pass over the file, dictionary lookups for references, dates and amounts (each
distinct date and amount text is parsed once), set lookups for codes, and a flat parameter list written in
chunks with multi-row INSERT ... ON CONFLICT statements. Any row that does not take the fast path goes
through the same parsers as every other file, which produce the messages.
"""

import csv
from itertools import chain, count, islice
from operator import itemgetter, lt, methodcaller

from nabij.ledger.models import Booking, PaymentArrangement
from nabij.tenants.importer.core import FileSpec, ImportContext, Upserter, register_file, upsert
from nabij.tenants.importer.csvfile import CsvFile, fit_row
from nabij.tenants.importer.rows import MISSING, UniqueKeys, check_date_order, read_values, resolve
from nabij.tenants.importer.values import (
    KEY_LENGTH,
    CodeList,
    Invalid,
    parse_amount_cents,
    parse_date,
    parse_int,
    parse_key,
    parse_positive_amount_cents,
    text_parser,
)

BOOKING_KIND = CodeList("BOEKINGSOORT", Booking.Kind.values)
BOOKING_DETAIL_KIND = CodeList("BOEKINGDETAILSOORT", Booking.DetailKind.values)
ARRANGEMENT_STATUS = CodeList("BETALINGSREGELINGSTATUS", PaymentArrangement.Status.values)
ARRANGEMENT_END_REASON = CodeList(
    "BETALINGSREGELINGEINDEREDEN", ["AFB", "ONI", "SAN", "VOL"]
)  # stored as its VERA name (free text in the model)

DETAIL_KINDS_OR_EMPTY = BOOKING_DETAIL_KIND.supported | {""}
DESCRIPTION_LENGTH = Booking._meta.get_field("description").max_length
AMOUNT_CACHE_LIMIT = 200_000


def _unknown_tenancy(key: str) -> str:
    return f"overeenkomst '{key}' staat niet in huurovereenkomsten.csv en is ook niet bekend in Nabij"


# --- boekingen.csv ------------------------------------------------------------------------------------------

BOOKINGS_COLUMNS = {
    "idExtern": True,
    "overeenkomst": True,
    "soort": True,
    "detailSoort": False,
    "boekdatum": True,
    "vervaldatum": False,
    "bedrag": True,
    "omschrijving": False,
}
BOOKING_FIELDS = [
    "id_extern",
    "tenancy_id",
    "kind",
    "detail_kind",
    "booking_date",
    "due_date",
    "amount_cents",
    "description",
]
OPTIONAL_BOOKING_FIELDS = {
    "detailSoort": "detail_kind",
    "vervaldatum": "due_date",
    "omschrijving": "description",
}


CHUNK_ROWS = 10_000
PLAIN_BLOCK_CHARS = 1 << 20
_WRONG_WIDTH = object()
_ERASED = object()  # check_row's answer for a row of a tenancy erased on request


class _Bookings:
    """Reads boekingen.csv in one pass and writes it in chunks.

    The fast path per row is a tuple unpack, three dictionary lookups (tenancy, date, amount: dates and
    amounts are parsed once per distinct text and cached) and a chain of comparisons. Any row that does
    not pass them goes to `check_row`, which parses every cell with the shared parsers and reports each
    problem with its line. Duplicate keys are looked for per chunk (see `finish_chunk`); only when there
    is one is the file read again to name the lines.
    """

    def __init__(self, ctx: ImportContext, csv_file: CsvFile):
        self.ctx, self.file, self.name = ctx, csv_file, csv_file.name
        index, self.width = csv_file.index, csv_file.width
        # Optional columns the file lacks read an extra empty column.
        self.padded = any(column not in index for column in BOOKINGS_COLUMNS)
        self.cells = itemgetter(*(index.get(column, self.width) for column in BOOKINGS_COLUMNS))
        self.canonical = self.width == len(BOOKINGS_COLUMNS) and all(
            index.get(column) == position for position, column in enumerate(BOOKINGS_COLUMNS)
        )
        refs = ctx.refs("tenancies")
        self.check_refs = refs is not None
        self.tenancies = refs if refs is not None else {}
        self.dates: dict[str, object] = {}  # cell text -> database value, valid dates only
        self.due_dates: dict[str, object] = {"": None}  # the same for the optional vervaldatum
        self.amounts: dict[str, int] = {}  # cell text -> cents, valid amounts only
        self.seen: set[str] | None = None  # every key so far, once the keys turn out not to be sorted
        self.sorted_chunks: list[list[str]] = []  # the keys so far, while they are sorted
        self.last_key: str | None = None
        self.duplicates_reported = False
        self.accepted = 0
        self.rejected = 0
        self.skipped = 0  # rows of tenancies erased on request
        self.rejected_keys: list[str] = []
        self.blank_key_lines: set[int] = set()  # reported by check_row

    @property
    def count(self) -> int:
        return self.accepted + self.rejected + self.skipped

    # --- where the rows come from: (line, cells) pairs ---------------------------------------------------
    def _pairs_from_csv(self, reader):
        """Through the csv module (files with quotes); `reader.line_num` counts lines inside quotes too."""
        cells, width, padded, canonical = self.cells, self.width, self.padded, self.canonical
        for row in reader:
            if canonical:
                yield reader.line_num, row
            elif len(row) != width:
                yield reader.line_num, (_WRONG_WIDTH, row)
            else:
                yield reader.line_num, cells([*row, ""] if padded else row)

    def _plain_lines(self, stream):
        """The lines after the header, in blocks, without line ends."""
        rest = ""
        while block := stream.read(PLAIN_BLOCK_CHARS):
            lines = (rest + block).replace("\r", "").split("\n")
            rest = lines.pop()
            yield lines
        if rest:
            yield [rest]

    def _pairs_from_plain(self, stream):
        """Split on the delimiter (files without quotes, NUL bytes or lone carriage returns, where that
        is exactly what the csv module would do, only faster): each line is one row."""
        stream.readline()  # the header
        rows = map(methodcaller("split", self.file.delimiter), chain.from_iterable(self._plain_lines(stream)))
        if not self.canonical:
            cells, width, padded = self.cells, self.width, self.padded
            rows = (
                (_WRONG_WIDTH, row) if len(row) != width else cells([*row, ""] if padded else row)
                for row in rows
            )
        return zip(count(2), rows)

    def run(self, upserter) -> None:
        """Check every row; write each chunk while nothing is wrong."""
        if self.file.plain:
            with open(self.file.path, encoding=self.file.codec, newline="") as stream:
                self._run(self._pairs_from_plain(stream), upserter)
        else:
            with self.file.reader() as reader:
                try:
                    self._run(self._pairs_from_csv(reader), upserter)
                except csv.Error as exc:  # a field beyond the size limit
                    self.ctx.error(
                        self.name, reader.line_num, "", f"de regel kan niet worden gelezen als CSV: {exc}"
                    )

    def _run(self, pairs, upserter) -> None:
        ctx = self.ctx
        tenancies, dates, due_dates, amounts = self.tenancies, self.dates, self.due_dates, self.amounts
        kinds, detail_kinds = BOOKING_KIND.supported, DETAIL_KINDS_OR_EMPTY
        key_length, text_length = KEY_LENGTH, DESCRIPTION_LENGTH
        slow = self.slow_row
        while True:
            flat: list = []
            extend = flat.extend
            row = None
            for line, row in islice(pairs, CHUNK_ROWS):
                # The fast path: an unknown tenancy, a date or amount not seen before (or wrong), a row of
                # another width: all end up in the except clause and go to the careful path.
                try:
                    ext, ref, kind, detail, booked, due, amount, text = row
                    values = (
                        ext,
                        tenancies[ref],
                        kind,
                        detail,
                        dates[booked],
                        due_dates[due],
                        amounts[amount],
                        text,
                    )
                except (ValueError, KeyError):
                    values = slow(line, row)
                else:
                    if (
                        kind in kinds
                        and detail in detail_kinds
                        and 0 < len(ext) <= key_length
                        and len(text) <= text_length
                    ):
                        extend(values)
                        continue
                    values = slow(line, row)
                if values is not None:
                    extend(values)
            if row is None:
                break
            self.finish_chunk(flat)
            if flat and ctx.writing:
                upserter.write(flat)

    def finish_chunk(self, flat: list) -> None:
        """The checks that run over a whole chunk at C speed: spaces around keys and duplicate keys."""
        width = len(BOOKINGS_COLUMNS)
        self.accepted += len(flat) // width
        ids = flat[0::width]
        stripped = list(map(str.strip, ids))
        if stripped != ids:  # str.strip returns the same object when there is nothing to strip
            flat[0::width] = ids = stripped
            if "" in ids:
                self.report_blank_keys()
        if self.rejected_keys:
            ids = ids + self.rejected_keys
            self.rejected_keys = []
        if self.duplicates_reported or not ids:
            return
        # Most ERP exports are sorted by key: then "strictly increasing" proves there are no duplicates
        # without remembering every key. Otherwise (or once that fails) keep a set of all keys.
        if self.seen is None:
            if all(map(lt, ids, islice(ids, 1, None))) and (self.last_key is None or self.last_key < ids[0]):
                self.last_key = ids[-1]
                self.sorted_chunks.append(ids)
                return
            self.seen = set(chain.from_iterable(self.sorted_chunks))
            self.sorted_chunks = []
        before = len(self.seen)
        self.seen.update(ids)
        if len(self.seen) - before != len(ids):
            self.report_duplicates()

    def slow_row(self, line: int, row) -> tuple | None:
        """The careful path for one row. `row` holds the row's cells in the canonical column order, or,
        for a row with another number of cells than the header, its raw cells (marked with _WRONG_WIDTH
        when the file's columns are in another order)."""
        if len(row) == 2 and row[0] is _WRONG_WIDTH:
            raw = row[1]
        elif self.canonical and len(row) != self.width:
            raw = row
        else:
            raw = None
        if raw is not None:
            fitted = fit_row(raw, self.width)
            if fitted is None:
                return None  # a blank line
            if isinstance(fitted, str):
                self.rejected += 1
                self.ctx.error(self.name, line, "", fitted)
                return None
            values = self.cells([*fitted, ""] if self.padded else fitted)
        elif not any(cell.strip() for cell in row):
            return None  # a blank row such as ;;;;;;;
        else:
            values = row
        result = self.check_row(line, *values)
        if result is _ERASED:
            self.skipped += 1
            self.ctx.skip_erased("boekingen")
            return None
        if result is None:
            self.rejected += 1
            if values[0].strip():
                self.rejected_keys.append(values[0].strip())
        return result

    def report_blank_keys(self) -> None:
        """Keys of only spaces pass the fast path (it does not strip); report them from a second read."""
        position = self.file.index["idExtern"]
        with self.file.reader() as reader:
            for row in reader:
                if (
                    len(row) > position
                    and row[position]
                    and not row[position].strip()
                    and reader.line_num not in self.blank_key_lines
                ):
                    self.blank_key_lines.add(reader.line_num)
                    self.ctx.error(self.name, reader.line_num, "idExtern", "is verplicht maar leeg")

    def report_duplicates(self) -> None:
        """Read the file again and report every key that occurs more than once, with both lines."""
        self.duplicates_reported = True
        first_lines: dict[str, int] = {}
        position = self.file.index["idExtern"]
        with self.file.reader() as reader:
            for row in reader:
                if len(row) <= position:
                    continue
                key = row[position].strip()
                if not key:
                    continue
                first = first_lines.setdefault(key, reader.line_num)
                if first != reader.line_num:
                    self.ctx.error(
                        self.name,
                        reader.line_num,
                        "idExtern",
                        f"idExtern '{key}' komt meer dan eens voor in dit bestand: regel {first} en regel "
                        f"{reader.line_num}",
                    )

    def check_row(self, line: int, ext, ref, kind, detail, booked, due, amount, text):
        """The row's values, or None after reporting every problem in it."""
        ctx, name = self.ctx, self.name
        ok = True
        ext = ext.strip()
        if not ext:
            if line not in self.blank_key_lines:  # not yet reported by report_blank_keys
                ctx.error(name, line, "idExtern", "is verplicht maar leeg")
                self.blank_key_lines.add(line)
            ok = False
        elif len(ext) > KEY_LENGTH:
            ctx.error(name, line, "idExtern", f"is te lang: {len(ext)} tekens, hoogstens {KEY_LENGTH}")
            ok = False
        ref = ref.strip()
        tenancy_id = None
        erased = False
        if not ref:
            ctx.error(name, line, "overeenkomst", "is verplicht maar leeg")
            ok = False
        elif self.check_refs:
            tenancy_id = self.tenancies.get(ref, MISSING)
            erased = tenancy_id is MISSING and ctx.is_erased("tenancies", ref)
            if tenancy_id is MISSING and not erased:
                ctx.error(name, line, "overeenkomst", _unknown_tenancy(ref))
                ok = False
        kind = self._code(BOOKING_KIND, kind, line, "soort", True)
        detail = self._code(BOOKING_DETAIL_KIND, detail, line, "detailSoort", False)
        booked = self._date(booked, line, "boekdatum", True)
        due = self._date(due, line, "vervaldatum", False)
        cents = self._amount(amount, line)
        # The description is stored as the ERP wrote it (no stripping): it is free text, shown as is.
        if len(text) > DESCRIPTION_LENGTH:
            ctx.error(
                name, line, "omschrijving", f"is te lang: {len(text)} tekens, hoogstens {DESCRIPTION_LENGTH}"
            )
            ok = False
        if not ok or MISSING in (kind, detail, booked, due, cents):
            return None
        if erased:
            return _ERASED
        return (ext, tenancy_id, kind, detail, booked, due, cents, text)

    def _date(self, text: str, line: int, column: str, required: bool):
        text = text.strip()
        if not text:
            if required:
                self.ctx.error(self.name, line, column, "is verplicht maar leeg")
                return MISSING
            return None
        value = self.dates.get(text)
        if value is None:
            try:
                value = self.ctx.db_date(parse_date(text))
            except Invalid as exc:
                self.ctx.error(self.name, line, column, str(exc))
                return MISSING
            self.dates[text] = self.due_dates[text] = value
        return value

    def _amount(self, text: str, line: int):
        text = text.strip()
        if not text:
            self.ctx.error(self.name, line, "bedrag", "is verplicht maar leeg")
            return MISSING
        try:
            cents = parse_amount_cents(text)
        except Invalid as exc:
            self.ctx.error(self.name, line, "bedrag", str(exc))
            return MISSING
        if cents < 0:
            self.ctx.error(
                self.name,
                line,
                "bedrag",
                f"'{text}' is negatief; schrijf bedragen zonder min-teken: de soort (VOR of ONT) geeft de "
                "richting aan",
            )
            return MISSING
        if len(self.amounts) < AMOUNT_CACHE_LIMIT:
            self.amounts[text] = cents
        return cents

    def _code(self, codes: CodeList, text: str, line: int, column: str, required: bool):
        text = text.strip()
        if not text:
            if required:
                self.ctx.error(self.name, line, column, "is verplicht maar leeg")
                return MISSING
            return ""
        try:
            return codes.parse(text)
        except Invalid as exc:
            self.ctx.error(self.name, line, column, str(exc))
            return MISSING


def process_bookings(ctx: ImportContext, csv_file: CsvFile) -> None:
    bookings = _Bookings(ctx, csv_file)
    update = ["tenancy_id", "kind", "booking_date", "amount_cents"] + [
        field for column, field in OPTIONAL_BOOKING_FIELDS.items() if csv_file.has(column)
    ]
    with Upserter(Booking, BOOKING_FIELDS, update=update) as upserter:
        bookings.run(upserter)
    ctx.row_counts["boekingen"] = bookings.count


# --- betalingsregelingen.csv -------------------------------------------------------------------------------

ARRANGEMENTS_COLUMNS = {
    "idExtern": True,
    "overeenkomst": True,
    "status": True,
    "afspraakdatum": False,
    "begindatum": True,
    "einddatum": False,
    "bedrag": True,
    "termijnenAantal": True,
    "eindeReden": False,
}


def _instalments(text: str) -> int:
    # VERA types termijnenAantal as a number; ERPs write "12" or "12,0".
    for suffix in (",0", ".0", ",00", ".00"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return parse_int(text, 1, 32767)


ARRANGEMENTS_PARSERS = {
    "idExtern": parse_key,
    "overeenkomst": parse_key,
    "status": ARRANGEMENT_STATUS.parse,
    "afspraakdatum": parse_date,
    "begindatum": parse_date,
    "einddatum": parse_date,
    "bedrag": parse_positive_amount_cents,
    "termijnenAantal": _instalments,
    "eindeReden": ARRANGEMENT_END_REASON.parse,
}
ARRANGEMENTS_REQUIRED = {column for column, required in ARRANGEMENTS_COLUMNS.items() if required}
_end_reason_length = text_parser(PaymentArrangement._meta.get_field("end_reason").max_length)


def process_arrangements(ctx: ImportContext, csv_file: CsvFile) -> None:
    name = csv_file.name
    keys = UniqueKeys(ctx, name)
    rows = []
    count = 0
    for line, values, ok in read_values(ctx, csv_file, ARRANGEMENTS_PARSERS, ARRANGEMENTS_REQUIRED):
        count += 1
        key = values.get("idExtern")
        if key is not None:
            ok = keys.add(key, line) and ok
        ref = values.get("overeenkomst")
        tenancy_id = None
        erased = False
        if ref is not None:
            tenancy_id = resolve(ctx, "tenancies", ref)
            erased = tenancy_id is MISSING and ctx.is_erased("tenancies", ref)
            if tenancy_id is MISSING and not erased:
                ctx.error(name, line, "overeenkomst", _unknown_tenancy(ref))
                ok = False
        start, end = values.get("begindatum"), values.get("einddatum")
        ok = check_date_order(ctx, name, line, start, end) and ok
        if ok and erased:
            ctx.skip_erased("betalingsregelingen")
        elif ok:
            reason = values.get("eindeReden")
            rows.append(
                (
                    key,
                    tenancy_id,
                    values["status"],
                    ctx.db_date(values.get("afspraakdatum")),
                    ctx.db_date(start),
                    ctx.db_date(end),
                    values["bedrag"],
                    values["termijnenAantal"],
                    _end_reason_length(ARRANGEMENT_END_REASON.name(reason)) if reason else "",
                )
            )
    ctx.row_counts["betalingsregelingen"] = count
    if not ctx.writing:
        return
    optional = {"afspraakdatum": "agreed_on", "einddatum": "end_date", "eindeReden": "end_reason"}
    upsert(
        PaymentArrangement,
        [
            "id_extern",
            "tenancy_id",
            "status",
            "agreed_on",
            "start_date",
            "end_date",
            "amount_cents",
            "instalment_count",
            "end_reason",
        ],
        rows,
        update=["tenancy_id", "status", "start_date", "amount_cents", "instalment_count"]
        + [field for column, field in optional.items() if csv_file.has(column)],
    )


def register() -> None:
    """Register the ledger's files with the VERA import (called from LedgerConfig.ready())."""
    register_file(FileSpec("boekingen", 50, BOOKINGS_COLUMNS, process_bookings))
    register_file(FileSpec("betalingsregelingen", 60, ARRANGEMENTS_COLUMNS, process_arrangements))
