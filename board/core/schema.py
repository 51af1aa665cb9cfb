"""The domain records, each declared once: contacts, their stage history and
handles, and interactions.

A record is a frozen ``msgspec.Struct``: it never changes in place (the
write path, ``core.board``, replaces it with ``msgspec.structs.replace``, and
undo puts the old object back).  Everything else comes from the declaration:

* **the dict and JSON shape** (the store's documents, the backup's lines):
  fields in declaration order, empty optional fields left out (they read back
  as the same defaults), timestamps as ISO 8601 text in UTC.  msgspec writes
  UTC as ``Z`` (``2026-01-01T09:30:00Z``); files written before it say
  ``+00:00``, and reading takes either (and any other offset, or none: UTC is
  then assumed), always giving back UTC;
* **validation**, with the field types and the one-field rules (``Meta``) in
  the annotations and the rules across fields, or that no annotation says
  (text that must not be blank), in ``__post_init__``, which runs whenever a
  record is made, read or replaced.  A dict that is not a record is refused
  with a :class:`RecordError` naming the record and the field
  (``contact 2 c2: field 'rung' must be text, got int``), worked out from the
  same declaration (:func:`problem`).

Records are not tracked by the garbage collector (``gc=False``): they hold
only text, numbers, times and tuples of other records, never a cycle, and a
large board has 100,000 of them (reading them is then three times faster,
and full collections have that much less to walk).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from types import GenericAlias
from typing import Annotated, Any, TypeVar, cast

import msgspec
import msgspec.inspect as mi
from msgspec import Meta, Struct
from msgspec.structs import force_setattr


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


def _in_utc(record: Struct, name: str) -> None:
    """Put a record's time in UTC (in ``__post_init__``, as it is made: a
    frozen record's one moment to set what it holds)."""
    value = getattr(record, name)
    if value is not None and (value.tzinfo is not UTC or type(value) is not datetime):
        force_setattr(record, name, utc(value))


def _not_blank(record: Struct, *names: str) -> None:
    for name in names:
        if not getattr(record, name).strip():
            raise RecordError(f"field '{name}' is required")


class Record(Struct, frozen=True, omit_defaults=True, forbid_unknown_fields=True, gc=False):
    """What every record is: frozen, its empty fields left out of its dict.

    (A subclass inherits all of these; each says ``frozen=True`` again only
    because type checkers read a Struct subclass without it as mutable.)"""


class Handle(Record, frozen=True):
    platform: str
    handle: str

    def __post_init__(self) -> None:
        if not self.handle.strip():
            _not_blank(self, "handle")

    def __str__(self) -> str:
        return f"{self.platform}:{self.handle}" if self.platform else self.handle


class StageChange(Record, frozen=True):
    """The moment a contact entered a rung."""

    rung: str
    at: datetime

    def __post_init__(self) -> None:
        if not self.rung.strip():
            _not_blank(self, "rung")
        _in_utc(self, "at")


class Conflict(Record, frozen=True):
    """A value that lost a sync merge (both machines changed the same field;
    the later change won): kept, never silently dropped.  ``value`` is the
    losing value as JSON; ``record`` names the interaction when the field
    was one of an interaction's.  ``field`` ``*``: a deletion that lost to a
    later edit (``value`` null) or an edit that lost to a later deletion;
    ``**``: a whole record set aside for the later one (the two sides'
    changes together broke its rules)."""

    field: str
    value: str
    at: datetime  # when the losing change was made
    device: str  # the machine that made it
    record: str = ""

    def __post_init__(self) -> None:
        _in_utc(self, "at")


#: A day in the calendar as records hold it: ``YYYY-MM-DD``, or ``--MM-DD``
#: when the year is not known (ISO 8601's and vCard 4's year-less form).
DAY_FORMAT = "YYYY-MM-DD, or --MM-DD without the year"
_DAY = re.compile(r"(?:(\d{4})|-)-(\d{2})-(\d{2})")


def parse_day(text: str) -> tuple[int | None, int, int] | None:
    """``(year or None, month, day)`` for a day in :data:`DAY_FORMAT`, or
    None when it is not one (29 February is a day without a year, and in
    leap years)."""
    m = _DAY.fullmatch(text)
    if m is None:
        return None
    year = int(m[1]) if m[1] else None
    month, day = int(m[2]), int(m[3])
    try:
        date(2000 if year is None else year, month, day)  # (2000: a leap year)
    except ValueError:
        return None
    if year is not None and year < 1:
        return None
    return year, month, day


def _a_day(record: Struct, name: str, required: bool = False) -> None:
    value = getattr(record, name)
    if not value and not required:
        return
    if parse_day(value) is None:
        shown = value if len(value) <= 40 else value[:39] + "…"
        raise RecordError(f"field '{name}': {shown!r} is not a day ({DAY_FORMAT})")


class NamedDate(Record, frozen=True):
    """A date that matters to someone: "work anniversary", "kid's birthday",
    "met at the conference"; every year (``yearly``) or once."""

    label: str
    date: str  # DAY_FORMAT; a date that happens once has its year
    yearly: bool = True

    def __post_init__(self) -> None:
        _not_blank(self, "label")
        _a_day(self, "date", required=True)
        if not self.yearly and self.date.startswith("--"):
            raise RecordError(f"field 'date': a date that happens once needs its year "
                              f"(got {self.date!r})")


class Contact(Record, frozen=True):
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
    birthday: str = ""  # DAY_FORMAT: "1990-03-14", or "--03-14" without the year
    dates: tuple[NamedDate, ...] = ()  # work anniversary, kid's birthday, ...
    how_we_met: str = ""
    introduced_by: str = ""  # id of the contact who introduced us
    tags: tuple[str, ...] = ()
    notes: str = ""  # what matters to them
    help: str = ""  # how to help them
    advocate: bool = False
    archived: bool = False
    #: per-contact override of the rung cadence
    cadence_days: Annotated[int, Meta(ge=1)] | None = None
    no_cadence: bool = False
    snoozed_until: datetime | None = None
    #: ids of people marked "not the same person" as this one: never offered
    #: as a duplicate pair again (board.core.duplicates)
    not_same: tuple[str, ...] = ()
    #: values that lost a sync merge (board sync), oldest first
    conflicts: tuple[Conflict, ...] = ()

    def __post_init__(self) -> None:
        if not (self.id.strip() and self.name.strip() and self.rung.strip()):
            _not_blank(self, "id", "name", "rung")
        _in_utc(self, "created")
        if self.birthday:
            _a_day(self, "birthday")
        if self.snoozed_until is not None:
            _in_utc(self, "snoozed_until")

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


class Interaction(Record, frozen=True):
    """A touch logged against one or several people.

    Introductions are interactions of kind ``introduction`` with a
    ``direction``: ``given`` (I introduced the people in ``people`` to each
    other) or ``received`` (``connector`` introduced me to ``people``).
    Any other touch may say ``given`` (I wrote or sent it) or ``received``
    (they did), with none of the introduction rules.

    A touch captured from a file (a calendar, a mailbox, a LinkedIn export)
    has a ``title`` (the event's summary, the mail's subject) and a
    ``source``: a stable key for the thing it came from (``ics:`` the UID and
    recurrence, ``mail:`` the Message-ID, ``linkedin-message:`` the
    conversation and day), so importing the same file again adds nothing.
    """

    id: str
    kind: str
    at: datetime
    people: tuple[str, ...]
    duration_min: Annotated[int, Meta(ge=0)] | None = None
    place: str = ""
    notes: str = ""
    direction: str = ""  # introductions: "given" or "received"
    connector: str = ""  # received introductions: who introduced me
    agreed: bool = False  # given introductions: both agreed first
    why: str = ""
    title: str = ""  # captured touches: the event's summary, the mail's subject
    source: str = ""  # captured touches: the stable key of what it came from

    def __post_init__(self) -> None:
        # (written out: 100,000 of them are read when a large board opens)
        if not (self.id.strip() and self.kind.strip()):
            _not_blank(self, "id", "kind")
        at = self.at
        if at.tzinfo is not UTC or type(at) is not datetime:
            force_setattr(self, "at", utc(at))
        if not self.people or "" in self.people:
            raise RecordError("'people' must list at least one contact id")
        if self.direction and self.kind != "introduction":
            if self.direction not in ("given", "received"):
                raise RecordError("direction must be 'given' or 'received'")
        elif self.direction:
            if self.direction == "given":
                if len(self.people) < 2:
                    raise RecordError("a given introduction links at least two people")
            elif self.direction == "received":
                if not self.connector:
                    raise RecordError("a received introduction needs its 'connector'")
            else:
                raise RecordError("direction must be 'given' or 'received'")


R = TypeVar("R", bound=Record)


# ---------------------------------------------------------------- dicts


def to_dict(record: Record) -> dict[str, Any]:
    """A record's dict: what its JSON reads back as (fields in order, empty
    optional ones left out, times as ISO 8601 text, lists for tuples)."""
    return _from_json(_to_json(record))


_to_json = msgspec.json.Encoder().encode
_from_json = msgspec.json.Decoder(dict[str, Any]).decode  # a record's JSON is an object


def from_dict(cls: type[R], value: Any, where: str = "") -> R:
    """The ``cls`` record a dict holds, or RecordError naming the record
    (``where``, e.g. ``contact 2``, and its id) and the field.

    A field that is null is taken as left out (as a hand-edited ``notes:``
    with nothing after it reads)."""
    try:
        return msgspec.convert(value, cls)
    except msgspec.ValidationError:
        pass
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if v is not None}
        try:
            return msgspec.convert(value, cls)
        except msgspec.ValidationError:
            pass
    raise RecordError(f"{name_of(cls, value, where)}: {problem(cls, value)}")


def from_dicts(cls: type[R], values: Iterable[Any] | Mapping[str, Any], where: str = ""
               ) -> list[R]:
    """Many records at once (each what :func:`from_dict` gives).  The first
    bad one raises RecordError, named ``where`` and its key (for a mapping:
    the store's tables are keyed by id) or its place in the list (1, 2...)."""
    where = where or cls.__name__.lower()
    if isinstance(values, Mapping):
        # (a record is named by its id; by its key too only when that differs)
        named = [(where if isinstance(value, dict) and value.get("id") == key
                  else f"{where} (stored under '{key}')", value)
                 for key, value in values.items()]
        values = [value for _, value in named]
    else:
        values = values if isinstance(values, list) else list(values)
        named = None
    try:
        # list[cls], built as the value it is here (a checker reads ``list[cls]`` as a
        # type, and a variable cannot be one); convert gives back a list of cls.
        return cast("list[R]", msgspec.convert(values, GenericAlias(list, (cls,))))
    except msgspec.ValidationError:
        pass
    if named is None:
        named = [(f"{where} {n}", value) for n, value in enumerate(values, 1)]
    return [from_dict(cls, value, name) for name, value in named]


def name_of(cls: type[Record], value: Any, where: str = "") -> str:
    """How a message names a record: ``where`` and its id (once)."""
    where = where or cls.__name__.lower()
    rid = value.get("id") if isinstance(value, dict) else None
    if not isinstance(rid, str) or not rid.strip() or where.endswith(f" {rid}"):
        return where
    return f"{where} {rid}"


# ---------------------------------------------------------------- problems


def problem(cls: type[Struct], value: Any) -> str:
    """What is wrong with ``value`` as the dict of a ``cls`` record, in the
    words of its declaration: the first field that is missing or of the
    wrong kind, else the rule of ``__post_init__`` it breaks."""
    if not isinstance(value, dict):
        return f"expected a mapping, got {_kind(value)}"
    fields = msgspec.structs.fields(cls)
    known = {f.encode_name for f in fields}
    unknown = sorted(str(k) for k in value if k not in known)
    if unknown:
        return f"unknown field(s) {', '.join(unknown)}"
    for f in fields:
        if f.encode_name not in value:
            if f.required:
                return f"field '{f.name}' is required"
            continue
        field_value = value[f.encode_name]
        try:
            msgspec.convert(field_value, f.type)
        except msgspec.ValidationError as exc:
            return _field_problem(f.name, mi.type_info(f.type), field_value, exc)
    try:
        msgspec.convert(value, cls)
    except msgspec.ValidationError as exc:
        if isinstance(exc.__cause__, RecordError):
            return str(exc.__cause__)
        return "cannot be read"  # (never: each rule above says what it is)
    return "cannot be read"


def _field_problem(name: str, info: mi.Type, value: Any, exc: Exception) -> str:
    if isinstance(info, mi.UnionType):  # X | None: null is taken as left out
        info = next(t for t in info.types if not isinstance(t, mi.NoneType))
    if isinstance(info, mi.DateTimeType) and isinstance(value, str):
        return f"field '{name}': {value!r} is not an ISO 8601 timestamp"
    if isinstance(info, mi.VarTupleType) and isinstance(info.item_type, mi.StructType) \
            and isinstance(value, list):
        item_cls = info.item_type.cls
        for n, item in enumerate(value, 1):
            try:
                msgspec.convert(item, item_cls)
            except msgspec.ValidationError:
                return f"{name} entry {n}: {problem(item_cls, item)}"
    if isinstance(exc.__cause__, RecordError):
        return f"{name}: {exc.__cause__}"
    if isinstance(info, mi.VarTupleType) and isinstance(value, list):
        return f"field '{name}' must be {_phrase(info)}"
    return f"field '{name}' must be {_phrase(info)}, got {_kind(value)}"


def _phrase(info: mi.Type) -> str:
    if isinstance(info, mi.StrType):
        return "text"
    if isinstance(info, mi.BoolType):
        return "true or false"
    if isinstance(info, mi.IntType):
        return "a whole number" + (f" ≥ {info.ge}" if info.ge is not None else "")
    if isinstance(info, mi.DateTimeType):
        return "an ISO 8601 timestamp"
    if isinstance(info, mi.VarTupleType):
        item = info.item_type
        return "a list" + ("" if isinstance(item, mi.StructType) else f" of {_phrase(item)}")
    if isinstance(info, mi.StructType):
        return "a mapping"
    return "something else"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


__all__ = [
    "DAY_FORMAT",
    "Conflict",
    "Contact",
    "Handle",
    "Interaction",
    "NamedDate",
    "Record",
    "RecordError",
    "StageChange",
    "from_dict",
    "from_dicts",
    "name_of",
    "new_id",
    "parse_day",
    "problem",
    "to_dict",
    "utc",
]
