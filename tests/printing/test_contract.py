"""The service contract as the subscriber reads and signs it: the number, both parties, each ordered service
with its fee, the standard clauses, signatures; A4, two pages for a typical contract, DejaVu only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from pathlib import Path

import pytest

from app.printing.contract import date_words, days_text, kind_label, render_contract
from app.services.kernel.documents import ContractDocumentData, ContractServiceLine
from tests.printing.pdf import MM, ink, pdf_fonts, pdf_info, pdf_text, rasterise, squeeze
from tests.printing.test_payment_qr import COMPANY

SIGNED = dt.date(2025, 3, 5)
SERVICES = [
    ContractServiceLine("internet", "Домашний 100 Мбит/с", 55_000, "u100123", SIGNED),
    ContractServiceLine("catv", "Социальный", 25_000, "ТП-12/45", SIGNED),
    ContractServiceLine("iptv", "IPTV Базовый", 19_900, "STB 00:1A:2B:3C:4D:5E", dt.date(2025, 3, 10)),
    ContractServiceLine("other", "Аренда роутера", 123_456, "SN 7788", dt.date(2025, 4, 1)),
]


SERVICE_ROW = re.compile(r"^\s*\d+\s+(Интернет|Кабельное ТВ|IPTV|Прочее)\s")


def contract(**changes: object) -> ContractDocumentData:
    data = ContractDocumentData(
        company=COMPANY,
        number="100123",
        signed_on=SIGNED,
        city="Тверь",
        subscriber_name="Щёткина Юлия Эдуардовна",
        subscriber_kind="person",
        passport="серия 2805 № 123456, выдан ОУФМС России по Тверской обл. 12.04.2015",
        inn="",
        address="г. Тверь, ул. Советская, д. 10, кв. 45",
        phone="79161234567",
        email="yulia@example.ru",
        services=list(SERVICES),
        credit_limit=30_000,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


ORGANISATION = dict(
    subscriber_name="ООО «Ромашка»",
    subscriber_kind="company",
    passport="",
    inn="6901234567",
    address="г. Тверь, пр-т Чайковского, д. 5, офис 12",
)


def read(data: ContractDocumentData, folder: Path, **changes: object) -> str:
    return squeeze(pdf_text(render_contract(dataclasses.replace(data, **changes)), folder))  # type: ignore[arg-type]


def test_the_contract_names_its_number_date_city_and_both_parties(tmp_path: Path) -> None:
    out = read(contract(), tmp_path)
    assert "ДОГОВОР № 100123" in out
    assert "об оказании услуг связи" in out
    assert "г. Тверь" in out and "«05» марта 2025 г." in out
    # The operator, with its details, as «Оператор»; the subscriber with the passport as «Абонент».
    assert "ООО «Городские сети & ТВ», именуемое в дальнейшем «Оператор»" in out
    assert "Щёткина Юлия Эдуардовна, паспорт серия 2805 № 123456" in out
    assert "именуемый(ая) в дальнейшем «Абонент»" in out
    for detail in (
        "ИНН 6950000000, КПП 695001001",
        "г. Тверь, ул. Советская, д. 1",
        "р/с 40702810938000000001",
        "ПАО Сбербанк",
        "БИК 044525225",
        "к/с 30101810400000000225",
    ):
        assert detail in out, detail
    assert "г. Тверь, ул. Советская, д. 10, кв. 45" in out  # the premises
    assert "+7 (916) 123-45-67" in out and "yulia@example.ru" in out
    assert "Щёткина Ю. Э." in out  # under the subscriber's signature


def test_each_service_is_listed_with_its_tariff_fee_start_and_identifier(tmp_path: Path) -> None:
    out = pdf_text(render_contract(contract()), tmp_path)
    rows = [line for line in out.splitlines() if SERVICE_ROW.match(line)]
    expected = [
        ("Интернет", "Домашний 100 Мбит/с", "550,00 ₽", "05.03.2025", "u100123"),
        ("Кабельное ТВ", "Социальный", "250,00 ₽", "05.03.2025", "ТП-12/45"),
        ("IPTV", "IPTV Базовый", "199,00 ₽", "10.03.2025", "STB 00:1A:2B:3C:4D:5E"),
        ("Прочее", "Аренда роутера", "1 234,56 ₽", "01.04.2025", "SN 7788"),
    ]
    assert len(rows) == len(expected), rows
    for row, cells in zip(rows, expected, strict=True):
        for cell in cells:
            assert cell in row, (cell, row)
    # 550 + 250 + 199 + 1234,56
    assert "Итого в месяц" in out and "2 233,56 ₽" in out


def test_the_standard_clauses_are_there(tmp_path: Path) -> None:
    out = read(contract(), tmp_path, grace_days=14, reconnection_fee=50_000)
    for words in (
        "Предмет договора",
        "Порядок оплаты",
        "авансом",
        "кредитный лимит 300,00 ₽ (триста рублей 00 копеек)",
        "ниже минус 300,00 ₽",
        "приостанавливает услуги «Интернет» и «IPTV»",
        "в течение 14 календарных дней",
        "физическое отключение кабельного ТВ",
        "платы за повторное подключение в размере 500,00 ₽",
        "№ 152-ФЗ «О персональных данных»",
        "Срок действия и расторжение договора",
        "на неопределённый срок",
        "расторгнуть договор",
        "Реквизиты и подписи сторон",
    ):
        assert words in out, words


def test_without_a_credit_limit_there_is_no_limit_clause_and_the_threshold_is_zero(tmp_path: Path) -> None:
    out = read(contract(credit_limit=0), tmp_path)
    assert "кредитный лимит" not in out
    assert "становится ниже нуля" in out
    # The default reconnection fee is one monthly CaTV fee, the debt policy's default.
    assert "в размере одной ежемесячной абонентской платы за услугу «Кабельное ТВ»" in out
    assert "в течение 10 календарных дней" in out


def test_a_company_subscriber_shows_its_inn_instead_of_a_passport(tmp_path: Path) -> None:
    out = read(contract(**ORGANISATION), tmp_path)
    assert "ООО «Ромашка», ИНН 6901234567, именуемое в дальнейшем «Абонент»" in out
    assert "Паспорт" not in out and "паспорт " not in out and "паспортные данные" not in out
    assert "согласие своих представителей" in out and "152-ФЗ" in out
    assert "гражданин" not in out
    assert out.count("М.П.") == 2  # the organisation has a seal too
    person = read(contract(), tmp_path)
    assert "Паспорт: серия 2805" in person
    assert "ИНН 6901234567" not in person
    assert person.count("М.П.") == 1  # a private person has no seal: only the operator's


def test_cyrillic_is_intact_and_only_the_embedded_dejavu_fonts_are_used(tmp_path: Path) -> None:
    pdf = render_contract(contract())
    out = pdf_text(pdf, tmp_path)
    for word in ("Щёткина", "Эдуардовна", "Приостановление", "неопределённый", "Абонентская"):
        assert word in out, word
    assert "\ufffd" not in out and "■" not in out  # no replacement characters or missing-glyph boxes
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts
    for name, embedded in fonts:
        assert "DejaVuSans" in name and embedded, fonts


def test_a_typical_contract_is_two_a4_pages_with_ink_inside_the_margins(tmp_path: Path) -> None:
    pdf = render_contract(contract())
    info = pdf_info(pdf, tmp_path)
    assert info.pages == 2
    assert info.title == "Договор № 100123 от 05.03.2025"
    for width, height in info.page_sizes:
        assert (round(width / MM), round(height / MM)) == (210, 297)
    pngs = rasterise(pdf, tmp_path, dpi=50)
    assert len(pngs) == 2
    for png in pngs:
        printed = ink(png)
        assert 0.005 < printed.dark_fraction < 0.25, printed
        px_per_mm = printed.width / 210
        assert printed.left >= 10 * px_per_mm and printed.right <= printed.width - 10 * px_per_mm
        assert printed.top >= 5 * px_per_mm and printed.bottom <= printed.height - 5 * px_per_mm
    out = pdf_text(pdf, tmp_path)
    assert "Страница 1 из 2" in out and "Страница 2 из 2" in out


def test_the_signatures_stay_together_with_the_details_at_the_end(tmp_path: Path) -> None:
    out = pdf_text(render_contract(contract()), tmp_path)
    last_page = out.split("\f")[1]
    assert "Реквизиты и подписи сторон" in last_page
    assert "Оператор" in last_page and "Абонент" in last_page and "М.П." in last_page


def test_text_typed_by_people_is_printed_literally_and_long_data_still_prints(tmp_path: Path) -> None:
    data = contract(
        subscriber_name="ООО <Рога & копыта>",
        subscriber_kind="company",
        passport="",
        inn="6900000001",
        address="г. Тверь, " + "очень длинная улица имени кого-то, " * 6 + "д. 1",
        services=[dataclasses.replace(SERVICES[0], tariff_name="Тариф «Всё & сразу» <для дома>")] * 6,
        phone="",
        email="",
    )
    out = read(data, tmp_path)
    assert "ООО <Рога & копыта>" in out
    # The tariff wraps in its column: its two halves are on the rows of the table.
    assert out.count("Тариф «Всё & сразу»") == 6 and out.count("<для дома>") == 6
    assert pdf_info(render_contract(data), tmp_path).pages <= 3


def test_missing_company_details_leave_a_blank_to_fill_in(tmp_path: Path) -> None:
    company = dataclasses.replace(COMPANY, kpp="", bic="", phone="")
    out = read(contract(company=company), tmp_path)
    assert "КПП" not in out
    assert "БИК ____" in out


def test_no_services_still_prints(tmp_path: Path) -> None:
    out = read(contract(services=[]), tmp_path)
    assert "Услуги не выбраны" in out


def test_a_contract_renders_quickly() -> None:
    render_contract(contract())  # fonts registered, modules imported
    started = time.perf_counter()
    render_contract(contract())
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("kind", "label"),
    [("internet", "Интернет"), ("catv", "Кабельное ТВ"), ("iptv", "IPTV"), ("other", "Прочее"), ("x", "x")],
)
def test_kind_labels(kind: str, label: str) -> None:
    assert kind_label(kind) == label


def test_helpers() -> None:
    assert date_words(dt.date(2025, 1, 1)) == "«01» января 2025\u00a0г."
    assert date_words(dt.date(2025, 12, 31)) == "«31» декабря 2025\u00a0г."
    assert days_text(1) == "1 календарного дня"
    assert days_text(3) == "3 календарных дней"
    assert days_text(10) == "10 календарных дней"
    assert days_text(21) == "21 календарного дня"
