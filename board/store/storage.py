"""A TinyDB storage that keeps the data in memory and writes atomically.

TinyDB's own ``JSONStorage`` re-reads the file for every query and rewrites
it in place, so a crash mid-write leaves broken JSON.  This storage

* reads and validates the file once (``orjson``),
* answers every read from memory,
* writes the whole file to a temporary file in the same directory, fsyncs it
  and ``os.replace``-s it over the old one (a crash leaves the previous good
  file), with mode 0600 (personal data),
* coalesces writes in a background thread (write-behind), so the UI never
  waits for the disk, and
* flushes synchronously on :meth:`flush` / :meth:`close`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from board.fsutil import atomic_write_bytes

#: How long the background writer waits for more changes before writing.
COALESCE_SECONDS = 0.05


def file_chunks(tables: Iterable[tuple[str, bytes]]) -> list[bytes]:
    """A database file from its tables' JSON, one table to a line::

        {
        "meta":{...},
        "contacts":{...},
        "interactions":{...}
        }

    Still one JSON document (TinyDB reads it), and since JSON text never
    holds a raw newline, a reader can cut the tables apart without parsing
    them (``split_tables``): the app reads the contacts before the
    interactions.  Chunks, never joined: that would copy a 17 MB file once
    more."""
    parts = [b"{"]
    for n, (name, table_json) in enumerate(tables):
        parts += [b",\n" if n else b"\n", orjson.dumps(name), b":", table_json]
    parts.append(b"\n}")
    return parts


def split_tables(raw: bytes) -> dict[str, bytes] | None:
    """Each table's JSON, cut from a file laid out by ``file_chunks`` (no
    table parsed); None if the file is not laid out so (then parse it whole)."""
    lines = raw.rstrip(b"\n").split(b"\n")
    if len(lines) < 3 or lines[0] != b"{" or lines[-1] != b"}":
        return None
    out: dict[str, bytes] = {}
    last = len(lines) - 2
    for n, line in enumerate(lines[1:-1], start=1):
        if n < last:
            if not line.endswith(b","):
                return None
            line = line[:-1]
        end = line.find(b'":')
        if not line.startswith(b'"') or end < 1:
            return None
        try:
            name = orjson.loads(line[: end + 1])
        except orjson.JSONDecodeError:
            return None
        if not isinstance(name, str) or name in out:
            return None
        out[name] = line[end + 2 :]
    return out


class MemoryAtomicStorage(Storage):
    """In-memory TinyDB storage with atomic, coalesced, background writes.

    ``data`` is the already-validated content of the file (or ``None`` for a
    new database).  ``background=False`` writes synchronously on every
    change (used by one-shot commands).  ``unread`` holds tables still as
    the file's JSON (their place in ``data`` is None): each is parsed when
    first asked for (:meth:`table`, or anything that reads or changes it),
    and written back as it was until then.
    """

    def __init__(self, path: Path, data: dict[str, Any] | None, background: bool = True,
                 unread: dict[str, bytes] | None = None):
        self.path = Path(path)
        self._data: dict[str, Any] | None = data
        self._lock = threading.RLock()
        self._batch_depth = 0
        self._io_lock = threading.Lock()
        self._dirty = threading.Event()
        self._generation = 0  # bumped on every change
        self._written = 0  # the generation last on disk
        # Each table's JSON is kept from the last write; only the tables
        # changed since are serialised again (a stage move re-serialises the
        # contacts, not 100,000 interactions).
        self._dirty_tables: set[str] | None = None  # None: all
        self._table_json: dict[str, bytes] = dict(unread or {})
        self._unread: set[str] = set(unread or ())
        self._closed = False
        self._error: BaseException | None = None
        #: Every change made before this time is on disk (time.time(); at
        #: first, the open).
        self.saved_at = time.time()
        self._background = background
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(
                target=self._writer, name="board-store-writer", daemon=True
            )
            self._thread.start()

    # -- TinyDB Storage API -------------------------------------------------

    def read(self) -> dict[str, Any] | None:
        for name in list(self._unread):
            self.table(name)
        return self._data

    def table(self, name: str) -> dict[str, Any]:
        """One table's documents (parsed now if it was left unread).  A table
        that is not JSON, or not an object of objects, raises ValueError and
        stays unread."""
        with self._lock:
            if name in self._unread:
                try:
                    table = orjson.loads(self._table_json[name])
                except orjson.JSONDecodeError as exc:
                    raise ValueError(f"table '{name}' is not valid JSON ({exc})") from None
                if not isinstance(table, dict) or not all(
                        isinstance(v, dict) for v in table.values()):
                    raise ValueError(f"table '{name}' has the wrong shape")
                assert self._data is not None
                self._data[name] = table
                self._unread.discard(name)
            return (self._data or {}).get(name, {})

    def write(self, data: dict[str, Any], table: str | None = None) -> None:
        """Take the new data; ``table`` names the only table that changed
        (None: any may have)."""
        with self._lock:
            self._changing(table)
            self._data = data
        self._changed()

    def close(self, save: bool = True) -> None:
        """Flush (unless not ``save``) and stop the writer; if the flush
        fails (the OSError is raised) the writer is stopped all the same:
        nothing is written after a close, when the file may no longer be
        this storage's to write."""
        if self._closed:
            return
        try:
            if save:
                self.flush()
        finally:
            self._closed = True
            self._dirty.set()
            if self._thread is not None:
                self._thread.join(timeout=5)

    # -- our own API --------------------------------------------------------

    def put(self, table: str, key: str, doc: dict[str, Any]) -> None:
        """One document in ``table``: a write of the data with it, without a
        trip through TinyDB's table (an import puts 100,000)."""
        with self._lock:
            self._documents(table)[key] = doc
        self._changed()

    def put_many(self, table: str, docs: dict[str, dict[str, Any]]) -> None:
        """Many documents in ``table``, as one change (as :meth:`put`)."""
        with self._lock:
            self._documents(table).update(docs)
        self._changed()

    def delete(self, table: str, key: str) -> None:
        """One document out of ``table`` (as :meth:`put`)."""
        with self._lock:
            self._documents(table).pop(key, None)
        self._changed()

    def _documents(self, table: str) -> dict[str, Any]:
        """``table``'s documents, about to change (under the lock)."""
        if table in self._unread:
            self.table(table)
        self._changing(table)
        if self._data is None:
            self._data = {}
        return self._data.setdefault(table, {})

    def _changing(self, table: str | None) -> None:
        """Note a change to ``table`` (None: any), under the lock."""
        if self._closed:
            raise RuntimeError("the database is closed")
        self._generation += 1
        if table is None:
            self._dirty_tables = None
        elif self._dirty_tables is not None:
            self._dirty_tables.add(table)

    def _changed(self) -> None:
        if self._background:
            if not self._batch_depth:  # (a batch wakes the writer once, as it ends)
                self._dirty.set()
        elif not self._batch_depth:
            self.flush()

    @property
    def pending(self) -> bool:
        return self._generation != self._written

    @property
    def error(self) -> BaseException | None:
        """The last background write failure, if the disk refused a write."""
        return self._error

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Make several changes that belong together: the background writer
        never saves half of them, and a synchronous storage writes once, at
        the end, instead of once per change."""
        with self._lock:
            self._batch_depth += 1
            try:
                yield
            finally:
                self._batch_depth -= 1
                if self._background and not self._batch_depth and self.pending:
                    self._dirty.set()
        if not self._background and not self._batch_depth:
            self.flush()

    def flush(self) -> None:
        """Write everything now (no-op if nothing changed).

        The snapshot is taken under the data lock; the slow part (disk,
        fsync) runs outside it, serialised by a second lock so writes land
        in order.
        """
        with self._io_lock:
            with self._lock:
                if self._generation == self._written or self._data is None:
                    return
                generation, taken = self._generation, time.time()
                payload = self._serialise()
            atomic_write_bytes(self.path, payload)
            self._written = generation
            self._error = None
            self.saved_at = taken

    def _serialise(self) -> list[bytes]:
        """The whole file as chunks (never joined: that would be one more
        copy of a 17 MB file), re-serialising only the tables that changed."""
        assert self._data is not None
        dirty = self._dirty_tables
        tables = []
        for name, table in self._data.items():
            cached = self._table_json.get(name)
            if name not in self._unread and (dirty is None or name in dirty or cached is None):
                self._table_json.pop(name, None)  # let the old copy go first
                cached = orjson.dumps(table)
                self._table_json[name] = cached
            tables.append((name, cached))
        for name in set(self._table_json) - set(self._data):
            del self._table_json[name]
        self._dirty_tables = set()
        return file_chunks(tables)

    def _writer(self) -> None:
        while True:
            self._dirty.wait()
            if self._closed:
                return
            time.sleep(COALESCE_SECONDS)
            self._dirty.clear()
            try:
                self.flush()
            except Exception as exc:  # keep the data in memory, retry on next change
                self._error = exc
                time.sleep(0.5)
                self._dirty.set()
            if self._closed:
                return
