"""Payment receipts as a subscriber and a cashier see them: the text in the PDF, the paper, the ink."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.models.enums import PaymentMethod
from app.printing.receipt import Layout, render_receipt
from app.printing.words import amount_in_words
from app.services.kernel.documents import CompanyDetails, ReceiptData, ReconnectQuote
from tests.printing.pdf import MM, ink, pdf_fonts, pdf_info, pdf_text, rasterise, squeeze

COMPANY = CompanyDetails(
    name="ООО «Городские сети & ТВ»",
    inn="6950000000",
    kpp="695001001",
    address="г. Тверь, ул. Советская, д. 1",
    phone="+7 (4822) 00-00-00",
    bank_name="ПАО Сбербанк",
    bic="044525225",
    bank_account="40702810938000000001",
    corr_account="30101810400000000225",
)

A4_HEIGHT = 297 * MM


def make_receipt(**changes: Any) -> ReceiptData:
    data = ReceiptData(
        company=COMPANY,
        timezone="Europe/Moscow",
        desk_name="Касса № 2 (Советская)",
        receipt_number=1234,
        posted_at=dt.datetime(2025, 3, 5, 11, 7, tzinfo=dt.UTC),  # 14:07 in Moscow
        subscriber_name="Константинопольская Александра Владимировна",
        contract_number="ТВ-004512",
        address="г. Тверь, ул. Вагжанова, д. 7, кв. 31",
        amount=120000,
        method=PaymentMethod.CASH,
        balance_after=-35050,
        cashier_name="Иванова Мария Петровна",
        comment="Оплата за март",
    )
    return dataclasses.replace(data, **changes)


@pytest.mark.parametrize(
    ("kopecks", "words"),
    [
        (100, "Один рубль 00 копеек"),
        (200, "Два рубля 00 копеек"),
        (500, "Пять рублей 00 копеек"),
        (2100, "Двадцать один рубль 00 копеек"),
        (1100, "Одиннадцать рублей 00 копеек"),
        (100000, "Одна тысяча рублей 00 копеек"),
        (120000, "Одна тысяча двести рублей 00 копеек"),
        (200000, "Две тысячи рублей 00 копеек"),
        (100000000, "Один миллион рублей 00 копеек"),
        (1, "Ноль рублей 01 копейка"),
        (22, "Ноль рублей 22 копейки"),
        (12, "Ноль рублей 12 копеек"),
        (12345678, "Сто двадцать три тысячи четыреста пятьдесят шесть рублей 78 копеек"),
        (11121, "Сто одиннадцать рублей 21 копейка"),
    ],
)
def test_amount_in_words(kopecks: int, words: str) -> None:
    assert amount_in_words(kopecks) == words


def test_amount_in_words_refuses_a_negative_sum() -> None:
    with pytest.raises(ValueError, match="negative"):
        amount_in_words(-100)


def test_a4_receipt_shows_the_payment_and_a_counterfoil(tmp_path: Path) -> None:
    pdf = render_receipt(make_receipt(), layout="a4")
    text = pdf_text(pdf, tmp_path)
    flat = squeeze(text)
    for expected in [
        "ООО «Городские сети & ТВ»",  # the ampersand printed, not parsed as markup
        "ИНН 6950000000, КПП 695001001",
        "г. Тверь, ул. Советская, д. 1",
        "+7 (4822) 00-00-00",
        "Квитанция № 1234",
        "Касса № 2 (Советская)",
        "05.03.2025 14:07",
        "Константинопольская Александра Владимировна",
        "Лицевой счёт / договор № ТВ-004512",
        "г. Тверь, ул. Вагжанова, д. 7, кв. 31",
        "Сумма 1 200,00 ₽",
        "Одна тысяча двести рублей 00 копеек",
        "Наличные",
        "Баланс после платежа Долг 350,50 ₽",
        "Иванова Мария Петровна",
        "Оплата за март",
        "Не является кассовым чеком",
        "линия отреза",
        "Корешок квитанции № 1234",
    ]:
        assert expected in flat, expected
    assert "ДУБЛИКАТ" not in text and "ОТМЕНЁН" not in text
    # The counterfoil repeats what the desk needs to find the payment again.
    counterfoil = flat.split("Корешок квитанции")[1]
    assert "ТВ-004512" in counterfoil and "1 200,00 ₽" in counterfoil and "05.03.2025 14:07" in counterfoil
    info = pdf_info(pdf, tmp_path)
    assert info.pages == 1
    assert info.page_sizes[0] == pytest.approx((210 * MM, 297 * MM), abs=1)
    assert info.title == "Квитанция № 1234"


@pytest.mark.parametrize("layout", ["a4", "roll"])
def test_a_duplicate_says_so(layout: Layout, tmp_path: Path) -> None:
    original = pdf_text(render_receipt(make_receipt(), layout=layout), tmp_path)
    duplicate = pdf_text(render_receipt(make_receipt(), layout=layout, duplicate=True), tmp_path)
    assert "ДУБЛИКАТ" not in original
    assert "ДУБЛИКАТ" in duplicate
    assert "Квитанция № 1234" in duplicate  # the same receipt, not a new number


@pytest.mark.parametrize("layout", ["a4", "roll"])
def test_a_cancelled_payment_says_so(layout: Layout, tmp_path: Path) -> None:
    text = pdf_text(render_receipt(make_receipt(cancelled=True), layout=layout), tmp_path)
    assert "ПЛАТЁЖ ОТМЕНЁН" in text


@pytest.mark.parametrize(
    ("method", "label"),
    [
        (PaymentMethod.CASH, "Наличные"),
        (PaymentMethod.CARD, "Банковская карта"),
        (PaymentMethod.BANK_REGISTRY, "Банковский реестр"),
        (PaymentMethod.TERMINAL, "Терминал"),
    ],
)
def test_payment_method_in_russian(method: PaymentMethod, label: str, tmp_path: Path) -> None:
    text = squeeze(pdf_text(render_receipt(make_receipt(method=method), layout="roll"), tmp_path))
    assert f"Способ оплаты {label}" in text


def test_a_positive_balance_is_not_called_a_debt(tmp_path: Path) -> None:
    text = squeeze(pdf_text(render_receipt(make_receipt(balance_after=50000), layout="a4"), tmp_path))
    assert "Баланс после платежа 500,00 ₽" in text
    assert "Долг" not in text


@pytest.mark.parametrize("layout", ["a4", "roll"])
def test_cable_tv_cut_for_debt_says_what_to_pay_and_by_when(layout: Layout, tmp_path: Path) -> None:
    quote = ReconnectQuote(
        amount=1_253_40,
        debt=0,
        fee=310_00,
        charges_ahead=943_40,
        on_account=0,
        valid_until=dt.date(2025, 4, 4),
    )
    text = squeeze(pdf_text(render_receipt(make_receipt(reconnect=quote), layout=layout), tmp_path))
    assert "Для подключения внесите 1 253,40 ₽ до 04.04.2025" in text
    assert "подключение 310,00 ₽" in text and "начисления по 04.04.2025 943,40 ₽" in text
    ordered = squeeze(pdf_text(render_receipt(make_receipt(reconnect_ordered=True), layout=layout), tmp_path))
    assert "заявка на подключение принята" in ordered and "Для подключения" not in ordered
    plain = pdf_text(render_receipt(make_receipt(), layout=layout), tmp_path)
    assert "Кабельное ТВ" not in plain


def test_missing_kpp_and_comment_are_left_out(tmp_path: Path) -> None:
    data = make_receipt(company=dataclasses.replace(COMPANY, kpp=""), comment="")
    text = pdf_text(render_receipt(data, layout="a4"), tmp_path)
    assert "ИНН 6950000000" in text
    assert "КПП" not in text and "Комментарий" not in text


@pytest.mark.parametrize(
    ("zone", "shown"), [("Europe/Moscow", "06.03.2025 01:30"), ("Asia/Vladivostok", "06.03.2025 08:30")]
)
def test_time_is_printed_in_the_operators_zone(zone: str, shown: str, tmp_path: Path) -> None:
    data = make_receipt(timezone=zone, posted_at=dt.datetime(2025, 3, 5, 22, 30, tzinfo=dt.UTC))
    assert shown in pdf_text(render_receipt(data, layout="roll"), tmp_path)


def test_text_typed_by_people_is_printed_literally(tmp_path: Path) -> None:
    data = make_receipt(subscriber_name="ИП <b>Петров</b> & сын", comment="строка 1\nстрока 2")
    text = pdf_text(render_receipt(data, layout="a4"), tmp_path)
    assert "ИП <b>Петров</b> & сын" in text
    assert "строка 1" in text and "строка 2" in text


def test_roll_is_80_mm_wide_and_as_tall_as_its_content(tmp_path: Path) -> None:
    short = pdf_info(render_receipt(make_receipt(comment=""), layout="roll"), tmp_path)
    long_comment = "Оплата за несколько месяцев вперёд по просьбе абонента, перерасчёт за простой. " * 6
    long = pdf_info(render_receipt(make_receipt(comment=long_comment), layout="roll"), tmp_path)
    for info in (short, long):
        assert info.pages == 1
        assert info.page_sizes[0][0] == pytest.approx(80 * MM, abs=0.5)
    short_height, long_height = short.page_sizes[0][1], long.page_sizes[0][1]
    assert 60 * MM < short_height < A4_HEIGHT / 2
    assert long_height > short_height + 20 * MM  # six wrapped sentences need at least that much paper


def test_roll_prints_inside_the_printable_72_mm_without_a_blank_tail(tmp_path: Path) -> None:
    # A long unbroken word (a payment reference) must wrap, not run off the paper.
    data = make_receipt(comment="Реф:" + "1234567890" * 8, subscriber_name="Александра " * 8)
    pdf = render_receipt(data, layout="roll", duplicate=True)
    text = squeeze(pdf_text(pdf, tmp_path))
    assert "ООО «Городские сети & ТВ»" in text and "Не является кассовым чеком" in text
    dpi = 200
    (page,) = rasterise(pdf, tmp_path, dpi=dpi)
    printed = ink(page)
    px_per_mm = dpi / 25.4
    assert printed.left >= 3.5 * px_per_mm and printed.right <= 76.5 * px_per_mm
    assert printed.top <= 6 * px_per_mm  # no blank head
    assert printed.height - printed.bottom <= 6 * px_per_mm  # no blank tail: paper costs money


@pytest.mark.parametrize("layout", ["a4", "roll"])
def test_receipt_rasterises_to_a_printed_page(layout: Layout, tmp_path: Path) -> None:
    pdf = render_receipt(make_receipt(), layout=layout, duplicate=True)
    (page,) = rasterise(pdf, tmp_path, dpi=100)
    assert page.exists()
    # Printed on, but not drowned in black: Cyrillic in a font without it comes out as black squares.
    assert 0.005 < ink(page).dark_fraction < 0.25


@pytest.mark.parametrize("layout", ["a4", "roll"])
def test_only_the_bundled_fonts_are_used_and_embedded(layout: Layout, tmp_path: Path) -> None:
    fonts = pdf_fonts(render_receipt(make_receipt(), layout=layout), tmp_path)
    assert fonts
    for name, embedded in fonts:
        assert "DejaVuSans" in name and embedded, fonts


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="layout"):
        render_receipt(make_receipt(), layout="a5")  # type: ignore[arg-type]


# What the register answers for a printed receipt (its fiscalParams), as the fake register gives them.
FISCAL = {
    "fiscalDocumentNumber": 1001,
    "fiscalDocumentSign": "3007926919",
    "fnNumber": "9960440300000001",
    "receiptDatetime": "2026-12-06T12:05:00+03:00",
    "shiftNumber": 12,
    "fiscalReceiptNumber": 3,
}


@pytest.mark.parametrize("layout", ["a4", "roll"])
def test_the_fiscal_receipt_is_named_once_printed(layout: Layout, tmp_path: Path) -> None:
    printed = squeeze(pdf_text(render_receipt(make_receipt(fiscal=FISCAL), layout=layout), tmp_path))
    assert "Кассовый чек" in printed and "ФД № 1001" in printed and "ФП 3007926919" in printed
    assert "ФН 9960440300000001" in printed
    pending = squeeze(pdf_text(render_receipt(make_receipt(fiscal_pending=True), layout=layout), tmp_path))
    assert "пробивается онлайн-кассой" in pending
    plain = squeeze(pdf_text(render_receipt(make_receipt(), layout=layout), tmp_path))
    assert "Кассовый чек" not in plain


@pytest.mark.parametrize("layout", ["a4", "roll"])
def test_the_fiscal_receipt_can_be_checked_by_its_qr_code(layout: Layout, tmp_path: Path) -> None:
    from app.printing.receipt import fiscal_qr_payload
    from tests.printing.test_payment_qr import decode_qr

    data = make_receipt(fiscal=FISCAL, amount=1234_50)
    expected = "t=20261206T1205&s=1234.50&fn=9960440300000001&i=1001&fp=3007926919&n=1"
    assert fiscal_qr_payload(data) == expected
    (page, *_rest) = rasterise(render_receipt(data, layout=layout), tmp_path, dpi=200)
    assert expected in decode_qr(page)
    assert "Проверить кассовый чек" in squeeze(pdf_text(render_receipt(data, layout=layout), tmp_path))
    assert fiscal_qr_payload(make_receipt(fiscal_pending=True)) is None
    assert fiscal_qr_payload(make_receipt(fiscal={"fiscalDocumentNumber": 1})) is None
