"""BoardApp: the Textual client of the core."""

from __future__ import annotations

import asyncio
import contextlib
import signal

from textual.app import App
from textual.binding import Binding

from board.session import Session
from board.ui.palette import BoardCommands, ContactsProvider
from board.ui.screens.board import BoardScreen

# Colours for the board's own theme variables; a theme may override any.
# The rung ramp runs from cold (follower) to warm (friend).
THEME_VARIABLE_DEFAULTS = {
    "rung-1": "#6c8ebf",
    "rung-2": "#4fa3c7",
    "rung-3": "#3fb59b",
    "rung-4": "#a3c45a",
    "rung-5": "#e8a84c",
    "rung-6": "#e0685c",
    "rung-7": "#c95f9e",
    "rung-8": "#9b6bd6",
    "advocate": "#f2c14e",
    "due": "#e8a84c",
    "overdue": "#e0685c",
}


class BoardApp(App[None]):
    TITLE = "board"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ContactsProvider, BoardCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="quit_ctrl_c"),
    ]

    def __init__(self, session: Session, theme: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.board = session.board
        self._wanted_theme = theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(THEME_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        if self._wanted_theme and self._wanted_theme in self.available_themes:
            self.theme = self._wanted_theme
        else:
            self.theme = "textual-dark"
        keymap = self.session.config.keymap
        if keymap:
            self.set_keymap(keymap)
        subtitle = str(self.session.path)
        if self.session.is_demo:
            subtitle = "demo board (a throwaway copy: nothing you do here is kept)"
        self.push_screen(BoardScreen(self.board, subtitle=subtitle))
        for warning in self.session.config.warnings:
            self.notify(warning, title="Config", severity="warning", timeout=8, markup=False)
        self._install_signal_handlers()

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (terminal closed) quit cleanly, so the caller
        flushes everything to disk."""
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self.exit)

    async def action_quit(self) -> None:
        self.session.db.flush()
        self.exit()
