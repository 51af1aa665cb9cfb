"""What to remind the user of, outside the app: who is due for a touch and
whose dates are coming.  One list, worded once, for ``board due`` (its lines
and ``--json``), the iCalendar feed and the desktop notification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from board.core.board import Board
from board.core.care import Care, due_list
from board.core.dates import Coming, coming, describe, local_today
from board.core.schema import Contact
from board.core.text import ago


@dataclass(frozen=True)
class Reminders:
    """Everything due as of ``now``: touches most urgent first, then the
    dates coming within the window, soonest first."""

    now: datetime
    today: date  # the user's local day
    touches: list[tuple[Contact, Care]]
    dates: list[Coming]

    def __bool__(self) -> bool:
        return bool(self.touches or self.dates)

    def due_today(self) -> tuple[list[tuple[Contact, Care]], list[Coming]]:
        """Who is due today or overdue, and the dates that fall today."""
        return ([(c, k) for c, k in self.touches
                 if k.status == "overdue" or -k.days_overdue <= 0],
                [k for k in self.dates if k.days_until == 0])


def reminders(board: Board, now: datetime, due_window_days: int = 3,
              dates_window_days: int = 7, tz: str | tzinfo | None = None) -> Reminders:
    today = local_today(now, tz)
    return Reminders(now, today, due_list(board, now, due_window_days),
                     coming(board.contacts.values(), today, dates_window_days))


def last_touch_words(board: Board, c: Contact, now: datetime) -> str:
    """'coffee 3 weeks ago', or 'never'."""
    last = board.last_touch(c.id)
    if last is None:
        return "never"
    kind = next((i.kind for i in board.timeline(c.id) if i.at == last), "")
    label = board.ladder.kind(kind).label.lower() if kind else "touch"
    return f"{label} {ago(last, now)}"


def touch_summary(board: Board, c: Contact, k: Care, now: datetime) -> str:
    """'Call Amara Nwosu (every 30 days, last: coffee 3 weeks ago)'."""
    every = f"every {k.cadence} day{'s' if k.cadence != 1 else ''}" if k.cadence else ""
    said = ", ".join(p for p in (every, f"last: {last_touch_words(board, c, now)}") if p)
    return f"Call {c.name} ({said})"


def status_words(k: Care) -> str:
    """'12 days overdue', 'due today', 'due in 2 days'."""
    if k.status == "overdue":
        return f"{k.days_overdue} day{'s' if k.days_overdue != 1 else ''} overdue"
    left = -k.days_overdue
    return "due today" if left <= 0 else f"due in {left} day{'s' if left != 1 else ''}"


def touch_json(board: Board, c: Contact, k: Care) -> dict[str, Any]:
    return {
        "kind": "touch",
        "id": c.id,
        "name": c.name,
        "rung": board.display_rung(c),
        "status": k.status,
        "days_overdue": k.days_overdue,
        "due_at": k.due_at.isoformat() if k.due_at else None,
        "last_touch": k.last_touch.isoformat() if k.last_touch else None,
        "cadence_days": k.cadence,
    }


def date_json(k: Coming) -> dict[str, Any]:
    return {
        "kind": "date",
        "id": k.contact.id,
        "name": k.contact.name,
        "date": k.on.isoformat(),
        "label": k.label,
        "days_until": k.days_until,
        "years": k.years if k.yearly else None,
        "yearly": k.yearly,
    }


def due_day(k: Care, today: date, tz: str | tzinfo | None = None) -> date:
    """The local day a touch is due on; today for one already overdue (a
    reminder on a day gone by would never ring)."""
    if k.due_at is None:
        return today
    day = local_today(k.due_at, tz)
    return max(day, today)


def notification(r: Reminders) -> tuple[str, str] | None:
    """(title, body) of the one notification about today, or None when
    there is nothing today."""
    touches, dates = r.due_today()
    if not touches and not dates:
        return None
    parts = []
    if touches:
        n = len(touches)
        parts.append(f"{n} {'person' if n == 1 else 'people'} to get in touch with")
    if dates:
        n = len(dates)
        parts.append(f"{n} date{'s' if n != 1 else ''} today")
    lines = [f"{c.name} ({status_words(k)})" for c, k in touches[:8]]
    if len(touches) > 8:
        lines.append(f"and {len(touches) - 8} more")
    lines += [describe(k) for k in dates[:5]]
    if len(dates) > 5:
        lines.append(f"and {len(dates) - 5} more dates")
    return "board: " + " and ".join(parts), "\n".join(lines)


ONE_DAY = timedelta(days=1)

__all__ = [
    "ONE_DAY",
    "Reminders",
    "date_json",
    "due_day",
    "last_touch_words",
    "notification",
    "reminders",
    "status_words",
    "touch_json",
    "touch_summary",
]
