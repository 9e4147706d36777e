"""How the screens write dates: day first in both languages."""

from __future__ import annotations


def test_dates_read_day_first_in_english_too(qapp) -> None:
    import datetime as dt

    from app.views.i18n import install_translators
    from app.views.labels import short_date

    try:
        install_translators("en")
        assert short_date(dt.date(2026, 12, 1)) == "01/12/2026"  # not the US 12/1/26
        install_translators("ru")
        assert short_date(dt.date(2026, 12, 1)) == "01.12.2026"
    finally:
        install_translators("en")
