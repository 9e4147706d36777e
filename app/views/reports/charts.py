"""Charts drawn with QPainter (PySide6-Essentials has no QtCharts): money by month as grouped bars with
a line over them, and one bar per item (an outage's compensation). The value axis is in whole rubles
with the thousands grouped, at round steps (app/printing/chart_scale.py, shared with the printed
report). The widgets hold plain numbers and the words the page gives them: no domain, no SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.printing.chart_scale import axis_ticks, rubles_text

GRID = QColor("#d9d9d9")
AXIS = QColor("#7f7f7f")
TEXT = QColor("#333333")
PAD = 8.0


@dataclass(frozen=True)
class Series:
    title: str
    color: str
    values: tuple[int, ...]  # kopecks, one per month
    line: bool = False  # drawn as a line with dots over the bars


class _Scale:
    """Kopecks to y within the plot rectangle."""

    def __init__(self, ticks: Sequence[int], top: float, bottom: float) -> None:
        self.low, self.high = ticks[0], ticks[-1]
        self.top, self.bottom = top, bottom

    def y(self, kopecks: int) -> float:
        share = (kopecks - self.low) / (self.high - self.low)
        return self.bottom - share * (self.bottom - self.top)


class MonthChart(QWidget):
    """Grouped bars per month (one per bar series) and lines over them, a legend above, the value axis
    on the left in rubles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[tuple[str, str]] = []  # per month: the month's name and its year
        self.series: list[Series] = []
        self.unit = "₽"
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(220)

    def sizeHint(self) -> QSize:
        return QSize(900, 320)

    def set_data(self, labels: Sequence[tuple[str, str]], series: Sequence[Series]) -> None:
        self.labels = list(labels)
        self.series = list(series)
        self.update()

    def series_count(self) -> int:
        return len(self.series)

    def _legend(self, painter: QPainter, metrics: QFontMetricsF, width: float) -> float:
        """Draws the legend across the top, wrapping; returns its height."""
        x, y = PAD, PAD
        line_height = metrics.height() + 4
        for series in self.series:
            item = 18 + metrics.horizontalAdvance(series.title) + 18
            if x + item > width - PAD and x > PAD:
                x, y = PAD, y + line_height
            middle = y + line_height / 2
            color = QColor(series.color)
            if series.line:
                painter.setPen(QPen(color, 2.5))
                painter.drawLine(QPointF(x, middle), QPointF(x + 14, middle))
                painter.setBrush(color)
                painter.drawEllipse(QPointF(x + 7, middle), 3, 3)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
                painter.drawRect(QRectF(x, middle - 6, 14, 12))
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(x + 18, y, item, line_height), Qt.AlignmentFlag.AlignVCenter, series.title
            )
            x += item
        return y + line_height - PAD

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = QFontMetricsF(self.font())
        if not self.labels or not self.series:
            painter.setPen(TEXT)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        legend = self._legend(painter, metrics, self.width())
        ticks = axis_ticks(v for s in self.series for v in s.values)
        tick_texts = [rubles_text(t) for t in ticks]
        left = PAD + max(metrics.horizontalAdvance(t) for t in [*tick_texts, self.unit]) + PAD
        top = PAD + legend + PAD + metrics.height() + 6  # the unit stands above the axis
        bottom = self.height() - PAD - 2 * metrics.height() - 4
        right = self.width() - PAD
        if bottom - top < 40 or right - left < 60:
            painter.end()
            return
        scale = _Scale(ticks, top, bottom)
        painter.setPen(TEXT)
        painter.drawText(
            QRectF(PAD, top - metrics.height() - 10, left - 2 * PAD, metrics.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self.unit,
        )
        for tick, text in zip(ticks, tick_texts, strict=True):
            y = scale.y(tick)
            painter.setPen(QPen(AXIS if tick == 0 else GRID, 1))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(PAD, y - metrics.height() / 2, left - 2 * PAD, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        count = len(self.labels)
        group = (right - left) / count
        bars = [s for s in self.series if not s.line]
        bar = group * 0.78 / max(1, len(bars))
        zero = scale.y(0)
        for index in range(count):
            x = left + index * group + group * 0.11
            for series in bars:
                value = series.values[index] if index < len(series.values) else 0
                y = scale.y(value)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(series.color))
                painter.drawRect(QRectF(x, min(y, zero), max(bar - 1, 1), abs(zero - y)))
                x += bar
        for series in self.series:
            if not series.line:
                continue
            color = QColor(series.color)
            points = [
                QPointF(left + (i + 0.5) * group, scale.y(v)) for i, v in enumerate(series.values[:count])
            ]
            painter.setPen(QPen(color, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF(points))
            painter.setBrush(color)
            painter.setPen(QPen(QColor("white"), 1))
            for point in points:
                painter.drawEllipse(point, 4, 4)
        self._month_labels(painter, metrics, left, group, bottom)
        painter.end()

    def _month_labels(
        self, painter: QPainter, metrics: QFontMetricsF, left: float, group: float, bottom: float
    ) -> None:
        widest = max(metrics.horizontalAdvance(name) for name, _year in self.labels) + 6
        every = 1
        while widest * 1.0 > group * every:
            every += 1
        painter.setPen(TEXT)
        height = metrics.height()
        shown_year = ""
        for index, (name, year) in enumerate(self.labels):
            if index % every:
                continue
            box = QRectF(left + index * group + group / 2 - widest, bottom + 4, 2 * widest, height)
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)
            if year != shown_year:  # the year under the first month shown of each year
                shown_year = year
                painter.drawText(
                    box.translated(0, height), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, year
                )


@dataclass(frozen=True)
class Bar:
    label: str  # what the bar is, left of it
    value: int  # kopecks
    note: str = ""  # after the sum («cancelled»)
    muted: bool = False  # drawn pale and hatched (a cancelled batch)


class BarsChart(QWidget):
    """One horizontal bar per item, its label on the left and its sum (and note) at its end."""

    def __init__(self, color: str = "#c0504d", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color = color
        self.bars: list[Bar] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)

    def sizeHint(self) -> QSize:
        return QSize(480, 220)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        self.update()

    def series_count(self) -> int:
        return 1 if self.bars else 0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = QFontMetricsF(self.font())
        if not self.bars:
            painter.setPen(TEXT)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        label_width = min(
            max(metrics.horizontalAdvance(b.label) for b in self.bars) + PAD, self.width() * 0.4
        )
        ends = [f"{rubles_text(b.value)} ₽" + (f" · {b.note}" if b.note else "") for b in self.bars]
        end_width = max(metrics.horizontalAdvance(t) for t in ends) + PAD
        left = PAD + label_width
        right = self.width() - PAD - end_width
        row = min(metrics.height() * 2, (self.height() - 2 * PAD) / len(self.bars))
        most = max(max(b.value for b in self.bars), 1)
        color = QColor(self.color)
        for index, (item, end) in enumerate(zip(self.bars, ends, strict=True)):
            y = PAD + index * row
            painter.setPen(TEXT)
            label = metrics.elidedText(item.label, Qt.TextElideMode.ElideRight, label_width - PAD)
            painter.drawText(QRectF(PAD, y, label_width - PAD, row), Qt.AlignmentFlag.AlignVCenter, label)
            length = max(1.0, (right - left) * max(item.value, 0) / most)
            box = QRectF(left, y + row * 0.2, length, row * 0.6)
            if item.muted:
                painter.setPen(QPen(AXIS, 1))
                painter.setBrush(QBrush(QColor("#bfbfbf"), Qt.BrushStyle.BDiagPattern))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
            painter.drawRect(box)
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(left + length + 4, y, end_width + (right - left - length), row),
                Qt.AlignmentFlag.AlignVCenter,
                end,
            )
        painter.end()
