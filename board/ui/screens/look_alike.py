"""Before adding someone who may already be here: open them, or add anyway."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from board.core.board import Board
from board.core.schema import Contact
from board.ui.shown import shown

Answer = Literal["open", "add"]


class LookAlike(ModalScreen[Answer | None]):
    """'Ada Lovelace may already be here.' enter / o opens them, a adds
    anyway, esc goes back to the form (nothing is added)."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("o", "answer('open')", "Open them", id="look_alike_open"),
        Binding("a", "answer('add')", "Add anyway", id="look_alike_add"),
        Binding("escape", "answer(None)", "Back to the form", id="look_alike_back"),
    ]

    def __init__(self, board: Board, name: str, found: list[tuple[Contact, str]]) -> None:
        super().__init__()
        self.board = board
        self.person = name
        self.found = found

    def compose(self) -> ComposeResult:
        ladder = self.board.ladder
        lines = []
        for c, why in self.found[:5]:
            where = "archived" if c.archived else ladder.label(self.board.display_rung(c))
            lines.append(f"● {c.name}  ({where}; {why})")
        if len(self.found) > 5:
            lines.append(f"… and {len(self.found) - 5} more")
        first = self.found[0][0].name
        with Vertical(id="dialog"):
            yield Static(shown(f"{self.person} may already be on the board"),
                         id="dialog-title")
            yield Static(shown("\n".join(lines)), id="confirm-body")
            with Horizontal(id="buttons"):
                yield Static("o open · a add · esc back", id="hint")
                yield Button("Add anyway", id="add")
                yield Button(shown(f"Open {first}"), variant="primary", id="open")

    def on_mount(self) -> None:
        self.query_one("#open", Button).focus()

    def action_answer(self, answer: Answer | None) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss("open" if event.button.id == "open" else "add")
