"""Translators: the program's own Russian catalog plus Qt's (so standard buttons read «Отмена»),
chosen by the system locale unless a setting or --language overrides it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.resources import TRANSLATIONS_DIR

CATALOG = "subscriber_desk"
SUPPORTED = ("ru", "en")
LANGUAGE_SETTING = "language"  # this PC's choice (QSettings): "" = the system's language

_installed: list[QTranslator] = []


def choose_language(override: str | None) -> str:
    if override in SUPPORTED:
        return override
    system = QLocale.system().name().split("_")[0]
    return system if system in SUPPORTED else "ru"  # our users are Russian-speaking: Russian by default


def install_translators(language: str, catalog_dir: Path = TRANSLATIONS_DIR) -> str:
    """Install the translators for `language` ("ru" or "en"); returns the language in effect."""
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    # English as in Britain: day before month (01/12/2026), beside the Russian money format, never the
    # US 12/1/26 that reads as another day
    QLocale.setDefault(
        QLocale(QLocale.Language.Russian, QLocale.Country.Russia)
        if language == "ru"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    )
    if language == "en":
        return language
    ours = QTranslator()
    if not ours.load(f"{CATALOG}_{language}", str(catalog_dir)):
        raise FileNotFoundError(f"translation catalog {CATALOG}_{language}.qm missing in {catalog_dir}")
    qt = QTranslator()
    if qt.load(
        QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        _installed.append(qt)
    _installed.append(ours)
    for translator in _installed:
        QCoreApplication.installTranslator(translator)
    return language
