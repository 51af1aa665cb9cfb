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
files cannot blow up), checks every record, and reports the first problem
with the record, the field and the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_presenter)


def sorted_records(
    contacts: list[Contact] | Any, interactions: list[Interaction] | Any
) -> tuple[list[Contact], list[Interaction]]:
    return (
        sorted(contacts, key=lambda c: (c.created, c.id)),
        sorted(interactions, key=lambda i: (i.at, i.id)),
    )


def dump_backup(ladder: Ladder, contacts, interactions) -> str:
    """The whole board as backup text (deterministic for the same data)."""
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
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    return HEADER + body


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


def load_backup(text: str, source: str = "backup") -> Backup:
    """Parse and check backup text; raise BackupError naming what is wrong."""
    loader = _SafeNoAliasLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise BackupError("is empty, not a board backup")
        data = loader.construct_document(root)
    except BackupError as exc:
        raise BackupError(f"{source}: {exc}") from None
    except yaml.YAMLError as exc:
        raise BackupError(f"{source}: not valid YAML: {exc}") from None
    finally:
        loader.dispose()
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
