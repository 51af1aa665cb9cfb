"""The YAML backup format (``format: board-backup``, ``version: 1``).

A backup holds everything: the ladder it was made with, every contact
(archived too) with its stage history, and every interaction.  It is meant
to be read and diffed by people:

* keys in a fixed order, records in a stable order (contacts by creation
  time then id, interactions by time then id);
* ISO 8601 timestamps with their offset, as quoted strings;
* multi-line text (notes) in block style;
* no anchors or aliases.

Reading uses a safe loader that also refuses aliases (so "billion laughs"
files cannot blow up) and deep nesting, checks every record, and reports the
first problem with the record, the field and the line.

Writing does not go through PyYAML (whose representer and emitter take some
10 s for a board of 100,000 interactions): a direct emitter for this one
shape writes each record as lines of text, straight from its fields, each
value in the plainest style that any YAML safe loader reads back exactly,
folding long lines as PyYAML does (so ordinary backups are the same bytes
PyYAML wrote).  PyYAML writes only a document holding a value the direct
emitter does not know.

A backup laid out as the direct emitter writes it is read by a reader of
that layout alone (the fast reader, below), which leaves anything else to
the safe loader.  When PyYAML has libyaml, its C parser is used for that
(several times faster); the text is first scanned event by event (no
recursion, no construction) so aliases and absurd nesting are refused
before anything is built.

With many records, a child process writes, or reads, half of them
meanwhile where it can (see board.formats.forked).
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import partial
from typing import Any, NoReturn

import orjson
import yaml

from board import yamlsafe
from board.core.board import Board
from board.core.ladder import Ladder, Rung
from board.core.model import (
    Contact,
    Handle,
    Interaction,
    RecordError,
    StageChange,
    contact_from_dict,
    contact_to_dict,
    format_time,
    interaction_from_dict,
    interaction_to_dict,
)
from board.formats import forked
from board.yamlsafe import HAVE_LIBYAML, MAX_DEPTH

FORMAT = "board-backup"
VERSION = 1
HEADER = "# board backup. Restore with: board import FILE\n"


class BackupError(ValueError):
    """A backup file that cannot be read; the message says where and why."""


@dataclass
class Backup:
    ladder: list[Rung] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)


# ------------------------------------------------------------------ writing


_SafeDumperBase: Any = yaml.CSafeDumper if HAVE_LIBYAML else yaml.SafeDumper


class _PyDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


class _CDumper(_SafeDumperBase):
    def ignore_aliases(self, data: Any) -> bool:
        return True


#: Line breaks YAML 1.1 knows besides \n: in a plain, single-quoted or block
#: scalar PyYAML reads them back changed, so text with one is double-quoted
#: (where they are escaped: \N, \L, \P).
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _ODD_BREAKS.search(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_PyDumper.add_representer(str, _str_presenter)
_CDumper.add_representer(str, _str_presenter)


def sorted_records(
    contacts: list[Contact] | Any, interactions: list[Interaction] | Any
) -> tuple[list[Contact], list[Interaction]]:
    return (
        sorted(contacts, key=lambda c: (c.created, c.id)),
        sorted(interactions, key=lambda i: (i.at, i.id)),
    )


#: Characters libyaml's emitter writes differently (escaped) from PyYAML's.
_C_EMITTER_ESCAPES = re.compile("[\x85\U00010000-\U0010ffff]")


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _dumper(doc: dict[str, Any], fast: bool) -> Any:
    if fast and HAVE_LIBYAML and not _C_EMITTER_ESCAPES.search("\n".join(_strings(doc))):
        return _CDumper
    return _PyDumper


# The direct emitter.  PyYAML's representer and emitter spend some 100 µs a
# record in Python; a backup is one fixed shape (mappings of text, whole
# numbers, booleans and nulls, and lists of those), so it is written here line
# by line instead.  Each text takes the plainest style that reads back exactly
# with any YAML safe loader: plain when nothing could take it for anything
# else, single-quoted when it is one line of printable characters, a literal
# block (``|``) for lines of printable characters and tabs, double-quoted
# with escapes otherwise.  Long plain and single-quoted text is folded as
# PyYAML folds it (see WIDTH); double-quoted text is never folded.

#: Characters written as they are in plain and quoted scalars: printable, not
#: a line break (YAML 1.1 also breaks lines at NEL, LS and PS), not a tab, not
#: a byte-order mark.
_PRINTABLE = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_ONE_LINE = re.compile(f"[{_PRINTABLE}]*")
#: What a literal block can hold: lines of those, tabs too.
_BLOCK_TEXT = re.compile(f"[{_PRINTABLE}\t\n]*")
#: A plain scalar must not start with an indicator or a space, nor hold
#: ": " or " #", nor end with ":" or a space (see _is_plain).
_NOT_FIRST_IN_PLAIN = "-?:,[]{}#&*!|>'\"%@` "
_RESOLVERS = yaml.SafeLoader.yaml_implicit_resolvers
#: Numbers in YAML 1.2 that YAML 1.1 (PyYAML) reads as text, such as ``1e3``:
#: quoted too, for loaders of either version.
_YAML12_NUMBER = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+")

_ESCAPES = {
    "\0": "\\0", "\x07": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\x0b": "\\v",
    "\x0c": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N",
    "\u2028": "\\L", "\u2029": "\\P",
}
_TO_ESCAPE = re.compile(f'[^{_PRINTABLE}]|["\\\\]')


def _escape(match: re.Match) -> str:
    ch = match.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02X}"
    if code < 0x10000:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


#: Text starting like a date (``2026-01-01``, timestamps) is always quoted.
_DATE_LIKE = re.compile(r"[0-9]{4}-")


def _not_text(first: str) -> re.Pattern | None:
    """One pattern for whatever a plain scalar starting with ``first`` reads
    back as besides text: a number, a date, a boolean, null... (PyYAML's
    resolvers for that character; and for a digit, sign or dot also dates
    and YAML 1.2 numbers).  One match instead of a loop over the resolvers."""
    parts = [f"(?{'x' if regexp.flags & re.X else ''}:{regexp.pattern})"
             for _tag, regexp in _RESOLVERS.get(first, ())]
    if first and first in "0123456789+.":
        parts += [_DATE_LIKE.pattern, rf"(?:{_YAML12_NUMBER.pattern})\Z"]
    return re.compile("|".join(parts)) if parts else None


_NOT_TEXT = {first: _not_text(first) for first in {*_RESOLVERS, *"0123456789+."}}
#: A letter that no number, date or time starting with 1-9 holds: only e and
#: E (exponents), t, T, z and Z (times) are in any of them, and a leading 0
#: (0x, 0b, 0o) can bring other letters in.  (Text starting like a date is
#: quoted whatever follows.)
_LETTER = re.compile(r"[^\W\d_eEtTzZ]")


def _is_plain(text: str) -> bool:
    """Whether ``text`` can be written plain and still read back as this text."""
    if (not text or text[0] in _NOT_FIRST_IN_PLAIN or text[-1] in ": " or ": " in text
            or " #" in text):
        return False
    # printable, one line, no space around it (quick for ASCII: only a
    # space is blank there)
    if not (text.isascii() and text.isprintable()) and (
            not _ONE_LINE.fullmatch(text) or text != text.strip()):
        return False
    first = text[0]
    if first in "123456789" and _LETTER.search(text) and not _DATE_LIKE.match(text):
        return True  # no number, date or time has such a letter (an id, say)
    other = _NOT_TEXT.get(first)
    return other is None or not other.match(text)


def _quoted(text: str) -> str:
    if _ONE_LINE.fullmatch(text):
        return "'" + text.replace("'", "''") + "'"
    return '"' + _TO_ESCAPE.sub(_escape, text) + '"'


def _scalar(text: str, indent: str) -> str:
    """``text`` as a scalar after ``key: `` or ``- `` in a collection indented
    by ``indent`` (block scalars' lines go two further in)."""
    if not _DATE_LIKE.match(text) and _is_plain(text):
        return text
    if "\n" in text and text.strip(" \n") and _BLOCK_TEXT.fullmatch(text):
        if text.endswith("\n\n"):
            chomp, body = "+", text[:-1]
        elif text.endswith("\n"):
            chomp, body = "", text[:-1]
        else:
            chomp, body = "-", text
        hint = "2" if text[0] in " \t\n" else ""
        pad = indent + "  "
        lines = [pad + line if line else "" for line in body.split("\n")]
        return f"|{hint}{chomp}\n" + "\n".join(lines)
    return _quoted(text)


#: Like PyYAML, long plain and single-quoted text is folded onto more lines
#: (at a single space, once a line is past this width): the text of today's
#: backups stays byte for byte what it was.
WIDTH = 88


def _foldable(text: str) -> bool:
    """Whether a scalar as written is plain or single-quoted, with a space."""
    return " " in text and text[0] not in "\"|" and "\n" not in text


def _fold(line: str, start: int, cont: str) -> str:
    """``line`` (whose plain or single-quoted scalar begins at ``start``)
    folded as PyYAML folds it, continuing on lines indented by ``cont``."""
    head, text = line[:start], line[start:]
    quoted = text[:1] == "'"
    if quoted:  # unquote: the folding works on the text, counting '' as two
        text = text[1:-1].replace("''", "'")
    pieces = [head, "'"] if quoted else [head]
    column = len(head) + quoted
    n, begin, spaces = len(text), 0, False
    for end in range(n + 1):
        ch = text[end] if end < n else None
        if spaces:
            if ch != " ":
                if (begin + 1 == end and column > WIDTH
                        and (not quoted or (begin != 0 and end != n))):
                    pieces.append("\n" + cont)
                    column = len(cont)
                else:
                    pieces.append(text[begin:end])
                    column += end - begin
                begin = end
        elif (ch is None or ch == " " or (quoted and ch == "'")) and begin < end:
            pieces.append(text[begin:end])
            column += end - begin
            begin = end
        if quoted and ch == "'":
            pieces.append("''")
            column += 2
            begin = end + 1
        spaces = ch == " "
    if quoted:
        pieces.append("'")
    return "".join(pieces)


class _Unexpected(TypeError):
    """A value the direct emitter does not write (PyYAML then does)."""


def _emit_value(value: Any, indent: str, cache: dict[str, str]) -> str | None:
    """A value written on its key's (or dash's) line, or None for a list
    that goes on the lines after."""
    kind = type(value)
    if kind is str:
        out = cache.get(value)
        if out is None:
            out = _scalar(value, indent)
            if len(cache) < 100_000 and "\n" not in out:
                cache[value] = out
        return out
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if value is None:
        return "null"
    if kind is list or kind is dict:
        return None if value else "[]" if kind is list else "{}"
    raise _Unexpected(kind.__name__)


def _text_line(lead: str, key: str, value: str, indent: str, cache: dict[str, str]) -> str:
    """``key: value`` for the text ``value`` of a mapping indented by
    ``indent``, the line starting with ``lead`` (its indentation, or a dash),
    folded when long."""
    text = cache.get(value)
    if text is None:
        text = _emit_value(value, indent, cache)
    line = f"{lead}{key}: {text}"
    if len(line) > WIDTH + 1 and _foldable(text):
        line = _fold(line, len(lead) + len(key) + 2, indent + "  ")
    return line


def _item_line(indent: str, value: Any, cache: dict[str, str]) -> str:
    """``- value`` for a value (not a mapping) in a list under a key at ``indent``."""
    text = _emit_value(value, indent, cache)
    if text is None:
        raise _Unexpected("nested list")
    line = f"{indent}- {text}"
    if len(line) > WIDTH + 1 and type(value) is str and _foldable(text):
        line = _fold(line, len(indent) + 2, indent + "  ")
    return line


def _emit_mapping(out: list[str], mapping: dict[str, Any], indent: str, first: str,
                  cache: dict[str, str]) -> None:
    """``mapping`` with its keys at ``indent``; the first line starts with
    ``first`` instead (``"- "`` for an item of a list)."""
    lead = first
    keys = cache  # keys known to be plain text are cached as themselves
    for key, value in mapping.items():
        if keys.get(key) != key:
            if type(key) is not str or not _is_plain(key):
                raise _Unexpected("key")
            keys[key] = key
        if type(value) is str:
            out.append(_text_line(lead, key, value, indent, cache))
        else:
            text = _emit_value(value, indent, cache)
            if text is not None:
                out.append(f"{lead}{key}: {text}")
            elif type(value) is list:
                out.append(f"{lead}{key}:")
                _emit_list(out, value, indent, cache)
            elif type(value) is dict:
                out.append(f"{lead}{key}:")
                _emit_mapping(out, value, indent + "  ", indent + "  ", cache)
            else:
                raise _Unexpected(type(value).__name__)
        lead = indent


def _emit_list(out: list[str], items: list[Any], indent: str, cache: dict[str, str]) -> None:
    """A non-empty list under a key at ``indent`` (PyYAML's layout: the
    dashes line up with the key)."""
    inner = indent + "  "
    for item in items:
        if type(item) is dict and item:
            _emit_mapping(out, item, inner, indent + "- ", cache)
        else:
            out.append(_item_line(indent, item, cache))


def emit(doc: dict[str, Any]) -> str:
    """``doc`` as YAML text by the direct emitter (raises TypeError for a
    value it does not write: only dicts, lists, text, whole numbers,
    booleans and None are)."""
    if not doc:
        return "{}\n"
    out: list[str] = []
    _emit_mapping(out, doc, "", "", {})
    out.append("")
    return "\n".join(out)


def _pyyaml_dump(doc: dict[str, Any], fast: bool) -> str:
    body = yaml.dump(
        doc,
        Dumper=_dumper(doc, fast),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    if body.endswith("\n...\n"):  # libyaml ends some documents with "..."; PyYAML does not
        body = body[:-4]
    return body


def _ladder_doc(ladder: Ladder) -> list[dict[str, Any]]:
    return [
        {"key": r.key, "label": r.label, "cadence_days": r.cadence_days, "depth": r.depth}
        for r in ladder.rungs
    ]


def backup_doc(ladder: Ladder, contacts, interactions) -> dict[str, Any]:
    """The backup as plain data (records in their stable order)."""
    contacts, interactions = sorted_records(contacts, interactions)
    return {
        "format": FORMAT,
        "version": VERSION,
        "ladder": _ladder_doc(ladder),
        "contacts": [contact_to_dict(c) for c in contacts],
        "interactions": [interaction_to_dict(i) for i in interactions],
    }


# Records written straight from their fields.  A dict per record (the
# model's contact_to_dict / interaction_to_dict) and then its lines cost
# twice what the lines alone do, so the two record types are written here
# field by field: the same lines _emit_mapping writes for their dicts (the
# tests hold the two to that), in the dicts' order, leaving out what the
# dicts leave out (empty text, lists and flags, and None; never 0).  A
# record holding a value of another type goes through its dict.

#: The fields the writers below know, in order; if the records' fields are
#: ever different, every record goes through its dict until they are told.
_KNOWN_FIELDS = {
    Contact: ("id", "name", "rung", "created", "history", "handles", "email", "phone",
              "company", "position", "city", "how_we_met", "introduced_by", "tags", "notes",
              "help", "advocate", "archived", "cadence_days", "no_cadence", "snoozed_until"),
    Interaction: ("id", "kind", "at", "people", "duration_min", "place", "notes", "direction",
                  "connector", "agreed", "why"),
    StageChange: ("rung", "at"),
    Handle: ("platform", "handle"),
}
DIRECT_RECORDS = all(tuple(f.name for f in fields(cls)) == names
                     for cls, names in _KNOWN_FIELDS.items())


def _time_text(at: datetime) -> str:
    # A timestamp starts like a date, so it is always single-quoted (and
    # never has a quote in it, nor anything to escape or fold).  (A record's
    # time is in UTC already, as format_time would put it.)
    return f"'{at.isoformat() if at.tzinfo is UTC else format_time(at)}'"


_TEXT = {str}  # the type of every item of a tuple of texts: set(map(type, texts)) <= _TEXT


def _emit_contact(out: list[str], c: Contact, cache: dict[str, str]) -> None:
    """``c`` as an item of the contacts list."""
    history, handles, tags = c.history, c.handles, c.tags
    texts = (c.id, c.name, c.rung, c.email, c.phone, c.company, c.position, c.city,
             c.how_we_met, c.introduced_by, c.notes, c.help)
    cadence, snoozed = c.cadence_days, c.snoozed_until
    if not (
        DIRECT_RECORDS
        and set(map(type, texts)) <= _TEXT
        and type(c.created) is datetime
        and type(c.advocate) is bool and type(c.archived) is bool and type(c.no_cadence) is bool
        and (cadence is None or type(cadence) is int)
        and (snoozed is None or type(snoozed) is datetime)
        and type(history) is tuple and type(handles) is tuple and type(tags) is tuple
        and all(type(h) is StageChange and type(h.rung) is str and type(h.at) is datetime
                for h in history)
        and all(type(h) is Handle and type(h.platform) is str and type(h.handle) is str
                for h in handles)
        and set(map(type, tags)) <= _TEXT
    ):
        _emit_mapping(out, contact_to_dict(c), "  ", "- ", cache)
        return
    (cid, name, rung, email, phone, company, position, city, how_we_met, introduced_by,
     notes, help_) = texts
    out.append(_text_line("- ", "id", cid, "  ", cache))
    out.append(_text_line("  ", "name", name, "  ", cache))
    out.append(_text_line("  ", "rung", rung, "  ", cache))
    out.append(f"  created: {_time_text(c.created)}")
    if history:
        out.append("  history:")
        for h in history:
            out.append(_text_line("  - ", "rung", h.rung, "    ", cache))
            out.append(f"    at: {_time_text(h.at)}")
    else:
        out.append("  history: []")
    if handles:
        out.append("  handles:")
        for h in handles:
            out.append(_text_line("  - ", "platform", h.platform, "    ", cache))
            out.append(_text_line("    ", "handle", h.handle, "    ", cache))
    for key, value in (("email", email), ("phone", phone), ("company", company),
                       ("position", position), ("city", city), ("how_we_met", how_we_met),
                       ("introduced_by", introduced_by)):
        if value:
            out.append(_text_line("  ", key, value, "  ", cache))
    if tags:
        out.append("  tags:")
        out.extend(_item_line("  ", tag, cache) for tag in tags)
    if notes:
        out.append(_text_line("  ", "notes", notes, "  ", cache))
    if help_:
        out.append(_text_line("  ", "help", help_, "  ", cache))
    if c.advocate:
        out.append("  advocate: true")
    if c.archived:
        out.append("  archived: true")
    if cadence is not None:
        out.append(f"  cadence_days: {cadence}")
    if c.no_cadence:
        out.append("  no_cadence: true")
    if snoozed is not None:
        out.append(f"  snoozed_until: {_time_text(snoozed)}")


def _emit_interaction(out: list[str], i: Interaction, cache: dict[str, str]) -> None:
    """``i`` as an item of the interactions list."""
    people, duration = i.people, i.duration_min
    texts = (i.id, i.kind, i.place, i.notes, i.direction, i.connector, i.why)
    if not (
        DIRECT_RECORDS
        and set(map(type, texts)) <= _TEXT
        and type(i.at) is datetime
        and type(people) is tuple and people and set(map(type, people)) <= _TEXT
        and (duration is None or type(duration) is int)
        and type(i.agreed) is bool
    ):
        _emit_mapping(out, interaction_to_dict(i), "  ", "- ", cache)
        return
    iid, kind, place, notes, direction, connector, why = texts
    out.append(_text_line("- ", "id", iid, "  ", cache))
    out.append(_text_line("  ", "kind", kind, "  ", cache))
    out.append(f"  at: {_time_text(i.at)}")
    out.append("  people:")
    out.extend(_item_line("  ", p, cache) for p in people)
    if duration is not None:
        out.append(f"  duration_min: {duration}")
    if place:
        out.append(_text_line("  ", "place", place, "  ", cache))
    if notes:
        out.append(_text_line("  ", "notes", notes, "  ", cache))
    if direction:
        out.append(_text_line("  ", "direction", direction, "  ", cache))
    if connector:
        out.append(_text_line("  ", "connector", connector, "  ", cache))
    if i.agreed:
        out.append("  agreed: true")
    if why:
        out.append(_text_line("  ", "why", why, "  ", cache))


def _emit_records(records: list[Any], write: Callable, cache: dict[str, str]) -> str:
    lines: list[str] = []
    for record in records:
        write(lines, record, cache)
    return "\n".join(lines)


def emit_backup(ladder: Ladder, contacts: list[Contact], interactions: list[Interaction]) -> str:
    """What ``emit(backup_doc(ladder, contacts, interactions))`` writes, for
    records already in their stable order, without the dicts.

    Of a long list, the second half is written meanwhile by a child process
    where there can be one (see board.formats.forked)."""
    out: list[str] = []
    cache: dict[str, str] = {}
    _emit_mapping(out, {"format": FORMAT, "version": VERSION, "ladder": _ladder_doc(ladder)},
                  "", "", cache)
    for key, records, write in (("contacts", contacts, _emit_contact),
                                ("interactions", interactions, _emit_interaction)):
        if not records:
            out.append(f"{key}: []")
            continue
        out.append(f"{key}:")
        if len(records) < forked.MIN_ITEMS:
            out.append(_emit_records(records, write, cache))
            continue
        first, rest = records[:len(records) // 2], records[len(records) // 2:]
        with forked.forked(partial(_emit_records_bytes, rest, write, cache)) as written:
            out.append(_emit_records(first, write, cache))
            text = written()
        out.append(text.decode() if text is not None else _emit_records(rest, write, cache))
    out.append("")
    return "\n".join(out)


def _emit_records_bytes(records: list[Any], write: Callable, cache: dict[str, str]) -> bytes:
    return _emit_records(records, write, cache).encode()


def dump_backup(ladder: Ladder, contacts, interactions, fast: bool = True) -> str:
    """The whole board as backup text (deterministic for the same data).

    The text is written by the direct emitter above whatever ``fast`` says
    (it is the same output either way); PyYAML writes it only if a record
    holds a value the direct emitter does not know, with its C emitter
    unless ``fast`` is false.
    """
    contacts, interactions = sorted_records(contacts, interactions)
    try:
        body = emit_backup(ladder, contacts, interactions)
    except _Unexpected:
        body = _pyyaml_dump(backup_doc(ladder, contacts, interactions), fast)
    return HEADER + body


def export_board(board: Board) -> str:
    """Everything on ``board`` as backup text."""
    return dump_backup(board.ladder, board.contacts.values(), board.interactions.values())


def backup_filename(now: datetime) -> str:
    """A timestamped file name for a backup made at ``now`` (local time)."""
    return f"board-backup-{now.astimezone():%Y-%m-%d-%H%M%S}.yaml"


# ------------------------------------------------------------------ reading


def _item_lines(root: yaml.Node, key: str) -> list[int]:
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(
                v, yaml.SequenceNode
            ):
                return [item.start_mark.line + 1 for item in v.value]
    return []


def _compose(text: str, fast: bool) -> tuple[Any, yaml.Node]:
    """The document as plain data, and its node tree (for line numbers), read
    as every YAML file from outside is (``board.yamlsafe``: safe loader, no
    aliases, nesting bounded before anything is built)."""
    data, root = yamlsafe.load_tree(text, "a board backup", pure=not fast)
    if root is None:
        raise BackupError("is empty, not a board backup")
    return data, root


# The fast reader.  A backup as the direct emitter writes it is read without
# a YAML parser (and never with eval); anything else -- a hand-edited file,
# another emitter's, a comment in the middle, flow style, CRLF line ends --
# is left to the safe loader.  It accepts only what it is sure the safe
# loader reads the same way: every value must be written as the emitter
# would write some value.
#
# The top level is cut into its keys, and each top-level list into its
# items, with string operations (a line at the top level starts the next
# key, a line starting with "- " the next item: nothing inside an item
# starts at the margin).  Most items are records whose values each fit on
# their line (or are literal blocks), read field by field
# (_FastReader.record); anything else goes line by line through a reader of
# every layout the emitter writes (mapping, sequence, scalar, block), which
# alone decides what is refused.


class _NotMine(Exception):
    """Text the fast reader leaves to the safe loader."""


_KEY = re.compile(r"([a-z_][a-z0-9_]*):(?: (.+))?\Z")
_KEY_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
#: A line starting the next key of the top level: at the margin, not blank,
#: not an item of a list.
_NEXT_TOP_KEY = re.compile(r"\n(?=[^ \n-])")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_SINGLE = re.compile(f"'((?:(?!')[{_PRINTABLE}]|'')*)'")
_DOUBLE = re.compile(
    f'"((?:(?!["\\\\])[{_PRINTABLE}]'
    r'|\\(?:[0abtnvfre"\\NLP]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}))*)"'
)
_DOUBLE_ESCAPE = re.compile(r"\\(x..|u....|U........|.)")
_UNESCAPE = {v[1:]: k for k, v in _ESCAPES.items()}
_BLOCK_HEADER = re.compile(r"\|(2?)([-+]?)\Z")
_PLAIN_CONSTANTS = {"null": None, "true": True, "false": False}
_MISSING = object()


def _unescape(match: re.Match) -> str:
    code = match.group(1)
    if len(code) == 1:
        return _UNESCAPE[code]
    point = int(code[1:], 16)
    if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
        raise _NotMine  # loaders differ about these
    return chr(point)


class _FastReader:
    def __init__(self) -> None:
        self.lines: list[str] = []  # what the line reader is reading
        self.pos = 0
        self.lists: dict[str, tuple[int, list[str]]] = {}  # top-level: first line, items
        self.plain: dict[str, Any] = {}  # plain scalars read so far, and their values
        self.keys: set[str] = set()  # keys known to be plain text

    def document(self, text: str) -> dict[str, Any]:
        """The whole text (which ends with a line break)."""
        pos, line = 0, 1
        while text.startswith("#", pos):  # the header: comments before the first line
            pos = text.index("\n", pos) + 1
            line += 1
        # (the text, and for a list its key and items, less their dashes)
        chunks: list[tuple[str, str, list[str] | None, int]] = []
        for chunk in _NEXT_TOP_KEY.split(text[pos:-1]):
            head, _, rest = chunk.partition("\n")
            if head[-1:] == ":" and rest[:2] == "- ":
                chunks.append((chunk, head[:-1], rest[2:].split("\n- "), line))
            else:
                chunks.append((chunk, "", None, line))
            line += chunk.count("\n") + 1
        # The last items of the longest list, half the text, can be read
        # meanwhile by a child process (see board.formats.forked).  (Half: this
        # process's half has the records that cost more a line, people with
        # their history, but it does not hand its part over to be read again.)
        longest = max((items for _, _, items, _ in chunks if items), key=len, default=[])
        tail: list[str] = []
        if len(longest) >= forked.MIN_ITEMS:
            size = 0
            while size < len(text) * 0.5 and len(tail) < len(longest):
                tail.append(longest[-1 - len(tail)])
                size += len(tail[-1])
            tail.reverse()
        with (forked.forked(partial(self.items_json, tail)) if tail
              else contextlib.nullcontext()) as read_tail:
            out: dict[str, Any] = {}
            for chunk, key, items, line in chunks:
                if items is None:
                    value = self.lines_of(chunk, lambda: self.mapping(0, None, 1))
                    if not value or out.keys() & value.keys():
                        raise _NotMine
                    out.update(value)
                    continue
                if not self.known_key(key) or key in out:
                    raise _NotMine
                self.lists[key] = (line + 1, items)
                if items is not longest or not tail:
                    out[key] = self.items(items)
                    continue
                out[key] = self.items(items[:len(items) - len(tail)])
                done = read_tail()
                out[key] += orjson.loads(done) if done is not None else self.items(tail)
        return out

    def items(self, items: list[str]) -> list[Any]:
        """The items of a top-level list (each less its dash)."""
        out: list[Any] = []
        for item in items:
            value = self.record(item)
            if value is None:
                read = self.lines_of("- " + item, lambda: self.sequence(0, 2))
                if len(read) != 1:
                    raise _NotMine
                value = read[0]
            out.append(value)
        return out

    def items_json(self, items: list[str]) -> bytes:
        return orjson.dumps(self.items(items))

    def item_lines(self, key: str) -> list[int]:
        """The line of each item of the top-level list ``key``."""
        line, items = self.lists.get(key, (0, []))
        out = []
        for item in items:
            out.append(line)
            line += item.count("\n") + 1
        return out

    def lines_of(self, text: str, read: Callable[[], Any]) -> Any:
        """What ``read`` reads from the lines of ``text``, all of them."""
        self.lines, self.pos = text.split("\n"), 0
        value = read()
        if self.pos != len(self.lines):
            raise _NotMine
        return value

    def known_key(self, key: str) -> bool:
        if key in self.keys:
            return True
        if _KEY_NAME.match(key) and _is_plain(key):
            self.keys.add(key)
            return True
        return False

    # -- records whose values fit on their lines

    def record(self, item: str) -> dict[str, Any] | None:
        """An item of a top-level list (less its dash) laid out as the emitter
        writes a record whose values each fit on their line: keys with a
        value, and lists of values or of mappings of keys with a value.
        None if it is laid out any other way.

        (Most of a backup is read here: the steps are written out rather
        than shared through calls.)"""
        pieces = item.split("\n  ")  # its lines, less the item's indentation
        if item.count("\n") != len(pieces) - 1 or "\n     " in item:
            return None  # a line less indented (a blank one, say), or one deeper
        if "\n   " not in item:
            return self.flat_record(pieces)
        keys, plain, value_of = self.keys, self.plain, self.value
        out: dict[str, Any] = {}
        items: list[Any] | None = None  # the list being read
        entry: dict[str, Any] | None = None  # the mapping in it being read
        waiting = False  # for the first item of a list
        block: list[str] | None = None  # the lines of a literal block being read
        block_key = ""
        try:
            for piece in pieces:
                if block is not None:
                    if piece[:2] == "  ":
                        block.append(piece[2:])
                        continue
                    out[block_key] = _block_text(out[block_key], block)
                    block = None
                if piece[:1] == " ":  # more of the mapping that began its item
                    key, colon, text = piece[2:].partition(": ")
                    if entry is None or not colon or key in entry or (
                            key not in keys and not self.known_key(key)):
                        return None
                    value = plain.get(text, _MISSING)
                    entry[key] = value_of(text) if value is _MISSING else value
                    continue
                entry = None
                key, colon, text = piece.partition(": ")
                if key[:2] == "- " and items is not None:  # an item of the list
                    waiting = False
                    body = piece[2:]
                    if ":" in body and _KEY.match(body):  # a mapping: its first key
                        key, colon, text = body.partition(": ")
                        if not colon or (key not in keys and not self.known_key(key)):
                            return None
                        value = plain.get(text, _MISSING)
                        entry = {key: value_of(text) if value is _MISSING else value}
                        items.append(entry)
                    else:
                        value = plain.get(body, _MISSING)
                        items.append(value_of(body) if value is _MISSING else value)
                    continue
                if waiting or key in out:
                    return None  # a key with nothing after it, or a key twice
                if colon:
                    items = None
                    if text[:1] == "|":  # a literal block: its header, and then its lines
                        out[key], block, block_key = text, [], key
                        continue
                    value = plain.get(text, _MISSING)
                    out[key] = value_of(text) if value is _MISSING else value
                elif key[-1:] == ":" and key[:-1] not in out:
                    items = out[key[:-1]] = []
                    waiting = True
                else:
                    return None
            if block is not None:
                out[block_key] = _block_text(out[block_key], block)
        except _NotMine:
            return None
        if waiting or not (keys.issuperset(out) or all(map(self.known_key, out))):
            return None
        return out

    def flat_record(self, pieces: list[str]) -> dict[str, Any] | None:
        """A record all of whose lines are at its indentation (``pieces``):
        keys with a value, and lists of values (what record() reads, with
        fewer steps: no line belongs to a mapping in a list)."""
        plain, value_of = self.plain, self.value
        out: dict[str, Any] = {}
        items: list[Any] | None = None  # the list being read
        waiting = False  # for the first item of a list
        n_items = 0
        try:
            for piece in pieces:
                key, colon, text = piece.partition(": ")
                if colon:
                    if waiting:
                        return None  # a key with nothing after it
                    value = plain.get(text, _MISSING)
                    out[key] = value_of(text) if value is _MISSING else value
                    items = None
                elif key[:2] == "- " and items is not None:
                    text = key[2:]
                    value = plain.get(text, _MISSING)
                    items.append(value_of(text) if value is _MISSING else value)
                    waiting = False
                    n_items += 1
                elif key[-1:] == ":" and not waiting:
                    items = out[key[:-1]] = []
                    waiting = True
                else:
                    return None
        except _NotMine:
            return None
        if waiting or len(out) + n_items != len(pieces):
            return None  # (a key with nothing after it, or a key twice)
        if not (self.keys.issuperset(out) or all(map(self.known_key, out))):
            return None
        return out

    def value(self, text: str) -> Any:
        """A value written on one line (after a key, or a dash) as the
        emitter writes one: plain, quoted, an empty list or mapping."""
        value = self.plain.get(text, _MISSING)
        if value is not _MISSING:
            return value
        first = text[:1]
        if first == "'":
            inner = text[1:-1]
            if (len(text) > 1 and text[-1] == "'" and "'" not in inner and inner.isascii()
                    and inner.isprintable()):
                return inner  # (quick for the usual: no quote, ASCII)
            m = _SINGLE.fullmatch(text)
            if m is None:
                raise _NotMine
            return m.group(1).replace("''", "'")
        if first == '"':
            m = _DOUBLE.fullmatch(text)
            if m is None:
                raise _NotMine
            return _DOUBLE_ESCAPE.sub(_unescape, m.group(1))
        if text == "[]":
            return []
        if text == "{}":
            return {}
        if _is_plain(text):
            value = text
        elif text in _PLAIN_CONSTANTS:
            value = _PLAIN_CONSTANTS[text]
        elif _INT.match(text):
            value = int(text)
        else:
            raise _NotMine  # (a block's header among them)
        self.plain[text] = value
        return value

    # -- the line reader

    def _indent(self) -> int:
        """The indentation of the current line (-1 at the end)."""
        if self.pos >= len(self.lines):
            return -1
        line = self.lines[self.pos]
        body = line.lstrip(" ")
        if not body or body[0] == "\t":
            raise _NotMine  # a blank line, or a tab where an indentation is
        return len(line) - len(body)

    def mapping(self, indent: int, first: str | None, depth: int) -> dict[str, Any]:
        if depth > MAX_DEPTH:
            raise _NotMine
        out: dict[str, Any] = {}
        while True:
            if first is not None:
                body, first = first, None
            else:
                at = self._indent()
                if at < indent:
                    return out
                if at > indent:
                    raise _NotMine
                body = self.lines[self.pos][indent:]
            m = _KEY.match(body)
            if m is None:
                raise _NotMine
            key, value = m.group(1), m.group(2)
            if key in out or not self.known_key(key):
                raise _NotMine
            self.pos += 1
            if value is None:
                at = self._indent()
                if at == indent and self.lines[self.pos].startswith("- ", indent):
                    out[key] = self.sequence(indent, depth + 1)
                elif at == indent + 2:
                    out[key] = self.mapping(indent + 2, None, depth + 1)
                else:
                    raise _NotMine  # (a null, or something else)
            else:
                out[key] = self.scalar(value, indent)

    def sequence(self, indent: int, depth: int) -> list[Any]:
        if depth > MAX_DEPTH:
            raise _NotMine
        out: list[Any] = []
        while True:
            at = self._indent()
            line = self.lines[self.pos] if at >= 0 else ""
            if at < indent or (at == indent and not line.startswith("- ", indent)):
                return out
            if at > indent:
                raise _NotMine
            body = line[indent + 2:]
            if _KEY.match(body):
                out.append(self.mapping(indent + 2, body, depth + 1))
            else:
                self.pos += 1
                out.append(self.scalar(body, indent))

    def scalar(self, text: str, indent: int) -> Any:
        """A value that began on the line before ``self.pos``."""
        first = text[:1]
        if first == "|":
            return self.block(text, indent)
        if first != '"' and text not in ("[]", "{}"):  # (those are never folded)
            cont = " " * (indent + 2)
            lines, n = self.lines, len(self.lines)
            while self.pos < n and lines[self.pos].startswith(cont):
                more = lines[self.pos][indent + 2:]
                if more[:1] in ("", " ", "\t") or text.endswith((" ", "\t")):
                    raise _NotMine
                text += " " + more
                self.pos += 1
        return self.value(text)

    def block(self, header: str, indent: int) -> str:
        pad = " " * (indent + 2)
        lines, n = self.lines, len(self.lines)
        body: list[str] = []
        while self.pos < n:
            line = lines[self.pos]
            if line.startswith(pad):
                body.append(line[indent + 2:])
            elif line == "":
                body.append("")
            else:
                break
            self.pos += 1
        return _block_text(header, body)


def _block_text(header: str, body: list[str]) -> str:
    """A literal block's text, from its header (``|``, ``|-``, ``|2+``...)
    and its lines less their indentation, if the emitter could have written
    it so."""
    m = _BLOCK_HEADER.match(header)
    if m is None:
        raise _NotMine
    hint, chomp = m.groups()
    # Without a hint the first line sets the indentation: it must be the
    # emitter's.
    if not hint and (not body or body[0][:1] in ("", " ", "\t")):
        raise _NotMine
    if chomp != "+":
        while body and body[-1] == "":
            body.pop()
    if not body:
        raise _NotMine
    text = "\n".join(body)
    if chomp != "-":
        text += "\n"
    if not _BLOCK_TEXT.fullmatch(text):
        raise _NotMine
    return text


def _fast_read(text: str) -> tuple[dict[str, Any], Callable[[str], list[int]]] | None:
    """The document, and what gives the line of each item of one of its
    top-level lists, if ``text`` is laid out as the direct emitter writes;
    None otherwise."""
    if not text.endswith("\n") or "\r" in text or text.startswith("\ufeff"):
        return None
    reader = _FastReader()
    try:
        data = reader.document(text)
    except _NotMine:
        return None
    return data, reader.item_lines


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector paused while a large backup is read or written:
    it would walk the hundreds of thousands of dicts and records being
    built again and again (a third of the time of a read), and they hold
    no cycles for it to find."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_backup(text: str, source: str = "backup", fast: bool = True) -> Backup:
    """Parse and check backup text; raise BackupError naming what is wrong.

    A backup as :func:`dump_backup` writes it is read by the fast reader;
    anything else by the safe loader.  ``fast=False`` uses only the
    pure-Python safe loader (same result, slower).
    """
    with _collector_paused():
        return _load_backup(text, source, fast)


def _load_backup(text: str, source: str, fast: bool) -> Backup:
    read = _fast_read(text) if fast else None
    try:
        if read is not None:
            data, item_lines = read
        else:
            data, root = _compose(text, fast)

            def item_lines(key: str) -> list[int]:
                return _item_lines(root, key)
    except BackupError as exc:
        raise BackupError(f"{source}: {exc}") from None
    except yamlsafe.YamlError as exc:
        raise BackupError(exc.at(source)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{source}: is not a board backup (no 'format: {FORMAT}')")
    version = data.get("version")
    if version != VERSION:
        raise BackupError(
            f"{source}: backup version {version!r} is not supported (this board reads {VERSION})"
        )
    unknown = set(data) - {"format", "version", "ladder", "contacts", "interactions"}
    if unknown:
        names = ", ".join(sorted(map(str, unknown)))
        raise BackupError(f"{source}: unknown top-level key(s) {names}")

    backup = Backup()
    ladder = data.get("ladder") or []
    if not isinstance(ladder, list):
        raise BackupError(f"{source}: 'ladder' must be a list")
    for n, r in enumerate(ladder, 1):
        if not isinstance(r, dict) or not isinstance(r.get("key"), str) or not r["key"]:
            raise BackupError(f"{source}: ladder rung {n} needs a 'key'")
        label, cadence, depth = r.get("label", r["key"]), r.get("cadence_days"), r.get("depth", 0)
        if not isinstance(label, str):
            raise BackupError(f"{source}: ladder rung {n}: 'label' must be text")
        if cadence is not None and (isinstance(cadence, bool) or not isinstance(cadence, int)
                                    or cadence < 1):
            raise BackupError(f"{source}: ladder rung {n}: 'cadence_days' must be a whole "
                              "number ≥ 1 or null")
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
            raise BackupError(f"{source}: ladder rung {n}: 'depth' must be a whole number ≥ 0")
        backup.ladder.append(Rung(r["key"], label, cadence, depth))

    for key, parse, out in (
        ("contacts", contact_from_dict, backup.contacts),
        ("interactions", interaction_from_dict, backup.interactions),
    ):
        items = data.get(key) or []
        if not isinstance(items, list):
            raise BackupError(f"{source}: '{key}' must be a list")
        # All at once; if anything is wrong, again one by one to name the
        # first problem and where it is.
        try:
            records = [parse(item) for item in items]
            whole = len({r.id for r in records}) == len(records)
        except RecordError:
            whole = False
        if not whole:
            _first_problem(items, parse, key[:-1], source, item_lines(key))
        out.extend(records)

    ids = {c.id for c in backup.contacts}
    known = ids.issuperset
    for n, i in enumerate(backup.interactions):
        if not known(i.people) or (i.connector and i.connector not in ids):
            missing = [p for p in Board.involved(i) if p not in ids]
            raise BackupError(
                f"{_where(source, item_lines('interactions'), n)}: interaction {i.id} refers "
                f"to unknown contact(s) {', '.join(missing)}"
            )
    return backup


def _where(source: str, lines: list[int], n: int) -> str:
    return f"{source}, line {lines[n]}" if n < len(lines) else source


def _first_problem(items: list[Any], parse: Callable[[Any, str], Any], what: str, source: str,
                   lines: list[int]) -> NoReturn:
    """Raise BackupError for the first of ``items`` that is not a record, or
    repeats an id, naming its line."""
    seen: set[str] = set()
    for n, item in enumerate(items):
        try:
            record = parse(item, f"{what} {n + 1}")
        except RecordError as exc:
            raise BackupError(f"{_where(source, lines, n)}: {exc}") from None
        if record.id in seen:
            raise BackupError(f"{_where(source, lines, n)}: duplicate {what} id {record.id!r}")
        seen.add(record.id)
    raise BackupError(f"{source}: its {what}s cannot be read")  # (never: one of them failed)
