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

When PyYAML has libyaml, its C parser and emitter are used (several times
faster); the text is first scanned event by event (no recursion, no
construction) so aliases and absurd nesting are refused before anything is
built.  libyaml's emitter escapes emoji and other characters beyond the
Basic Multilingual Plane (``"\U0001F600"``), which is not readable, so a
board with any of those is written by the pure-Python emitter; the output
is the same bytes either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml

from board.core.board import Board
from board.core.ladder import Ladder, Rung
from board.core.model import (
    Contact,
    Interaction,
    RecordError,
    contact_from_dict,
    contact_to_dict,
    interaction_from_dict,
    interaction_to_dict,
)

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


#: libyaml, when PyYAML was built with it (the pure-Python classes otherwise).
HAVE_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
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


def dump_backup(ladder: Ladder, contacts, interactions, fast: bool = True) -> str:
    """The whole board as backup text (deterministic for the same data).

    ``fast=False`` uses the pure-Python emitter (same output, slower).
    """
    contacts, interactions = sorted_records(contacts, interactions)
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "ladder": [
            {"key": r.key, "label": r.label, "cadence_days": r.cadence_days, "depth": r.depth}
            for r in ladder.rungs
        ],
        "contacts": [contact_to_dict(c) for c in contacts],
        "interactions": [interaction_to_dict(i) for i in interactions],
    }
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
    return HEADER + body


def export_board(board: Board) -> str:
    """Everything on ``board`` as backup text."""
    return dump_backup(board.ladder, board.contacts.values(), board.interactions.values())


def backup_filename(now: datetime) -> str:
    """A timestamped file name for a backup made at ``now`` (local time)."""
    return f"board-backup-{now.astimezone():%Y-%m-%d-%H%M%S}.yaml"


# ------------------------------------------------------------------ reading


class _SafeNoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases: backups never need them."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise BackupError(
                f"line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not "
                "allowed in a backup"
            )
        return super().compose_node(parent, index)


def _item_lines(root: yaml.Node, key: str) -> list[int]:
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(
                v, yaml.SequenceNode
            ):
                return [item.start_mark.line + 1 for item in v.value]
    return []


#: How deep collections may nest.  A backup nests five deep (the document,
#: the contacts, a contact, its history, an entry); this leaves room for
#: hand-edited files and stops a parser from recursing on crafted ones.
MAX_DEPTH = 32

_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _scan(text: str) -> None:
    """Refuse aliases and deep nesting from the event stream (C parser, no
    recursion, nothing built) before the text is composed into a tree."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise BackupError(
                    f"line {event.start_mark.line + 1}: nested more than {MAX_DEPTH} deep; "
                    "a backup is never that deep"
                )
        elif isinstance(event, _CLOSE):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            raise BackupError(
                f"line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not "
                "allowed in a backup"
            )


def _compose(text: str, fast: bool) -> tuple[Any, yaml.Node]:
    """The document as plain data, and its node tree (for line numbers)."""
    if fast and HAVE_LIBYAML:
        _scan(text)
        loader: Any = yaml.CSafeLoader(text)
    else:
        loader = _SafeNoAliasLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise BackupError("is empty, not a board backup")
        return loader.construct_document(root), root
    finally:
        loader.dispose()


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """A parser's complaint as one line: ``, line 4, column 5: not valid YAML: …``."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    what = " ".join(" ".join(str(p) for p in parts if p).split()) or " ".join(str(exc).split())
    where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{where}: not valid YAML: {what}"


def load_backup(text: str, source: str = "backup", fast: bool = True) -> Backup:
    """Parse and check backup text; raise BackupError naming what is wrong.

    ``fast=False`` uses only the pure-Python parser (same result, slower).
    """
    try:
        data, root = _compose(text, fast)
    except BackupError as exc:
        raise BackupError(f"{source}: {exc}") from None
    except yaml.YAMLError as exc:
        raise BackupError(f"{source}{_yaml_problem(exc)}") from None
    except RecursionError:
        raise BackupError(f"{source}: nested too deeply to be a board backup") from None
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
        lines = _item_lines(root, key)
        seen: set[str] = set()
        for n, item in enumerate(items):
            where = f"{source}, line {lines[n]}" if n < len(lines) else source
            try:
                record = parse(item, f"{key[:-1]} {n + 1}")
            except RecordError as exc:
                raise BackupError(f"{where}: {exc}") from None
            if record.id in seen:
                raise BackupError(f"{where}: duplicate {key[:-1]} id {record.id!r}")
            seen.add(record.id)
            out.append(record)

    ids = {c.id for c in backup.contacts}
    lines = _item_lines(root, "interactions")
    for n, i in enumerate(backup.interactions):
        missing = [p for p in Board.involved(i) if p not in ids]
        if missing:
            where = f"{source}, line {lines[n]}" if n < len(lines) else source
            raise BackupError(
                f"{where}: interaction {i.id} refers to unknown contact(s) {', '.join(missing)}"
            )
    return backup
