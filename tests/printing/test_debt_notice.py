"""Debt notices as a subscriber finds them in the mailbox: what they say, and a QR code the bank app reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from app.errors import DomainError
from app.printing.debt_notice import NoDebtNotices, render_debt_notices
from app.printing.payment_qr import BankDetailsMissing
from app.printing.words import amount_in_words
from app.services.kernel.documents import DebtNotice, DebtNoticesData
from tests.printing.pdf import MM, ink, pdf_fonts, pdf_info, pdf_text, rasterise, squeeze
from tests.printing.test_payment_qr import COMPANY, MANDATORY, decode_qr, fields

AS_OF = dt.date(2025, 3, 5)


def notice(number: int, **changes: object) -> DebtNotice:
    data = DebtNotice(
        contract_number=str(100000 + number),
        subscriber_name=f"Константинопольская Александра Владимировна {number}",
        address=f"г. Тверь, ул. Вагжанова, д. 7, кв. {number}",
        debt=123456 + number,
        debt_since=dt.date(2025, 2, 1),
        disconnect_on=dt.date(2025, 3, 15),
        as_of=AS_OF,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def notices(*items: DebtNotice) -> DebtNoticesData:
    return DebtNoticesData(COMPANY, building_address="г. Тверь, ул. Вагжанова, д. 7", notices=list(items))


def test_two_notices_per_a4_sheet_each_with_a_qr_code_a_bank_app_reads(tmp_path: Path) -> None:
    first, second, third = notice(1), notice(2, debt=98_765_43), notice(3)
    pdf = render_debt_notices(notices(first, second, third))
    info = pdf_info(pdf, tmp_path)
    assert info.pages == 2  # two notices on the first sheet, the third alone on the second
    assert info.page_sizes[0] == pytest.approx((210 * MM, 297 * MM), abs=1)
    assert "Вагжанова" in info.title
    pages = rasterise(pdf, tmp_path, dpi=200)
    decoded = decode_qr(pages[0]) + decode_qr(pages[1])
    assert len(decoded) == 3, decoded
    by_contract = {dict(fields(text))["PersAcc"]: text for text in decoded}
    for expected in (first, second, third):
        text = by_contract[expected.contract_number]
        assert text.startswith("ST00012|Name=")
        pairs = fields(text)
        assert [key for key, _ in pairs[:5]] == MANDATORY
        values = dict(pairs)
        assert values["Name"] == COMPANY.name
        assert values["PersonalAcc"] == COMPANY.bank_account
        assert values["Sum"] == str(expected.debt)  # kopecks
        last, first, middle = expected.subscriber_name.split(maxsplit=2)  # GOST wants them apart
        assert (values["LastName"], values["FirstName"], values["MiddleName"]) == (last, first, middle)
        assert values["Purpose"] == f"Оплата услуг связи по договору {expected.contract_number}"


def test_the_notice_says_the_debt_in_figures_and_words_and_the_disconnect_date(tmp_path: Path) -> None:
    pdf = render_debt_notices(notices(notice(1, debt=123456), notice(2, disconnect_on=None)))
    text = squeeze(pdf_text(pdf, tmp_path))
    assert text.count("УВЕДОМЛЕНИЕ О ЗАДОЛЖЕННОСТИ") == 2
    assert "Константинопольская Александра Владимировна 1" in text
    assert "г. Тверь, ул. Вагжанова, д. 7, кв. 1" in text
    assert "№ 100001" in text
    assert "По состоянию на 05.03.2025 задолженность по договору составляет 1 234,56 ₽" in text
    assert amount_in_words(123456).lower() in text  # «одна тысяча двести тридцать четыре рубля 56 копеек»
    assert "Задолженность образовалась 01.02.2025 и не погашена 32 дня" in text
    # Only the notice with a CaTV service to disconnect threatens to disconnect it.
    warning = "Если задолженность не будет погашена до 15.03.2025, кабельное телевидение будет отключено"
    assert text.count(warning) == 1
    assert "повторное подключение" in text
    assert "Просим погасить задолженность в ближайшее время" in text
    assert text.count("Оплата по QR-коду") >= 2
    assert "в кассе абонентского отдела: г. Тверь, ул. Советская, д. 1" in text
    assert f"р/с {COMPANY.bank_account} в ПАО Сбербанк, БИК {COMPANY.bic}, к/с {COMPANY.corr_account}" in text
    assert "линия отреза" in text


def test_only_the_bundled_font_is_used(tmp_path: Path) -> None:
    fonts = pdf_fonts(render_debt_notices(notices(notice(1))), tmp_path)
    assert fonts and all("DejaVu" in name and embedded for name, embedded in fonts), fonts


def test_a_very_long_name_and_address_still_fit_the_half_sheet(tmp_path: Path) -> None:
    long = notice(
        1,
        subscriber_name="Общество с ограниченной ответственностью «Управляющая компания Заволжского района "
        "города Твери и прилегающих территорий»",
        address="Тверская область, Калининский муниципальный округ, посёлок Сахарово, микрорайон Южный, "
        "улица Генерала Константинопольского, дом 117, корпус 3, строение 2, квартира 1024",
    )
    pdf = render_debt_notices(notices(long, notice(2)))
    assert pdf_info(pdf, tmp_path).pages == 1
    [page] = rasterise(pdf, tmp_path, dpi=50)
    printed = ink(page)
    # Nothing is pushed into the margins: the top notice stays above the cut line, the bottom one on paper.
    assert printed.top > 5 * 50 / 25.4 and printed.bottom < printed.height - 5 * 50 / 25.4
    text = squeeze(pdf_text(pdf, tmp_path))
    assert text.count("Получатель:") == 2  # the small print at the notice's end is still on the page
    assert "квартира 1024" in text


def test_notices_are_refused_when_the_company_bank_details_are_missing() -> None:
    company = dataclasses.replace(COMPANY, bank_account="", bic="")
    with pytest.raises(BankDetailsMissing) as caught:
        render_debt_notices(dataclasses.replace(notices(notice(1)), company=company))
    assert isinstance(caught.value, ValueError)
    assert "BIC" in ", ".join(caught.value.details)


def test_an_empty_batch_is_refused_with_a_message_for_people_not_as_missing_bank_details() -> None:
    with pytest.raises(NoDebtNotices) as caught:
        render_debt_notices(notices())
    assert isinstance(caught.value, DomainError)
    assert not isinstance(caught.value, ValueError)
