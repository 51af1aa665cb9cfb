"""The write-ahead journal beside the board file (``board.json.journal``).

A change to the board is one line appended to the journal and fsynced
(a few hundred bytes for a card move), instead of a rewrite of the whole
file; now and then the journal is folded into the file (one atomic rewrite)
and removed.  Every reader replays it over the file.

Each line is a CRC-32 of its JSON, a space and the JSON::

    1c9f03a2 {"journal":1,"file":"3f…","base":12}
    5be1d0aa {"seq":13,"ops":[["put","contacts",{"c1":{...}}]]}
    0a7c4e19 {"seq":14,"ops":[["del","interactions","i9"],["put",...]]}

The first line (written whole, by an atomic rename) names the file it
continues (its ``file`` id, in the file's meta record) and the change the
file held then (``base``); then one line per batch of changes, numbered one
after the other from ``base + 1``.  The file's meta says which change it
holds (``seq``), so a record already folded in is skipped: replaying twice,
or after a crash between the fold's rename and the journal's removal,
changes nothing.

A crash can leave the last line torn (no newline at its end): it was never
acknowledged (its fsync never returned) and is left out.  Any complete line
that is not what it says (CRC, JSON, numbering) is damage, wherever it is:
it is reported and nothing is written over it.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from board.fsutil import atomic_write_bytes
from board.store.storage import (
    BoardStorage,
    fold_file,
    fsync_dir,
    line_doc,
    record_line,
    record_lines,
)

FORMAT = 1


class JournalError(Exception):
    """The journal is damaged or is not this file's; the message says how."""


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".journal")


def encode_line(payload: bytes) -> bytes:
    return b"%08x " % zlib.crc32(payload) + payload + b"\n"


def put_op(table_json: bytes, line: bytes) -> bytes:
    """``["put","table",{"key":{document}}]`` from a record's line."""
    return b'["put",' + table_json + b",{" + line + b"}]"


def delete_op(table: str, key: str) -> bytes:
    return b'["del",' + orjson.dumps(table) + b"," + orjson.dumps(key) + b"]"


def record_payload(seq: int, ops: list[bytes]) -> bytes:
    return b'{"seq":%d,"ops":[' % seq + b",".join(ops) + b"]}"


@dataclass
class Contents:
    """A journal as read: whose it is, and its records in order."""

    file_id: str
    base: int
    records: list[tuple[int, list[list[Any]]]] = field(default_factory=list)
    good_end: int = 0  # where the last whole line ends
    torn: bool = False  # bytes after it (a write the crash cut short)

    @property
    def last(self) -> int:
        return self.records[-1][0] if self.records else self.base

    def changes_after(self, seq: int) -> Iterator[tuple[str, str, dict[str, Any] | None]]:
        """Every change of the records after ``seq`` (the file holds the
        rest), in order: (table, key, the new document or None: removed)."""
        for n, ops in self.records:
            if n > seq:
                for op in ops:
                    if op[0] == "put":
                        ((key, doc),) = op[2].items()
                        yield op[1], key, doc
                    else:
                        yield op[1], op[2], None


def _decode(line: bytes) -> Any:
    crc, sep, payload = line.partition(b" ")
    if len(crc) != 8 or not sep or crc != b"%08x" % zlib.crc32(payload):
        raise ValueError("its checksum does not match")
    return orjson.loads(payload)


def read(path: Path) -> Contents | None:
    """The journal at ``path``, or None if there is none.  Damage raises
    JournalError; a torn last line is left out (``torn``)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise JournalError(f"cannot be read ({exc.strerror})") from None
    end = raw.rfind(b"\n") + 1
    lines = raw[:end].split(b"\n")[:-1] if end else []
    if not lines:  # nothing whole: at most a header cut short, which holds nothing
        return None
    try:
        head = _decode(lines[0])
    except ValueError:
        raise JournalError("is damaged: its first line is not a journal header") from None
    if (not isinstance(head, dict) or head.get("journal") != FORMAT
            or not isinstance(head.get("file"), str) or type(head.get("base")) is not int):
        raise JournalError("is not a board journal (or was written by a newer board)")
    contents = Contents(head["file"], head["base"], good_end=end, torn=end < len(raw))
    expect = contents.base + 1
    for n, line in enumerate(lines[1:], start=2):
        try:
            record = _decode(line)
            seq, ops = record["seq"], record["ops"]
            if seq != expect or not isinstance(ops, list) or not all(
                    _valid_op(op) for op in ops):
                raise ValueError(f"record {seq} is not record {expect}")
        except (ValueError, KeyError, TypeError) as exc:
            raise JournalError(f"is damaged at line {n} ({exc})") from None
        contents.records.append((seq, ops))
        expect += 1
    return contents


def _valid_op(op: Any) -> bool:
    if not isinstance(op, list) or len(op) != 3 or not isinstance(op[1], str):
        return False
    if op[0] == "put":
        return (isinstance(op[2], dict) and len(op[2]) == 1
                and isinstance(next(iter(op[2].values())), dict))
    return op[0] == "del" and isinstance(op[2], str)


class Journal:
    """The journal of one open board file (the lock holder's; readers use
    :func:`read`).  Appends go at the end of the last whole line, so a write
    the disk refused half-way is overwritten by the next one."""

    def __init__(self, path: Path, file_id: str, folded: int, contents: Contents | None):
        self.path = path
        self.file_id = file_id
        self._fd: int | None = None
        self._exists = False
        self._end = self.records = self.bytes = 0
        if contents is None:
            return
        if contents.last <= folded:  # the file holds it all (a fold stopped short)
            self.remove()
            return
        self._exists, self._end = True, contents.good_end
        self.records, self.bytes = len(contents.records), contents.good_end
        if contents.torn:  # cut the torn line off: nothing after it is ever valid
            fd = self._open()
            os.ftruncate(fd, self._end)
            os.fsync(fd)

    @property
    def empty(self) -> bool:
        return self.records == 0

    def append(self, base: int, seq: int, ops: list[bytes]) -> int:
        """Append change ``seq`` and fsync; a new journal starts after change
        ``base`` (the file's).  Returns the bytes written."""
        if not self._exists:
            head = encode_line(orjson.dumps({"journal": FORMAT, "file": self.file_id,
                                             "base": base}))
            self.close()
            atomic_write_bytes(self.path, head)  # a header is never torn
            self._exists, self._end, self.records = True, len(head), 0
            written = len(head)
        else:
            written = 0
        line = encode_line(record_payload(seq, ops))
        fd = self._open()
        try:
            os.pwrite(fd, line, self._end)
            os.fsync(fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self._end)
            raise
        self._end += len(line)
        self.records += 1
        self.bytes = self._end
        return written + len(line)

    def remove(self) -> None:
        """After a fold: the file holds everything the journal did.  If the
        journal cannot be removed it is harmless (the file's ``seq`` skips
        it) and the next append replaces it."""
        self.close()
        self._exists, self._end, self.records, self.bytes = False, 0, 0, 0
        with contextlib.suppress(OSError):
            os.unlink(self.path)
            fsync_dir(self.path.parent)

    def _open(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY)
        return self._fd

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


# ------------------------------------------------------------ the storage

#: The background writer waits this long for more changes before writing
#: them to the journal (a burst of keys is one append).
COALESCE_SECONDS = 0.02
#: The journal is folded into the file after this many records, this many
#: bytes, or this long after the last change (and on close).  A fold
#: rewrites the whole file (~17 MB at 10,000 people, ~0.1 s of the writer
#: thread); a record is ~0.5-2 KB, replayed at open in microseconds.
FOLD_RECORDS = 500
FOLD_BYTES = 1 << 20
FOLD_IDLE_SECONDS = 3.0
#: A batch larger than this (an import) goes straight into the file: a
#: fold writes it once, the journal would write it twice.
LARGE_BATCH_BYTES = 1 << 20
#: After a failed fold, wait this long before trying again (the journal
#: keeps taking changes meanwhile).
FOLD_RETRY_SECONDS = 5.0


class JournaledStorage(BoardStorage):
    """The open board's storage: TinyDB's ``Storage`` for the file, with a
    write-ahead journal beside it and a background writer.

    This is the one extension board makes to TinyDB.  TinyDB writes by
    handing its storage the whole database after each change, and its
    ``Table`` rebuilds a whole table (twice) to change one document: an
    ``upsert`` costs ~35 ms at 100,000 interactions (~2.4 ms at 10,000
    contacts), every change.  So changes come here as documents
    (:meth:`put_many`, :meth:`delete`, in :meth:`batch`-es), are kept as
    their record lines until folded, and each batch is one journal line; the file
    itself is only written whole, as TinyDB's storages do, by a fold.
    ``read`` and ``write`` still honour TinyDB's contract (the database as
    it is now, journal included; a whole new database).

    ``background=False`` writes each batch synchronously (one-shot
    commands).  ``meta`` is the file's meta record (its ``file`` id is the
    journal's); ``folded`` the last change the file holds; ``contents`` the
    journal as read at open and ``changes`` its changes still to fold
    (table → key → the record's line, or None for a removal).
    """

    def __init__(self, path: Path, meta: dict[str, Any], folded: int,
                 contents: Contents | None = None,
                 changes: dict[str, dict[str, bytes | None]] | None = None,
                 background: bool = True, fold_first: bool = False):
        super().__init__(path)
        self.journal = Journal(journal_path(self.path), meta["file"], folded, contents)
        self._meta = dict(meta)
        self._lock = threading.RLock()  # the changes (held for a whole batch)
        self._io_lock = threading.Lock()  # the disk: appends and folds in order
        self._wake = threading.Event()
        self._depth = 0
        self._ops: list[bytes] = []  # the open batch's journal operations
        self._ops_bytes = 0
        self._queue: list[tuple[int, list[bytes]]] = []  # batches not in the journal yet
        self._changes: dict[str, dict[str, bytes | None]] = changes or {}  # not in the file
        self._seq = max(folded, contents.last if contents else folded)  # the last change
        if fold_first:  # a file of before the journal: rewritten once (its id, its layout)
            self._seq += 1  # (already on disk: only its layout changes)
        self._opened_at = self._seq
        self._durable = self._seq  # the last change on disk (journal or file)
        self._folded = folded  # the last change in the file
        self._fold_next = fold_first  # the next write is a fold (a large batch, a new id)
        self._fold_after = 0.0  # (monotonic) no fold before this, after a failure
        self._closed = False
        self._error: BaseException | None = None
        self.fold_error: BaseException | None = None
        #: Every change made before this time is on disk (time.time(); at
        #: first, the open).
        self.saved_at = time.time()
        #: Set when every record has been read and found good: only then may a
        #: journal replayed at open be folded in (never write over damage).
        self.verified = False
        self._background = background
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._writer, name="board-store-writer",
                                            daemon=True)
            self._thread.start()

    # -- TinyDB Storage API -------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database as it is now (the file with every change not
        folded in yet): TinyDB's contract, for tools and tests; the app
        never reads the whole database back."""
        with self._io_lock:
            data = super().read() or {}
            with self._lock:
                changes = {name: dict(docs) for name, docs in self._changes.items()}
        for name, lines in changes.items():
            table = data.setdefault(name, {})
            for key, line in lines.items():
                if line is None:
                    table.pop(key, None)
                else:
                    table[key] = line_doc(line)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the whole database (TinyDB's contract), as one change, in
        the file at once.  The meta table stays board's."""
        old = self.read() or {}
        with self.batch():
            for name in (set(old) | set(data)) - {"meta"}:
                now = {str(k): v for k, v in data.get(name, {}).items()}
                before = old.get(name, {})
                self.put_many(name, {k: dict(v) for k, v in now.items() if before.get(k) != v})
                for key in set(before) - set(now):
                    self.delete(name, key)
        self.flush()

    def mark_verified(self) -> None:
        """Every record was read and found good (see ``verified``)."""
        self.verified = True
        self._wake.set()  # a journal replayed at open can be folded in now

    def close(self, save: bool = True) -> None:
        """Write what is left (unless not ``save``: what is not on disk yet
        is dropped); fold it into the file if the disk lets us (if not, the
        journal holds it and the next open folds it).  A change that cannot
        be put on disk at all raises the OSError; the writer is stopped all
        the same (nothing is written after a close)."""
        if self._closed:
            return
        try:
            if not save:
                return
            self._write()
            if self._foldable:
                try:
                    self._fold()
                except OSError as exc:
                    self.fold_error = exc
        finally:
            self._closed = True
            self._wake.set()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self.journal.close()

    # -- changes ------------------------------------------------------------

    def put_many(self, table: str, docs: dict[str, dict[str, Any]]) -> None:
        """Documents into ``table`` (replacing any with their keys)."""
        with self.batch():
            changes = self._changes.setdefault(table, {})
            table_json = orjson.dumps(table)
            for key, line in zip(docs, record_lines(docs), strict=True):
                changes[key] = line
                if self._ops_bytes <= LARGE_BATCH_BYTES:  # (beyond: folded, not journaled)
                    self._op(put_op(table_json, line))

    def delete(self, table: str, key: str) -> None:
        """A document out of ``table``."""
        with self.batch():
            self._changes.setdefault(table, {})[key] = None
            self._op(delete_op(table, key))

    def _op(self, op: bytes) -> None:
        self._ops.append(op)
        self._ops_bytes += len(op)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Changes that belong together: one journal record, never half of it."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the database is closed")
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if not self._depth:
                    self._end_batch()
        if not self._background and not self._depth:
            self._write()
            if self._fold_due(idle=False):
                self._fold()

    def _end_batch(self) -> None:
        """The outermost batch ended (under the lock): it becomes a change."""
        ops, self._ops = self._ops, []
        large, self._ops_bytes = self._ops_bytes > LARGE_BATCH_BYTES, 0
        if not ops and not large:
            return
        self._seq += 1
        if large:
            self._fold_next = True
        else:
            self._queue.append((self._seq, ops))
        self._wake.set()

    @property
    def seq(self) -> int:
        """The number of the last change (it counts on from one session to
        the next: ``board sync`` compares it with the one it last synced)."""
        return self._seq

    @property
    def pending(self) -> bool:
        """Whether a change is not on disk yet (in the journal or the file)."""
        return self._durable != self._seq

    @property
    def error(self) -> BaseException | None:
        """The last failure to put changes on disk (None once they are)."""
        return self._error

    @property
    def _foldable(self) -> bool:
        return self.verified or self._seq > self._opened_at

    # -- the disk -----------------------------------------------------------

    def flush(self) -> None:
        """Everything into the file now (journal folded in); OSError if the
        disk refuses.  A change is on disk sooner, once in the journal
        (``pending`` is then False)."""
        self._write()
        if self._foldable:
            self._fold()

    def _write(self) -> None:
        """Append the batches made since the last write to the journal (or
        fold, when a batch was too large for it)."""
        with self._io_lock:
            while True:
                with self._lock:
                    if self._fold_next and self._seq > self._folded:
                        if not self._foldable:
                            return  # (only the layout: once the records are read)
                        break
                    if not self._queue:
                        self._error = None
                        if self._durable == self._seq:
                            self.saved_at = time.time()
                        return
                    seq, ops = self._queue[0]
                try:
                    self.journal.append(self._folded, seq, ops)
                except OSError as exc:
                    self._error = exc
                    raise
                with self._lock:
                    self._queue.pop(0)
                    self._durable = seq
        self._fold()

    def _fold(self) -> None:
        """Fold every change into the file (one atomic rewrite), then remove
        the journal.  A crash between the two leaves a journal whose records
        the file holds: they are skipped."""
        with self._io_lock:
            with self._lock:
                if self._seq == self._folded:
                    return
                seq = self._seq
                changes, self._changes = self._changes, {}
                queue, self._queue = self._queue, []
                fold_next, self._fold_next = self._fold_next, False
            meta = {**self._meta, "seq": seq}
            try:
                raw = self.path.read_bytes()
                atomic_write_bytes(self.path, fold_file(
                    raw, {**changes, "meta": {"1": record_line("1", meta)}}))
            except BaseException as exc:
                with self._lock:  # keep every change, for the next try
                    for name, docs in self._changes.items():
                        changes.setdefault(name, {}).update(docs)
                    self._changes = changes
                    self._queue = queue + self._queue
                    self._fold_next = self._fold_next or fold_next
                self.fold_error = exc
                self._fold_after = time.monotonic() + FOLD_RETRY_SECONDS
                if self.pending and isinstance(exc, Exception):
                    self._error = exc
                raise
            with self._lock:
                self._folded = seq
                self._durable = max(self._durable, seq)
                if not self._queue and self._durable == self._seq:
                    self._error = None
                    self.saved_at = time.time()
            self.fold_error = None
            self.journal.remove()

    def _fold_due(self, idle: bool) -> bool:
        if not self._foldable or self._seq == self._folded:
            return False
        if time.monotonic() < self._fold_after:
            return False
        journal = self.journal
        return (idle or self._fold_next or journal.records >= FOLD_RECORDS
                or journal.bytes >= FOLD_BYTES)

    def _writer(self) -> None:
        while True:
            # With changes still to fold, wake up anyway once things are quiet.
            unfolded = self._foldable and self._seq != self._folded
            woke = self._wake.wait(FOLD_IDLE_SECONDS if unfolded else None)
            if self._closed:
                return
            if woke:
                time.sleep(COALESCE_SECONDS)
                self._wake.clear()
            try:
                self._write()
                if self._fold_due(idle=not woke):
                    self._fold()
            except Exception as exc:  # kept in memory; said through .error; retried
                if self.pending:
                    self._error = exc
                time.sleep(0.5)
                self._wake.set()
            if self._closed:
                return
