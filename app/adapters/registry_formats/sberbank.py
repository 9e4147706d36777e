"""The Sberbank-style registry: one payment per line, fields separated by `;`, Windows-1251, and a
total line that starts with `=` (docs/registries.md):

    date;time;branch;cashier or terminal;operation id;account;payer;address;period;amount;commission
    =lines;amount;commission[;anything else]

Dates as 05-12-2026 or 05.12.2026, sums as 1500,00 or 1500.00. Empty lines and lines starting with
`#` are skipped."""

from __future__ import annotations

from app.adapters.registry_formats.text_files import Unreadable, decode
from app.errors import QT_TRANSLATE_NOOP
from app.services.cashdesk.registry_lines import RegistryFile, RegistryLine, RegistryTotal
from app.services.kernel.problems import LineUnreadable, Problem, read_date, read_kopecks

FIELDS = 11


def read_sberbank(name: str, digest: str, data: bytes) -> RegistryFile:
    try:
        text = decode(data)
    except Unreadable as exc:
        return RegistryFile(name, digest, (), problem=exc.problem)
    lines: list[RegistryLine] = []
    total: RegistryTotal | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        row = raw.strip()
        if not row or row.startswith("#"):
            continue
        if total is not None:
            return RegistryFile(
                name,
                digest,
                tuple(lines),
                total,
                Problem(
                    QT_TRANSLATE_NOOP("Errors", "Line {line} comes after the total line."), {"line": number}
                ),
            )
        if row.startswith("="):
            try:
                total = _total(row[1:])
            except LineUnreadable as exc:
                return RegistryFile(name, digest, tuple(lines), None, _on_line(number, exc.problem))
            continue
        lines.append(_line(number, row))
    if total is None and lines:
        return RegistryFile(
            name,
            digest,
            tuple(lines),
            None,
            Problem(QT_TRANSLATE_NOOP("Errors", "The file has no total line (=…): it may be cut short.")),
        )
    return RegistryFile(name, digest, tuple(lines), total)


def _on_line(number: int, problem: Problem) -> Problem:
    return Problem(
        QT_TRANSLATE_NOOP("Errors", "Line {line}: {problem}"), {"line": number, "problem": problem.english()}
    )


def _line(number: int, row: str) -> RegistryLine:
    cells = [cell.strip() for cell in row.split(";")]
    if len(cells) < FIELDS:
        cells += [""] * (FIELDS - len(cells))
        problem = Problem(
            QT_TRANSLATE_NOOP("Errors", "The line has {count} fields instead of {expected}."),
            {"count": len(row.split(";")), "expected": FIELDS},
        )
    else:
        problem = None
    date, time, _branch, _cashier, operation, account, payer, address, period, amount, commission = cells[
        :FIELDS
    ]
    paid_on = kopecks = None
    fee = 0
    try:
        paid_on = read_date(date)
        kopecks = read_kopecks(amount)
        fee = read_kopecks(commission) if commission else 0
    except LineUnreadable as exc:
        problem = problem or exc.problem
    return RegistryLine(
        number=number,
        paid_on=paid_on,
        operation=operation,
        account=account,
        amount=kopecks,
        commission=fee,
        payer=payer,
        address=address,
        period=period,
        paid_at=time.replace("-", ":"),
        problem=problem,
    )


def _total(row: str) -> RegistryTotal:
    cells = [cell.strip() for cell in row.split(";")]
    if len(cells) < 2 or not cells[0].isdigit():
        raise LineUnreadable(
            Problem(QT_TRANSLATE_NOOP("Errors", "The total line is =lines;amount;commission."))
        )
    commission = read_kopecks(cells[2]) if len(cells) > 2 and cells[2] else None
    return RegistryTotal(int(cells[0]), read_kopecks(cells[1]), commission)
