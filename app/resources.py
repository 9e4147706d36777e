"""Where the bundled resources (fonts, translations) are, in a checkout and in a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path

# PyInstaller unpacks data next to the executable (sys._MEIPASS); a checkout has them beside app/.
_BASE = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
RESOURCES_DIR = _BASE / "resources"
FONTS_DIR = RESOURCES_DIR / "fonts"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
REGULAR_FONT = FONTS_DIR / "DejaVuSans.ttf"
BOLD_FONT = FONTS_DIR / "DejaVuSans-Bold.ttf"
STYLE_SHEET = RESOURCES_DIR / "style.qss"
WINDOW_ICON = RESOURCES_DIR / "icon.png"
COMMON_PASSWORDS = RESOURCES_DIR / "common-passwords.txt"
RADIUS_DICTIONARY = RESOURCES_DIR / "radius-dictionary"  # the attributes of CoA and Disconnect-Request
