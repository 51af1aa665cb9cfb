"""The board file: a TinyDB database, one record to a line, written atomically.

The file is TinyDB's JSON shape (``{"table": {"id": {document}}}``), so any
TinyDB opens it (``BoardDB(path)`` below, or TinyDB's own ``JSONStorage``),
laid out one record to a line::

    {
    "meta":{
    "1":{"app":"board","schema":2,"file":"3f…","seq":12}
    },
    "contacts":{
    "c1":{...},
    "c2":{...}
    },
    "interactions":{
    "i1":{...}
    }
    }

Still one JSON document; since JSON text never holds a raw newline, a
reader can cut it into records without parsing it (:class:`Layout`): the
app parses the log a few hundred records at a time off the UI thread, and
folding a few changes in copies every other record's line as it is.

:class:`BoardStorage` is a TinyDB ``Storage`` (read the whole database,
write the whole database), writing to a temporary file in the same
directory, fsync, rename, mode 0600: a crash leaves the old file or the new
one, never half of one.  The app changes the board through
``board.store.database`` (a journal beside the file, folded in here); see
that module for why not through TinyDB's tables.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import orjson
from tinydb import TinyDB
from tinydb.storages import JSONStorage, Storage
from tinydb.table import Table

from board.fsutil import atomic_write_bytes

#: Records parsed together (one orjson call holds the GIL for about a
#: millisecond: a key pressed meanwhile is answered in the same frame).
CHUNK_BYTES = 128 * 1024


def fsync_dir(folder: Path) -> None:
    """Make a rename or an unlink in ``folder`` durable (where the OS can)."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


# ------------------------------------------------------------------ layout


def record_line(key: str, doc: Any) -> bytes:
    """One record's line (without its comma): ``"key":{...}``."""
    return orjson.dumps({key: doc})[1:-1]


def record_lines(docs: Mapping[str, Any]) -> list[bytes]:
    """Each document's record line, in order, from one orjson call (an
    import writes 110,000: one call each would cost ~0.3 s more).

    In ``{"k1":{...},"k2":{...}}`` each record ends where ``},"`` begins the
    next key, so splitting there gives every record, and more pieces than
    records when a document holds that sequence itself (an object followed
    by another key, a string ending in ``},``): then each record is encoded
    on its own."""
    if not docs:
        return []
    pieces = orjson.dumps(docs)[1:-1].split(b'},"')
    if len(pieces) != len(docs):
        return [record_line(key, doc) for key, doc in docs.items()]
    last = len(pieces) - 1
    return [(b'"' if n else b"") + piece + (b"}" if n < last else b"")
            for n, piece in enumerate(pieces)]


def line_doc(line: bytes) -> Any:
    """The document of a record line."""
    return next(iter(orjson.loads(b"{" + line + b"}").values()))


def encode_tables(tables: Iterable[tuple[str, Iterable[bytes]]]) -> list[bytes]:
    """The file's chunks from each table's record lines (``record_line``),
    one table after the other.  Chunks, never joined: that would copy a
    17 MB file once more."""
    out = [b"{\n"]
    first_table = True
    for name, lines in tables:
        out.append((b"" if first_table else b",\n") + orjson.dumps(name) + b":{")
        first_table = False
        sep = b"\n"
        for line in lines:
            out.append(sep)
            out.append(line)
            sep = b",\n"
        out.append(b"\n}")
    out.append(b"\n}\n")
    return out


def encode_data(data: Mapping[str, Mapping[str, Any]]) -> list[bytes]:
    """A whole database (TinyDB's shape) in the layout."""
    return encode_tables(
        (name, record_lines({str(key): doc for key, doc in table.items()}))
        for name, table in data.items())


class Layout:
    """A file read as board lays it out: each table's records as a region of
    lines, none parsed yet.  :meth:`of` gives None for any other layout (a
    file TinyDB wrote, board's older one-table-to-a-line files): parse those
    whole."""

    def __init__(self, raw: bytes, regions: dict[str, tuple[int, int]]):
        self.raw = raw
        self.regions = regions  # table → (start, end) of its record lines in raw

    @classmethod
    def of(cls, raw: bytes) -> Layout | None:
        if not raw.startswith(b"{\n") or not raw.endswith(b"\n}\n"):
            return None
        regions: dict[str, tuple[int, int]] = {}
        pos, end = 2, len(raw) - 2  # (end: the final "}")
        while pos < end:
            head_end = raw.find(b"\n", pos)
            if head_end < 0:
                return None
            head = raw[pos:head_end]
            if not (head.startswith(b'"') and head.endswith(b'":{')):
                return None
            try:
                name = orjson.loads(head[:-2])
            except orjson.JSONDecodeError:
                return None
            if not isinstance(name, str) or name in regions:
                return None
            start = head_end + 1
            close = raw.find(b"\n}", head_end)  # a record line never starts with "}"
            if close < 0:
                return None
            stop = close + 2
            if raw[stop:stop + 2] == b",\n":
                nxt = stop + 2
            elif stop == end - 1:  # the last table: "\n}" then "\n}\n"
                nxt = end
            else:
                return None
            regions[name] = (start, max(start, close))
            pos = nxt
        return cls(raw, regions) if pos == end else None

    def region(self, name: str) -> bytes:
        start, end = self.regions.get(name, (0, 0))
        return self.raw[start:end]

    def chunks(self, name: str, size: int = CHUNK_BYTES) -> Iterator[dict[str, Any]]:
        """A table's documents, a chunk of records at a time; a chunk that is
        not JSON (or not records) raises ValueError."""
        yield from chunks_of(self.region(name), size)


def chunks_of(region: bytes, size: int = CHUNK_BYTES) -> Iterator[dict[str, Any]]:
    """The documents of a table's record lines, about ``size`` bytes at a time."""
    pos, n = 0, len(region)
    while pos < n:
        cut = region.find(b"\n", pos + size)
        cut = n if cut < 0 else cut
        body = region[pos:cut]
        if body.endswith(b","):
            body = body[:-1]
        try:
            docs = orjson.loads(b"{" + body + b"}")
        except orjson.JSONDecodeError as exc:
            raise ValueError(str(exc)) from None
        if not all(type(d) is dict for d in docs.values()):
            raise ValueError("a record is not an object")
        yield docs
        pos = cut + 1


def line_key(line: bytes) -> str:
    """The key of a record line (``"key":{...}``)."""
    end = line.find(b'"', 1)
    key = line[1:end]
    if b"\\" in key:  # an escape: let the parser read the whole line
        doc: dict[str, Any] = orjson.loads(b"{" + line + b"}")  # braces make an object
        return next(iter(doc))
    return key.decode()


def splice(region: bytes, changes: Mapping[str, bytes | None]) -> Iterator[bytes]:
    """A table's record lines with ``changes`` folded in (key → the record's
    new line, or None: removed): changed records stay in their place, new
    ones come last, every other line is kept as it is."""
    left = dict(changes)
    for line in region.split(b"\n") if region else ():
        if line.endswith(b","):
            line = line[:-1]
        key = line_key(line)
        if key in left:
            new = left.pop(key)
            if new is not None:
                yield new
        else:
            yield line
    for new in left.values():
        if new is not None:
            yield new


def fold_file(raw: bytes, changes: Mapping[str, Mapping[str, bytes | None]]) -> list[bytes]:
    """The file ``raw`` with ``changes`` (table → key → the record's line, or
    None) folded in, in board's layout.  A table with no change is copied
    whole."""
    layout = Layout.of(raw)
    if layout is None:  # another layout: parse it whole, once
        data = orjson.loads(raw)
        for name, table_changes in changes.items():
            table = data.setdefault(name, {})
            for key, line in table_changes.items():
                if line is None:
                    table.pop(key, None)
                else:
                    table[key] = line_doc(line)
        return encode_data(data)
    names = list(layout.regions) + [n for n in changes if n not in layout.regions]
    out = [b"{\n"]
    for n, name in enumerate(names):
        out.append((b",\n" if n else b"") + orjson.dumps(name) + b":{")
        region = layout.region(name)
        if name in changes:
            region = b",\n".join(splice(region, changes[name]))
        if region:
            out += [b"\n", region]
        out.append(b"\n}")
    out.append(b"\n}\n")
    return out


# ----------------------------------------------------------------- storage


class BoardStorage(Storage):
    """TinyDB's ``Storage`` for a board file: reads it whole (``orjson``),
    writes it whole, atomically and privately, in board's layout.

    ``BoardDB(path)`` (TinyDB with string document ids) opens a board file
    with TinyDB's own API, as any TinyDB file; it neither locks the file nor
    sees the journal: for tools, not while board has the file open.
    """

    def __init__(self, path: str | os.PathLike[str], **_: Any):
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        # TinyDB takes what a storage reads as its tables, whatever the file holds
        # (board itself reads a file through database.Stored, which checks its shape)
        return cast("dict[str, dict[str, Any]]", parse(raw))

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_bytes(self.path, encode_data(data))


class RecordTable(Table):
    """TinyDB's table, keyed by the records' own ids (strings)."""

    # TinyDB types this attribute by its default (int), though any class of id
    # will do (its docs: "the class that is used to represent a document ID")
    document_id_class = cast("type[int]", str)


class BoardDB(TinyDB):
    """TinyDB for board files: ``BoardDB(path)`` opens one with TinyDB's API."""

    table_class = RecordTable
    # TinyDB types this attribute by its default (JSONStorage); any Storage will do
    default_storage_class = cast("type[JSONStorage]", BoardStorage)


def parse(raw: bytes) -> Any:
    """A file's data: a chunk of records at a time if it is in board's
    layout, whole otherwise; not JSON raises ``orjson.JSONDecodeError``."""
    layout = Layout.of(raw)
    if layout is not None:
        try:
            data: dict[str, dict[str, Any]] = {}
            for name in layout.regions:
                table = data[name] = {}
                for docs in layout.chunks(name):
                    table.update(docs)
            return data
        except ValueError:
            pass  # parsed whole below, which names the damage
    return orjson.loads(raw)
