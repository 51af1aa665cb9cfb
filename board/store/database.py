"""The board's database: one TinyDB file, locked, validated, in memory.

Layout of the file (TinyDB's JSON shape)::

    {"meta": {"1": {"app": "board", "schema": 1}},
     "contacts": {"<id>": {...contact...}, ...},
     "interactions": {"<id>": {...interaction...}, ...}}

Documents are keyed by the record's own id (a string), so the store never
has to translate ids.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from board.core.schema import Contact, Interaction, RecordError, from_dicts
from board.fsutil import make_folder, os_error_message, real_path
from board.store.storage import MemoryAtomicStorage, split_tables

SCHEMA_VERSION = 1
APP = "board"
TABLES = ("contacts", "interactions")


class StoreError(Exception):
    """The database cannot be used; the message names the file and why."""


class LockedError(StoreError):
    pass


class RecordTable(Table):
    """A TinyDB table keyed by the records' own string ids.

    TinyDB's ``Table`` rebuilds the whole table dict (twice) on every write
    to convert document ids; with string ids there is nothing to convert, so
    updates happen in place, O(1) per record.
    """

    document_id_class = str

    def _update_table(self, updater: Callable[[dict[Any, Mapping]], None]) -> None:
        tables = self._storage.read()
        if tables is None:
            tables = {}
        raw = tables.setdefault(self.name, {})
        updater(raw)
        self._storage.write(tables, table=self.name)
        self.clear_cache()

    def put_many(self, docs: dict[str, dict[str, Any]]) -> None:
        # (straight into the storage: the tables keep no query cache to clear)
        self._storage.put_many(self.name, docs)

    def delete(self, key: str) -> None:
        self._storage.delete(self.name, key)


class BoardDB(TinyDB):
    table_class = RecordTable


def _fail(path: Path, why: str) -> StoreError:
    return StoreError(f"{path}: {why}")


def read_raw(path: Path) -> dict[str, Any] | None:
    """Read and check the shape of a database file; None if it does not exist."""
    read = read_file(path)
    return None if read is None else read[0]


def read_file(path: Path, defer: tuple[str, ...] = ()
              ) -> tuple[dict[str, Any], dict[str, bytes]] | None:
    """Read and check a database file: its data, and the tables named in
    ``defer`` left as JSON (their place in the data is None; the storage
    parses and checks each when first asked for it) if the file is laid out
    one table to a line, as board writes it.  None if it does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _fail(path, "is a directory, not a database file") from None
    except OSError as exc:
        raise StoreError(os_error_message(exc, path, "read")) from None
    if not raw.strip():
        raise _fail(path, "is empty (not a board database); move it away to start afresh")
    try:
        data, unread = _parse(raw, defer)
    except StoreError as exc:
        raise _fail(path, str(exc)) from None
    if not isinstance(data, dict):
        raise _fail(path, "is not a board database (expected a JSON object)")
    meta = data.get("meta")
    if not isinstance(meta, dict) or not meta:
        raise _fail(path, "is not a board database (no 'meta' record)")
    record = next(iter(meta.values()))
    if not isinstance(record, dict) or record.get("app") != APP:
        raise _fail(path, "is not a board database (its 'meta' record is not board's)")
    schema = record.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise _fail(path, f"has an invalid schema version {schema!r}")
    if schema > SCHEMA_VERSION:
        raise _fail(
            path,
            f"was written by a newer board (schema {schema}; this one reads up to "
            f"{SCHEMA_VERSION}). Upgrade board to open it.",
        )
    for name in TABLES:
        if name in unread:
            continue
        table = data.get(name, {})
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            raise _fail(path, f"is damaged: table '{name}' has the wrong shape")
    for name in data.keys() - set(TABLES) - unread.keys():
        # The records are checked field by field as they are read; anything
        # else is kept as it is, so it must be writable again: orjson reads
        # 1,024 levels deep but writes only 254, and a board that cannot be
        # saved must not open.
        try:
            orjson.dumps(data[name])
        except orjson.JSONEncodeError:
            raise _fail(path, f"is damaged: table '{name}' is nested too deeply") from None
    return data, unread


def _parse(raw: bytes, defer: tuple[str, ...]) -> tuple[Any, dict[str, bytes]]:
    """The file's JSON, with the tables in ``defer`` left unparsed when the
    layout allows; damage raises StoreError (from the caller's path)."""
    tables = split_tables(raw) if defer else None
    if tables is not None:
        try:
            data = {name: None if name in defer else orjson.loads(text)
                    for name, text in tables.items()}
        except orjson.JSONDecodeError:
            pass  # parsed whole below, which names the damage
        else:
            return data, {name: tables[name] for name in defer if name in tables}
    try:
        return orjson.loads(raw), {}
    except orjson.JSONDecodeError as exc:
        raise StoreError(f"is damaged: not valid JSON ({exc})") from None


def records_of(path: Path, data: dict[str, Any]) -> tuple[list[Contact], list[Interaction]]:
    """Parse every record of checked raw data; a bad one raises StoreError."""
    return contacts_of(path, data), interactions_of(path, data)


def contacts_of(path: Path, data: dict[str, Any]) -> list[Contact]:
    """Parse every contact of checked raw data; a bad one raises StoreError."""
    return _records(path, data, "contacts", Contact)


def interactions_of(path: Path, data: dict[str, Any]) -> list[Interaction]:
    """Parse every interaction of checked raw data; a bad one raises StoreError."""
    return _records(path, data, "interactions", Interaction)


def _records(path: Path, data: dict[str, Any], table: str, cls: type) -> list:
    try:
        return from_dicts(cls, data.get(table, {}), table[:-1])
    except RecordError as exc:
        raise _fail(path, f"is damaged: {exc}") from None


def new_data() -> dict[str, Any]:
    return {"meta": {"1": {"app": APP, "schema": SCHEMA_VERSION}}}


class Database:
    """An open, locked board database.

    Use :meth:`open`; always :meth:`close` (which flushes and unlocks).
    """

    def __init__(self, path: Path, data: dict[str, Any], lock: FileLock | None,
                 background: bool, unread: dict[str, bytes] | None = None):
        self.path = path
        self._lock = lock
        self.storage = MemoryAtomicStorage(path, data, background=background, unread=unread)
        self.db = BoardDB(storage=lambda: self.storage)
        self._tables = {name: self.db.table(name, cache_size=0) for name in TABLES}
        self.closed = False

    @classmethod
    def open(cls, path: str | os.PathLike, background: bool = True,
             defer: tuple[str, ...] = ()) -> Database:
        """Lock and read a board file.  ``defer``: tables to leave unparsed
        until first used (see ``read_file``).

        The file is known by its real path (symbolic links and ``..``
        resolved): every name of one file takes the same lock, so a second
        board is refused whichever name it is given, and writes go to the
        link's target (the link stays a link)."""
        path = real_path(path)
        try:
            make_folder(path.parent)
        except OSError as exc:
            raise StoreError(os_error_message(exc, path, "created")) from None
        lock = FileLock(str(path) + ".lock", timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise LockedError(
                f"{path} is already open in another board; close that one first"
            ) from None
        except OSError as exc:
            raise StoreError(os_error_message(exc, path, "locked")) from None
        db = None
        try:
            read = read_file(path, defer)
            created = read is None
            data, unread = (new_data(), {}) if read is None else read
            db = cls(path, data, lock, background, unread)
            if created:
                db.storage.write(data)
                db.flush()
            return db
        except BaseException:
            if db is None:
                lock.release()
            else:  # (stops its writer, and unlocks)
                db.close(save=False)
            raise

    # -- records ----------------------------------------------------------

    def load(self) -> tuple[list[Contact], list[Interaction]]:
        """Parse every record; a bad one raises StoreError naming it."""
        return records_of(self.path, self.storage.read() or {})

    def load_contacts(self) -> list[Contact]:
        return contacts_of(self.path, {"contacts": self._table("contacts")})

    def load_interactions(self) -> list[Interaction]:
        return interactions_of(self.path, {"interactions": self._table("interactions")})

    def _table(self, name: str) -> dict[str, Any]:
        try:
            return self.storage.table(name)
        except ValueError as exc:  # a table left unread, damaged
            raise _fail(self.path, f"is damaged: {exc}") from None

    def put_many(self, table: str, docs: dict[str, dict[str, Any]]) -> None:
        self._tables[table].put_many(docs)

    def delete(self, table: str, key: str) -> None:
        self._tables[table].delete(key)

    def batch(self):
        return self.storage.batch()

    def count(self, table: str) -> int:
        return len(self._tables[table])

    # -- lifetime -----------------------------------------------------------

    def flush(self) -> None:
        """Write every change now.  A disk that refuses raises StoreError
        (the file, why, what to do); the changes stay in memory."""
        try:
            self.storage.flush()
        except OSError as exc:
            raise StoreError(os_error_message(exc, self.path)) from None

    def close(self, save: bool = True) -> None:
        """Flush (unless not ``save``: the changes not on disk yet are
        dropped) and unlock.  If the flush fails StoreError is raised (the
        changes made since ``storage.saved_at`` are lost) and the file is
        unlocked all the same."""
        if self.closed:
            return
        try:
            self.storage.close(save=save)
            self.db.close()  # (TinyDB's side; the storage is closed already)
        except OSError as exc:
            raise StoreError(os_error_message(exc, self.path)) from None
        finally:
            self.closed = True
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
