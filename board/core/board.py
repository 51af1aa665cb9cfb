"""The board: the one write path for every change to the data.

Every change (add, edit, move, archive, log, ...) goes through
:meth:`Board._commit`, which

1. remembers the records as they were, for :meth:`Board.undo`,
2. applies the new records in memory,
3. hands them to the store (which persists them in the background), and
4. tells subscribers (the UI) exactly which records changed.

No Textual, no TinyDB: the store is anything with ``put`` and ``delete``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any, Protocol, TypeVar

from msgspec.structs import asdict, replace

from board.core.dates import read_birthday, read_dates
from board.core.duplicates import MergePlan, not_same_marks, plan_merge
from board.core.ladder import MAX_CADENCE_DAYS, Ladder
from board.core.log import Log, involved
from board.core.schema import Contact, Handle, Interaction, StageChange, new_id, to_dict
from board.core.search import fold, same_name

CONTACTS = "contacts"
INTERACTIONS = "interactions"
UNDO_DEPTH = 500

EDITABLE_FIELDS = (
    "name",
    "handles",
    "email",
    "phone",
    "company",
    "position",
    "city",
    "how_we_met",
    "introduced_by",
    "tags",
    "notes",
    "help",
    "advocate",
    "cadence_days",
    "no_cadence",
    "birthday",
    "dates",
)


class BoardError(Exception):
    """A change that cannot be made; the message is for the user."""


class ValidationError(BoardError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class LadderEnd(BoardError):
    """A promote past the last rung or a demote below the first."""


class Store(Protocol):
    def put_many(self, table: str, docs: dict[str, dict[str, Any]]) -> None: ...

    def delete(self, table: str, key: str) -> None: ...

    def batch(self) -> contextlib.AbstractContextManager[None]: ...


class NullStore:
    """A store that keeps nothing (for tests and throwaway boards)."""

    def put_many(self, table: str, docs: dict[str, dict[str, Any]]) -> None:
        pass

    def delete(self, table: str, key: str) -> None:
        pass

    def batch(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()


#: a record the board keeps by id
_Kept = TypeVar("_Kept", Contact, Interaction)


def _note_changes(records: Iterable[_Kept], now: Mapping[str, _Kept],
                  changes: dict[str, _Kept | None]) -> None:
    """Put in ``changes`` each of ``records`` that differs from the one held in
    ``now``; one equal to it changes nothing and is taken out."""
    for record in records:
        if now.get(record.id) == record:
            changes.pop(record.id, None)
        else:
            changes[record.id] = record


def _merged_changes(merged: Mapping[str, _Kept | None], now: Mapping[str, _Kept],
                    then: Mapping[str, _Kept] | None, out: dict[str, _Kept | None]) -> None:
    """Put in ``out`` each merged record that differs from the one held in
    ``now``, keeping what changed in ``now`` since ``then`` (see apply_merged)."""
    for rid, record in merged.items():
        current = now.get(rid)
        if then is not None and current != then.get(rid):
            record = _kept_over(record, current, then.get(rid))
        if record != current:
            out[rid] = record


def _kept_over(merged: _Kept | None, current: _Kept | None, then: _Kept | None
               ) -> _Kept | None:
    """A merged record over one changed on the board while the sync ran: the
    fields changed here meanwhile keep the board's values."""
    if current is None or merged is None or then is None:
        return current  # (deleted, or added, here meanwhile: the board's stands)
    changed = {name: getattr(current, name) for name in current.__struct_fields__
               if getattr(current, name) != getattr(then, name)}
    return replace(merged, **changed)


@dataclass(frozen=True)
class Change:
    """What a commit (or an undo) changed, for subscribers to repaint."""

    description: str
    contacts: frozenset[str]
    interactions: frozenset[str]
    undo: bool = False
    redo: bool = False


@dataclass(frozen=True)
class _UndoEntry:
    description: str
    contacts: dict[str, Contact | None]
    interactions: dict[str, Interaction | None]


def now_utc() -> datetime:
    return datetime.now(UTC)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"[0-9+()./ \-x]{3,}")


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def is_phone(text: str) -> bool:
    return bool(_PHONE.fullmatch(text))


def clean_name(text: str) -> str:
    return " ".join(text.split())


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        tag = tag.strip().lstrip("#").strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return tuple(out)


def validate_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Normalise user-entered contact fields; raise ValidationError."""
    errors: dict[str, str] = {}
    out = dict(values)
    for key in values:
        if key not in EDITABLE_FIELDS:
            raise BoardError(f"unknown contact field {key!r}")
    if "name" in out:
        name = clean_name(str(out["name"])) if out["name"] is not None else ""
        if not name:
            errors["name"] = "A name is required."
        out["name"] = name
    for key in ("email", "phone", "company", "position", "city", "how_we_met", "introduced_by"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if out.get("email") and not is_email(out["email"]):
        errors["email"] = "That does not look like an email address."
    if out.get("phone") and not is_phone(out["phone"]):
        errors["phone"] = "Use digits, spaces and + ( ) - . only."
    for key in ("notes", "help"):
        if key in out:
            out[key] = (out[key] or "").strip("\n")
    if "tags" in out:
        out["tags"] = clean_tags(out["tags"] or ())
    if "handles" in out:
        handles = []
        for h in out["handles"] or ():
            if isinstance(h, str):
                h = parse_handle(h)
            if h is not None:  # (a handle is never blank: nothing typed is none)
                handles.append(Handle(h.platform.strip().lower(), h.handle.strip()))
        out["handles"] = tuple(handles)
    if "cadence_days" in out and out["cadence_days"] is not None:
        try:
            days = int(out["cadence_days"])
        except (TypeError, ValueError):
            errors["cadence_days"] = "Cadence is a whole number of days."
        else:
            if days < 1 or days > MAX_CADENCE_DAYS:
                errors["cadence_days"] = f"Cadence is between 1 and {MAX_CADENCE_DAYS} days."
            out["cadence_days"] = days
    for key in ("advocate", "no_cadence"):
        if key in out:
            out[key] = bool(out[key])
    if "birthday" in out:
        try:
            out["birthday"] = read_birthday(out["birthday"] or "")
        except ValueError as exc:
            errors["birthday"] = str(exc)
    if "dates" in out:
        try:
            out["dates"] = read_dates(out["dates"] or ())
        except ValueError as exc:
            errors["dates"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return out


def _handle_key(h: Handle | str) -> tuple[str, str] | None:
    """(platform, handle) as compared: folded, without a leading @."""
    handle = parse_handle(h) if isinstance(h, str) else h
    if handle is None:
        return None
    return handle.platform.strip().lower(), fold(handle.handle.strip()).lstrip("@")


def _same_handle(wanted: set[tuple[str, str]], handles: Iterable[Handle]) -> str | None:
    """The first of ``handles`` that is one of ``wanted`` (a handle given
    without a platform matches that handle on any platform)."""
    bare = {h for p, h in wanted if not p}
    for h in handles:
        key = _handle_key(h)
        if key is not None and (key in wanted or key[1] in bare or (
                not key[0] and any(key[1] == w for _p, w in wanted))):
            return str(h)
    return None


def parse_handle(text: str) -> Handle | None:
    """``linkedin:jane-doe`` → Handle("linkedin", "jane-doe"); ``@jane`` → ("", "@jane");
    None when there is no handle (``linkedin:`` alone, or nothing)."""
    text = text.strip()
    platform, sep, handle = text.partition(":")
    if sep and platform and " " not in platform and not handle.startswith("//"):
        handle = handle.strip()
        return Handle(platform.strip().lower(), handle) if handle else None
    return Handle("", text) if text else None


class Board:
    """All contacts and interactions in memory, and the one way to change them.

    The log can come later: with ``deferred_log`` (a function giving every
    interaction) the board starts with its contacts alone, so a large board
    can be shown before its 100,000 interactions are read.  The board's
    :class:`~board.core.log.Log` reads them once, on :meth:`load_log` or on
    the first use of anything that needs them (reading interactions, last
    touches, any change): no caller ever sees a board without its log.  If
    reading fails, that error is raised again by every later use, so nothing
    is ever written over a log that could not be read.
    """

    def __init__(
        self,
        ladder: Ladder,
        contacts: Iterable[Contact] = (),
        interactions: Iterable[Interaction] = (),
        store: Store | None = None,
        clock: Callable[[], datetime] = now_utc,
        deferred_log: Callable[[], Iterable[Interaction]] | None = None,
    ):
        self.ladder = ladder
        self.store: Store = store or NullStore()
        self.clock = clock
        self.contacts: dict[str, Contact] = {c.id: c for c in contacts}
        self.interaction_log = Log(interactions, read=deferred_log)
        self._undo: list[_UndoEntry] = []
        self._redo: list[_UndoEntry] = []  # what undo took back, newest last
        self._listeners: list[Callable[[Change], None]] = []

    @property
    def interactions(self) -> dict[str, Interaction]:
        """Every interaction by id (the log is read first if it was deferred)."""
        return self.interaction_log.records

    @property
    def log_ready(self) -> bool:
        """Whether the log has been read (always, unless it was deferred)."""
        return self.interaction_log.ready

    def load_log(self) -> None:
        """Read a deferred log now (nothing to do if it was read)."""
        self.interaction_log.read()

    # ----------------------------------------------------------- reading

    def active(self) -> Iterable[Contact]:
        return (c for c in self.contacts.values() if not c.archived)

    def contact(self, cid: str) -> Contact:
        try:
            return self.contacts[cid]
        except KeyError:
            raise BoardError(f"no contact with id {cid!r}") from None

    def on_rung(self, key: str) -> list[Contact]:
        return [c for c in self.active() if self.display_rung(c) == key]

    def display_rung(self, c: Contact) -> str:
        """The rung a contact shows on: its own, or the first if that rung is gone."""
        return c.rung if c.rung in self.ladder else self.ladder.first.key

    def timeline(self, cid: str) -> list[Interaction]:
        """Interactions involving a contact, newest first."""
        records = self.interactions
        items = [records[i] for i in self.interaction_log.ids_of(cid)]
        # Two stable sorts (id, then time) order as one by (time, id), without
        # building a tuple per item: a busy person has thousands.
        items.sort(key=attrgetter("id"), reverse=True)
        items.sort(key=attrgetter("at"), reverse=True)
        return items

    def interactions_of(self, cid: str) -> Iterable[Interaction]:
        """Interactions involving a contact, in no particular order."""
        records = self.interactions
        return (records[i] for i in self.interaction_log.ids_of(cid))

    def last_touch(self, cid: str) -> datetime | None:
        return self.interaction_log.last_touch(cid)

    def look_alikes(self, name: str = "", email: str = "",
                    handles: Iterable[Handle | str] = ()) -> list[tuple[Contact, str]]:
        """People already here (archived too) who may be the one being added:
        the same name once accents, case and spacing are folded, the same
        email, or the same profile handle. Each with what matched, best
        first (name, then email, then handle)."""
        want_email = email.strip().casefold()
        wanted = {key for h in handles if (key := _handle_key(h)) is not None}
        found: list[tuple[int, str, Contact, str]] = []
        for c in self.contacts.values():
            if name.strip() and same_name(c.name, name):
                rank, why = 0, "same name"
            elif want_email and c.email.casefold() == want_email:
                rank, why = 1, "same email"
            elif wanted and (match := _same_handle(wanted, c.handles)):
                rank, why = 2, f"same profile ({match})"
            else:
                continue
            found.append((rank, fold(c.name), c, why))
        found.sort(key=lambda row: (row[0], row[1], row[2].id))
        return [(c, why) for _rank, _name, c, why in found]

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Change], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # ----------------------------------------------------------- contacts

    def add_contact(self, name: str, rung: str | None = None, **values: Any) -> Contact:
        values = validate_fields({"name": name, **values})
        rung = rung or self.ladder.first.key
        if rung not in self.ladder:
            raise BoardError(f"unknown rung {rung!r}")
        now = self.clock()
        contact = Contact(
            id=new_id(),
            rung=rung,
            created=now,
            history=(StageChange(rung, now),),
            **values,
        )
        self._commit(f"add {contact.name}", contacts={contact.id: contact})
        return contact

    def update_contact(self, cid: str, **values: Any) -> Contact:
        before = self.contact(cid)
        values = validate_fields(values)
        after = replace(before, **values)
        if after == before:
            return before
        self._commit(f"edit {after.name}", contacts={cid: after})
        return after

    def move(self, cid: str, rung: str) -> Contact:
        before = self.contact(cid)
        if rung not in self.ladder:
            raise BoardError(f"unknown rung {rung!r}")
        if rung == before.rung:
            return before
        after = replace(
            before, rung=rung, history=(*before.history, StageChange(rung, self.clock()))
        )
        verb = "promote" if self.ladder.index(rung) > self.ladder.index(before.rung) else "demote"
        self._commit(
            f"{verb} {after.name} to {self.ladder.label(rung)}", contacts={cid: after}
        )
        return after

    def promote(self, cid: str) -> Contact:
        c = self.contact(cid)
        step = self.ladder.above(self.display_rung(c))
        if step is None:
            raise LadderEnd(f"{c.name} is already on the top rung ({self.ladder.last.label}).")
        return self.move(cid, step.key)

    def demote(self, cid: str) -> Contact:
        c = self.contact(cid)
        step = self.ladder.below(self.display_rung(c))
        if step is None:
            raise LadderEnd(
                f"{c.name} is already on the first rung ({self.ladder.first.label})."
            )
        return self.move(cid, step.key)

    def archive(self, cid: str) -> Contact:
        before = self.contact(cid)
        if before.archived:
            return before
        after = replace(before, archived=True)
        self._commit(f"archive {after.name}", contacts={cid: after})
        return after

    def unarchive(self, cid: str) -> Contact:
        before = self.contact(cid)
        if not before.archived:
            return before
        after = replace(before, archived=False)
        self._commit(f"restore {after.name}", contacts={cid: after})
        return after

    def toggle_advocate(self, cid: str) -> Contact:
        before = self.contact(cid)
        after = replace(before, advocate=not before.advocate)
        verb = "mark" if after.advocate else "unmark"
        self._commit(f"{verb} {after.name} as advocate", contacts={cid: after})
        return after

    # ----------------------------------------------------------- duplicates

    def merge(self, keep: str, drop: str) -> MergePlan:
        """Fold ``drop`` into ``keep`` (board.core.duplicates.plan_merge says
        how): one undoable step, which undo takes back whole (both people,
        every interaction and mark exactly as they were)."""
        plan = plan_merge(self, keep, drop)
        contacts = dict(plan.contacts)
        interactions: dict[str, Interaction | None] = dict(plan.interactions)
        self._commit(f"merge {plan.drop.name} into {plan.keep.name}",
                     contacts=contacts, interactions=interactions)
        return plan

    def mark_not_same(self, a: str, b: str) -> None:
        """Mark two people "not the same person": never offered as a
        duplicate pair again (kept on both records)."""
        ca, cb = self.contact(a), self.contact(b)
        if ca.id == cb.id:
            raise BoardError("a person is always the same as themselves")
        marks: dict[str, Contact | None] = dict(not_same_marks(ca, cb))
        self._commit(f"mark {ca.name} and {cb.name} as not the same person", contacts=marks)

    # ----------------------------------------------------------- interactions

    def log(
        self,
        kind: str,
        people: Iterable[str],
        at: datetime | None = None,
        **values: Any,
    ) -> Interaction:
        """Log an interaction with one or several people (one record for all)."""
        interaction = self._check_interaction(
            {**values, "id": new_id(), "kind": kind, "at": at or self.clock(),
             "people": tuple(dict.fromkeys(people))}
        )
        names = ", ".join(self.contacts[p].name for p in interaction.people)
        label = self.ladder.kind(kind).label.lower()
        self._commit(f"log {label} with {names}", contacts=self._unsnoozed(interaction),
                     interactions={interaction.id: interaction})
        return interaction

    def _unsnoozed(self, interaction: Interaction) -> dict[str, Contact | None]:
        """A touch ends a snooze: the clock restarts from the touch."""
        out: dict[str, Contact | None] = {}
        for cid in self.involved(interaction):
            c = self.contacts.get(cid)
            last = self.last_touch(cid) if c is not None else None
            if c is not None and c.snoozed_until is not None and (
                last is None or interaction.at >= last
            ):
                out[cid] = replace(c, snoozed_until=None)
        return out

    def clear_conflicts(self, cid: str) -> Contact:
        """Forget the values that lost sync merges for this person, once read
        (the next sync clears them on the other machines too)."""
        before = self.contact(cid)
        if not before.conflicts:
            return before
        after = replace(before, conflicts=())
        self._commit(f"clear the sync conflicts of {after.name}", contacts={cid: after})
        return after

    def snooze(self, cid: str, until: datetime | None) -> Contact:
        """Push the next due date to ``until`` (None: end the snooze),
        without pretending a touch happened."""
        before = self.contact(cid)
        after = replace(before, snoozed_until=until)
        if after == before:
            return before
        what = f"snooze {after.name}" if until else f"end the snooze of {after.name}"
        self._commit(what, contacts={cid: after})
        return after

    def receive_introduction(
        self,
        connector: str,
        person: str | None = None,
        new_name: str | None = None,
        at: datetime | None = None,
        **values: Any,
    ) -> tuple[Interaction, Contact]:
        """``connector`` introduced me to ``person``" (or to someone new,
        created on the spot on the first rung).  The person's *how we met*
        points at the connector.  One undoable step."""
        a = self.contact(connector)
        when = at or self.clock()
        if person is None:
            fields = validate_fields({"name": new_name or ""})
            now = self.clock()
            b = Contact(id=new_id(), name=fields["name"], rung=self.ladder.first.key,
                        created=now, history=(StageChange(self.ladder.first.key, now),))
        else:
            b = self.contact(person)
        if not b.introduced_by:
            b = replace(b, introduced_by=a.id,
                        how_we_met=b.how_we_met or f"Introduced by {a.name}")
        interaction = self._check_interaction(
            {**values, "id": new_id(), "kind": "introduction", "at": when, "people": (b.id,),
             "direction": "received", "connector": a.id}, new_people={b.id})
        contacts = self._unsnoozed(interaction)
        contacts[b.id] = replace(b, snoozed_until=None) if b.id in contacts else b
        self._commit(f"log introduction to {b.name} by {a.name}",
                     contacts=contacts, interactions={interaction.id: interaction})
        return interaction, b

    def edit_interaction(self, iid: str, **values: Any) -> Interaction:
        before = self.interactions.get(iid)
        if before is None:
            raise BoardError(f"no interaction with id {iid!r}")
        if "people" in values:
            values["people"] = tuple(dict.fromkeys(values["people"]))
        after = self._check_interaction({**asdict(before), **values})
        if after == before:
            return before
        label = self.ladder.kind(after.kind).label.lower()
        self._commit(f"edit {label}", interactions={iid: after})
        return after

    def delete_interaction(self, iid: str) -> None:
        before = self.interactions.get(iid)
        if before is None:
            raise BoardError(f"no interaction with id {iid!r}")
        label = self.ladder.kind(before.kind).label.lower()
        self._commit(f"delete {label}", interactions={iid: None})

    def _check_interaction(self, values: dict[str, Any],
                           new_people: frozenset[str] | set[str] = frozenset()) -> Interaction:
        """The interaction ``values`` describe, checked (ValidationError says
        what to fix, field by field) and normalised; ``new_people`` are
        contacts created in the same step (not on the board yet)."""
        errors: dict[str, str] = {}
        for key in values:
            if key not in Interaction.__struct_fields__:
                raise BoardError(f"unknown interaction field {key!r}")
        people = values.get("people", ())
        direction, connector = values.get("direction", ""), values.get("connector", "")
        duration = values.get("duration_min")
        if not str(values.get("kind") or "").strip():
            errors["kind"] = "Pick a kind."
        if not people:
            errors["people"] = "Who was it with? Add at least one person."
        for cid in (*people, *((connector,) if connector else ())):
            if cid not in self.contacts and cid not in new_people:
                errors["people"] = f"Unknown contact {cid!r}."
        if duration is not None and not 0 <= duration <= 24 * 60:
            errors["duration_min"] = "Duration is in minutes, up to 1440."
        if direction not in ("", "given", "received"):
            errors["direction"] = "An introduction is given or received."
        intro = values.get("kind") == "introduction"
        if intro and direction == "given" and len(people) < 2:
            errors["people"] = "An introduction links at least two people."
        if intro and direction == "received" and not connector:
            errors["connector"] = "Who introduced you?"
        if connector and connector in people:
            errors["connector"] = "The connector cannot be the person introduced."
        if errors:
            raise ValidationError(errors)
        for key, strip in (("place", None), ("notes", "\n"), ("why", None), ("title", None)):
            if key in values:
                values[key] = values[key].strip(strip)
        return Interaction(**values)

    def suggestion(self, interaction: Interaction) -> dict[str, str]:
        """People this interaction suggests promoting: {contact id: rung key}.

        An interaction deeper than a card's rung implies suggests moving the
        card one rung up (never more than one).  Introductions count as
        giving, not as depth with the people involved: they suggest nothing.
        """
        out: dict[str, str] = {}
        if interaction.kind == "introduction":
            return out
        for cid in interaction.people:
            c = self.contacts.get(cid)
            if c is None or c.archived:
                continue
            step = self.ladder.suggested_rung(interaction.kind, self.display_rung(c))
            if step is not None:
                out[cid] = step.key
        return out

    def is_connector(self, cid: str) -> bool:
        """Whether ``cid`` has introduced me to someone (counted as the log changes)."""
        return self.interaction_log.introductions_made(cid) > 0

    # ----------------------------------------------------------- bulk

    def restore(
        self,
        contacts: Iterable[Contact],
        interactions: Iterable[Interaction],
        description: str = "import",
        undoable: bool = True,
        replace: bool = False,
    ) -> Change:
        """Put whole records in (an import); one undoable step.

        With ``replace`` every record not given is removed in the same step.
        A record equal to the one already there changes nothing and is left
        out (restoring a backup over the board it came from writes nothing).
        """
        cmap: dict[str, Contact | None] = dict.fromkeys(self.contacts) if replace else {}
        imap: dict[str, Interaction | None] = (
            dict.fromkeys(self.interactions) if replace else {}
        )
        _note_changes(contacts, self.contacts, cmap)
        _note_changes(interactions, self.interactions, imap)
        if undoable:
            return self._commit(description, contacts=cmap, interactions=imap)
        return self._apply(cmap, imap, description)

    def apply_merged(
        self,
        contacts: Mapping[str, Contact | None],
        interactions: Mapping[str, Interaction | None],
        description: str = "sync",
        since: tuple[Mapping[str, Contact], Mapping[str, Interaction]] | None = None,
    ) -> Change:
        """Put in what a sync merged (None: the record is deleted): one undo step.

        ``since`` is the board's records as the sync read them: a record
        changed here since then keeps those changes, field by field, over
        the merged one (the next sync sends them); one deleted here since
        stays deleted."""
        cmap: dict[str, Contact | None] = {}
        imap: dict[str, Interaction | None] = {}
        _merged_changes(contacts, self.contacts, since[0] if since else None, cmap)
        _merged_changes(interactions, self.interactions, since[1] if since else None, imap)
        return self._commit(description, contacts=cmap, interactions=imap)

    # ----------------------------------------------------------- undo

    def undo(self) -> Change | None:
        """Undo the last change; returns what changed, or None if nothing to undo.
        What it took back can be put back by :meth:`redo`."""
        if not self._undo:
            return None
        entry = self._undo.pop()
        self._redo.append(self._snapshot(entry))
        return self._apply(
            entry.contacts, entry.interactions, f"undo {entry.description}", undo=True
        )

    def redo(self) -> Change | None:
        """Put back the change the last undo took back (None if there is
        none: any new change after an undo ends what can be redone)."""
        if not self._redo:
            return None
        entry = self._redo.pop()
        self._undo.append(self._snapshot(entry))
        return self._apply(
            entry.contacts, entry.interactions, f"redo {entry.description}", redo=True
        )

    def _snapshot(self, entry: _UndoEntry) -> _UndoEntry:
        """The records ``entry`` touches, as they are now (to go back to)."""
        return _UndoEntry(
            entry.description,
            {cid: self.contacts.get(cid) for cid in entry.contacts},
            {iid: self.interactions.get(iid) for iid in entry.interactions},
        )

    # ----------------------------------------------------------- internals

    def _commit(
        self,
        description: str,
        contacts: dict[str, Contact | None] | None = None,
        interactions: dict[str, Interaction | None] | None = None,
    ) -> Change:
        contacts = contacts or {}
        interactions = interactions or {}
        entry = _UndoEntry(
            description,
            {cid: self.contacts.get(cid) for cid in contacts},
            {iid: self.interactions.get(iid) for iid in interactions},
        )
        self._undo.append(entry)
        if len(self._undo) > UNDO_DEPTH:
            del self._undo[0]
        self._redo.clear()  # a new change: what was undone stays undone
        return self._apply(contacts, interactions, description)

    def _apply(
        self,
        contacts: dict[str, Contact | None],
        interactions: dict[str, Interaction | None],
        description: str,
        undo: bool = False,
        redo: bool = False,
    ) -> Change:
        self.interaction_log.read()  # never write beside a log not yet read (or unreadable)
        with self.store.batch():
            touched_people = self._apply_records(contacts, interactions)
        change = Change(
            description,
            frozenset(contacts) | frozenset(touched_people),
            frozenset(interactions),
            undo,
            redo,
        )
        for listener in list(self._listeners):
            listener(change)
        return change

    def _apply_records(
        self,
        contacts: dict[str, Contact | None],
        interactions: dict[str, Interaction | None],
    ) -> set[str]:
        touched_people: set[str] = set()
        store = self.store
        docs: dict[str, dict[str, Any]] = {}  # written to the store a table at a time
        for cid, contact in contacts.items():
            if contact is None:
                self.contacts.pop(cid, None)
                store.delete(CONTACTS, cid)
            else:
                self.contacts[cid] = contact
                docs[cid] = to_dict(contact)
        if docs:
            store.put_many(CONTACTS, docs)
        docs = {}
        records = self.interactions
        for iid, interaction in interactions.items():
            old = records.get(iid)
            if old is not None:
                touched_people.update(self.interaction_log.remove(old))
            if interaction is None:
                store.delete(INTERACTIONS, iid)
            else:
                touched_people.update(self.interaction_log.add(interaction))
                docs[iid] = to_dict(interaction)
        if docs:
            store.put_many(INTERACTIONS, docs)  # an import: 100,000 in one call
        return touched_people

    #: Everyone an interaction is about (its people and who introduced them).
    involved = staticmethod(involved)
