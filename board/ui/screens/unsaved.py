"""Quitting while the disk refuses to save: say so, and offer a way out.

``q`` first writes every change; if the board's file cannot be written (a
full disk, a read-only or immutable file) this dialog says why in one line,
and offers to retry (once the disk is back), to export a copy of the whole
board to another folder (the export dialog, e.g. to /tmp), or to quit
without the changes.  Nothing here ever reaches the terminal after the app
closes: the command line says its own one line.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from board.core.text import safe
from board.session import Session
from board.store.database import StoreError


class QuitAnswer(NamedTuple):
    """How the dialog ended: ``saved`` (a retry wrote everything), ``quit``
    (after exporting a copy: ``copy``) or ``discard`` (quit without the
    changes)."""

    action: str
    copy: Path | None = None


class UnsavedScreen(ModalScreen[QuitAnswer | None]):
    CSS_PATH = "forms.tcss"

    BINDINGS = [
        Binding("r", "retry", "Retry", id="unsaved_retry"),
        Binding("e", "export", "Export a copy", id="unsaved_export"),
        Binding("escape", "back", "Back", id="unsaved_back"),
    ]

    def __init__(self, session: Session, problem: str) -> None:
        super().__init__()
        self.session = session
        self.problem = problem
        self.copy: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Not saved", id="dialog-title")
            with VerticalScroll(id="fields"):
                yield Static(safe(self.problem), id="unsaved-problem", markup=False)
                yield Static(
                    f"Your changes since {self.session.unsaved_since} are only in memory. "
                    "Retry once the disk lets board write, or export a copy of the whole "
                    "board to another folder (e.g. /tmp) before quitting.",
                    id="unsaved-body", markup=False)
            with Vertical(id="foot"):
                yield Static("r retry · e export a copy · esc back to the board", id="hint")
                with Horizontal(id="buttons"):
                    yield Button("Back", id="back")
                    yield Button("Quit without saving", variant="error", id="quit")
                    yield Button("Export a copy…", id="export")
                    yield Button("Retry", variant="primary", id="retry")

    def on_mount(self) -> None:
        self.query_one("#retry", Button).focus()

    def action_retry(self) -> None:
        try:
            self.session.db.flush()
        except StoreError as exc:  # (said here: a toast would cover the buttons)
            self.problem = str(exc)
            self.query_one("#unsaved-problem", Static).update(
                safe(f"Tried again at {datetime.now():%H:%M:%S}: {self.problem}"))
            return
        self.dismiss(QuitAnswer("saved"))

    def action_export(self) -> None:
        from board.ui.screens.backup import ExportScreen

        self.app.push_screen(ExportScreen(self.session), self._exported)

    def _exported(self, target: Path | None) -> None:
        if target is None:
            return
        self.copy = target
        self.app.clear_notifications()  # ("Backup written": said here, without hiding a button)
        self.query_one("#unsaved-body", Static).update(safe(
            f"A copy with every change is in {target}; board import {target} --replace "
            "restores it. Retry, or quit: the copy has everything."))
        quit_button = self.query_one("#quit", Button)
        quit_button.label = "Quit"
        quit_button.variant = "warning"

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def on_pressed(self, event: Button.Pressed) -> None:
        match event.button.id:
            case "retry":
                self.action_retry()
            case "export":
                self.action_export()
            case "back":
                self.action_back()
            case "quit":
                self.dismiss(QuitAnswer("quit", self.copy) if self.copy is not None
                             else QuitAnswer("discard"))
