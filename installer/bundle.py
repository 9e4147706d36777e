"""What the frozen program carries: one list for the PyInstaller spec (Linux and Windows alike), the
Inno Setup script's version and the tests that check every bundled file exists.

Plain Python with no PyInstaller import, so tests and tools can read it too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "app"
MIGRATIONS_DIR = APP_DIR / "migrations"

NAME = "subscriber-desk"  # the folder, and the console program (the command line, `gui` included)
WINDOWED_NAME = "SubscriberDesk"  # the program the Start menu opens: no console window on Windows
ENTRY_SCRIPT = APP_DIR / "__main__.py"

# Data files as (source in the checkout, folder inside the build). app/resources.py finds `resources`
# under sys._MEIPASS; app/schema.py finds the migrations beside its own module.
DATA = [
    ("resources/fonts", "resources/fonts"),
    ("resources/translations/subscriber_desk_ru.qm", "resources/translations"),
    ("resources/style.qss", "resources"),
    ("resources/icon.png", "resources"),
    ("resources/common-passwords.txt", "resources"),
    ("resources/radius-dictionary", "resources"),  # CoA and Disconnect-Request to the NAS (pyrad)
    ("app/migrations", "app/migrations"),  # Alembic reads the scripts from disk, not from the archive
]

# Imported by name at run time, which PyInstaller's analysis cannot see.
HIDDEN_IMPORTS = [
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg_binary",  # psycopg's C implementation: a separate package it imports by name
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    "num2words.lang_RU",
    "num2words.lang_EN",
    "tzdata",  # the time-zone database: Windows has none that zoneinfo can read
    "_cffi_backend",  # argon2-cffi
]

# Packages whose modules are imported by name at run time (reportlab draws a barcode by its kind's name;
# the command line loads its command groups by name).
COLLECT_SUBMODULES = ["reportlab.graphics.barcode", "app.cli"]

# Parts of Qt and Python the program never uses: left out to keep the build small.
EXCLUDES = [
    "tkinter",
    "unittest",
    "pydoc",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtDBus",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtUiTools",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtNetworkAuth",
    "PySide6.QtMultimedia",
    "PySide6.QtWebEngineCore",
    "PySide6.QtCharts",
    "PySide6.Qt3DCore",
    "pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
]

# Qt's translations of its own dialogs (buttons, print dialog) that the program installs beside ours.
QT_TRANSLATIONS = ["qtbase_ru.qm", "qtbase_en.qm"]

# Qt plugin folders the program needs on every platform; the rest of what the hooks collect is dropped
# (see subscriber-desk.spec). `platforms` draws the window (and `offscreen` runs the smoke test);
# `printsupport` reaches the printers; `platformthemes`, `styles` and `imageformats` (the ICO/JPEG/GIF
# that Qt reads itself) keep it native. Widgets draw without OpenGL: no `xcbglintegrations`.
QT_PLUGIN_DIRS = ["platforms", "platformthemes", "printsupport", "styles", "imageformats"]
QT_THEMES_DROPPED = ["qgtk3"]  # needs GTK, which the build does not carry; the portal theme stays
# Qt libraries the hooks collect for plugins left out above (OpenGL for the embedded platforms, Network
# and Svg for nothing we load); opengl32sw is Windows' 20 MB software OpenGL, which widgets never use.
QT_LIBRARIES_DROPPED = ["Qt6Network", "Qt6Svg", "Qt6OpenGL", "Qt6EglFs", "Qt6EglFS", "opengl32sw"]
QT_IMAGE_FORMATS = ["qico", "qjpeg", "qgif"]  # PNG is built into QtGui
# Windows, X11 and Wayland desktops, and `offscreen` (no screen: the smoke test); not the embedded ones.
QT_PLATFORMS = ["qwindows", "qxcb", "qwayland", "qoffscreen"]


def version() -> str:
    """The one version: `app.__version__`, read without importing the program."""
    text = (APP_DIR / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise RuntimeError("app/__init__.py has no __version__")
    return found.group(1)


def data_sources() -> list[Path]:
    return [ROOT / source for source, _target in DATA]


def migration_imports() -> list[str]:
    """Modules the migration scripts import. Alembic loads the scripts from files at run time, so the
    analysis never sees these imports: each must be bundled by name."""
    found: set[str] = set()
    for script in sorted(MIGRATIONS_DIR.rglob("*.py")):
        tree = ast.parse(script.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    return sorted(found)


ICON = ROOT / "resources" / "icon.ico"
BUILD_DIR = ROOT / "build"


def version_tuple() -> tuple[int, int, int, int]:
    numbers = [int(part) for part in re.findall(r"\d+", version())[:4]]
    return tuple([*numbers, 0, 0, 0, 0][:4])  # type: ignore[return-value]


def version_resource() -> Path:
    """The Windows version resource of the programs (their Properties → Details), from `version()`."""
    numbers = version_tuple()
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('041904B0', [
      StringStruct('CompanyName', 'Subscriber Desk'),
      StringStruct('FileDescription', 'Subscriber Desk'),
      StringStruct('FileVersion', '{version()}'),
      StringStruct('ProductName', 'Subscriber Desk'),
      StringStruct('ProductVersion', '{version()}')])]),
    VarFileInfo([VarStruct('Translation', [0x0419, 1200])])
  ]
)
"""
    BUILD_DIR.mkdir(exist_ok=True)
    path = BUILD_DIR / "version-resource.txt"
    path.write_text(text, encoding="utf-8")
    return path
