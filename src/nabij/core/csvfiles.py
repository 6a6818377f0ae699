"""CSV files that people open in a spreadsheet: `;`-delimited, UTF-8 with a byte-order mark (so Excel
reads the accents), and every cell neutralised against formula injection."""

import csv
import io

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return before one) as a
    formula: a leading apostrophe makes it plain text."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_text(header: list[str], rows) -> str:
    """The file as text (without the byte-order mark): header first, then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise("" if value is None else str(value)) for value in row])
    return buffer.getvalue()


def csv_bytes(text: str) -> bytes:
    return ("\ufeff" + text).encode("utf-8")


def xlsx_bytes(header: list[str], rows, *, sheet: str = "Blad1") -> bytes:
    """The same table as an Excel workbook (openpyxl). Every cell is written as text and neutralised:
    openpyxl itself would store a string starting with "=" as a formula."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(header)
    for row in rows:
        worksheet.append([neutralise("" if value is None else str(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
