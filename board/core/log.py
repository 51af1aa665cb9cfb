"""The interaction log: every interaction, and who is on which.

The board holds one :class:`Log`.  It is built from the interactions at
once, or from a function that reads them (``read``), so a large board can be
shown before its 100,000 interactions are read: then the log is read once,
on :meth:`Log.read` (the app calls it in a thread just after the first
frame) or on the first use of anything that needs it.  If reading fails,
the log remembers the error and raises it again on every later use, so
nothing is ever written beside a log that could not be read.

:meth:`Log.read` is safe in another thread: it builds the whole index aside
and only then puts it in place; a use meanwhile waits for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import datetime

from board.core.schema import Interaction


def involved(i: Interaction) -> tuple[str, ...]:
    """Everyone an interaction is about: its people, and who introduced them."""
    return i.people + ((i.connector,) if i.connector else ())


class _Index:
    """Interactions by id, by person, each person's last touch, and how many
    introductions each connector made me."""

    def __init__(self, interactions: Iterable[Interaction] = ()):
        self.records: dict[str, Interaction] = {}
        self.by_person: dict[str, set[str]] = {}
        self.last: dict[str, datetime | None] = {}
        self.made: dict[str, int] = {}
        records, by_person, last, made = self.records, self.by_person, self.last, self.made
        for i in interactions:  # one pass: 100,000 records in a blink
            records[i.id] = i
            at = i.at
            for cid in involved(i):
                ids = by_person.get(cid)
                if ids is None:
                    by_person[cid] = {i.id}
                    last[cid] = at
                else:
                    ids.add(i.id)
                    held = last[cid]  # (set with by_person: never None here)
                    if held is None or at > held:
                        last[cid] = at
            if i.connector:
                made[i.connector] = made.get(i.connector, 0) + 1


class Log:
    def __init__(self, interactions: Iterable[Interaction] = (),
                 read: Callable[[], Iterable[Interaction]] | None = None):
        self._read = read
        self._lock = threading.Lock()
        self._error: Exception | None = None
        self._index = _Index(() if read is not None else interactions)
        #: Whether the log has been read (always, unless it was given ``read``).
        self.ready = read is None

    @property
    def error(self) -> Exception | None:
        """Why the log could not be read, if it could not."""
        return self._error

    def read(self) -> None:
        """Read the log now, if it was not; raise why it cannot be read."""
        if self.ready:
            return
        with self._lock:  # a second caller waits for the first
            if self.ready:
                return
            if self._error is not None:
                raise self._error
            assert self._read is not None
            try:
                index = _Index(self._read())
            except Exception as exc:
                self._error = exc
                raise
            self._index, self._read = index, None
            self.ready = True

    # -- reading (each reads the log first) ----------------------------------

    @property
    def records(self) -> dict[str, Interaction]:
        """Every interaction by id."""
        self.read()
        return self._index.records

    def ids_of(self, cid: str) -> Iterable[str]:
        """The ids of the interactions involving a person."""
        self.read()
        return self._index.by_person.get(cid, ())

    def last_touch(self, cid: str) -> datetime | None:
        self.read()
        index = self._index
        if cid not in index.last:
            ids = index.by_person.get(cid)
            index.last[cid] = max(index.records[i].at for i in ids) if ids else None
        return index.last[cid]

    def introductions_made(self, cid: str) -> int:
        """How many people ``cid`` introduced me to."""
        self.read()
        return self._index.made.get(cid, 0)

    # -- changing (the board's write path only) -------------------------------

    def add(self, i: Interaction) -> tuple[str, ...]:
        """Put an interaction in (after :meth:`remove` of any with its id);
        returns who it involves."""
        index = self._index
        index.records[i.id] = i
        people = involved(i)
        for cid in people:
            index.by_person.setdefault(cid, set()).add(i.id)
            if cid in index.last:
                last = index.last[cid]
                if last is None or i.at > last:
                    index.last[cid] = i.at
        if i.connector:
            index.made[i.connector] = index.made.get(i.connector, 0) + 1
        return people

    def remove(self, i: Interaction) -> tuple[str, ...]:
        """Take an interaction out; returns who it involved."""
        index = self._index
        index.records.pop(i.id, None)
        people = involved(i)
        for cid in people:
            ids = index.by_person.get(cid)
            if ids:
                ids.discard(i.id)
            index.last.pop(cid, None)  # worked out again when asked
        if i.connector:
            made = index.made
            made[i.connector] -= 1
            if not made[i.connector]:
                del made[i.connector]
        return people
