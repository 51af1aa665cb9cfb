"""The domain records: contacts, their stage history and interactions.

Records are frozen dataclasses holding tuples, so a record never changes in
place: the write path (``core.board``) replaces it with a new one, and undo
simply puts the old object back.  Timestamps are timezone-aware ``datetime``
objects in UTC.

``to_dict`` / ``from_dict`` give the plain shape used both by the store
(TinyDB documents) and by the YAML backup, so the two can never drift apart.
Empty optional fields are left out of that shape; reading fills them back in
with the same empty values, so a round trip is exact.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any


class RecordError(ValueError):
    """A stored or imported record has the wrong shape."""


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def utc(dt: datetime) -> datetime:
    """Normalise to a plain ``datetime`` in UTC (naive ones are taken as UTC).

    Subclasses (pendulum's DateTime) are turned into plain datetimes: their
    arithmetic differs subtly, and records must compare and serialise alike.
    """
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    if type(dt) is not datetime:
        dt = datetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second,
                      dt.microsecond, tzinfo=UTC)
    return dt


def format_time(dt: datetime) -> str:
    if dt.tzinfo is UTC and type(dt) is datetime:  # every stored record's times
        return dt.isoformat()
    return utc(dt).isoformat()


def parse_time(value: Any, what: str) -> datetime:
    if isinstance(value, datetime):
        return utc(value)
    if not isinstance(value, str):
        raise RecordError(f"{what}: expected an ISO 8601 timestamp, got {value!r}")
    try:
        return utc(datetime.fromisoformat(value))
    except ValueError as exc:
        raise RecordError(f"{what}: {value!r} is not an ISO 8601 timestamp") from exc


@dataclass(frozen=True, slots=True)
class Handle:
    platform: str
    handle: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.handle}" if self.platform else self.handle


@dataclass(frozen=True, slots=True)
class StageChange:
    """The moment a contact entered a rung."""

    rung: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    name: str
    rung: str
    created: datetime
    history: tuple[StageChange, ...] = ()
    handles: tuple[Handle, ...] = ()
    email: str = ""
    phone: str = ""
    company: str = ""
    position: str = ""
    city: str = ""
    how_we_met: str = ""
    introduced_by: str = ""  # id of the contact who introduced us
    tags: tuple[str, ...] = ()
    notes: str = ""  # what matters to them
    help: str = ""  # how to help them
    advocate: bool = False
    archived: bool = False
    cadence_days: int | None = None  # per-contact override of the rung cadence
    no_cadence: bool = False
    snoozed_until: datetime | None = None

    @property
    def entered(self) -> datetime:
        """When the contact entered its current rung."""
        for change in reversed(self.history):
            if change.rung == self.rung:
                return change.at
        return self.created

    @property
    def context(self) -> str:
        """One line of context: handle, company, city, whichever are set."""
        parts = []
        if self.handles:
            parts.append(self.handles[0].handle)
        if self.company:
            parts.append(self.company)
        if self.city:
            parts.append(self.city)
        return " · ".join(parts)


INTERACTION_KINDS_WITH_DURATION = frozenset({"call", "coffee", "meeting"})


@dataclass(slots=True)
class Interaction:
    """A touch logged against one or several people.

    Like every record, never changed in place (``dataclasses.replace`` makes
    a new one); it is not ``frozen`` only because a large board builds
    100,000 of them at start-up, and a frozen dataclass takes six times as
    long to build.

    Introductions are interactions of kind ``introduction`` with a
    ``direction``: ``given`` (I introduced the people in ``people`` to each
    other) or ``received`` (``connector`` introduced me to ``people``).
    """

    id: str
    kind: str
    at: datetime
    people: tuple[str, ...]
    duration_min: int | None = None
    place: str = ""
    notes: str = ""
    direction: str = ""  # introductions: "given" or "received"
    connector: str = ""  # received introductions: who introduced me
    agreed: bool = False  # given introductions: both agreed first
    why: str = ""


# ---------------------------------------------------------------- dict shape

_CONTACT_ORDER = [f.name for f in fields(Contact)]
_INTERACTION_ORDER = [f.name for f in fields(Interaction)]


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value is False


def contact_to_dict(c: Contact) -> dict[str, Any]:
    """A contact's dict: fields in their order, empty optional ones left out.

    Written field by field rather than by a loop over the fields: an import
    or a whole-board save makes 10,000 of these (and 100,000 of the
    interactions' below).  tests/unit/test_model_fastpath.py holds both to
    the loop they replace."""
    out: dict[str, Any] = {
        "id": c.id, "name": c.name, "rung": c.rung, "created": format_time(c.created),
        "history": [{"rung": h.rung, "at": format_time(h.at)} for h in c.history],
    }
    if not _is_empty(c.handles):
        out["handles"] = [{"platform": h.platform, "handle": h.handle} for h in c.handles]
    for name, value in (("email", c.email), ("phone", c.phone), ("company", c.company),
                        ("position", c.position), ("city", c.city),
                        ("how_we_met", c.how_we_met), ("introduced_by", c.introduced_by)):
        if not _is_empty(value):
            out[name] = value
    if not _is_empty(c.tags):
        out["tags"] = list(c.tags)
    for name, value in (("notes", c.notes), ("help", c.help), ("advocate", c.advocate),
                        ("archived", c.archived), ("cadence_days", c.cadence_days),
                        ("no_cadence", c.no_cadence)):
        if not _is_empty(value):
            out[name] = value
    if not _is_empty(c.snoozed_until):
        out["snoozed_until"] = format_time(c.snoozed_until)
    return out


def _str(d: dict, key: str, what: str, required: bool = False) -> str:
    value = d.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RecordError(f"{what}: field '{key}' must be text, got {type(value).__name__}")
    if required and not value.strip():
        raise RecordError(f"{what}: field '{key}' is required")
    return value


def _bool(d: dict, key: str, what: str) -> bool:
    value = d.get(key, False)
    if not isinstance(value, bool):
        raise RecordError(f"{what}: field '{key}' must be true or false")
    return value


def _opt_int(d: dict, key: str, what: str, least: int = 0) -> int | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise RecordError(f"{what}: field '{key}' must be a whole number ≥ {least}")
    return value


def _list(d: dict, key: str, what: str) -> list:
    value = d.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"{what}: field '{key}' must be a list")
    return value


_CONTACT_KEYS = frozenset(_CONTACT_ORDER)
_CONTACT_TYPES = {
    "id": str, "name": str, "rung": str, "created": str, "history": list, "handles": list,
    "email": str, "phone": str, "company": str, "position": str, "city": str,
    "how_we_met": str, "introduced_by": str, "tags": list, "notes": str, "help": str,
    "advocate": bool, "archived": bool, "cadence_days": int, "no_cadence": bool,
    "snoozed_until": str,
}
# A frozen dataclass sets each of its 21 fields through object.__setattr__
# (~6 µs a contact); the fast path fills the slots directly (~1 µs).
_CONTACT_SLOTS = tuple(getattr(Contact, name).__set__ for name in _CONTACT_ORDER)


def _build_contact(values: tuple) -> Contact:
    c = object.__new__(Contact)
    for put, value in zip(_CONTACT_SLOTS, values, strict=True):
        put(c, value)
    return c


def _fast_contact(d: dict) -> Contact | None:
    """The fast path of contact_from_dict (see interaction_from_dict)."""
    types = _CONTACT_TYPES
    for key, value in d.items():
        if types.get(key) is not type(value):
            return None  # an unknown key, a None, a wrong type: the full checks
    cid, name, rung = d.get("id"), d.get("name"), d.get("rung")
    created = _fast_time(d.get("created"))
    if created is None or not (cid and cid.strip() and name and name.strip()
                               and rung and rung.strip()):
        return None
    history = []
    for h in d.get("history", ()):
        if type(h) is not dict or len(h) != 2:
            return None
        hr, at = h.get("rung"), _fast_time(h.get("at"))
        if type(hr) is not str or not hr.strip() or at is None:
            return None
        history.append(StageChange(hr, at))
    handles = []
    for h in d.get("handles", ()):
        if type(h) is not dict or not h.keys() <= {"platform", "handle"}:
            return None
        platform, handle = h.get("platform", ""), h.get("handle")
        if type(platform) is not str or type(handle) is not str or not handle.strip():
            return None
        handles.append(Handle(platform, handle))
    tags = d.get("tags", ())
    cadence = d.get("cadence_days")
    snoozed = d.get("snoozed_until")
    snoozed_at = None if snoozed is None else _fast_time(snoozed)
    if (
        not all(type(t) is str for t in tags)
        or (cadence is not None and cadence < 1)
        or (snoozed is not None and snoozed_at is None)
    ):
        return None
    get = d.get
    return _build_contact((
        cid, name, rung, created, tuple(history), tuple(handles),
        get("email", ""), get("phone", ""), get("company", ""), get("position", ""),
        get("city", ""), get("how_we_met", ""), get("introduced_by", ""), tuple(tags),
        get("notes", ""), get("help", ""), get("advocate", False), get("archived", False),
        cadence, get("no_cadence", False), snoozed_at,
    ))


def contact_from_dict(d: Any, where: str = "contact") -> Contact:
    if type(d) is dict and d.keys() <= _CONTACT_KEYS:
        fast = _fast_contact(d)
        if fast is not None:
            return fast
    return _contact_from_dict_checked(d, where)


def _contact_from_dict_checked(d: Any, where: str) -> Contact:
    if not isinstance(d, dict):
        raise RecordError(f"{where}: expected a mapping, got {type(d).__name__}")
    known = set(_CONTACT_ORDER)
    unknown = sorted(str(k) for k in d if k not in known)
    if unknown:
        raise RecordError(f"{where}: unknown field(s) {', '.join(unknown)}")
    cid = _str(d, "id", where, required=True)
    what = f"{where} {cid}"
    history = []
    for n, h in enumerate(_list(d, "history", what)):
        if not isinstance(h, dict) or set(h) != {"rung", "at"}:
            raise RecordError(f"{what}: history entry {n + 1} needs exactly 'rung' and 'at'")
        history.append(
            StageChange(_str(h, "rung", what, True), parse_time(h["at"], f"{what} history"))
        )
    handles = []
    for n, h in enumerate(_list(d, "handles", what)):
        if not isinstance(h, dict) or not set(h) <= {"platform", "handle"}:
            raise RecordError(f"{what}: handle {n + 1} needs 'platform' and 'handle'")
        handles.append(Handle(_str(h, "platform", what), _str(h, "handle", what, True)))
    tags = _list(d, "tags", what)
    if not all(isinstance(t, str) for t in tags):
        raise RecordError(f"{what}: tags must be text")
    snoozed = d.get("snoozed_until")
    return Contact(
        id=cid,
        name=_str(d, "name", what, required=True),
        rung=_str(d, "rung", what, required=True),
        created=parse_time(d.get("created"), f"{what} created"),
        history=tuple(history),
        handles=tuple(handles),
        email=_str(d, "email", what),
        phone=_str(d, "phone", what),
        company=_str(d, "company", what),
        position=_str(d, "position", what),
        city=_str(d, "city", what),
        how_we_met=_str(d, "how_we_met", what),
        introduced_by=_str(d, "introduced_by", what),
        tags=tuple(tags),
        notes=_str(d, "notes", what),
        help=_str(d, "help", what),
        advocate=_bool(d, "advocate", what),
        archived=_bool(d, "archived", what),
        cadence_days=_opt_int(d, "cadence_days", what, least=1),
        no_cadence=_bool(d, "no_cadence", what),
        snoozed_until=None if snoozed is None else parse_time(snoozed, f"{what} snoozed_until"),
    )


def interaction_to_dict(i: Interaction) -> dict[str, Any]:
    """An interaction's dict (see contact_to_dict)."""
    out: dict[str, Any] = {
        "id": i.id, "kind": i.kind, "at": format_time(i.at), "people": list(i.people),
    }
    if i.duration_min is not None:
        out["duration_min"] = i.duration_min
    if i.place:
        out["place"] = i.place
    if i.notes:
        out["notes"] = i.notes
    if i.direction:
        out["direction"] = i.direction
    if i.connector:
        out["connector"] = i.connector
    if i.agreed:
        out["agreed"] = i.agreed
    if i.why:
        out["why"] = i.why
    return out


_INTERACTION_TYPES = {
    "id": str, "kind": str, "at": str, "people": list, "duration_min": int, "place": str,
    "notes": str, "direction": str, "connector": str, "agreed": bool, "why": str,
}


def _fast_time(value: Any) -> datetime | None:
    """A timestamp exactly as board writes it (ISO, UTC), or None."""
    if type(value) is str and value.endswith("+00:00"):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def interaction_from_dict(d: Any, where: str = "interaction") -> Interaction:
    """Build an Interaction from its dict, or raise RecordError saying why.

    Records as board writes them take a fast path (a large board has 100,000
    of them); anything unusual goes through the full checks, which alone
    decide what is wrong.  The fast path accepts nothing they would refuse.
    """
    if type(d) is dict and "id" in d and "kind" in d and "at" in d and "people" in d:
        types = _INTERACTION_TYPES
        for key, value in d.items():
            if types.get(key) is not type(value):
                break  # an unknown key, a None, a wrong type: the full checks
        else:
            iid, kind, people, at_text = d["id"], d["kind"], d["people"], d["at"]
            at = None
            if at_text.endswith("+00:00"):
                try:
                    at = datetime.fromisoformat(at_text)
                except ValueError:
                    at = None
            n = len(people)
            if n == 1:
                first = people[0]
                people_ok = type(first) is str and first != ""
            else:
                people_ok = n > 1 and all(type(x) is str and x for x in people)
            if len(d) == 4:  # the common case: no optional field
                if at is not None and people_ok and iid.strip() and kind.strip():
                    return Interaction(iid, kind, at, tuple(people))
            else:
                duration = d.get("duration_min")
                direction = d.get("direction", "")
                if (
                    at is not None
                    and people_ok
                    and iid.strip()
                    and kind.strip()
                    and (duration is None or duration >= 0)
                    and (
                        direction == ""
                        or (direction == "given" and n >= 2)
                        or (direction == "received" and d.get("connector"))
                    )
                ):
                    return Interaction(
                        iid, kind, at, tuple(people), duration, d.get("place", ""),
                        d.get("notes", ""), direction, d.get("connector", ""),
                        d.get("agreed", False), d.get("why", ""),
                    )
    return _interaction_from_dict_checked(d, where)


def _interaction_from_dict_checked(d: Any, where: str) -> Interaction:
    if not isinstance(d, dict):
        raise RecordError(f"{where}: expected a mapping, got {type(d).__name__}")
    known = set(_INTERACTION_ORDER)
    unknown = sorted(str(k) for k in d if k not in known)
    if unknown:
        raise RecordError(f"{where}: unknown field(s) {', '.join(unknown)}")
    iid = _str(d, "id", where, required=True)
    what = f"{where} {iid}"
    people = _list(d, "people", what)
    if not people or not all(isinstance(p, str) and p for p in people):
        raise RecordError(f"{what}: 'people' must list at least one contact id")
    direction = _str(d, "direction", what)
    if direction not in ("", "given", "received"):
        raise RecordError(f"{what}: direction must be 'given' or 'received'")
    if direction == "given" and len(people) < 2:
        raise RecordError(f"{what}: a given introduction links at least two people")
    if direction == "received" and not d.get("connector"):
        raise RecordError(f"{what}: a received introduction needs its 'connector'")
    return Interaction(
        id=iid,
        kind=_str(d, "kind", what, required=True),
        at=parse_time(d.get("at"), f"{what} at"),
        people=tuple(people),
        duration_min=_opt_int(d, "duration_min", what),
        place=_str(d, "place", what),
        notes=_str(d, "notes", what),
        direction=direction,
        connector=_str(d, "connector", what),
        agreed=_bool(d, "agreed", what),
        why=_str(d, "why", what),
    )


__all__ = [
    "Contact",
    "Handle",
    "Interaction",
    "RecordError",
    "StageChange",
    "contact_from_dict",
    "contact_to_dict",
    "format_time",
    "interaction_from_dict",
    "interaction_to_dict",
    "new_id",
    "parse_time",
    "utc",
]
