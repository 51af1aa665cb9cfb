"""Snoozing someone: push their next due date without pretending a touch happened."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from board.core.board import Board
from board.core.when import describe
from board.ui.shown import shown


class FieldError(Label):
    pass


class SnoozeForm(ModalScreen[int | None]):
    """How many days to push the next due date by."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form_cancel")]

    def __init__(self, name: str, days: int, status: str) -> None:
        super().__init__()
        self.person = name
        self.days = days
        self.status = status

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="snooze"):
            yield Static(shown(f"Snooze {self.person}"), id="dialog-title")
            yield Static(shown(self.status), id="confirm-body")
            yield Label("Push the next due date by (days)", classes="field-label")
            yield Input(str(self.days), id="days", type="integer")
            yield FieldError("", id="days-error", classes="field-error")
            yield Static("enter snooze · esc cancel · 0 ends a snooze", id="hint")

    def on_mount(self) -> None:
        self.query_one("#days", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            days = int(event.value)
        except ValueError:
            days = -1
        if not 0 <= days <= 365:
            error = self.query_one("#days-error", FieldError)
            error.update("A number of days from 0 to 365.")
            error.add_class("-shown")
            return
        self.dismiss(days)

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_snooze(screen: Screen, board: Board, contact_id: str, config) -> None:
    from board.core.care import care, snooze_until

    c = board.contacts[contact_id]
    now = board.clock()
    k = care(board, contact_id, now, config.due_window_days)
    if k.status == "none":
        screen.notify(f"{c.name} has no keep-in-touch cadence: nothing to snooze.",
                      timeout=3)
        return
    status = {"overdue": k.words(), "due": "due soon",
              "ok": f"next due {describe(k.due_at)[:-7]}"}[k.status]
    if k.snoozed:
        status += " (snoozed)"

    def done(days: int | None) -> None:
        if days is None:
            return
        if days == 0:
            board.snooze(contact_id, None)
            screen.notify(f"{c.name}: snooze ended.", timeout=2)
            return
        until = snooze_until(board, contact_id, now, days, config.due_window_days)
        board.snooze(contact_id, until)
        screen.notify(f"{c.name} snoozed until {describe(until)[:-7]}. u to undo.",
                      timeout=3)

    screen.app.push_screen(SnoozeForm(c.name, config.snooze_days, status), done)
