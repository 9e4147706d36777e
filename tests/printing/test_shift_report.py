"""X and Z shift reports: the payments, the cancellations, the totals and the cash the cashier signs for."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.models.enums import PaymentMethod
from app.printing.shift_report import render_shift_report
from app.services.kernel.documents import (
    CompanyDetails,
    ShiftCancellationLine,
    ShiftPaymentLine,
    ShiftReportData,
)
from tests.printing.pdf import MM, ink, pdf_fonts, pdf_info, pdf_text, rasterise, squeeze

COMPANY = CompanyDetails(
    name="ООО «Городские сети»",
    inn="6950000000",
    kpp="695001001",
    address="г. Тверь, ул. Советская, д. 1",
    phone="+7 (4822) 00-00-00",
    bank_name="ПАО Сбербанк",
    bic="044525225",
    bank_account="40702810938000000001",
    corr_account="30101810400000000225",
)
OPENED = dt.datetime(2025, 3, 5, 6, 0, tzinfo=dt.UTC)  # 09:00 in Moscow
METHODS = list(PaymentMethod)


def payments(count: int) -> list[ShiftPaymentLine]:
    return [
        ShiftPaymentLine(
            receipt_number=500 + i,
            posted_at=OPENED + dt.timedelta(minutes=10 * i + 5),
            contract_number=f"ТВ-{i:05d}",
            subscriber_name=f"Абонент Номер {i}",
            method=METHODS[i % len(METHODS)],
            amount=100_00 * (i + 1),
            cancelled=False,
        )
        for i in range(count)
    ]


def make_report(
    kind: str = "Z", lines: list[ShiftPaymentLine] | None = None, **changes: Any
) -> ShiftReportData:
    lines = payments(4) if lines is None else lines
    totals: dict[PaymentMethod, int] = {}
    for line in lines:
        if not line.cancelled:
            totals[line.method] = totals.get(line.method, 0) + line.amount
    expected = 1_000_00 + totals.get(PaymentMethod.CASH, 0)
    fields: dict[str, Any] = {
        "kind": kind,
        "company": COMPANY,
        "timezone": "Europe/Moscow",
        "desk_name": "Касса № 2 (Советская)",
        "shift_id": 77,
        "cashier_name": "Иванова Мария Петровна",
        "opened_at": OPENED,
        "closed_at": OPENED + dt.timedelta(hours=9) if kind == "Z" else None,
        "opening_cash": 1_000_00,
        "payments": lines,
        "cancellations": [],
        "totals_by_method": totals,
        "expected_cash": expected,
        "counted_cash": expected if kind == "Z" else None,
    }
    fields.update(changes)
    return ShiftReportData(**fields)


def test_z_report_lists_payments_totals_and_cash(tmp_path: Path) -> None:
    lines = payments(4)
    # Cash 100 ₽ (#500), card 200 ₽ (#501), registry 300 ₽ (#502), terminal 400 ₽ (#503); #501 cancelled.
    lines[1] = dataclasses.replace(lines[1], cancelled=True)
    cancellation = ShiftCancellationLine(
        receipt_number=501,
        cancelled_at=OPENED + dt.timedelta(minutes=30),
        contract_number="ТВ-00001",
        method=PaymentMethod.CARD,
        amount=200_00,
        reason="Не тот договор",
        cancelled_by="Смирнова О. Н.",
    )
    data = make_report(lines=lines, cancellations=[cancellation], counted_cash=1_050_00)
    text = pdf_text(render_shift_report(data), tmp_path)
    flat = squeeze(text)
    for expected in [
        "ООО «Городские сети»",
        "Z-отчёт (закрытие смены)",
        "Касса № 2 (Советская)",
        "Смена № 77",
        "Иванова Мария Петровна",
        "Смена открыта 05.03.2025 09:00",
        "Смена закрыта 05.03.2025 18:00",
        "Остаток на начало смены 1 000,00 ₽",
        "Абонент Номер 0",
        "ТВ-00003",
        "ОТМЕНЁН",
        "Всего платежей: 4, из них отменено: 1",
        "Не тот договор",
        "Смирнова О. Н.",
        "Наличные 100,00 ₽",
        "Банковская карта 0,00 ₽",  # the cancelled card payment is not counted
        "Банковский реестр 300,00 ₽",
        "Терминал 400,00 ₽",
        "Итого 800,00 ₽",
        "Должно быть в кассе 1 100,00 ₽",
        "Пересчитано в кассе 1 050,00 ₽",
        "Расхождение Недостача 50,00 ₽",
        "Кассир",
        "Страница 1 из 1",
    ]:
        assert expected in flat, expected
    for number in range(500, 504):
        assert str(number) in text
    assert "Излишек" not in text


@pytest.mark.parametrize(
    ("difference", "shown"), [(25_00, "Излишек 25,00 ₽"), (0, "Расхождений нет"), (-1, "Недостача 0,01 ₽")]
)
def test_z_report_names_the_difference(difference: int, shown: str, tmp_path: Path) -> None:
    data = make_report()
    data = make_report(counted_cash=data.expected_cash + difference)
    assert shown in pdf_text(render_shift_report(data), tmp_path)


def test_x_report_is_intermediate_and_counts_no_cash(tmp_path: Path) -> None:
    text = squeeze(pdf_text(render_shift_report(make_report("X")), tmp_path))
    assert "X-отчёт" in text and "Z-отчёт" not in text
    assert "отчёт промежуточный" in text
    assert "Должно быть в кассе" in text
    assert "Пересчитано" not in text and "Излишек" not in text and "Недостача" not in text


def test_an_empty_shift_says_so(tmp_path: Path) -> None:
    text = pdf_text(render_shift_report(make_report("X", lines=[])), tmp_path)
    assert "Платежей за смену не было" in text and "Отмен не было" in text


def test_payment_after_midnight_shows_its_date(tmp_path: Path) -> None:
    late = dataclasses.replace(payments(1)[0], posted_at=dt.datetime(2025, 3, 5, 21, 15, tzinfo=dt.UTC))
    text = pdf_text(render_shift_report(make_report(lines=[late])), tmp_path)
    assert "06.03 00:15" in text


def test_a_long_shift_runs_over_pages_with_headers_and_numbers(tmp_path: Path) -> None:
    pdf = render_shift_report(make_report(lines=payments(120)))
    info = pdf_info(pdf, tmp_path)
    assert info.pages >= 3
    assert all(size == pytest.approx((210 * MM, 297 * MM), abs=1) for size in info.page_sizes)
    pages = pdf_text(pdf, tmp_path).split("\f")[: info.pages]
    for number, page in enumerate(pages, start=1):
        assert f"Страница {number} из {info.pages}" in page
    # The payments table's header row is repeated on every page it runs onto.
    table_pages = [page for page in pages if "ТВ-00" in page]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert "№ квит." in page and "Абонент" in page
    assert "Всего платежей: 120" in squeeze(pages[-1]) or "Всего платежей: 120" in squeeze(pages[-2])
    # Every receipt is there once, none lost at a page break.
    whole = "".join(pages)
    for i in range(120):
        assert f"ТВ-{i:05d}" in whole


def test_report_rasterises_and_uses_only_the_bundled_fonts(tmp_path: Path) -> None:
    pdf = render_shift_report(make_report(lines=payments(30)))
    pages = rasterise(pdf, tmp_path, dpi=100)
    assert pages and all(page.exists() for page in pages)
    assert 0.005 < ink(pages[0]).dark_fraction < 0.25
    for name, embedded in pdf_fonts(pdf, tmp_path):
        assert "DejaVuSans" in name and embedded


def test_unknown_report_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        render_shift_report(make_report(kind="Y"))
