"""Any registry as a table — CSV (any separator, cp1251 or UTF-8) or the first sheet of an XLSX
workbook — read through the agent's saved column mapping (payment_agents.check_columns): which column
holds the date, the operation id, the contract number, the amount and, if given, the rest. Columns are
named by their header text or by number from 1; a row whose first cell starts with `total_label` is
the file's total line."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from typing import Any

from app.adapters.registry_formats.text_files import Unreadable, decode
from app.errors import QT_TRANSLATE_NOOP
from app.services.cashdesk.registry_lines import RegistryFile, RegistryLine, RegistryTotal
from app.services.kernel.problems import LineUnreadable, Problem, read_date, read_kopecks


def read_columns(name: str, digest: str, data: bytes, mapping: dict[str, Any], *, xlsx: bool) -> RegistryFile:
    try:
        rows = list(_xlsx_rows(data) if xlsx else _csv_rows(data, mapping))
    except Unreadable as exc:
        return RegistryFile(name, digest, (), problem=exc.problem)
    header_rows = int(mapping.get("header_rows", 1))
    header = rows[header_rows - 1][1] if 0 < header_rows <= len(rows) else []
    try:
        where = _positions(mapping["columns"], header)
    except Unreadable as exc:
        return RegistryFile(name, digest, (), problem=exc.problem)
    date_formats = (mapping["date_format"],) if mapping.get("date_format") else None
    label = _folded(str(mapping.get("total_label") or ""))
    lines: list[RegistryLine] = []
    total: RegistryTotal | None = None
    for number, cells in rows[header_rows:]:
        if not any(_text(cell) for cell in cells):
            continue
        if label and _folded(_text(cells[0] if cells else "")).startswith(label):
            try:
                total = _total(cells, where)
            except LineUnreadable as exc:
                return RegistryFile(name, digest, tuple(lines), None, exc.problem)
            continue
        lines.append(_line(number, cells, where, date_formats))
    return RegistryFile(name, digest, tuple(lines), total)


def _csv_rows(data: bytes, mapping: dict[str, Any]) -> Iterator[tuple[int, list[Any]]]:
    text = decode(data, str(mapping.get("encoding", "auto")))
    reader = csv.reader(io.StringIO(text), delimiter=str(mapping.get("delimiter", ";")))
    for row in reader:
        yield reader.line_num, list(row)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook  # only when a workbook comes: it takes a while to import

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise Unreadable(
            Problem(
                QT_TRANSLATE_NOOP("Errors", "The file is not an Excel workbook (.xlsx): {reason}"),
                {"reason": str(exc)},
            )
        ) from exc
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        book.close()


def _folded(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _positions(columns: dict[str, Any], header: Sequence[Any]) -> dict[str, int]:
    """Field → 0-based column index."""
    names = {_folded(_text(cell)): index for index, cell in reversed(list(enumerate(header)))}
    where: dict[str, int] = {}
    for field, column in columns.items():
        if isinstance(column, int):
            where[field] = column - 1
        elif _folded(column) in names:
            where[field] = names[_folded(column)]
        else:
            raise Unreadable(
                Problem(
                    QT_TRANSLATE_NOOP("Errors", "The file's header has no column «{column}» (for {field})."),
                    {"column": column, "field": field},
                )
            )
    return where


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d.%m.%Y %H:%M:%S")
    return str(cell).strip()


def _cell(cells: Sequence[Any], where: dict[str, int], field: str) -> Any:
    index = where.get(field)
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _money(cell: Any) -> int:
    if isinstance(cell, bool):
        raise LineUnreadable(
            Problem(QT_TRANSLATE_NOOP("Errors", "«{text}» is not a sum of money."), {"text": cell})
        )
    if isinstance(cell, (int, float)):
        return read_kopecks(repr(cell) if isinstance(cell, float) else str(cell))
    return read_kopecks(_text(cell))


def _date(cell: Any, formats: tuple[str, ...] | None) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = _text(cell).split(" ")[0]
    return read_date(text, formats) if formats else read_date(text)


def _line(
    number: int, cells: Sequence[Any], where: dict[str, int], formats: tuple[str, ...] | None
) -> RegistryLine:
    problem: Problem | None = None
    paid_on = amount = None
    commission = 0
    try:
        paid_on = _date(_cell(cells, where, "date"), formats)
        amount = _money(_cell(cells, where, "amount"))
        fee = _cell(cells, where, "commission")
        commission = _money(fee) if _text(fee) else 0
    except LineUnreadable as exc:
        problem = exc.problem
    return RegistryLine(
        number=number,
        paid_on=paid_on,
        operation=_text(_cell(cells, where, "operation")),
        account=_text(_cell(cells, where, "account")),
        amount=amount,
        commission=commission,
        payer=_text(_cell(cells, where, "payer")),
        address=_text(_cell(cells, where, "address")),
        period=_text(_cell(cells, where, "period")),
        paid_at=_text(_cell(cells, where, "time")),
        problem=problem,
    )


def _total(cells: Sequence[Any], where: dict[str, int]) -> RegistryTotal:
    fee = _cell(cells, where, "commission")
    return RegistryTotal(
        None,
        _money(_cell(cells, where, "amount")),
        _money(fee) if "commission" in where and _text(fee) else None,
    )
