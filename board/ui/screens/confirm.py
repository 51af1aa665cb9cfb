"""A yes/no question in a small modal."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from board.ui.shown import shown


class Confirm(ModalScreen[bool]):
    CSS_PATH = "forms.tcss"

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm_no"),
    ]

    def __init__(self, question: str, detail: str = "", yes: str = "Yes", no: str = "Cancel"):
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(shown(self.question), id="dialog-title")
            if self.detail:
                yield Static(shown(self.detail), id="confirm-body")
            with Horizontal(id="buttons"):
                yield Static("y / n", id="hint")
                yield Button(self.no_label, id="no")
                yield Button(self.yes_label, variant="warning", id="yes")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def on_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
