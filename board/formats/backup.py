"""The YAML backup (``format: board-backup``): one way to write it, one way
to read it.

A backup holds everything: the ladder it was made with, every contact
(archived too) with its stage history, and every interaction.  Version 2,
as written here, is YAML with one record to a line, each a JSON flow
mapping (JSON is YAML), in declaration order, empty fields left out
(board.core.schema)::

    # board backup, one record a line. Restore with: board import FILE
    format: board-backup
    version: 2
    ladder:
    - {"key":"follower","label":"Follower","cadence_days":null,"depth":0}
    contacts:
    - {"id":"c1","name":"Ada","rung":"follower","created":"2026-01-01T09:00:00Z",...}
    interactions:
    - {"id":"i1","kind":"call","at":"2026-01-02T10:30:00Z","people":["c1"]}

Records are in a stable order (contacts by creation time then id,
interactions by time then id), so the same board gives the same bytes and a
change to one record is a change to one line of a diff.  Text is kept
exactly (JSON escapes: line breaks in notes are ``\\n``, control characters
``\\u001b``...); timestamps are ISO 8601 in UTC (``Z``).

**Any YAML safe loader reads it as the same data.**  A JSON string is a YAML
double-quoted scalar, but YAML 1.1 (PyYAML, libyaml) does not allow every
character raw in one: DEL, the C1 controls U+0080-U+009F (NEL among them)
and U+FFFE/U+FFFF are refused or read as line breaks.  JSON may hold those
raw, so the emitter writes them as ``\\uXXXX`` escapes (valid JSON, read
alike by both).  Every other character JSON leaves raw reads back as itself
(tests/unit/test_backup_format.py checks any text, astral and
right-to-left characters, control characters and separators included,
against both PyYAML loaders).

**Reading.**  A file laid out as above is read line by line: the header
(everything before the first record list) by the safe loader, the record
lines by msgspec's JSON decoder straight into records.  Only where that
gives what a YAML loader would: a file with a tab, a carriage return, one
of the characters above raw, a JSON escape YAML reads otherwise (a
surrogate pair, ``\\ud83d\\ude00``: JSON joins the two, YAML does not), or
any other line between the records goes all to the YAML loader.  A record
line that the JSON decoder refuses is read again by the YAML loader (a
``null``, a number written ``1e3``: YAML's reading is the one that counts),
which then says what is wrong with it.  Any other layout (a hand-edited
backup, a version 1 backup as board wrote them before, block style,
comments, CRLF) is read by PyYAML's safe loader (its C parser when there is
libyaml), with aliases and deep nesting refused from the event stream
before anything is composed.

**Why this layout** (10,000 contacts / 100,000 interactions, the project's
2-core machine shared with other jobs, load average 3-4.5;
benchmarks/backup_bench.py): version 1's block layout took 1.4 s to write
and 2.0 s to read (a hand-written emitter and reader, and a forked child:
1,266 lines kept equal to PyYAML by property tests); read by PyYAML's C
loader alone it takes 8-13 s (scanning 1.6-2.1 s, composing 2.4 s,
constructing 3.8-4.0 s, with the garbage collector paused; 21 s without),
so "only a direct emitter, read with CSafeLoader" was out.  One record a
line writes in 0.18 s and reads in 0.41 s, straight into records, with no
YAML code of our own, and is 15.3 MB against 15.6 MB.  Version 1 backups
still load, through the YAML loader (slower, once).
"""

from __future__ import annotations

import errno
import gc
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec
import yaml

from board import yamlsafe
from board.core.board import Board
from board.core.ladder import Ladder, Rung
from board.core.schema import (
    Contact,
    Interaction,
    Record,
    RecordError,
    from_dict,
)
from board.fsutil import atomic_write_bytes, make_folder

FORMAT = "board-backup"
VERSION = 2
#: Versions this board reads: 1 (block YAML, before one record a line) and 2.
READS = (1, 2)
HEADER = "# board backup, one record a line. Restore with: board import FILE\n"
TOP_KEYS = ("format", "version", "ladder", "contacts", "interactions")
RECORDS = {"contacts": Contact, "interactions": Interaction}
HAVE_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))


class BackupError(ValueError):
    """A backup file that cannot be read; the message says where and why."""


@dataclass
class Backup:
    ladder: list[Rung] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)


# ------------------------------------------------------------------ writing

#: Characters JSON leaves raw that YAML 1.1 does not read back as themselves
#: in a double-quoted scalar (see the module's docstring).
_NOT_RAW_IN_YAML = re.compile("[\x7f-\x9f\ufffe\uffff]")
_ENCODE = msgspec.json.Encoder().encode


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def sorted_records(
    contacts: Iterable[Contact], interactions: Iterable[Interaction]
) -> tuple[list[Contact], list[Interaction]]:
    return (
        sorted(contacts, key=lambda c: (c.created, c.id)),
        sorted(interactions, key=lambda i: (i.at, i.id)),
    )


def _rung_doc(r: Rung) -> dict[str, Any]:
    return {"key": r.key, "label": r.label, "cadence_days": r.cadence_days, "depth": r.depth}


def dump_backup(ladder: Ladder, contacts: Iterable[Contact],
                interactions: Iterable[Interaction]) -> str:
    """The whole board as backup text (the same bytes for the same data)."""
    contacts, interactions = sorted_records(contacts, interactions)
    parts = [HEADER.encode(), f"format: {FORMAT}\nversion: {VERSION}\n".encode()]
    for key, items in (("ladder", [_rung_doc(r) for r in ladder.rungs]),
                       ("contacts", contacts), ("interactions", interactions)):
        if items:
            parts += [f"{key}:\n- ".encode(), b"\n- ".join(map(_ENCODE, items)), b"\n"]
        else:
            parts.append(f"{key}: []\n".encode())
    text = b"".join(parts).decode()
    return _NOT_RAW_IN_YAML.sub(_escape, text) if _NOT_RAW_IN_YAML.search(text) else text


def export_board(board: Board) -> str:
    """Everything on ``board`` as backup text."""
    return dump_backup(board.ladder, board.contacts.values(), board.interactions.values())


def backup_filename(now: datetime) -> str:
    """A timestamped file name for a backup made at ``now`` (local time)."""
    return f"board-backup-{now.astimezone():%Y-%m-%d-%H%M%S}.yaml"


def write_backup(target: Path, ladder: Ladder, contacts: Iterable[Contact],
                 interactions: Iterable[Interaction]) -> None:
    """Write a complete backup to the file ``target`` (its folder made if
    need be), atomically.  A disk that refuses raises OSError and leaves
    any file there as it was (``board.fsutil.os_error_message`` says it)."""
    # The folder first: a bad path fails now, not after serialising.
    make_folder(target.parent)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(target))
    atomic_write_bytes(target, dump_backup(ladder, contacts, interactions).encode("utf-8"))


# ------------------------------------------------------------------ reading


def load_backup(text: str, source: str = "backup", fast: bool = True) -> Backup:
    """Parse and check backup text; raise BackupError naming the file, the
    line, the record and the field of the first problem.

    ``fast=False`` reads even a backup laid out one record a line with the
    YAML loader (the same result, slower)."""
    try:
        return _load(text, fast)
    except BackupError as exc:
        raise BackupError(f"{source}{exc}") from None


def _load(text: str, fast: bool) -> Backup:
    lines = _record_lines(text) if fast else None
    if lines is not None:
        data = _yaml(text[: lines.start])
        if not isinstance(data, dict) or data.keys() & RECORDS.keys():
            lines = None  # (records in the header too: the YAML loader decides)
    if lines is None:
        data, where = _yaml_tree(text)
    else:
        where = {key: range(first, first + len(items))
                 for key, (first, items) in lines.lists.items()}
    _check_top(data)
    backup = Backup(ladder=_ladder(data.get("ladder")))
    for key, cls in RECORDS.items():
        if lines is not None:
            records = _json_records(cls, *lines.lists.get(key, (0, [])))
        else:
            records = _records(cls, data.get(key), key, where[key])
        _check_ids(records, key, where.get(key, ()))
        getattr(backup, key).extend(records)
    _check_references(backup, where.get("interactions", ()))
    return backup


def _check_top(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f": is not a board backup (no 'format: {FORMAT}')")
    version = data.get("version")
    if version not in READS:
        raise BackupError(f": backup version {version!r} is not supported (this board reads "
                          f"{' and '.join(map(str, READS))})")
    unknown = set(data) - set(TOP_KEYS)
    if unknown:
        raise BackupError(f": unknown top-level key(s) {', '.join(sorted(map(str, unknown)))}")


def _ladder(ladder: Any) -> list[Rung]:
    ladder = ladder or []
    if not isinstance(ladder, list):
        raise BackupError(": 'ladder' must be a list")
    out = []
    for n, r in enumerate(ladder, 1):
        if not isinstance(r, dict) or not isinstance(r.get("key"), str) or not r["key"]:
            raise BackupError(f": ladder rung {n} needs a 'key'")
        label, cadence, depth = r.get("label", r["key"]), r.get("cadence_days"), r.get("depth", 0)
        if not isinstance(label, str):
            raise BackupError(f": ladder rung {n}: 'label' must be text")
        if cadence is not None and (isinstance(cadence, bool) or not isinstance(cadence, int)
                                    or cadence < 1):
            raise BackupError(f": ladder rung {n}: 'cadence_days' must be a whole number ≥ 1 "
                              "or null")
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
            raise BackupError(f": ladder rung {n}: 'depth' must be a whole number ≥ 0")
        out.append(Rung(r["key"], label, cadence, depth))
    return out


def _at(lines: Sequence[int], n: int) -> str:
    """Where the ``n``-th item (0-based) of a list is: ``, line 12``."""
    return f", line {lines[n]}" if n < len(lines) else ""


def _records(cls: type[Record], items: Any, key: str, lines: Sequence[int]) -> list[Any]:
    """The records of a list the YAML loader read."""
    items = items or []
    if not isinstance(items, list):
        raise BackupError(f": '{key}' must be a list")
    try:
        return msgspec.convert(items, list[cls])
    except msgspec.ValidationError:
        pass
    records = []
    for n, item in enumerate(items):
        try:
            records.append(from_dict(cls, item, f"{key[:-1]} {n + 1}"))
        except RecordError as exc:
            raise BackupError(f"{_at(lines, n)}: {exc}") from None
    return records


def _json_records(cls: type[Record], first: int, items: list[str]) -> list[Any]:
    """The records of the lines ``items`` (``- {...}``), the first at line ``first``."""
    try:
        return _DECODE_ALL[cls]("[" + ",".join(item[2:] for item in items) + "]")
    except (msgspec.DecodeError, msgspec.ValidationError):
        pass
    records = []
    for n, item in enumerate(items):
        try:
            records.append(_DECODE_ONE[cls](item[2:]))
        except (msgspec.DecodeError, msgspec.ValidationError):
            # Read by the YAML loader: its reading is the one that counts.
            value = _yaml(item, first + n)
            value = value[0] if isinstance(value, list) and len(value) == 1 else value
            try:
                records.append(from_dict(cls, value, f"{cls.__name__.lower()} {n + 1}"))
            except RecordError as exc:
                raise BackupError(f", line {first + n}: {exc}") from None
    return records


_DECODE_ALL = {cls: msgspec.json.Decoder(list[cls]).decode for cls in RECORDS.values()}
_DECODE_ONE = {cls: msgspec.json.Decoder(cls).decode for cls in RECORDS.values()}


def _check_ids(records: list[Any], key: str, lines: Sequence[int]) -> None:
    if len({r.id for r in records}) == len(records):
        return
    seen: set[str] = set()
    for n, r in enumerate(records):
        if r.id in seen:
            raise BackupError(f"{_at(lines, n)}: duplicate {key[:-1]} id {r.id!r}")
        seen.add(r.id)


def _check_references(backup: Backup, lines: Sequence[int]) -> None:
    ids = {c.id for c in backup.contacts}
    known = ids.issuperset
    for n, i in enumerate(backup.interactions):
        if not known(i.people) or (i.connector and i.connector not in ids):
            missing = [p for p in Board.involved(i) if p not in ids]
            raise BackupError(f"{_at(lines, n)}: interaction {i.id} refers to unknown "
                              f"contact(s) {', '.join(missing)}")


# -- one record a line


@dataclass
class _Lines:
    start: int  # where the records begin (the header is the text before)
    lists: dict[str, tuple[int, list[str]]]  # key: the line of its first item, its items


#: The line that starts a list of records (or says it is empty), with the
#: line break before it.
_LIST_KEY = re.compile(r"\n(contacts|interactions):( \[\])?(?=\n)")
#: What a JSON decoder and a YAML loader would read differently in a line:
#: tabs and carriage returns (JSON spacing, not YAML's) and the characters
#: the emitter escapes, raw; and an escaped surrogate (JSON joins a pair of
#: them into one character, YAML does not), if the backslash before it is
#: not itself escaped (see _escaped_surrogate).
_NOT_RAW_IN_LINES = re.compile("[\t\r\x7f-\x9f\ufffe\uffff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _escaped_surrogate(text: str) -> bool:
    for match in _SURROGATE_ESCAPE.finditer(text):
        start = n = match.start()
        while n and text[n - 1] == "\\":  # backslashes just before it
            n -= 1
        if (start - n) % 2 == 0:
            return True
    return False


def _record_lines(text: str) -> _Lines | None:
    """Where the records are, if ``text`` is laid out one record a line;
    None if it is not (then the YAML loader reads it all)."""
    keys = list(_LIST_KEY.finditer(text))
    if (not keys or not text.endswith("\n") or _NOT_RAW_IN_LINES.search(text)
            or _escaped_surrogate(text)):
        return None
    lists: dict[str, tuple[int, list[str]]] = {}
    line = text.count("\n", 0, keys[0].start()) + 2
    for key, after in zip(keys, [*keys[1:], None], strict=True):
        body = text[key.end() + 1: after.start() if after else -1]
        if key.group(1) in lists or (key.group(2) and body):
            return None
        items = body.split("\n") if body else []
        # Every line an item: it starts with "- {" and ends with "}" (a line
        # break is never inside one, so counting them tells).
        if items and not (body.startswith("- {") and body.endswith("}")
                          and body.count("\n- {") == body.count("}\n") == len(items) - 1):
            return None
        lists[key.group(1)] = (line + 1, items)
        line += len(items) + 1
    return _Lines(keys[0].start() + 1, lists)


# -- the YAML loader


def _yaml_tree(text: str, first_line: int = 1) -> tuple[Any, dict[str, Sequence[int]]]:
    """The document as plain data, and the line of each record (by key),
    read by the one bounded safe reader (board.yamlsafe: aliases, deep
    nesting and over-long numbers refused before anything is built).
    ``first_line``: the line of the file where ``text`` starts.

    The garbage collector is paused while PyYAML builds the tree: the nodes
    hold no cycles, and the collector would walk the growing tree again and
    again (a version 1 backup of 100,000 interactions: 21 s to read with it,
    9 s without; load average ~3).  The only gc pause in board."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        data, root = yamlsafe.load_tree(text, "a board backup")
    except yamlsafe.YamlError as exc:
        where = ""
        if exc.line is not None:
            where = f", line {exc.line + first_line - 1}"
            if exc.column is not None:
                where += f", column {exc.column}"
        raise BackupError(f"{where}: {exc.problem}") from None
    finally:
        if enabled:
            gc.enable()
    if root is None:
        raise BackupError(": is empty, not a board backup")
    return data, {key: _item_lines(root, key) for key in RECORDS}


def _yaml(text: str, first_line: int = 1) -> Any:
    return _yaml_tree(text, first_line)[0] if text.strip() else None


def _item_lines(root: yaml.Node, key: str) -> list[int]:
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(
                v, yaml.SequenceNode
            ):
                return [item.start_mark.line + 1 for item in v.value]
    return []
