"""Keeping in touch: cadence, due / overdue, snooze, and warmth.

* **Cadence**: each rung has a keep-in-touch cadence in days (config); a
  contact may override it (``cadence_days``) or have none (``no_cadence``).
* **Last touch** is always derived from the interaction log, never typed: any
  logged interaction resets the clock.  Someone never touched counts from the
  day they entered their rung.
* **Due date** = last touch (or rung entry) + cadence, or the snooze date if
  a snooze pushed it later.  A contact is *overdue* past it, *due* within the
  due window before it (config ``due_window_days``), *ok* otherwise.
* **Warmth** = Σ depth(kind) × ½^(age in days / half-life) over every
  touch with the person, introductions aside (they are giving, counted by
  the insights' give and take) (config ``warmth_half_life_days``): a coffee
  (depth 4) today is worth 4, a month later 2 with a 30-day half-life.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from board.core.board import Board
from board.core.relative import Span, span
from board.core.schema import Contact, Interaction

Status = Literal["none", "ok", "due", "overdue"]
DAY = 86400.0


@dataclass(frozen=True)
class Care:
    status: Status
    cadence: int | None = None
    last_touch: datetime | None = None
    due_at: datetime | None = None
    days_overdue: int = 0  # > 0 when overdue; days left (negative) otherwise
    snoozed: bool = False
    #: How long overdue, in the one wording of relative times (days, then
    #: weeks, months...: "12 days", "3 weeks"); None unless overdue.
    overdue_by: Span | None = None

    @property
    def overdue(self) -> Span:
        """How long overdue (``overdue_by``, else ``days_overdue`` in days)."""
        return self.overdue_by or Span(max(1, self.days_overdue), "day")

    @property
    def needs_touch(self) -> bool:
        return self.status in ("due", "overdue")

    def mark(self) -> str:
        """A short mark for a card: '12d overdue', '3w overdue', 'due in 2d',
        'due today'."""
        if self.status == "overdue":
            return f"{self.overdue.short} overdue"
        if self.status == "due":
            left = -self.days_overdue
            return "due today" if left <= 0 else f"due in {left}d"
        if self.snoozed:
            return "snoozed"
        return ""

    def words(self) -> str:
        """The mark in words, for where there is room: '12 days overdue',
        '3 weeks overdue', 'due in 2 days', 'due today'."""
        if self.status == "overdue":
            return f"{self.overdue.long} overdue"
        if self.status == "due":
            left = -self.days_overdue
            return "due today" if left <= 0 else f"due in {Span(left, 'day').long}"
        return ""

    def short_mark(self) -> str:
        """The mark in a few cells, for a narrow card: '!12d' overdue by 12
        days ('!3w' by three weeks), '·2d' due in 2 days ('·0d' today), 'zz'
        snoozed."""
        if self.status == "overdue":
            return f"!{self.overdue.short}"
        if self.status == "due":
            return f"·{max(0, -self.days_overdue)}d"
        if self.snoozed:
            return "zz"
        return ""


def cadence_for(board: Board, c: Contact) -> int | None:
    if c.no_cadence:
        return None
    if c.cadence_days:
        return c.cadence_days
    return board.ladder.get(board.display_rung(c)).cadence_days


def care(board: Board, cid: str, now: datetime, window_days: int = 3) -> Care:
    c = board.contacts[cid]
    cadence = cadence_for(board, c)
    last = board.last_touch(cid)
    if cadence is None or c.archived:
        return Care("none", None, last)
    # A promotion is a fresh start too: count from the later of the two.
    base = max(last, c.entered) if last is not None else c.entered
    due_at = base + timedelta(days=cadence)
    snoozed = False
    if c.snoozed_until is not None and c.snoozed_until > due_at:
        due_at = c.snoozed_until
        snoozed = True
    seconds = (now - due_at).total_seconds()
    days = math.floor(seconds / DAY)
    if seconds > 0:
        return Care("overdue", cadence, last, due_at, max(1, days), snoozed,
                    span(due_at, now, least="day"))
    if seconds >= -window_days * DAY:
        return Care("due", cadence, last, due_at, days, snoozed)
    return Care("ok", cadence, last, due_at, days, snoozed)


def urgency(c: Care) -> tuple[int, float]:
    """Sort key: most overdue first, then soonest due, then the rest."""
    order = {"overdue": 0, "due": 1, "ok": 2, "none": 3}[c.status]
    if c.due_at is None:
        return (order, 0.0)
    return (order, c.due_at.timestamp())


def due_list(board: Board, now: datetime, window_days: int = 3) -> list[tuple[Contact, Care]]:
    """Every active contact who is due or overdue, most urgent first."""
    out = []
    for c in board.active():
        k = care(board, c.id, now, window_days)
        if k.needs_touch:
            out.append((c, k))
    out.sort(key=lambda pair: (urgency(pair[1]), pair[0].name.casefold()))
    return out


def snooze_until(board: Board, cid: str, now: datetime, days: int, window_days: int = 3
                 ) -> datetime:
    """The date a snooze of ``days`` pushes the next due date to: ``days``
    after the current due date, or after today if that is already past."""
    k = care(board, cid, now, window_days)
    start = k.due_at if k.due_at is not None and k.due_at > now else now
    return start + timedelta(days=days)


#: Kinds that are not touches with the people on them: an introduction is
#: giving (counted under give and take), not depth with them.
NOT_TOUCHES = frozenset({"introduction"})


def warmth(board: Board, cid: str, at: datetime, half_life_days: float = 30,
           log: Iterable[Interaction] | None = None) -> float:
    """Warmth as it stood at ``at`` (touches after it do not count yet).

    ``log``: the person's interactions, if the caller already has them."""
    # The loop runs over every touch (thousands for a busy person): kinds'
    # depths looked up once, ages from timestamps rather than timedeltas.
    depths: dict[str, int] = {}
    kind_of = board.ladder.kind
    at_ts = at.timestamp()
    per_second = 1.0 / (DAY * half_life_days)
    total = 0.0
    for i in board.interactions_of(cid) if log is None else log:
        kind = i.kind
        if kind in NOT_TOUCHES:
            continue
        seconds = at_ts - i.at.timestamp()
        if seconds < 0:
            continue
        depth = depths.get(kind)
        if depth is None:
            depth = depths[kind] = kind_of(kind).depth
        total += depth * 0.5 ** (seconds * per_second)
    return total


WARMTH_STEPS = (0.25, 1.0, 2.5, 5.0, 8.0)


def warmth_level(value: float) -> int:
    """0–5, for a small meter."""
    return sum(value >= step for step in WARMTH_STEPS)
