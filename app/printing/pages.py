"""Page furniture shared by the printed reports: a footer with «Страница N из M» on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import REGULAR

FOOTER_GREY = colors.HexColor("#444444")


class NumberedCanvas(Canvas):
    """Holds each page back until the end so the footer can say «Страница 2 из 5»."""

    def __init__(
        self,
        *args: Any,
        footer: str = "",
        margin: float = 0,
        footer_y: float = 0,
        font_size: float = 7.5,
        color: colors.Color = FOOTER_GREY,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._footer = footer
        self._margin = margin
        self._footer_y = footer_y
        self._font_size = font_size
        self._color = color

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            self.setFont(REGULAR, self._font_size)
            self.setFillColor(self._color)
            self.drawString(self._margin, self._footer_y, self._footer)
            self.drawRightString(
                self._pagesize[0] - self._margin, self._footer_y, f"Страница {number} из {total}"
            )
            super().showPage()
        super().save()


def numbered_canvas(footer: str, *, margin: float, footer_y: float, **style: Any) -> Callable[..., Canvas]:
    """A `canvasmaker` for `doc.build` that writes `footer` and the page number on every page."""

    def make(*args: Any, **kwargs: Any) -> Canvas:
        return NumberedCanvas(*args, footer=footer, margin=margin, footer_y=footer_y, **style, **kwargs)

    return make
