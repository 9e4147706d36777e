"""Reading registry files: the Sberbank-style cp1251 file and any CSV/XLSX through a column mapping.
A reader never guesses: what it cannot read comes out as a problem on its line or on the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.adapters.registry_formats import read_registry
from app.demo.registries import RegistryPayment, sberbank_registry
from app.services.cashdesk.payment_agents import COLUMNS, SBERBANK, Agent, check_columns

DAY = dt.date(2026, 12, 5)


def agent(file_format: str = SBERBANK, columns: dict[str, Any] | None = None) -> Agent:
    return Agent(1, "sber", "Сбербанк", file_format, check_columns(columns) if columns else None, "", True, 1)


def write(tmp_path: Path, data: bytes, name: str = "reestr.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_sberbank_registry_in_cp1251_reads_every_field_and_the_total(tmp_path: Path) -> None:
    payments = [
        RegistryPayment("000000000001", "100001", 1500_00, DAY, "Ёлкина Анна Сергеевна", commission=15_00),
        RegistryPayment("000000000002", "100002", 99_99, DAY),
    ]
    registry = read_registry(write(tmp_path, sberbank_registry(payments)), agent())
    assert registry.problem is None and len(registry.digest) == 64
    first, second = registry.lines
    assert (first.number, first.paid_on, first.operation, first.account) == (1, DAY, "000000000001", "100001")
    assert (first.amount, first.commission, first.payer) == (1500_00, 15_00, "Ёлкина Анна Сергеевна")
    assert first.paid_at == "09:00:00" and first.period == "122026"
    assert second.amount == 99_99
    assert registry.total is not None and (registry.total.lines, registry.total.amount) == (2, 1599_99)


def test_the_same_registry_in_utf8_reads_the_same(tmp_path: Path) -> None:
    payments = [RegistryPayment("1", "100001", 500_00, DAY, "Щукин Ёжик")]
    cp1251 = read_registry(write(tmp_path, sberbank_registry(payments)), agent())
    utf8 = read_registry(write(tmp_path, sberbank_registry(payments, encoding="utf-8"), "u.txt"), agent())
    assert cp1251.lines == utf8.lines


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("05-12-2026;10-00-00;8607;1;op1;100001;Иванов;адрес;122026;12,345;0,00", "«12,345» is not"),
        ("05-12-2026;10-00-00;8607;1;op1;100001;Иванов;адрес;122026;сто;0,00", "«сто» is not"),
        ("32-12-2026;10-00-00;8607;1;op1;100001;Иванов;адрес;122026;5,00;0,00", "«32-12-2026» is not a date"),
        ("05-12-2026;10-00-00;8607;1;op1;100001", "6 fields instead of 11"),
        ("05-12-2026;10-00-00;8607;1;op1;100001;Иванов;адрес;122026;999999999,00;0", "too large"),
    ],
)
def test_a_line_that_cannot_be_read_says_why(tmp_path: Path, row: str, expected: str) -> None:
    data = f"{row}\r\n=1;5,00;0,00\r\n".encode("cp1251")
    [line] = read_registry(write(tmp_path, data), agent()).lines
    assert line.problem is not None and expected in line.problem.english()


def test_a_negative_amount_is_read_as_it_stands_for_the_posting_to_refuse(tmp_path: Path) -> None:
    data = "05-12-2026;10-00-00;8607;1;op1;100001;Иванов;адрес;122026;-5,00;0,00\r\n=1;-5,00;0\r\n"
    [line] = read_registry(write(tmp_path, data.encode("cp1251")), agent()).lines
    assert line.amount == -5_00 and line.problem is None  # registries.py: «greater than zero»


def test_a_file_without_its_total_line_or_with_lines_after_it_is_a_file_problem(tmp_path: Path) -> None:
    row = "05-12-2026;10-00-00;8607;1;op1;100001;Иванов;адрес;122026;5,00;0,00"
    cut = read_registry(write(tmp_path, f"{row}\r\n".encode("cp1251")), agent())
    assert cut.problem is not None and "no total line" in cut.problem.english()
    after = read_registry(write(tmp_path, f"{row}\r\n=1;5,00;0,00\r\n{row}\r\n".encode("cp1251")), agent())
    assert after.problem is not None and "after the total line" in after.problem.english()
    empty = read_registry(write(tmp_path, b"# nothing today\r\n"), agent())
    assert empty.lines == () and empty.problem is None  # the posting says «no payments»


def test_a_file_that_cannot_be_opened_or_is_not_text_is_a_file_problem(tmp_path: Path) -> None:
    missing = read_registry(tmp_path / "nowhere.txt", agent())
    assert missing.problem is not None and "cannot be read" in missing.problem.english()
    columns = agent(
        COLUMNS, {"columns": {"date": 1, "operation": 2, "account": 3, "amount": 4}, "encoding": "utf-8"}
    )
    binary = read_registry(write(tmp_path, "Дата".encode("cp1251")), columns)
    assert binary.problem is not None and "not in UTF-8" in binary.problem.english()


MAPPING = {
    "columns": {
        "date": "Дата платежа",
        "operation": "Номер операции",
        "account": "Лицевой счёт",
        "amount": "Сумма",
        "commission": 6,
        "payer": "ФИО",
    },
    "delimiter": ",",
    "header_rows": 2,
    "total_label": "Итого",
}


def test_a_csv_is_read_through_its_mapping_by_header_text_or_number(tmp_path: Path) -> None:
    text = (
        "Реестр платежей ООО «Расчётный центр»\n"
        "Дата платежа,Номер операции,Лицевой счет,ФИО,Сумма,Комиссия\n"
        '05.12.2026,77001,100001,"Петров, Пётр",1 200.50,12.00\n'
        "\n"
        "05.12.2026,77002,100002,Сидоров,300,3\n"
        "Итого,,,,1500.50,15.00\n"
    )
    registry = read_registry(write(tmp_path, text.encode("cp1251"), "r.csv"), agent(COLUMNS, MAPPING))
    assert registry.problem is None
    first, second = registry.lines
    assert (first.number, first.operation, first.account, first.payer) == (
        3,
        "77001",
        "100001",
        "Петров, Пётр",
    )
    assert (first.amount, first.commission, first.paid_on) == (1200_50, 12_00, DAY)
    assert (second.number, second.amount) == (5, 300_00)
    assert registry.total is not None and (registry.total.amount, registry.total.commission) == (
        1500_50,
        15_00,
    )


def test_a_mapping_that_names_a_missing_column_is_a_file_problem(tmp_path: Path) -> None:
    mapping = {**MAPPING, "columns": {**MAPPING["columns"], "account": "Договор"}}  # type: ignore[dict-item]
    text = "x\nДата платежа,Номер операции,Лицевой счет,ФИО,Сумма,Комиссия\n"
    registry = read_registry(write(tmp_path, text.encode(), "r.csv"), agent(COLUMNS, mapping))
    assert registry.problem is not None and "no column «Договор»" in registry.problem.english()


def test_an_xlsx_workbook_reads_dates_and_numbers_as_excel_keeps_them(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Дата", "Операция", "Договор", "Сумма", "Плательщик"])
    sheet.append([dt.datetime(2026, 12, 5, 14, 30), 880001, "100001", 1500.1, "Ёлкин"])
    sheet.append([dt.date(2026, 12, 4), "880002", 100002.0, 300, "Жуков"])
    sheet.append(["04.12.2026", "880003", "100003", 0.105, "Зайцев"])  # three decimals: refused
    book.save(tmp_path / "r.xlsx")
    mapping = {"columns": {"date": "Дата", "operation": "Операция", "account": "Договор", "amount": "Сумма"}}
    registry = read_registry(tmp_path / "r.xlsx", agent(COLUMNS, mapping))
    first, second, third = registry.lines
    assert (first.paid_on, first.operation, first.account, first.amount) == (DAY, "880001", "100001", 1500_10)
    assert (second.paid_on, second.account, second.amount) == (dt.date(2026, 12, 4), "100002", 300_00)
    assert third.problem is not None and "0.105" in third.problem.english()
    broken = read_registry(write(tmp_path, b"not a workbook", "b.xlsx"), agent(COLUMNS, mapping))
    assert broken.problem is not None and "not an Excel workbook" in broken.problem.english()


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (None, "which column holds each field"),
        ({"columns": {"date": 1, "operation": 2, "account": 3}}, "needs the columns: amount"),
        (
            {"columns": {"date": 1, "operation": 2, "account": 3, "amount": 4, "bonus": 5}},
            "cannot name bonus",
        ),
        ({"columns": {"date": 0, "operation": 2, "account": 3, "amount": 4}}, "column number from 1"),
        (
            {"columns": {"date": 1, "operation": 2, "account": 3, "amount": 4}, "delimiter": ";;"},
            "one character",
        ),
    ],
)
def test_a_column_mapping_says_what_to_fix(columns: Any, expected: str) -> None:
    from app.errors import ValidationError

    with pytest.raises(ValidationError) as refused:
        check_columns(columns)
    assert expected in refused.value.english()
