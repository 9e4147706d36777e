"""Checks of Russian company and bank requisites (ИНН, КПП, БИК, расчётный и корреспондентский счёт)
by the public checksum rules, so a typo is caught before it is printed on every receipt and QR code."""

from __future__ import annotations

import re

from app.errors import QT_TRANSLATE_NOOP, ValidationError

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_ACCOUNT_WEIGHTS = ((7, 1, 3) * 8)[:23]  # over the 23 digits "BIC part + account"
_KPP = re.compile(r"^\d{4}[0-9A-Z]{2}\d{3}$")


def _digits(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(inn: str) -> bool:
    if not inn.isdigit():
        return False
    if len(inn) == 10:
        return _check_digit(inn, _INN10_WEIGHTS) == int(inn[9])
    if len(inn) == 12:
        return _check_digit(inn, _INN12_WEIGHTS_11) == int(inn[10]) and _check_digit(
            inn, _INN12_WEIGHTS_12
        ) == int(inn[11])
    return False


def _account_key_is_valid(bic_part: str, account: str) -> bool:
    digits = bic_part + account
    return sum(int(d) * w for d, w in zip(digits, _ACCOUNT_WEIGHTS, strict=True)) % 10 == 0


def account_is_valid(account: str, bic: str) -> bool:
    """A settlement account at a bank: the key uses the BIC's last three digits."""
    return (
        len(account) == 20
        and account.isdigit()
        and len(bic) == 9
        and _account_key_is_valid(bic[-3:], account)
    )


def corr_account_is_valid(corr_account: str, bic: str) -> bool:
    """A bank's correspondent account: the key uses "0" and the BIC's 5th–6th digits."""
    return (
        len(corr_account) == 20
        and corr_account.isdigit()
        and corr_account.startswith("301")
        and corr_account[-3:] == bic[-3:]
        and _account_key_is_valid("0" + bic[4:6], corr_account)
    )


def clean_inn(text: str, field: str = "inn") -> str:
    inn = _digits(text)
    if not inn.isdigit() or len(inn) not in (10, 12):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The INN must have 10 digits (a company) or 12 digits (an entrepreneur); you typed {count}.",
            ),
            field=field,
            count=len(inn),
        )
    if not inn_is_valid(inn):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The INN {inn} has a wrong check digit: there is a typo in it."),
            field=field,
            inn=inn,
        )
    return inn


def clean_kpp(text: str, field: str = "kpp") -> str:
    kpp = _digits(text).upper()
    if not _KPP.match(kpp):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The KPP must have 9 characters, for example 770101001."), field=field
        )
    return kpp


def clean_bic(text: str, field: str = "bic") -> str:
    bic = _digits(text)
    if not (len(bic) == 9 and bic.isdigit() and bic.startswith("04")):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors", "The BIC must have 9 digits and start with 04, for example 044525225."
            ),
            field=field,
        )
    return bic


def clean_account(text: str, bic: str, field: str = "bank_account") -> str:
    account = _digits(text)
    if not (len(account) == 20 and account.isdigit()):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The bank account must have 20 digits; you typed {count}."),
            field=field,
            count=len(account),
        )
    if not account_is_valid(account, bic):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The bank account does not match the BIC (the check digit is wrong): check both numbers.",
            ),
            field=field,
        )
    return account


def clean_corr_account(text: str, bic: str, field: str = "corr_account") -> str:
    corr = _digits(text)
    if not (len(corr) == 20 and corr.isdigit()):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The correspondent account must have 20 digits; you typed {count}."),
            field=field,
            count=len(corr),
        )
    if not corr_account_is_valid(corr, bic):
        raise ValidationError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The correspondent account does not match the BIC: it starts with 301 and ends with the "
                "BIC's last three digits.",
            ),
            field=field,
        )
    return corr
