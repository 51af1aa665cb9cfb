"""Export a backup and import a file, from the command palette.

Both do their slow part in a thread worker (writing 100,000 records, or
reading and matching a LinkedIn export of 10,000 rows) and show a progress
bar; the board itself changes only on the main thread, in one undoable step
through :func:`board.formats.importing.apply_plan`, and repaints through the
board's change notifications.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, ProgressBar, RadioButton, RadioSet, Static
from textual.worker import get_current_worker

from board.core.text import safe
from board.formats.backup import backup_filename
from board.formats.backup import write_backup as write_backup_file
from board.formats.importing import (
    ImportFileError,
    Plan,
    apply_plan,
    keep_copy,
    plan_import,
    read_import,
)
from board.fsutil import os_error_message
from board.session import Session
from board.store.database import StoreError
from board.ui.shown import shown

PHASES = {"reading": "Reading the file…", "matching": "Matching people…"}


def export_target(text: str, now: datetime) -> Path:
    """A folder gets a timestamped file in it; a name ending .yaml is used as is."""
    path = Path(text.strip()).expanduser()
    if path.suffix.lower() in (".yaml", ".yml") and not path.is_dir():
        return path
    return path / backup_filename(now)


class PathSuggester(Suggester):
    """Completes file and folder names as you type (→ accepts)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        path = Path(value).expanduser()
        folder, prefix = (path, "") if value.endswith("/") else (path.parent, path.name)
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return None
        for name in names:
            if name.startswith(prefix) and name != prefix and (
                prefix.startswith(".") or not name.startswith(".")
            ):
                slash = "/" if (folder / name).is_dir() else ""
                return value + name[len(prefix):] + slash
        return None


class _Cancelled(Exception):
    pass


class _FileDialog(ModalScreen[Any]):
    """What the export and import dialogs share: a path field with a
    progress bar, an error line and Cancel / go buttons; esc or Cancel
    closes it, a failure shows under the path and lets the user try again."""

    CSS_PATH = "backup.tcss"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    @staticmethod
    def buttons(verb: str) -> ComposeResult:
        """The error line and the buttons, at the foot of the dialog (docked:
        they show however short the screen is)."""
        with Vertical(id="foot"):
            yield Static(id="error")
            with Horizontal(id="buttons"):
                yield Static(f"enter {verb.lower()} · esc cancel", id="hint")
                yield Button("Cancel", id="cancel")
                yield Button(verb, variant="primary", id="go")

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#path", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def on_cancel(self) -> None:
        self.action_cancel()

    def show_error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(shown(message))
        error.set_class(bool(message), "-shown")
        if message:
            self.query_one("#progress").display = False
            for phase in self.query("#phase").results(Static):
                phase.update("")
            self.query_one("#go", Button).disabled = False


class ExportScreen(_FileDialog):
    """Ask where, then write a complete backup there."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export_cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Export backup", id="dialog-title")
            with VerticalScroll(id="fields"):
                yield Label("Folder (or a file name ending .yaml)", classes="field-label")
                yield Input(str(self.session.backups), id="path",
                            suggester=PathSuggester())
                explain = ("Writes a timestamped YAML file with everything: every person "
                           "(archived too), their history, every interaction. board import "
                           "FILE restores it.")
                if self.session.is_demo:
                    explain += (" This is the demo: the folder above is its temporary copy, "
                                "removed when you quit (type another to keep the file).")
                yield Static(explain, id="explain", markup=False)
                yield ProgressBar(total=None, show_eta=False, id="progress")
            yield from self.buttons("Export")

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#go")
    def on_go(self) -> None:
        text = self.query_one("#path", Input).value
        if not text.strip():
            self.show_error("Give a folder to write the backup in.")
            return
        board = self.session.board
        target = export_target(text, board.clock())
        # Records are immutable: a snapshot of the lists is all the thread needs.
        contacts = list(board.contacts.values())
        interactions = list(board.interactions.values())
        self.query_one("#progress").display = True
        self.query_one("#go", Button).disabled = True
        self.show_error("")
        self.write_backup(target, contacts, interactions)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def write_backup(self, target: Path, contacts: list, interactions: list) -> None:
        try:
            write_backup_file(target, self.session.board.ladder, contacts, interactions)
        except OSError as exc:
            self.app.call_from_thread(self.show_error, os_error_message(exc, target))
            return
        n, m = len(contacts), len(interactions)
        self.app.call_from_thread(self.done, target, n, m)

    def done(self, target: Path, n: int, m: int) -> None:
        self.app.notify(
            f"Backup written to {target} ({n:,} people, {m:,} interactions).",
            title="Export backup", timeout=10,
        )
        self.dismiss(target)


class ImportScreen(_FileDialog):
    """Ask for a file, read and match it with a progress bar, then put it in."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="import_cancel")]

    def __init__(self, session: Session, path: str = "") -> None:
        super().__init__(session)
        self.start_path = path
        self.cancelled = False

    def compose(self) -> ComposeResult:
        board = self.session.board
        with Vertical(id="dialog"):
            yield Static("Import file", id="dialog-title")
            with VerticalScroll(id="fields"):
                yield Label("A backup (.yaml), vCards (.vcf), or a LinkedIn, Google or "
                            "Outlook .csv", classes="field-label")
                yield Input(self.start_path, placeholder="~/Downloads/Connections.csv",
                            id="path", suggester=PathSuggester())
                if board.contacts or board.interactions:
                    yield Label("A backup into this board (it is not empty):",
                                classes="field-label")
                    with RadioSet(id="mode"):
                        yield RadioButton("Merge: add what is new", value=True, id="merge")
                        yield RadioButton(
                            "Replace everything (a copy of the database is kept beside it)",
                            id="replace")
                yield Static("New people land on the first rung. The whole file is checked "
                             "first; nothing changes if it has a problem, and u undoes the "
                             "import.", id="explain", markup=False)
                yield Static("", id="phase", markup=False)
                yield ProgressBar(show_eta=False, id="progress")
            yield from self.buttons("Import")

    @property
    def mode(self) -> str | None:
        sets = self.query(RadioSet)
        if not sets:
            return None
        pressed = sets.first().pressed_button
        return "replace" if pressed is not None and pressed.id == "replace" else "merge"

    def action_cancel(self) -> None:
        self.cancelled = True
        super().action_cancel()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#go")
    def on_go(self) -> None:
        if self.query_one("#go", Button).disabled:  # already reading
            return
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.show_error("Give the file to import.")
            return
        self.show_error("")
        self.query_one("#go", Button).disabled = True
        self.progress("reading", 0, 0)
        # The worker matches against a snapshot (records are immutable, the
        # dicts are copied); a change made meanwhile is noticed before applying.
        board = self.session.board
        self.snapshot = SimpleNamespace(ladder=board.ladder, clock=board.clock,
                                        contacts=dict(board.contacts),
                                        interactions=dict(board.interactions))
        self.read_and_plan(text, self.mode, self.snapshot)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def read_and_plan(self, path: str, mode: str | None, snapshot: Any) -> None:
        worker = get_current_worker()

        def progress(phase: str, done: int, total: int) -> None:
            if self.cancelled or worker.is_cancelled:
                raise _Cancelled
            self.app.call_from_thread(self.progress, phase, done, total)

        try:
            parsed = read_import(path, None, progress)
            plan = plan_import(snapshot, parsed, mode, progress)
            # Here, not on the UI thread: it flushes and copies the whole file.
            copy = keep_copy(self.session.db) if plan.replace and snapshot.contacts else None
        except _Cancelled:
            return
        except ImportFileError as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        except StoreError as exc:  # the copy of the database could not be kept
            self.app.call_from_thread(self.show_error, str(exc))
            return
        except Exception as exc:  # a bug must not leave the dialog spinning
            self.app.call_from_thread(self.show_error, f"The import failed: {exc!r}")
            raise
        self.app.call_from_thread(self.finish, plan, copy)

    def progress(self, phase: str, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=total if total > 1 else None, progress=done)
        self.query_one("#phase", Static).update(PHASES.get(phase, phase))

    def finish(self, plan: Plan, copy: Path | None) -> None:
        """Back on the main thread: say so, and put the plan in once that shows."""
        if self.cancelled:
            return
        self.query_one("#phase", Static).update(
            f"Adding {len(plan.added):,} people and merging {len(plan.merged):,}…")
        self.call_after_refresh(self.apply_import, plan, copy)

    def apply_import(self, plan: Plan, copy: Path | None) -> None:
        """Put the plan in, in one undoable step."""
        if self.cancelled:
            return
        board = self.session.board
        if (board.contacts != self.snapshot.contacts
                or board.interactions != self.snapshot.interactions):  # mostly identity checks
            self.show_error("The board changed while the file was read; import it again.")
            return
        apply_plan(self.session.board, plan, undoable=True)
        lines = [f"{Path(plan.source).name}: {plan.summary()}."]
        lines += plan.details(limit=3)[:6]
        if copy is not None:
            lines.append(f"The board as it was is saved in {copy}")
        if plan.changes_anything:
            lines.append("Press u to undo.")
        self.app.notify("\n".join(safe(line) for line in lines), title="Import", timeout=12)
        self.dismiss(plan)
