"""Three-way, per-record and per-field merge of two boards (for ``board sync``).

Pure: no files, no git.  A synced board is a table of :class:`Entry` per
record type (contacts, interactions), keyed by id.  An entry is the record
(or ``None`` once it is deleted: a tombstone) and *stamps*: when it was
added, when each field last changed, when it was deleted, each a
:class:`Stamp` (milliseconds since the epoch, device id).  Stamps order
changes: a later time wins, and on the same millisecond the greater device id
does, so every machine reaches the same result in any order.

Everything is derived from the records' msgspec declarations
(``board.core.schema``), never from a list of field names: a field added to
a record is merged the day it is declared.

* A record changed on one side only takes that side.
* Changed on both: each field takes the side that changed it; a field both
  changed to different values takes the later change, and the losing value
  is kept as a :class:`~board.core.schema.Conflict` on the person (on the
  interaction's first person for an interaction's field).
* A field that is a tuple (handles, tags, an interaction's people, stage
  history, conflicts) is merged as a set: what either side added is kept,
  what either side took out is out.  Items that carry a time (stage history,
  conflicts) are ordered by it; others keep the order of the later side, the
  other side's additions after them.  So no stage change is ever lost.
* A contact's ``rung`` changed on both sides is the rung of the last stage
  change by time (the history already merged).
* Added on both sides under one id: merged field by field as above.
* Two changes that each keep the record's rules but together break them (a
  touch made an introduction on one side, a person taken out of it on the
  other): the later side's record stands whole, the other is a conflict.
* Deleted on one side and edited on the other: the delete wins only if it is
  later than every edit; the loser is kept as a conflict.  A contact that an
  interaction merged in still names is never deleted (the delete loses).

:func:`merge` is symmetric: ``merge(base, a, b)`` and ``merge(base, b, a)``
give the same tables (tests/unit/test_merge.py checks it, with convergence
across three devices, by property tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any, NamedTuple

import msgspec
import msgspec.inspect as mi
from msgspec.structs import replace

from board.core.log import involved
from board.core.schema import Conflict, Contact, Interaction, Record, RecordError

_json = msgspec.json.Encoder(order="sorted").encode


class MergeError(ValueError):
    """A merged record that breaks the record's own rules (the message says
    which): the merge cannot be applied, nothing is written."""


class Stamp(NamedTuple):
    """When a change was made and on which machine (a JSON array)."""

    ms: int
    device: str

    @classmethod
    def at(cls, when: datetime, device: str) -> Stamp:
        return cls(int(when.timestamp() * 1000), device)

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.ms / 1000, UTC)


class Entry(msgspec.Struct, frozen=True, gc=False):
    """A record as synced: the record (None: deleted) and its stamps."""

    record: Any  # a Contact or an Interaction, or None once deleted
    born: Stamp  # when it was added (fields never changed since take this)
    fields: dict[str, Stamp] = {}  # when each field last changed
    gone: Stamp | None = None  # when it was deleted

    def stamp(self, name: str) -> Stamp:
        return self.fields.get(name, self.born)

    def latest(self) -> Stamp:
        """Its last change (a deletion included)."""
        stamps = [self.born, *self.fields.values()]
        if self.gone is not None:
            stamps.append(self.gone)
        return max(stamps)


Table = Mapping[str, Entry]


@dataclass
class Merged:
    """What :func:`merge` gives: the merged tables and the conflicts it
    recorded (each also on its person, in ``contacts``)."""

    contacts: dict[str, Entry]
    interactions: dict[str, Entry]
    conflicts: list[tuple[str, Conflict]] = field(default_factory=list)  # (contact id, ...)


# ------------------------------------------------------------- the fields


class _Field(NamedTuple):
    name: str
    kind: str  # "value", "set", "timed set"
    timed_by: str  # for a timed set: the item's datetime field


@cache
def _fields(cls: type[Record]) -> tuple[_Field, ...]:
    """How each field of ``cls`` merges, from its declaration."""
    out = []
    for f in msgspec.structs.fields(cls):
        info = mi.type_info(f.type)
        kind, timed_by = "value", ""
        if isinstance(info, mi.VarTupleType | mi.ListType | mi.SetType | mi.FrozenSetType):
            kind = "set"
            item = info.item_type
            if isinstance(item, mi.StructType):
                timed = [g.name for g in msgspec.structs.fields(item.cls)
                         if isinstance(mi.type_info(g.type), mi.DateTimeType)]
                if timed:
                    kind, timed_by = "timed set", timed[0]
        out.append(_Field(f.name, kind, timed_by))
    return tuple(out)


def _conflicts_field(cls: type[Record]) -> str | None:
    """The field of ``cls`` that keeps conflicts (a tuple of Conflict)."""
    for f in msgspec.structs.fields(cls):
        info = mi.type_info(f.type)
        if isinstance(info, mi.VarTupleType) and isinstance(info.item_type, mi.StructType) \
                and info.item_type.cls is Conflict:
            return f.name
    return None


_MISSING: Any = object()
#: a Conflict's ``field`` for a whole record: deleted, or set aside whole
DELETED, WHOLE = "*", "**"


def _key(value: Any) -> bytes:
    """A total order on values of one field (the last tie-break)."""
    return _json(value)


def _set_merge(f: _Field, base: Any, a: Any, b: Any, a_first: bool) -> Any:
    """Three-way merge of two collections as sets: kept where both kept them,
    plus what either added.  ``a_first``: side a's order leads (and its value
    stands whole if the items cannot be compared as a set)."""
    first, second = (a, b) if a_first else (b, a)
    try:
        base_set = set() if base is _MISSING else set(base)
        a_set, b_set = set(a), set(b)
        out = list(dict.fromkeys((*first, *second)))
    except TypeError:  # (items that cannot be hashed: a mapping, a list)
        return first
    keep = (a_set & b_set) | (a_set - base_set) | (b_set - base_set)
    out = [x for x in out if x in keep]
    if f.kind == "timed set":
        out.sort(key=lambda x: (getattr(x, f.timed_by), _key(x)))
    return type(first)(out)


def _conflict(f: str, value: Any, stamp: Stamp, record: str = "") -> Conflict:
    return Conflict(field=f, value=_json(value).decode(), at=stamp.when,
                    device=stamp.device, record=record)


def _merge_live(cls: type[Record], base: Entry | None, a: Entry, b: Entry
                ) -> tuple[Entry, list[Conflict]]:
    """Both sides hold the record, and both changed it."""
    base_rec = base.record if base is not None else None
    values: dict[str, Any] = {}
    stamps: dict[str, Stamp] = {}
    lost: list[Conflict] = []
    rid = getattr(a.record, "id", "")
    changed_both: set[str] = set()
    for f in _fields(cls):
        name = f.name
        va, vb = getattr(a.record, name), getattr(b.record, name)
        vo = getattr(base_rec, name) if base_rec is not None else _MISSING
        sa, sb = a.stamp(name), b.stamp(name)
        if va == vb:
            values[name], stamps[name] = va, max(sa, sb)
            continue
        if vo is not _MISSING and va == vo:
            values[name], stamps[name] = vb, sb
            continue
        if vo is not _MISSING and vb == vo:
            values[name], stamps[name] = va, sa
            continue
        changed_both.add(name)
        a_wins = (sa, _key(va)) > (sb, _key(vb))
        stamps[name] = max(sa, sb)
        if f.kind != "value":
            values[name] = _set_merge(f, vo, va, vb, a_wins)
            continue
        values[name] = va if a_wins else vb
        loser, loser_stamp = (vb, sb) if a_wins else (va, sa)
        if cls is Contact and name == "rung":
            continue  # (settled by the merged history, below)
        lost.append(_conflict(name, loser, loser_stamp, "" if cls is Contact else rid))
    if cls is Contact and "rung" in changed_both and values.get("history"):
        values["rung"] = values["history"][-1].rung
    born = min(a.born, b.born)
    try:
        record = cls(**values)
    except (RecordError, msgspec.ValidationError):
        # Two changes that together break the record's rules (one side made
        # a touch an introduction, the other took a person out of it): the
        # later side's record stands whole, the other is kept as a conflict.
        # (A merge that stopped here would stop every sync after it too.)
        win, lose = (a, b) if (a.latest(), _key(a.record)) > (b.latest(), _key(b.record)) \
            else (b, a)
        return win, [_conflict(WHOLE, lose.record, lose.latest(),
                               "" if cls is Contact else rid)]
    return Entry(record, born, {k: v for k, v in stamps.items() if v != born}), lost


def merge_entry(cls: type[Record], base: Entry | None, a: Entry | None, b: Entry | None
                ) -> tuple[Entry | None, list[Conflict]]:
    """One record, three ways (None: never there on that side)."""
    if a == b:
        return a, []
    if a is None or a == base:
        return b, []
    if b is None or b == base:
        return a, []
    live_a, live_b = a.record is not None, b.record is not None
    if live_a and live_b:
        return _merge_live(cls, base, a, b)
    if not live_a and not live_b:  # deleted on both: the later deletion's stamps
        return max(a, b, key=lambda e: (e.latest(), _key([e.born, e.fields, e.gone]))), []
    dead, live = (a, b) if not live_a else (b, a)
    assert dead.gone is not None
    edited = _edited_since(base, live)
    rid = getattr(live.record, "id", "")
    if dead.gone > edited:
        return dead, [_conflict(DELETED, live.record, edited, rid)]
    base_rec = base.record if base is not None and base.record is not None else None
    return live, ([_conflict(DELETED, None, dead.gone, rid)] if base_rec is not None else [])


def _edited_since(base: Entry | None, live: Entry) -> Stamp:
    """The last change the living side made since the base."""
    if base is None or base.record is None:
        return live.latest()
    cls: type[Record] = type(live.record)
    stamps = [live.stamp(f.name) for f in _fields(cls)
              if getattr(live.record, f.name) != getattr(base.record, f.name)]
    return max(stamps, default=live.latest())


def merge(base: tuple[Table, Table], a: tuple[Table, Table], b: tuple[Table, Table],
          ids: tuple[Iterable[str], Iterable[str]] | None = None) -> Merged:
    """Merge two synced boards (contacts, interactions) against their base.

    ``ids`` limits the work to the records that may differ (the caller knows
    which lines changed); every other record is side a's.  The result holds
    only the merged entries of those records (and of the people given a
    conflict or kept alive by an interaction)."""
    (bc, bi), (ac, ai), (xc, xi) = base, a, b
    if ids is None:
        cids: Iterable[str] = set(bc) | set(ac) | set(xc)
        iids: Iterable[str] = set(bi) | set(ai) | set(xi)
    else:
        cids, iids = ids
    contacts: dict[str, Entry] = {}
    interactions: dict[str, Entry] = {}
    pending: list[tuple[str, Conflict]] = []
    for iid in sorted(set(iids)):
        entry, lost = merge_entry(Interaction, bi.get(iid), ai.get(iid), xi.get(iid))
        if entry is None:
            continue
        interactions[iid] = entry
        if lost:
            source = entry.record or next(e.record for e in (ai.get(iid), xi.get(iid))
                                          if e is not None and e.record is not None)
            pending += [(source.people[0], c) for c in lost]
    for cid in sorted(set(cids)):
        entry, lost = merge_entry(Contact, bc.get(cid), ac.get(cid), xc.get(cid))
        if entry is not None:
            contacts[cid] = entry
        pending += [(cid, c) for c in lost]

    def current(cid: str) -> Entry | None:
        return contacts[cid] if cid in contacts else ac.get(cid)

    # A person an interaction names stays (their deletion loses).
    for entry in interactions.values():
        if entry.record is None:
            continue
        for cid in involved(entry.record):
            now = current(cid)
            if now is not None and now.record is not None:
                continue
            alive = next((e for e in (ac.get(cid), xc.get(cid), bc.get(cid))
                          if e is not None and e.record is not None), None)
            if alive is None:
                raise MergeError(f"interaction {entry.record.id} names contact {cid}, "
                                 "who is on neither side")
            contacts[cid] = Entry(alive.record, alive.born, alive.fields)
            if now is not None and now.gone is not None:
                pending.append((cid, _conflict(DELETED, None, now.gone)))
    # Conflicts go onto their people (in a stable order).
    done: list[tuple[str, Conflict]] = []
    name = _conflicts_field(Contact)
    for cid, conflict in sorted(pending, key=lambda p: (p[0], _key(p[1]))):
        entry = current(cid)
        if entry is None or entry.record is None or name is None:
            continue  # (a person deleted on both sides: nowhere to keep it)
        held = getattr(entry.record, name)
        if conflict in held:
            continue
        kept = tuple(sorted((*held, conflict), key=lambda c: (c.at, _key(c))))
        contacts[cid] = replace(entry, record=replace(entry.record, **{name: kept}))
        done.append((cid, conflict))
    return Merged(contacts, interactions, done)


def stamp_changes(cls: type[Record], synced: Table, now: Mapping[str, Record], stamp: Stamp,
                  ids: Iterable[str] | None = None) -> dict[str, Entry]:
    """The entries of the records that changed since ``synced``, stamped
    ``stamp`` (field by field; a record gone from ``now``: a tombstone).
    ``ids``: the only ones that may have changed (default: all)."""
    out: dict[str, Entry] = {}
    if ids is None:
        ids = set(synced) | set(now)
    for rid in ids:
        old, record = synced.get(rid), now.get(rid)
        if record is None:
            if old is not None and old.record is not None:
                out[rid] = Entry(None, old.born, old.fields, stamp)
            continue
        if old is None or old.record is None:
            out[rid] = Entry(record, stamp)
            continue
        if old.record == record:
            continue
        fields = dict(old.fields)
        for f in _fields(cls):
            if getattr(old.record, f.name) != getattr(record, f.name):
                fields[f.name] = stamp
        out[rid] = Entry(record, old.born, fields)
    return out


__all__ = ["Entry", "MergeError", "Merged", "Stamp", "merge", "merge_entry", "stamp_changes"]
