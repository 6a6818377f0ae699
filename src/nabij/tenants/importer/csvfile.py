"""Opening one VERA CSV file: encoding, delimiter and header, as Dutch ERPs and Excel write them.

- Encoding: UTF-8 with or without byte order mark; otherwise Windows-1252 (Excel's "CSV (;)" on Dutch
  Windows). Anything else is refused.
- Delimiter: `;` (Dutch Excel, most ERPs) or `,`, chosen by which one splits the header into known columns.
  A header that only makes sense split on tabs or `|` gets a message saying so.
- Header: VERA names (`idExtern`, `boekdatum`, ...), matched without regard to case or surrounding spaces.
  Unknown columns are ignored (and listed); columns that would carry data Nabij never stores (BSN,
  nationality, ...) make the file refused.
"""

import contextlib
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Columns that must never reach Nabij (DESIGN §6, docs/privacy.md): data minimisation, and the risk model
# must not be able to use them. The file is refused so the export gets fixed at the source.
FORBIDDEN_COLUMNS = {
    "bsn": "Nabij slaat geen BSN op",
    "burgerservicenummer": "Nabij slaat geen BSN op",
    "nationaliteit": "Nabij slaat geen nationaliteit op",
    "nationaliteiten": "Nabij slaat geen nationaliteit op",
    "geslacht": "Nabij slaat geen geslacht op",
    "geboorteland": "Nabij slaat geen geboorteland op",
    "etniciteit": "Nabij slaat geen etniciteit op",
    "religie": "Nabij slaat geen religie op",
}

DELIMITER_NAMES = {";": "puntkomma", ",": "komma", "\t": "tab", "|": "verticale streep (|)"}


@dataclass
class FileProblem:
    line: int | None
    column: str
    message: str


@dataclass
class CsvFile:
    """A readable file whose header passed the checks. `index` maps canonical column names to positions."""

    path: Path
    entity: str
    encoding: str  # as shown to people: "UTF-8" or "Windows-1252"
    codec: str  # as Python names it
    delimiter: str
    index: dict[str, int]
    width: int
    ignored_columns: list[str] = field(default_factory=list)
    # No quotes, NUL bytes or lone carriage returns: splitting each line on the delimiter gives exactly
    # what the csv module gives, and is faster (used for boekingen.csv).
    plain: bool = False

    @property
    def name(self) -> str:
        return self.path.name

    def has(self, column: str) -> bool:
        return column in self.index

    @contextlib.contextmanager
    def reader(self) -> Iterator:
        """A csv.reader positioned after the header; `reader.line_num` is the line of the last row read.

        Read from the file (not from a decoded copy in memory): a buffered text file is what csv reads
        fastest, and a large file is never held in memory twice.
        """
        with open(self.path, encoding=self.codec, newline="") as stream:
            reader = csv.reader(stream, delimiter=self.delimiter)
            next(reader, None)
            yield reader


ENCODINGS = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}


def detect_codec(data: bytes) -> str:
    """UTF-8 (with or without byte order mark) when the bytes are valid UTF-8, else Windows-1252."""
    if data.isascii():  # most exports of bookings: no need to decode them just to check
        return "utf-8-sig"
    try:
        data.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError as exc:
        raise UnicodeError(
            f"het bestand is geen tekst in UTF-8 of Windows-1252 (onleesbaar teken op positie {exc.start}); "
            "sla het op als CSV UTF-8"
        ) from None


def _split_header(line: str, delimiter: str) -> list[str]:
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return [cell.strip().strip("\ufeff").strip() for cell in cells]


def open_csv(path: Path, entity: str, known: dict[str, bool]) -> tuple[CsvFile | None, list[FileProblem]]:
    """Read and check one file. `known` maps each canonical column name to whether it is required.

    Returns the file (or None when it cannot be read at all) and the problems found in its header.
    """
    problems: list[FileProblem] = []
    try:
        data = path.read_bytes()
        codec = detect_codec(data)
    except UnicodeError as exc:
        return None, [FileProblem(None, "", str(exc))]
    except OSError as exc:
        return None, [FileProblem(None, "", f"het bestand kan niet worden gelezen: {exc.strerror}")]

    plain = (
        b'"' not in data
        and b"\x00" not in data
        and (b"\r" not in data or data.count(b"\r") == data.count(b"\r\n"))
    )
    header_line = data.partition(b"\n")[0].decode(codec).rstrip("\r")
    if not header_line.strip():
        message = "het bestand is leeg" if not data.strip() else "de eerste regel (de kopregel) is leeg"
        return None, [FileProblem(1, "", message)]
    del data

    by_lower = {name.lower(): name for name in known}
    best_delimiter, best_cells, best_hits = ";", [], -1
    for delimiter in (";", ","):
        cells = _split_header(header_line, delimiter)
        hits = sum(1 for cell in cells if cell.lower() in by_lower)
        if hits > best_hits:
            best_delimiter, best_cells, best_hits = delimiter, cells, hits
    if best_hits == 0:
        expected = ", ".join(name for name, required in known.items() if required)
        for other in ("\t", "|"):
            if any(cell.lower() in by_lower for cell in _split_header(header_line, other)):
                return None, [
                    FileProblem(
                        1,
                        "",
                        f"het scheidingsteken is een {DELIMITER_NAMES[other]}; Nabij leest alleen bestanden "
                        "met een puntkomma (;) of komma (,) tussen de kolommen. Sla het bestand opnieuw op "
                        "als CSV met ; of ,",
                    )
                ]
        return None, [
            FileProblem(
                1,
                "",
                f"de kopregel bevat geen van de verwachte kolommen (zoals {expected}); staat er een kopregel "
                "met VERA-kolomnamen bovenaan, en zijn de kolommen gescheiden door ; of , ?",
            )
        ]

    index: dict[str, int] = {}
    ignored: list[str] = []
    for position, cell in enumerate(best_cells):
        lower = cell.lower()
        if lower in FORBIDDEN_COLUMNS:
            problems.append(
                FileProblem(
                    1,
                    cell,
                    f"deze kolom is niet toegestaan: {FORBIDDEN_COLUMNS[lower]}. "
                    "Haal de kolom uit het bestand en importeer opnieuw",
                )
            )
        elif lower in by_lower:
            name = by_lower[lower]
            if name in index:
                problems.append(
                    FileProblem(
                        1,
                        cell,
                        f"de kolom staat twee keer in de kopregel (als kolom {index[name] + 1} en "
                        f"{position + 1})",
                    )
                )
            else:
                index[name] = position
        elif cell:
            ignored.append(cell)
    for name, required in known.items():
        if required and name not in index:
            problems.append(FileProblem(1, name, "verplichte kolom ontbreekt in de kopregel"))
    csv_file = CsvFile(
        path, entity, ENCODINGS[codec], codec, best_delimiter, index, len(best_cells), ignored, plain
    )
    return csv_file, problems


def iter_rows(csv_file: CsvFile, on_problem) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for every data row, for files that are not on the hot path.

    Blank rows (Excel leaves `;;;;` lines behind) are skipped. A row with a different number of cells
    than the header is reported through `on_problem(line, column, message)` and skipped: its cells
    cannot be trusted to sit in the right columns.
    """
    width = csv_file.width
    with csv_file.reader() as reader:
        try:
            for row in reader:
                if len(row) != width:
                    row = fit_row(row, width)
                    if row is None:
                        continue
                    if isinstance(row, str):
                        on_problem(reader.line_num, "", row)
                        continue
                elif not any(row):
                    continue
                yield reader.line_num, row
        except csv.Error as exc:
            on_problem(reader.line_num, "", f"de regel kan niet worden gelezen als CSV: {exc}")


def fit_row(row: list[str], width: int) -> list[str] | str | None:
    """A row whose length differs from the header: the row (trailing empty cells dropped), None for a
    blank row, or a message."""
    if not any(cell.strip() for cell in row):
        return None
    if len(row) > width and not any(cell.strip() for cell in row[width:]):
        return row[:width]
    return (
        f"de regel heeft {len(row)} kolommen en de kopregel {width}; staat er een scheidingsteken in een "
        "waarde zonder aanhalingstekens?"
    )
