"""Opening a board: config + locked database + the in-memory Board.

Every client (the app, ``board export``, ``board due``) starts here.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from msgspec.structs import replace

from board.config import Config
from board.core.board import Board, now_utc
from board.core.schema import Contact, Interaction, StageChange
from board.resources import examples_dir
from board.store.database import Database, collector_paused, read_records

T = TypeVar("T")


class Session:
    def __init__(self, config: Config, db: Database, board: Board, demo_dir: Path | None = None):
        self.config = config
        self.db = db
        self.board = board
        self._demo_dir = demo_dir

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def is_demo(self) -> bool:
        return self._demo_dir is not None

    @property
    def backups(self) -> Path:
        """Where exports go by default: the config's backups folder, or on
        the demo its temporary folder (the demo writes nothing outside it)."""
        if self._demo_dir is not None:
            return self._demo_dir / "backups"
        return self.config.backups

    @classmethod
    def open(
        cls,
        path: Path,
        config: Config,
        background: bool = True,
        clock: Callable[[], datetime] = now_utc,
        defer_log: bool = False,
    ) -> Session:
        """Open (and lock) a board.  ``defer_log``: build the contacts now and
        the interactions later (:meth:`load_log`, or their first use), so
        the app can show a large board before its log is read."""
        db = Database.open(path, background=background)
        try:
            contacts = db.load_contacts()
            if defer_log:
                board = Board(config.ladder, contacts, store=db, clock=clock,
                              deferred_log=db.load_interactions)
            else:
                board = Board(config.ladder, contacts, db.load_interactions(), store=db,
                              clock=clock)
        except BaseException:
            db.close()
            raise
        return cls(config, db, board)

    @property
    def unsaved(self) -> bool:
        """Whether some change is not in the board's file yet."""
        return self.db.storage.pending

    @property
    def unsaved_since(self) -> str:
        """When the file last held every change, as a user reads it ("14:32",
        or "19 Nov 14:32" on another day): the changes made after it are
        only in memory while the disk refuses to write."""
        saved = datetime.fromtimestamp(self.db.storage.saved_at).astimezone()
        today = datetime.now().astimezone().date()
        return f"{saved:%H:%M}" if saved.date() == today else f"{saved:%d %b %H:%M}"

    def save_copy(self, folder: Path) -> Path:
        """A complete YAML backup of the board as it is in memory (saved to
        its file or not), in a timestamped file in ``folder``; returns the
        file.  OSError if the disk refuses (nothing half-written)."""
        from board.formats.backup import backup_filename, write_backup

        board = self.board
        target = folder / backup_filename(board.clock())
        write_backup(target, board.ladder, board.contacts.values(), board.interactions.values())
        return target

    def rescue(self) -> Path | None:
        """When the board's file cannot be written: a copy of everything in
        the backups folder, or else in the temporary folder (another disk,
        often).  The copy's path, or None if neither could be written."""
        for folder in (self.backups, Path(tempfile.gettempdir())):
            try:
                return self.save_copy(folder)
            except OSError:
                continue
        return None

    def load_log(self, prepare: Callable[[], T] | None = None) -> T | None:
        """Read a deferred log now (safe in a thread), then ``prepare`` what
        needs it, in the same go (the app works out every status): what they
        build lives as long as the board, out of the collector's sight
        (``collector_paused``).  A damaged log raises StoreError (and the
        board refuses every change from then on)."""
        with collector_paused():
            self.board.load_log()
            return prepare() if prepare is not None else None

    @classmethod
    def open_readonly(
        cls, path: Path, config: Config, clock: Callable[[], datetime] = now_utc
    ) -> Board:
        """The board as it is now, without taking the lock (for ``board due``
        while the app is open): the file and its journal, so a change is seen
        once it is in the journal.  A missing file is an empty board; nothing
        is ever written."""
        records = read_records(Path(path).expanduser())
        if records is None:
            return Board(config.ladder, clock=clock)
        contacts, interactions = records
        return Board(config.ladder, contacts, interactions, clock=clock)

    @classmethod
    def open_demo(
        cls, config: Config, clock: Callable[[], datetime] = now_utc, shift: bool = True
    ) -> Session:
        """A throwaway board filled from ``examples/demo.yaml``.

        With ``shift`` the demo's dates are moved so its latest interaction
        was yesterday: the demo always looks alive, whatever today is.
        """
        from board.formats.backup import load_backup  # only the demo needs it here

        demo_dir = Path(tempfile.mkdtemp(prefix="board-demo-"))
        source = examples_dir() / "demo.yaml"
        backup = load_backup(source.read_text(encoding="utf-8"), str(source))
        contacts, interactions = backup.contacts, backup.interactions
        if shift:
            contacts, interactions = shift_to(contacts, interactions, clock())
        session = cls.open(demo_dir / "board.json", config, clock=clock)
        session._demo_dir = demo_dir
        session.board.restore(contacts, interactions, "load the demo", undoable=False)
        return session

    def close(self, save: bool = True) -> None:
        """Save (unless not ``save``) and unlock; a disk that refuses raises
        StoreError, and the board is closed all the same."""
        try:
            self.db.close(save=save)
        finally:
            if self._demo_dir is not None:
                shutil.rmtree(self._demo_dir, ignore_errors=True)


def shift_to(
    contacts: list[Contact], interactions: list[Interaction], now: datetime
) -> tuple[list[Contact], list[Interaction]]:
    """Move every timestamp so the latest one falls a day before ``now``."""
    stamps = [i.at for i in interactions] + [h.at for c in contacts for h in c.history]
    if not stamps:
        return contacts, interactions
    from datetime import timedelta

    delta = (now - timedelta(days=1)) - max(stamps)
    # Whole days, so times of day stay believable.
    delta = timedelta(days=delta.days)
    shifted_contacts = [
        replace(
            c,
            created=c.created + delta,
            history=tuple(StageChange(h.rung, h.at + delta) for h in c.history),
            snoozed_until=c.snoozed_until + delta if c.snoozed_until else None,
        )
        for c in contacts
    ]
    shifted_interactions = [replace(i, at=i.at + delta) for i in interactions]
    return shifted_contacts, shifted_interactions
