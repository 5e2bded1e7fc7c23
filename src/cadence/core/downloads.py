"""A table of rows as a CSV or XLSX download (openpyxl), for exports pages offer next to a grid."""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _csv(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def _xlsx(rows: Iterable[Sequence[Any]], sheet_title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title[:31])  # Excel's limit for a sheet name
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_download(
    rows: Iterable[Sequence[Any]], *, name: str, file_format: str, sheet_title: str
) -> HttpResponse:
    content = _csv(rows) if file_format == "csv" else _xlsx(rows, sheet_title)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
