"""Helpers for the VERA import tests: the example set, writing CSV files, running the command."""

import shutil
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from nabij.ledger.models import Booking, PaymentArrangement
from nabij.tenants.models import ContactPoint, Household, ImportRun, Neighbourhood, Person, Tenancy, Unit

EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "docs" / "examples" / "vera"
MODELS = [Household, Person, Neighbourhood, Unit, Tenancy, ContactPoint, Booking, PaymentArrangement]


def copy_example(target: Path) -> Path:
    directory = target / "vera"
    shutil.copytree(EXAMPLE_DIR, directory)
    return directory


def write_csv(directory: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    """Write `lines` (already joined with their delimiter) as `name` with CRLF line ends, like Excel."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def import_dir(directory: Path) -> tuple[bool, str, str]:
    """Run `manage.py import_vera DIR`: (succeeded, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_vera", str(directory), stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def last_run() -> ImportRun:
    return ImportRun.objects.order_by("-id").first()
