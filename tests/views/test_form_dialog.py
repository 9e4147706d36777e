"""The form dialog every small form uses: its error message is shown whole, the dialog growing to it."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from app.views.form_dialog import FormDialog


def test_a_long_error_makes_the_dialog_grow_rather_than_cut_it(qtbot) -> None:
    dialog = FormDialog("Форма")
    qtbot.addWidget(dialog)
    dialog.add_field("Причина:", QLineEdit(), "reason")
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()
    message = " ".join(["По учёту в вашей кассе недостаточно денег, чтобы вернуть платёж наличными."] * 4)
    dialog.show_error(message, "reason")
    label = dialog.error_label
    assert dialog.height() > before
    assert label.height() >= label.heightForWidth(label.width())  # every line of it shows
