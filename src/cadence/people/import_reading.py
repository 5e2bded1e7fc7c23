"""Reading an HRIS export for the people import: a CSV (any common delimiter, UTF-8 or Latin-1) or an
XLSX file becomes one dict per row, keyed by column names (with common aliases such as work_email).
A file that cannot be read, or lacks a required column, is a FileProblem."""

import csv
import io
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

REQUIRED = ("employee_id", "first_name", "last_name", "email")


OPTIONAL = (
    "job_title",
    "job_level",
    "department",
    "team",
    "location",
    "manager_email",
    "manager_employee_id",
    "start_date",
    "employment_type",
    "status",
    "gender",
    "birth_year",
)


ALIASES = {
    "work_email": "email",
    "email_address": "email",
    "id": "employee_id",
    "employee_number": "employee_id",
    "title": "job_title",
    "manager": "manager_email",
    "manager_id": "manager_employee_id",
    "hire_date": "start_date",
    "office": "location",
    "given_name": "first_name",
    "family_name": "last_name",
    "surname": "last_name",
}


class FileProblem(Exception):
    pass


def _header_key(name: object) -> str:
    key = str(name or "").strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def read_rows(content: bytes, filename: str) -> list[dict[str, Any]]:
    if filename.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        table = _read_xlsx(content)
    else:
        table = _read_csv(content)
    table = [row for row in table if any(str(c or "").strip() for c in row)]
    if not table:
        raise FileProblem(_("The file is empty."))
    header = [_header_key(h) for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileProblem(_("Missing required columns: %(cols)s.") % {"cols": ", ".join(missing)})
    if len(table) - 1 > settings.CADENCE_IMPORT_MAX_ROWS:
        raise FileProblem(_("The file has more than %(n)s rows.") % {"n": settings.CADENCE_IMPORT_MAX_ROWS})
    width = len(header)
    return [dict(zip(header, [*row, *[None] * (width - len(row))][:width], strict=True)) for row in table[1:]]


def _read_csv(content: bytes) -> list[list[Any]]:
    if b"\x00" in content:
        raise FileProblem(_("This is not a CSV or XLSX file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise FileProblem(_("This CSV file cannot be read: %(error)s.") % {"error": exc}) from exc


def _read_xlsx(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise FileProblem(_("This is not a readable XLSX file.")) from exc
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
