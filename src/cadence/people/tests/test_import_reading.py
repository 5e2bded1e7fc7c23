"""The people import's file formats: XLSX, CSV with other delimiters, encodings and header aliases,
and files that cannot be read, which are file errors, never a crash."""

import datetime
import io

import pytest

from cadence.people.importing import people_import
from cadence.people.models import Employee

from .test_importing import make_csv, person_row, run, snapshot


def test_xlsx(org):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Employee ID",
            "First Name",
            "Last Name",
            "Work Email",
            "Manager",
            "Hire Date",
            "Birth Year",
            "Department",
        ]
    )
    sheet.append(
        [
            1001,
            "Xena",
            "Excel",
            "xena@example.com",
            org.manager.email,
            datetime.datetime(2023, 5, 4),
            1988,
            "Engineering",
        ]
    )
    sheet.append(
        [
            1002.0,
            "Xavier",
            "Sheet",
            "XAVIER@example.com",
            "xena@example.com",
            datetime.date(2024, 1, 2),
            None,
            None,
        ]
    )
    sheet.append([None, None, None, None, None, None, None, None])  # blank rows are skipped
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = run(org, buffer.getvalue(), dry_run=False, filename="export.xlsx")

    assert report.applied, report.errors
    xena = Employee.objects.get(employee_id="1001")
    xavier = Employee.objects.get(employee_id="1002")
    assert xena.manager_id == org.manager.pk and xavier.manager_id == xena.pk
    assert xavier.path == f"{xena.path}{xavier.pk}/"
    assert xena.start_date == datetime.date(2023, 5, 4) and xena.birth_year == 1988
    assert xena.department_id == org.engineering.pk
    assert xavier.email == "xavier@example.com"
    assert xavier.start_date == datetime.date(2024, 1, 2)


def test_csv_with_semicolons_bom_and_header_aliases(org):
    header = [
        "Employee Number",
        "Given Name",
        "Surname",
        "Work Email",
        "Title",
        "Manager",
        "Hire Date",
        "Office",
    ]
    rows = [
        {
            "Employee Number": "S1",
            "Given Name": "Sören",
            "Surname": "Semikolon",
            "Work Email": "soeren@example.com",
            "Title": "Analyst, Finance",
            "Manager": org.manager.email,
            "Hire Date": "2024-01-15",
            "Office": "Köln",
        },
        {
            "Employee Number": "S2",
            "Given Name": "Selma",
            "Surname": "Zwei",
            "Work Email": "selma@example.com",
            "Title": "",
            "Manager": "soeren@example.com",
            "Hire Date": "",
            "Office": "",
        },
    ]
    content = make_csv(rows, header=header, delimiter=";", bom=True)
    assert content.startswith(b"\xef\xbb\xbf")

    report = run(org, content, dry_run=False)

    assert report.applied, report.errors
    soeren = Employee.objects.get(employee_id="S1")
    assert (soeren.first_name, soeren.last_name, soeren.email) == ("Sören", "Semikolon", "soeren@example.com")
    assert soeren.job_title == "Analyst, Finance"
    assert soeren.location == "Köln"
    assert soeren.start_date == datetime.date(2024, 1, 15)
    assert soeren.manager_id == org.manager.pk
    assert Employee.objects.get(employee_id="S2").manager_id == soeren.pk


def test_tab_separated_latin1(org):
    content = "employee_id\tfirst_name\tlast_name\temail\nL1\tJosé\tLatin\tjose@example.com\n".encode(
        "latin-1"
    )
    report = run(org, content, dry_run=False, filename="export.txt")
    assert report.applied, report.errors
    assert Employee.objects.get(employee_id="L1").first_name == "José"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"employee_id,first_name,email\nN1,Nina,n1@example.com\n", "a.csv", "last_name"),
        (b"", "a.csv", "empty"),
        (b"\n\n , ,\n", "a.csv", "empty"),
        (b"\x00\xff garbage \x13\x37" * 50, "export.xlsx", "XLSX"),
        (b"PK\x03\x04 not really a zip", "export.csv", "XLSX"),
    ],
    ids=["missing column", "empty", "blank lines", "garbage xlsx", "fake zip"],
)
def test_unreadable_files_are_file_errors(org, content, filename, message):
    before = snapshot()
    report = run(org, content, dry_run=False, filename=filename)
    assert not report.valid and not report.applied
    assert report.rows == []
    assert len(report.file_errors) == 1
    assert report.file_errors[0]["row"] == 0
    assert message.lower() in report.file_errors[0]["message"].lower()
    assert snapshot() == before


def test_too_many_rows_is_a_file_error(org, settings):
    settings.CADENCE_IMPORT_MAX_ROWS = 2
    report = run(org, make_csv([person_row(f"N{i}") for i in range(3)]))
    assert not report.valid and "more than 2 rows" in report.file_errors[0]["message"]


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b'"a","b\n"c'])
def test_a_file_that_is_not_a_table_is_a_file_error_not_a_crash(org, content):
    result = people_import(actor=org.hr.user, content=content, filename="photo.csv", dry_run=False)
    assert not result.valid and not result.applied
    assert result.errors[0]["row"] == 0
