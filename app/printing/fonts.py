"""The bundled Cyrillic fonts (DejaVu Sans) registered with reportlab, once per process.

reportlab's built-in Helvetica has no Cyrillic glyphs and silently draws black squares, so every
document uses these names. Registration parses two ~700 KB TTF files; doing it once and keeping the
parsed fonts also lets reportlab reuse their glyph tables for every later document.
"""

from __future__ import annotations

import threading

from app.resources import BOLD_FONT, REGULAR_FONT

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans regular and bold, and a family so `<b>` in a Paragraph picks the bold face.

    Idempotent and safe to call from several threads (printing batches run on workers).
    """
    global _registered
    if _registered:  # the fast path every document takes after the first
        return
    with _lock:
        if _registered:
            return
        # Imported here: reportlab is a heavy import and the GUI should not pay for it at start-up.
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for path in (REGULAR_FONT, BOLD_FONT):
            if not path.is_file():
                # A broken installation: say which file is missing instead of reportlab's generic error.
                raise FileNotFoundError(f"The bundled font {path} is missing; reinstall the program.")
        pdfmetrics.registerFont(TTFont(REGULAR, str(REGULAR_FONT)))
        pdfmetrics.registerFont(TTFont(BOLD, str(BOLD_FONT)))
        # There is no italic face bundled: italic falls back to the upright one rather than to Helvetica.
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
        addMapping(BOLD, 0, 0, BOLD)
        addMapping(BOLD, 1, 0, BOLD)
        addMapping(BOLD, 0, 1, BOLD)
        addMapping(BOLD, 1, 1, BOLD)
        _registered = True
