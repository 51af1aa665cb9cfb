"""Palette → Sync: ``board sync`` from inside the app (board.sync).

The git side runs in a thread worker (the board stays live; the top bar
shows each step); the merged records are put on the board on the UI thread
in one step (``u`` undoes it), keeping whatever was changed on the board
while the sync ran (the next sync sends it); then the file is flushed and
the sync folder's branch moved, in the worker again.  Any failure leaves the
board as it was and says why in one toast; the next Sync retries.

``board sync`` on the command line is refused while the app holds the
board (the one-instance lock): the app is the one writer of its file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual import work

from board.core.board import BoardError
from board.store.database import StoreError
from board.sync import Pending, SyncError, SyncFolder


class SyncsBoard:
    """The app's part of syncing (mixed into BoardApp)."""

    session: Any
    board: Any
    sync_progress: str | None = None  # the step a running sync is on
    _synced: tuple[datetime | None, int | None] | None = None  # (when, the change synced)

    def _sync_folder(self) -> SyncFolder:
        return SyncFolder(self.session.path)

    def sync_line(self) -> tuple[str, str] | None:
        """What the top bar says of syncing, (long, short); None: nothing
        (the demo, or a board never synced)."""
        if self.sync_progress is not None:
            step = self.sync_progress
            return f"syncing: {step}…", f"syncing: {step.split(' ')[0]}…"
        if self.session.is_demo:
            return None
        if self._synced is None:
            folder = self._sync_folder()
            self._synced = ((folder.synced_at, folder.synced_seq) if folder.path.exists()
                            else (None, None))
        when, seq = self._synced
        if when is None:
            return None
        local = when.astimezone()
        today = datetime.now().astimezone().date()
        shown = f"{local:%H:%M}" if local.date() == today else f"{local:%d %b}"
        unsynced = seq != self.session.db.storage.seq
        return (f"synced {shown}" + (" · unsynced changes" if unsynced else ""),
                f"⇅ {shown}" + (" *" if unsynced else ""))

    def _show_sync(self, step: str | None) -> None:
        from board.ui.palette import board_screen

        self.sync_progress = step
        screen = board_screen(self)
        if screen is not None:
            screen.update_topbar()

    def action_sync(self) -> None:
        if self.session.is_demo:
            self.notify("The demo board is not synced (nothing in it is kept).",  # type: ignore[attr-defined]
                        title="Sync")
            return
        if self.sync_progress is not None:
            self.notify("A sync is already running.", title="Sync")  # type: ignore[attr-defined]
            return
        folder = self._sync_folder()
        if folder.remote is None:
            self.notify(  # type: ignore[attr-defined]
                "This board has no sync remote yet. Once, in a shell: board sync --remote "
                "URL (any git repository: keep it private, it holds the whole board).",
                title="Sync", severity="warning", timeout=12)
            return
        board = self.board
        snapshot = (dict(board.contacts), dict(board.interactions))
        self._show_sync("starting")
        self._sync_git(folder, snapshot, board.clock())

    @work(thread=True, group="sync", exit_on_error=False)
    def _sync_git(self, folder: SyncFolder, snapshot: tuple[dict, dict], now: datetime) -> None:
        call = self.call_from_thread  # type: ignore[attr-defined]

        def progress(step: str) -> None:
            call(self._show_sync, step)

        try:
            pending = folder.prepare(snapshot[0], snapshot[1], now, progress=progress)
        except SyncError as exc:
            call(self._sync_done, None, str(exc))
            return
        except OSError as exc:
            call(self._sync_done, None, f"the sync folder cannot be written: {exc}")
            return
        except Exception as exc:  # (never leave the top bar saying "syncing")
            call(self._sync_done, None, f"{type(exc).__name__}: {exc}")
            return
        call(self._sync_apply, pending, snapshot)

    def _sync_apply(self, pending: Pending, snapshot: tuple[dict, dict]) -> None:
        """On the UI thread: the merged records onto the board, one step."""
        outcome = pending.outcome
        try:
            if outcome.contacts or outcome.interactions:
                self.board.apply_merged(outcome.contacts, outcome.interactions, "sync",
                                        since=snapshot)
        except (BoardError, StoreError, ValueError) as exc:
            pending.abandon()
            self._sync_done(None, f"the merged board could not be applied: {exc}")
            return
        self._sync_finish(pending, self.session.db.storage.seq)

    @work(thread=True, group="sync", exit_on_error=False)
    def _sync_finish(self, pending: Pending, seq: int) -> None:
        call = self.call_from_thread  # type: ignore[attr-defined]
        try:
            self.session.db.flush()
            pending.finish(seq)
        except (StoreError, SyncError, OSError) as exc:
            pending.abandon()
            call(self._sync_done, None, f"the board could not be saved: {exc}")
            return
        call(self._sync_done, pending, None)

    def _sync_done(self, pending: Pending | None, error: str | None) -> None:
        self._synced = None  # (read again)
        self._show_sync(None)
        notify = self.notify  # type: ignore[attr-defined]
        if error is not None or pending is None:
            notify(f"Sync failed: {error}. Nothing was changed; Sync again to retry.",
                   title="Sync", severity="error", timeout=12)
            return
        outcome = pending.outcome
        lines = [outcome.summary(pending.folder.remote_shown)]
        conflicts = outcome.conflict_lines(self.board.contacts)
        lines += conflicts[:5] + ([f"… and {len(conflicts) - 5} more (on each person's page)"]
                                  if len(conflicts) > 5 else [])
        notify("\n".join(lines), title="Sync",
               severity="warning" if conflicts else "information", timeout=10)
