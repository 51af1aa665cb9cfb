"""What the contact screen shows about one person, computed from the log."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from board.core.board import Board
from board.core.schema import Interaction


@dataclass(frozen=True)
class Stage:
    rung: str
    label: str
    entered: datetime
    left: datetime | None  # None: still there

    def spent(self, now: datetime) -> timedelta:
        return (self.left or now) - self.entered


@dataclass
class Summary:
    stages: list[Stage] = field(default_factory=list)
    timeline: list[Interaction] = field(default_factory=list)  # newest first
    by_kind: Counter[str] = field(default_factory=Counter)
    minutes_together: int = 0
    first_touch: datetime | None = None
    last_touch: datetime | None = None
    intros_given_to: list[Interaction] = field(default_factory=list)  # I introduced them
    intros_through: list[Interaction] = field(default_factory=list)  # they introduced me
    introduced_to_me: list[Interaction] = field(default_factory=list)  # someone introduced them

    @property
    def hours_together(self) -> float:
        return self.minutes_together / 60

    @property
    def touches(self) -> int:
        return sum(self.by_kind.values())


def stages(board: Board, cid: str) -> list[Stage]:
    c = board.contact(cid)
    out = []
    history = list(c.history)
    for n, change in enumerate(history):
        left = history[n + 1].at if n + 1 < len(history) else None
        out.append(Stage(change.rung, board.ladder.label(change.rung), change.at, left))
    return out


def summarise(board: Board, cid: str) -> Summary:
    s = Summary(stages=stages(board, cid), timeline=board.timeline(cid))
    for i in s.timeline:
        if i.connector == cid:
            s.intros_through.append(i)
        elif i.kind == "introduction" and i.direction == "received":
            s.introduced_to_me.append(i)
        elif i.kind == "introduction" and i.direction == "given":
            s.intros_given_to.append(i)
        s.by_kind[i.kind] += 1
        if i.duration_min and i.kind in ("call", "coffee", "meeting"):
            s.minutes_together += i.duration_min
        if s.last_touch is None or i.at > s.last_touch:
            s.last_touch = i.at
        if s.first_touch is None or i.at < s.first_touch:
            s.first_touch = i.at
    return s
