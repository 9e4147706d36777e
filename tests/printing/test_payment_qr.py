"""The GOST R 56042-2014 payment QR code: the string a bank app parses, and the code a phone camera reads."""

from __future__ import annotations

import dataclasses
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qrencoder import QR8bitByte, QRCode, QRErrorCorrectLevel, QRUtil

from app.errors import DomainError
from app.printing.payment_qr import (
    BANK_NAME_MAX,
    NAME_MAX,
    PURPOSE_MAX,
    BankDetailsMissing,
    clean_value,
    mask_penalty,
    payer_name_parts,
    payment_qr_payload,
    qr_drawing,
    qr_modules,
)
from app.services.kernel.documents import CompanyDetails
from tests.printing.pdf import MM, rasterise

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
MANDATORY = ["Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc"]


def decode_qr(png: Path) -> list[str]:
    """Every QR code zbarimg (a real decoder) finds in the image, as text. Fails when it is missing."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.fail("zbarimg is not installed: apt-get install zbar-tools", pytrace=False)
    done = subprocess.run([zbarimg, "--raw", "-q", str(png)], capture_output=True, timeout=60, check=False)
    # Exit status 4 means "no symbol found": an empty list, which the caller's assertion reports.
    assert done.returncode in (0, 4), done.stderr.decode(errors="replace")
    return [line for line in done.stdout.decode("utf-8").splitlines() if line]


def fields(payload: str) -> list[tuple[str, str]]:
    header, *pairs = payload.split("|")
    assert header == "ST00012"
    return [(key, value) for key, _, value in (pair.partition("=") for pair in pairs)]


def payload(company: CompanyDetails = COMPANY, **changes: object) -> str:
    arguments: dict[str, object] = {
        "amount": 123456,
        "contract_number": "100001",
        "purpose": "Оплата услуг связи по договору 100001",
        "payer_name": "Константинопольская Александра Владимировна",
        "payer_address": "г. Тверь, ул. Вагжанова, д. 7, кв. 31",
        **changes,
    }
    return payment_qr_payload(company, **arguments)  # type: ignore[arg-type]


def test_payload_has_the_mandatory_fields_first_in_order_then_the_payment() -> None:
    assert fields(payload()) == [
        ("Name", "ООО «Городские сети & ТВ»"),
        ("PersonalAcc", "40702810938000000001"),
        ("BankName", "ПАО Сбербанк"),
        ("BIC", "044525225"),
        ("CorrespAcc", "30101810400000000225"),
        ("PayeeINN", "6950000000"),
        ("KPP", "695001001"),
        ("Purpose", "Оплата услуг связи по договору 100001"),
        ("Sum", "123456"),
        ("PersAcc", "100001"),
        ("LastName", "Константинопольская"),
        ("FirstName", "Александра"),
        ("MiddleName", "Владимировна"),
        ("PayerAddress", "г. Тверь, ул. Вагжанова, д. 7, кв. 31"),
    ]


def test_the_payer_name_goes_apart_and_an_organisation_gives_none() -> None:
    assert payer_name_parts("  Ёлкин   Пётр Ильич оглы ") == ("Ёлкин", "Пётр", "Ильич оглы")
    assert payer_name_parts("Тимофеева") == ("Тимофеева", "", "")
    assert payer_name_parts("ООО «Ромашка»") == payer_name_parts("АО Тверьэнерго") == ("", "", "")
    keys = [key for key, _ in fields(payload(payer_name="Тимофеева"))]
    assert "LastName" in keys and "FirstName" not in keys and "MiddleName" not in keys


def test_empty_optional_fields_are_left_out_and_a_zero_sum_too() -> None:
    company = dataclasses.replace(COMPANY, kpp="", inn="")
    keys = [key for key, _ in fields(payload(company, amount=0, payer_name="", payer_address=""))]
    assert keys == [*MANDATORY, "Purpose", "PersAcc"]


def test_a_separator_or_a_line_break_inside_a_value_cannot_split_a_field() -> None:
    company = dataclasses.replace(COMPANY, name="ООО «Сети|ТВ»", bank_name="Банк\n«Тверь|Кредит»")
    text = payload(company, payer_name="Иванов|Пётр", payer_address="ул. Ленина,\r\nд. 5|кв. 2")
    assert "\n" not in text and "\r" not in text
    parsed = dict(fields(text))
    assert len(fields(text)) == 12  # one more | anywhere would have made a 13th field
    assert parsed["Name"] == "ООО «Сети/ТВ»"
    assert parsed["BankName"] == "Банк «Тверь/Кредит»"
    assert parsed["LastName"] == "Иванов/Пётр"
    assert parsed["PayerAddress"] == "ул. Ленина, д. 5/кв. 2"


def test_long_values_are_cut_at_a_word_within_the_standards_limits() -> None:
    company = dataclasses.replace(
        COMPANY,
        name="Общество с ограниченной ответственностью «" + "Городские кабельные сети " * 10 + "»",
        bank_name="Публичное акционерное общество «Сбербанк России», Тверское отделение № 8607",
    )
    parsed = dict(fields(payload(company, purpose="Оплата услуг связи, " * 20)))
    assert 0.66 * NAME_MAX <= len(parsed["Name"]) <= NAME_MAX
    assert len(parsed["BankName"]) <= BANK_NAME_MAX
    assert len(parsed["Purpose"]) <= PURPOSE_MAX
    for value in (parsed["Name"], parsed["BankName"], parsed["Purpose"]):
        assert not value.endswith((" ", ",")), value  # cut cleanly between words
    assert parsed["BankName"] == "Публичное акционерное общество «Сбербанк"
    assert company.name.startswith(parsed["Name"])


def test_account_numbers_typed_with_spaces_are_written_as_digits() -> None:
    company = dataclasses.replace(
        COMPANY,
        bank_account="4070 2810 9380 0000 0001",
        bic="04-45-25-225",
        corr_account=" 30101810400000000225 ",
    )
    parsed = dict(fields(payload(company)))
    assert parsed["PersonalAcc"] == "40702810938000000001"
    assert parsed["BIC"] == "044525225"
    assert parsed["CorrespAcc"] == "30101810400000000225"


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"bank_account": ""}, "bank account"),
        ({"bank_account": "4070281093800000000"}, "bank account"),  # 19 digits: a typo
        ({"bic": ""}, "BIC"),
        ({"bank_name": "  "}, "bank name"),
        ({"corr_account": ""}, "correspondent account"),
        ({"name": ""}, "company name"),
        ({"inn": "12345"}, "INN"),
    ],
)
def test_missing_or_wrong_bank_details_are_refused_with_what_to_fix(
    change: dict[str, str], detail: str
) -> None:
    with pytest.raises(BankDetailsMissing) as caught:
        payload(dataclasses.replace(COMPANY, **change))
    assert isinstance(caught.value, ValueError)  # the builder's contract
    assert isinstance(caught.value, DomainError)  # and a message the desk shows to people
    assert any(detail in item for item in caught.value.details)
    assert "administrator" in str(caught.value)


def test_a_negative_sum_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        payload(amount=-1)


def test_the_fast_encoder_draws_exactly_what_reportlabs_own_encoder_draws() -> None:
    """Our mask scoring is a rewrite for speed: the codes must be the same, module for module."""
    text = payload()
    rng = random.Random(7)
    for length in [1, 17, 60, *(rng.randint(1, len(text)) for _ in range(6)), len(text)]:
        data = text[:length]
        reference = QRCode(None, QRErrorCorrectLevel.M)
        reference.addData(QR8bitByte(data.encode("utf-8")))
        reference.make()
        assert qr_modules(data) == [[bool(m) for m in row] for row in reference.modules], length
        for pattern in range(8):
            reference.makeImpl(True, pattern)
            assert mask_penalty(reference.modules) == QRUtil.getLostPoint(reference), (length, pattern)


def test_qr_drawing_has_the_size_asked_for_and_decodes_to_the_payload(tmp_path: Path) -> None:
    text = payload()
    drawing = qr_drawing(text, 40)
    assert drawing.width == pytest.approx(40 * MM)
    assert drawing.height == pytest.approx(40 * MM)
    pdf = renderPDF.drawToString(drawing)
    [png] = rasterise(pdf, tmp_path, dpi=200)
    assert decode_qr(png) == [text]


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        ("АО «Банк» Тверского региона", 12, "АО «Банк»"),  # a closing quote stays
        ("АО «Банк» «Тверской»", 11, "АО «Банк»"),  # an opening quote with nothing after it goes
        ("Оплата услуг, ноябрь", 14, "Оплата услуг"),  # so does a comma
        ("Оплата услуг связи", 12, "Оплата услуг"),  # the limit falls between two words: all of it
        ("А" * 50, 45, "А" * 45),  # one huge word is cut where it must be
    ],
)
def test_a_value_cut_to_its_limit_ends_cleanly(value: str, limit: int, expected: str) -> None:
    assert clean_value(value, limit) == expected
