"""BoardApp: the Textual client of the core."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import rich
from rich.traceback import Traceback
from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from board.config import ConfigError, off_ladder_notice, save_theme
from board.core.text import editable, safe, safe_block
from board.fsutil import os_error_message
from board.session import Session
from board.store.database import StoreError
from board.ui.keymap import check_keymap
from board.ui.palette import BoardCommands, ContactsProvider
from board.ui.screens.board import BoardScreen
from board.ui.screens.unsaved import QuitAnswer, UnsavedScreen
from board.ui.sync import SyncsBoard
from board.ui.themes import DEFAULT_THEME, ThemeProvider, board_themes

# Colours for the board's own theme variables, so a theme that leaves one out
# (Textual's built-in themes leave them all out) still starts.
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
    "date": "#c792ea",
    # Variables Textual derives for other themes but not for an ANSI theme
    # (``ansi: true``), which its own and the board's CSS still use.
    "foreground-disabled": "ansi_bright_black",
    "ansi-background": "ansi_default",
    "ansi-foreground": "ansi_default",
    "surface-active": "transparent",
}


class BoardApp(SyncsBoard, App[None]):
    TITLE = "board"
    # Every screen's stylesheet, read once at start: the first push of a screen
    # whose CSS the app has not seen re-parses the whole stylesheet and restyles
    # every widget of every screen (~100 ms on a big board), and the order the
    # files were read in would depend on which screen was opened first.
    CSS_PATH = ["app.tcss", *(f"screens/{name}.tcss" for name in (
        "board", "contact", "forms", "help", "insights", "backup", "archived", "duplicates"))]
    COMMANDS = App.COMMANDS | {ContactsProvider, BoardCommands}
    # Classes every screen gets for the terminal's size, for the stylesheets:
    # -narrow under 100 columns (the contact screen stacks its panels),
    # -short under 32 rows (dialogs tighten their title and buttons).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = [
        Binding("q", "quit_key", "Quit", id="quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="quit_ctrl_c"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.board = session.board
        self._reported_store_error: str | None = None
        self.load_error: StoreError | None = None  # the deferred log could not be read
        # How a quit that could not save ended (see UnsavedScreen): the copy
        # the user exported, or that they chose to quit without the changes.
        self.unsaved_copy: Path | None = None
        self.discarded = False
        # Shipped and user themes; a broken file is skipped and reported.
        loaded = board_themes(len(session.board.ladder))
        for t in loaded.themes.values():
            self.register_theme(t)
        self.theme_sources = loaded.sources
        self._theme_problems = loaded.problems
        self.previewing_from: str | None = None  # the theme before a palette preview
        self.promotion_offer = None  # the standing offer to promote (screens.promote_offer)

    #: What a key does from anywhere, which nothing does while a dialog is up:
    #: a palette over a form, an Import over an Export, a `q` that quits
    #: from under a question. (ctrl+c and ctrl+q still quit.)
    NOT_OVER_DIALOGS = frozenset({"command_palette", "quit_key", "export_backup", "import_file",
                                  "sync"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.NOT_OVER_DIALOGS and isinstance(self.screen, ModalScreen))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast (a widget's or a screen's ``notify`` calls this one):
        the message and title are shown as text, never as markup, and with no
        control character, whatever data they hold (``markup`` is ignored)."""
        super().notify(safe_block(message), title=safe(title), severity=severity,
                       timeout=timeout, markup=False)

    async def on_event(self, event: events.Event) -> None:
        # Pasted text (a note copied from a web page) is data too: whatever
        # field gets it shows it, so its controls become their stand-ins
        # first (line breaks and tabs stay for the field to lay out).
        if isinstance(event, events.Paste) and not event.is_forwarded:
            event.text = editable(event.text)
        await super().on_event(event)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands, less its "Keys" (the board's own
        "Keys" shows every key as currently mapped, with the board's help)."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(THEME_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        config = self.session.config
        where = str(config.path or "config")
        warnings = list(config.warnings)
        if config.theme in self.available_themes:
            self.theme = config.theme
        else:
            fallback = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
            warnings.append(f"{where}: theme '{config.theme}' not found; using "
                            f"'{fallback}' (ctrl+p, Theme, lists them all)")
            self.theme = fallback
        if config.keymap:  # checking walks every binding: only when there is a keymap
            keymap, keymap_warnings = check_keymap(config.keymap, where)
            warnings += keymap_warnings
            if keymap:
                self.set_keymap(keymap)
        subtitle, short = str(self.session.path), self.session.path.name
        if self.session.is_demo:
            subtitle = "demo board (a throwaway copy: nothing you do here is kept)"
            short = "demo: nothing is kept"
        self.push_screen(BoardScreen(self.board, subtitle=subtitle, config=config,
                                     subtitle_short=short))
        for warning in warnings:
            self.notify(warning, title="Config", severity="warning", timeout=10)
        for problem in self._theme_problems:
            self.notify(problem, title="Theme", severity="warning", timeout=10)
        notice = off_ladder_notice(self.board.ladder, (c.rung for c in self.board.active()))
        if notice:
            self.notify(notice, title="Ladder", timeout=12)
        self._install_signal_handlers()
        self.set_interval(2, self._watch_store)

    @work(thread=True, group="log", exit_on_error=False)
    def read_log(self, then: Callable[[Any], None],
                 prepare: Callable[[], Any] | None = None) -> None:
        """Read the board's log (if it was deferred: Session.open(defer_log=True))
        in a thread, so keys are answered meanwhile, and ``prepare`` what
        needs it (its result, or None if it failed, goes to ``then``, on the
        UI thread).  If the log cannot be read, close: ``load_error`` says
        why (the command line prints it) and nothing has been written."""
        def prepared() -> Any:
            with contextlib.suppress(Exception):  # (then works it out itself)
                return prepare() if prepare is not None else None

        try:
            result = self.session.load_log(prepared)
        except StoreError as exc:
            self._call_back(self._log_failed, exc)
        else:
            self._call_back(then, result)

    def _call_back(self, callback: Callable[..., None], *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.call_from_thread(callback, *args)

    def _log_failed(self, exc: StoreError) -> None:
        self.load_error = exc
        self.exit(return_code=1)

    def _fatal_error(self) -> None:
        """A crash's traceback, without the local variables.

        Textual 8 prints an unhandled exception with every frame's locals
        (``show_locals=True``, fixed in ``App._fatal_error``; no public
        setting turns it off), and here those hold the board's records:
        names, emails, notes.  So this one override of Textual's: the same
        traceback, through the public ``panic``, without them."""
        self.bell()
        self.panic(Traceback(show_locals=False, width=None, suppress=[rich]))

    def _watch_store(self) -> None:
        """Say so (once per failure, until a save succeeds) if the disk
        refuses a background write: the changes stay in memory and the
        writer keeps retrying."""
        error = self.session.db.storage.error
        if error is None:
            self._reported_store_error = None
            return
        problem = (os_error_message(error, self.session.path) if isinstance(error, OSError)
                   else f"{self.session.path}: cannot be written ({type(error).__name__})")
        if problem != self._reported_store_error:
            self._reported_store_error = problem
            self.notify(
                f"{problem}. Your changes are kept and saving is retried; q offers "
                "a way out if it still fails.",
                title="Not saved", severity="error", timeout=15,
            )

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (terminal closed) quit cleanly, so the caller
        flushes everything to disk."""
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self.exit)

    def search_themes(self) -> None:
        """The "Theme" command: pick a theme, previewing each as it is highlighted."""
        self.previewing_from = self.theme
        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder="Search for themes…"))

    @on(CommandPalette.OptionHighlighted)
    def _preview_theme(self, event: CommandPalette.OptionHighlighted) -> None:
        if self.previewing_from is None:
            return
        name = getattr(getattr(event.highlighted_event.option, "hit", None), "text", None)
        if name in self.available_themes and name != self.theme:
            self.theme = name

    @on(CommandPalette.Closed)
    def _end_theme_preview(self, event: CommandPalette.Closed) -> None:
        before, self.previewing_from = self.previewing_from, None
        if before is not None and not event.option_selected:
            self.theme = before

    def choose_theme(self, name: str) -> None:
        """Use theme ``name`` and remember it in the user's config file
        (on the demo: for this session only, the config is left as it is)."""
        self.theme = name
        config = self.session.config
        config.theme = name
        if self.session.is_demo:
            self.notify(f"Theme {name} for this demo only: the demo writes nothing to your "
                        "config.", title="Theme", timeout=4, markup=False)
            return
        if config.path is None:
            return
        try:
            save_theme(config.path, name)
        except ConfigError as exc:
            self.notify(str(exc), title="Theme", severity="warning")
        except OSError as exc:
            self.notify(f"{os_error_message(exc, config.path)}. The theme was not saved.",
                        title="Theme", severity="warning")

    def action_export_backup(self) -> None:
        from board.ui.screens.backup import ExportScreen

        self.push_screen(ExportScreen(self.session))

    def action_import_file(self) -> None:
        from board.ui.screens.backup import ImportScreen

        self.push_screen(ImportScreen(self.session))

    async def action_quit_key(self) -> None:
        await self.action_quit()

    async def action_quit(self) -> None:
        """Write every change, then quit; if the disk refuses, ask what to do
        (UnsavedScreen) instead of losing them."""
        if any(isinstance(s, UnsavedScreen) for s in self.screen_stack):
            return  # (already asking)
        try:
            self.session.db.flush()
        except StoreError as exc:
            self.clear_notifications()  # ("Not saved" toasts: the dialog says it all)
            self.push_screen(UnsavedScreen(self.session, str(exc)), self._quit_unsaved)
            return
        self.exit()

    def _quit_unsaved(self, answer: QuitAnswer | None) -> None:
        if answer is None:  # back to the board
            return
        self.unsaved_copy = answer.copy
        self.discarded = answer.action == "discard"
        if self.discarded:
            # Stop the writer now: a disk that comes back after the choice
            # must not save what the user chose to drop.
            self.session.close(save=False)
        self.exit(return_code=0 if answer.action == "saved" else 1)
