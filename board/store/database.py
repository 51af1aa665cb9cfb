"""The board's database: one TinyDB file and its journal, locked, checked.

The file (``board.json``) is TinyDB's JSON shape, one record to a line
(``board.store.storage``)::

    {"meta": {"1": {"app": "board", "schema": 2, "file": "<id>", "seq": 12}},
     "contacts": {"<id>": {...contact...}, ...},
     "interactions": {"<id>": {...interaction...}, ...}}

Documents are keyed by the record's own id (a string), so the store never
has to translate ids.  Changes go to the journal beside it
(``board.json.journal``, ``board.store.journal``) and are folded into the
file now and then; ``seq`` is the last change the file holds.  Whoever reads
the board (the app, ``board due``, ``board export``) reads both, so a
change is seen as soon as it is in the journal.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout

from board.core.schema import Contact, Interaction, R, RecordError, from_dicts
from board.fsutil import atomic_write_bytes, make_folder, os_error_message, real_path
from board.store import journal
from board.store.journal import Contents, JournaledStorage, JournalError, journal_path
from board.store.storage import Layout, encode_data, record_line

#: 2: the meta record names the file (``file``) and the last change it holds
#: (``seq``) for the journal beside it.  Schema 1 files are read and written
#: as 2 at their first change; a board that knows only 1 refuses a 2 (it
#: would not see the journal).
SCHEMA_VERSION = 2
APP = "board"
TABLES = ("contacts", "interactions")


class StoreError(Exception):
    """The database cannot be used; the message names the file and why."""


class LockedError(StoreError):
    pass


def _fail(path: Path, why: str) -> StoreError:
    return StoreError(f"{path}: {why}")


def new_meta(file_id: str | None = None) -> dict[str, Any]:
    return {"app": APP, "schema": SCHEMA_VERSION, "file": file_id or uuid.uuid4().hex,
            "seq": 0}


def new_data(file_id: str | None = None) -> dict[str, Any]:
    """An empty board database (TinyDB's shape)."""
    return {"meta": {"1": new_meta(file_id)}}


class _NotLaidOut(Exception):
    """A table did not parse a chunk at a time: parse the file whole."""


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The one place board steers the garbage collector: while records are
    built, and then out of its sight.

    Records are GC-tracked objects (10,000 contacts with their histories,
    100,000 interactions): building them sets off full collections that each
    walk the whole heap again and hold every thread, the UI's too (3-4 of
    60-90 ms while the app reads the log in its thread), and every later
    full collection would walk them again.  They live as long as the board:
    frozen (gc.freeze), the collector no longer visits them.  Used here and
    by Session.load_log (the log, its index and the app's statuses).
    Measured at 10,000 people (benchmarks/run.py, two runs of each, taken in
    turn, load average ~3, 2026-12-02), without it → with it, medians:
    gc full 121-145 → 41-45 ms, key during log read worst 91-182 → 42-58 ms,
    ready 1458-1639 → 958-1009 ms, load 245-261 → 173 ms, paint worst
    178-199 → 53-74 ms, contact first 170-244 → 125-129 ms.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class Stored:
    """A board file and its journal as read, records not yet built.

    Each table's records are built from the file a chunk at a time (so the
    parsed documents never pile up), with the journal's changes over them.
    Damage raises StoreError naming the file.
    """

    def __init__(self, path: Path, raw: bytes, contents: Contents | None):
        self.path = path
        self.layout = Layout.of(raw)
        self.data: dict[str, Any] | None = None  # the file parsed whole (another layout)
        if self.layout is None:
            self._parse_whole(raw)
        self._raw = raw
        meta = self._meta_record()
        self.meta = meta
        self.file_id: str | None = meta.get("file") if isinstance(meta.get("file"), str) else None
        seq = meta.get("seq", 0)
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
            raise _fail(path, f"is damaged: its meta record has an invalid seq {seq!r}")
        self.seq = seq
        self.contents = contents
        self.overlay: dict[str, dict[str, dict[str, Any] | None]] = {}
        if contents is None:
            return
        jpath = journal_path(path)
        if contents.file_id != self.file_id:
            raise _fail(jpath, f"belongs to another board file than {path.name} (was "
                               f"{path.name} replaced?); move it away to open {path.name} "
                               "as it is")
        if contents.base > seq:
            raise _fail(jpath, f"continues a newer copy of {path.name} than this one (was "
                               f"it restored from a copy?); move it away to open "
                               f"{path.name} as it is")
        for table, key, doc in contents.changes_after(seq):
            self.overlay.setdefault(table, {})[key] = doc

    def _parse_whole(self, raw: bytes) -> None:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise _fail(self.path, f"is damaged: not valid JSON ({exc})") from None
        if not isinstance(data, dict):
            raise _fail(self.path, "is not a board database (expected a JSON object)")
        self.data, self.layout = data, None

    def _meta_record(self) -> dict[str, Any]:
        meta: Any = None
        if self.layout is not None:
            try:
                meta = {k: v for docs in self.layout.chunks("meta") for k, v in docs.items()}
            except ValueError:
                self._parse_whole(self._raw)
        if self.data is not None:
            meta = self.data.get("meta")
        if not isinstance(meta, dict) or not meta:
            raise _fail(self.path, "is not a board database (no 'meta' record)")
        record = next(iter(meta.values()))
        if not isinstance(record, dict) or record.get("app") != APP:
            raise _fail(self.path, "is not a board database (its 'meta' record is not board's)")
        schema = record.get("schema")
        if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
            raise _fail(self.path, f"has an invalid schema version {schema!r}")
        if schema > SCHEMA_VERSION:
            raise _fail(
                self.path,
                f"was written by a newer board (schema {schema}; this one reads up to "
                f"{SCHEMA_VERSION}). Upgrade board to open it.",
            )
        return record

    def changes(self) -> dict[str, dict[str, bytes | None]]:
        """The journal's changes the file does not hold, as the storage keeps
        them (each record's line, or None)."""
        return {name: {k: None if d is None else record_line(k, d) for k, d in docs.items()}
                for name, docs in self.overlay.items()}

    def records(self, table: str, what: str, cls: type[R]) -> list[R]:
        """Every record of ``table`` (journal included); a bad one raises
        StoreError naming it."""
        try:
            return self._build(table, what, cls)
        except _NotLaidOut:
            self._parse_whole(self._raw)  # names the damage, or reads an odd layout
            return self._build(table, what, cls)

    def _build(self, table: str, what: str, cls: type[R]) -> list[R]:
        try:
            with collector_paused():
                return from_dicts(cls, dict(self._docs(table)), what)
        except RecordError as exc:
            raise _fail(self.path, f"is damaged: {exc}") from None


    def _docs(self, table: str) -> Iterator[tuple[str, Any]]:
        overlay = self.overlay.get(table, {})
        if self.data is not None:
            docs = self.data.get(table, {})
            if not isinstance(docs, dict) or not all(isinstance(v, dict) for v in docs.values()):
                raise _fail(self.path, f"is damaged: table '{table}' has the wrong shape")
            for key, doc in docs.items():
                if key not in overlay:
                    yield key, doc
        else:
            assert self.layout is not None
            chunks = self.layout.chunks(table)
            while True:
                try:
                    docs = next(chunks)
                except StopIteration:
                    break
                except ValueError:
                    raise _NotLaidOut from None
                for key, doc in docs.items():
                    if key not in overlay:
                        yield key, doc
        for key, doc in overlay.items():
            if doc is not None:
                yield key, doc


def read_stored(path: Path, retries: int = 0) -> Stored | None:
    """The file at ``path`` and its journal (the journal first: a fold writes
    the file first), or None if there is no file.  ``retries``: for a reader
    without the lock, read again if the journal looks damaged (it may have
    been caught mid-append)."""
    path = real_path(path)
    jpath = journal_path(path)
    for attempt in range(retries + 1):
        try:
            contents = journal.read(jpath)
            break
        except JournalError as exc:
            if attempt == retries:
                raise _fail(jpath, str(exc)) from None
            time.sleep(0.05)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if contents is not None:
            raise _fail(jpath, f"has no {path.name} beside it; move it away to start "
                               "afresh") from None
        return None
    except IsADirectoryError:
        raise _fail(path, "is a directory, not a database file") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise _fail(path, "is empty (not a board database); move it away to start afresh")
    return Stored(path, raw, contents)


def read_records(path: Path) -> tuple[list[Contact], list[Interaction]] | None:
    """Every record of a board, journal included, without the lock (``board
    due`` while the app is open); None if there is no file.  Writes nothing."""
    stored = read_stored(path, retries=2)
    if stored is None:
        return None
    return (stored.records("contacts", "contact", Contact),
            stored.records("interactions", "interaction", Interaction))


def _check_writable(path: Path, meta: dict[str, Any], data: dict[str, Any] | None) -> None:
    """Refuse, as damage, a file this board could read but never write back
    (a fold writes the meta record again, and a file not in board's layout
    whole): a table that is not a set of records, or nesting orjson reads
    (1,024 levels) but cannot write (254).  A board that cannot be saved
    must not open."""
    tables = {"meta": {"1": meta}, **{k: v for k, v in (data or {}).items() if k != "meta"}}
    for name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            raise _fail(path, f"is damaged: table '{name}' has the wrong shape")
        try:
            orjson.dumps(table)
        except orjson.JSONEncodeError:
            raise _fail(path, f"is damaged: table '{name}' is nested too deeply") from None


class Database:
    """An open, locked board database.

    Use :meth:`open`; always :meth:`close` (which writes everything and
    unlocks).  The records are built when asked for (:meth:`load_contacts`,
    :meth:`load_interactions`, each once), so the app can show the contacts
    before the log is read.
    """

    def __init__(self, path: Path, lock: FileLock | None, storage: JournaledStorage,
                 stored: Stored):
        self.path = path
        self._lock = lock
        self.storage = storage
        self._stored: Stored | None = stored
        self._unread = set(TABLES)
        self.closed = False

    @classmethod
    def open(cls, path: str | os.PathLike[str], background: bool = True) -> Database:
        """Lock and read a board file (a missing one is created).

        The file is known by its real path (symbolic links and ``..``
        resolved): every name of one file takes the same lock (and the same
        journal), so a second board is refused whichever name it is given,
        and writes go to the link's target (the link stays a link)."""
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
        try:
            stored = read_stored(path)
            if stored is None:  # a new board
                raw = b"".join(encode_data(new_data()))
                atomic_write_bytes(path, raw)
                stored = Stored(path, raw, None)
            meta = {**stored.meta, "schema": SCHEMA_VERSION,
                    "file": stored.file_id or uuid.uuid4().hex}
            _check_writable(path, meta, stored.data)
            storage = JournaledStorage(
                path, meta, stored.seq, stored.contents, stored.changes(),
                background=background, fold_first=stored.file_id is None)
            return cls(path, lock, storage, stored)
        except OSError as exc:
            lock.release()
            raise StoreError(os_error_message(exc, path, "created")) from None
        except BaseException:
            lock.release()
            raise

    # -- records ----------------------------------------------------------

    def load(self) -> tuple[list[Contact], list[Interaction]]:
        """Build every record; a bad one raises StoreError naming it."""
        return self.load_contacts(), self.load_interactions()

    def load_contacts(self) -> list[Contact]:
        return self._records("contacts", "contact", Contact)

    def load_interactions(self) -> list[Interaction]:
        """Every interaction (safe to call from another thread: the file's
        bytes are kept until then, never changed)."""
        return self._records("interactions", "interaction", Interaction)

    def _records(self, table: str, what: str, cls: type[R]) -> list[R]:
        stored = self._stored
        if table not in self._unread or stored is None:
            raise RuntimeError(f"the {table} were read already")
        records = stored.records(table, what, cls)
        self._unread.discard(table)
        if not self._unread:  # every record read and good: the file's bytes can go
            self._stored = None
            self.storage.mark_verified()
        return records

    def put_many(self, table: str, docs: dict[str, dict[str, Any]]) -> None:
        self.storage.put_many(table, docs)

    def delete(self, table: str, key: str) -> None:
        self.storage.delete(table, key)

    def batch(self) -> contextlib.AbstractContextManager[None]:
        return self.storage.batch()

    # -- lifetime -----------------------------------------------------------

    def flush(self) -> None:
        """Everything into the file now (the journal folded in).  A disk that
        refuses raises StoreError (the file, why, what to do); the changes
        stay in memory."""
        try:
            self.storage.flush()
        except OSError as exc:
            raise StoreError(os_error_message(exc, self.path)) from None

    def close(self, save: bool = True) -> None:
        """Write what is left and unlock (unless not ``save``: the changes not
        on disk yet are dropped).  If they cannot be put on disk StoreError
        is raised (the changes made since ``storage.saved_at`` are lost) and
        the file is unlocked all the same."""
        if self.closed:
            return
        try:
            self.storage.close(save=save)
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
