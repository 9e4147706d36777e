"""Checksums of ИНН and of bank accounts against the БИК, on real published and made-up numbers."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.services.admin.requisites import (
    account_is_valid,
    clean_account,
    clean_bic,
    clean_corr_account,
    clean_inn,
    clean_kpp,
    corr_account_is_valid,
    inn_is_valid,
)

SBER_BIC = "044525225"
SBER_CORR = "30101810400000000225"


@pytest.mark.parametrize("inn", ["7707083893", "7736207543", "500100732259", "7830002293"])
def test_valid_inns(inn: str) -> None:
    assert inn_is_valid(inn)
    assert clean_inn(f" {inn[:4]} {inn[4:]} ") == inn


@pytest.mark.parametrize("inn", ["7707083894", "7707083839", "500100732258", "500100732269", "0000000001"])
def test_inns_with_a_typo_fail_the_checksum(inn: str) -> None:
    assert not inn_is_valid(inn)
    with pytest.raises(ValidationError, match="wrong check digit"):
        clean_inn(inn)


@pytest.mark.parametrize("inn", ["", "123", "77070838931", "77070838ab"])
def test_inns_of_the_wrong_length_say_how_many_digits(inn: str) -> None:
    with pytest.raises(ValidationError, match="10 digits") as caught:
        clean_inn(inn)
    assert caught.value.field == "inn"


def test_settlement_account_matches_its_bic() -> None:
    assert account_is_valid("40702810938000000001", SBER_BIC)
    assert account_is_valid("40702810038000012342", SBER_BIC)
    assert not account_is_valid("40702810038000012343", SBER_BIC)  # last digit mistyped
    assert not account_is_valid("40702810038000012342", "044525593")  # same account, another bank
    assert clean_account("4070 2810 0380 0001 2342", SBER_BIC) == "40702810038000012342"
    with pytest.raises(ValidationError, match="does not match the BIC"):
        clean_account("40702810038000012343", SBER_BIC)
    with pytest.raises(ValidationError, match="20 digits; you typed 19"):
        clean_account("4070281003800001234", SBER_BIC)


def test_correspondent_account_matches_its_bic() -> None:
    assert corr_account_is_valid(SBER_CORR, SBER_BIC)
    assert corr_account_is_valid("30101810200000000593", "044525593")  # Альфа-Банк
    assert not corr_account_is_valid("30101810400000000226", SBER_BIC)
    assert clean_corr_account(SBER_CORR, SBER_BIC) == SBER_CORR
    with pytest.raises(ValidationError, match="301"):
        clean_corr_account("30101810400000000593", SBER_BIC)


@pytest.mark.parametrize(("text", "ok"), [("044525225", True), ("44525225", False), ("144525225", False)])
def test_bic(text: str, ok: bool) -> None:
    if ok:
        assert clean_bic(text) == text
    else:
        with pytest.raises(ValidationError):
            clean_bic(text)


@pytest.mark.parametrize(("text", "ok"), [("770701001", True), ("7707AB001", True), ("77070100", False)])
def test_kpp(text: str, ok: bool) -> None:
    if ok:
        assert clean_kpp(text) == text
    else:
        with pytest.raises(ValidationError):
            clean_kpp(text)
