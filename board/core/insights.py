"""Insights: the ladder at a glance, investment over time, give and take,
who is cooling.  Plain Python over the Board; the insights screen and
``board stats`` are two clients of :func:`compute`.

Definitions (all over active contacts unless said):

* **funnel**: people per rung now; moves up / down in the period (from stage
  histories, archived people included: a move happened); the median days
  people spent on a rung before moving up from it (all time), in whole days.
* **weekly touches**: interactions per week over the last 52 weeks, split by
  depth: *light* (depth ≤ 2: comments, messages, emails, gifts…), *calls*
  (depth 3) and *face to face* (depth ≥ 4).  Introductions are giving, not
  touches: they are counted under give and take instead.
* **hours per month**: logged durations of calls, coffees and meetings over
  the last 12 calendar months.
* **give and take**: introductions I made vs introductions I received in the
  period; connectors (who introduced me to people in the period, most
  first) and advocates (warmest first).
* **cooling**: warmth at the start of the period minus warmth now, biggest
  drops first; **overdue on top rungs**: overdue people, highest rung first.
* **most / least contacted**: touches in the period among people on the top
  three rungs.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from board.core.board import Board
from board.core.care import care, warmth
from board.core.text import plural

PERIODS = (30, 90, 365)
WEEKS = 52
GROUPS = ("light", "calls", "face to face")


@dataclass
class RungRow:
    key: str
    label: str
    count: int
    moved_up: int = 0  # moved up out of this rung in the period
    moved_down: int = 0  # moved down out of this rung in the period
    median_days_before_up: float | None = None

    @property
    def median_text(self) -> str:
        """The median in whole days, as every client shows it: '21', '<1'
        under a day, '-' when nobody has moved up from the rung yet."""
        median = self.median_days_before_up
        if median is None:
            return "-"
        return "<1" if median < 1 else f"{round(median):d}"


@dataclass
class Person:
    id: str
    name: str
    rung: str
    value: float = 0  # what the list is about: a count, a warmth, days…
    before: float | None = None  # cooling: warmth at the start of the period
    words: str = ""  # the value in words where it is a span: "3 weeks overdue"


@dataclass
class Insights:
    period_days: int
    now: datetime
    funnel: list[RungRow] = field(default_factory=list)
    weekly: dict[str, list[int]] = field(default_factory=dict)  # oldest → newest
    monthly_hours: list[tuple[str, float]] = field(default_factory=list)
    intros_given: int = 0
    intros_received: int = 0
    connectors: list[Person] = field(default_factory=list)
    advocates: list[Person] = field(default_factory=list)
    cooling: list[Person] = field(default_factory=list)
    overdue_top: list[Person] = field(default_factory=list)
    most_contacted: list[Person] = field(default_factory=list)
    least_contacted: list[Person] = field(default_factory=list)

    @property
    def touches_in_period(self) -> int:
        weeks = max(1, round(self.period_days / 7))
        return sum(sum(series[-weeks:]) for series in self.weekly.values())

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["now"] = self.now.isoformat()
        out["monthly_hours"] = [{"month": m, "hours": h} for m, h in self.monthly_hours]
        return out

    def to_lines(self, label: Callable[[str], str]) -> list[str]:
        """The insights as plain text lines for a weekly review (``board
        stats``); ``label`` gives a rung's label.  Data is not made safe
        here: the printer does that."""
        out = [f"The ladder, last {self.period_days} days",
               f"  {'rung':<14}{'now':>6}{'up':>5}{'down':>6}  median days before moving up"]
        for r in self.funnel:
            out.append(f"  {r.label[:13]:<14}{r.count:>6}{r.moved_up:>5}{r.moved_down:>6}"
                       f"  {r.median_text}")
        weeks = max(1, round(self.period_days / 7))
        touches = ", ".join(f"{sum(self.weekly[g][-weeks:])} {g}" for g in self.weekly)
        out += ["", f"Touches, last {weeks} weeks: {touches}",
                f"Hours together, last 12 months: {sum(h for _, h in self.monthly_hours):g}",
                "", "Give and take",
                f"  introductions made {self.intros_given}, received {self.intros_received}"]

        def people(title: str, rows: list[Person], fmt: Callable[[Person], str]) -> None:
            out.append(f"  {title}:" if rows else f"  {title}: none")
            out.extend(f"    {p.name} ({label(p.rung)}) {fmt(p)}" for p in rows)

        people("connectors in the period", self.connectors,
               lambda p: plural(p.value, "introduction"))
        people("advocates", self.advocates, lambda p: f"warmth {p.value:.1f}")
        out += ["", "Cooling"]
        people("warmth fell most", self.cooling,
               lambda p: f"{p.before or 0:.1f} -> {p.value:.1f}")
        people("overdue, top rungs first", self.overdue_top,
               lambda p: p.words)
        out += ["", "Top three rungs"]
        people("most contacted", self.most_contacted, lambda p: plural(p.value, "touch", "es"))
        people("least contacted", self.least_contacted,
               lambda p: plural(p.value, "touch", "es"))
        return out


def year_axis(months: list[str]) -> str:
    """The years under a row of "YYYY-MM" months drawn 3 cells apart: the
    first month's year, and each new year under its January ("2025" under
    the first column, "2026" under 01).  A first label that the next would
    run into is left out: the January's says the year that changed."""
    labels: list[tuple[int, str]] = []
    for i, month in enumerate(months):
        if i == 0 or month.endswith("-01"):
            if labels and 3 * i < labels[-1][0] + len(labels[-1][1]) + 1:
                labels.pop()
            labels.append((3 * i, month[:4]))
    line = ""
    for at, year in labels:
        line = f"{line:<{at}}{year}"
    return line


def group_of(depth: int) -> str:
    return "light" if depth <= 2 else "calls" if depth == 3 else "face to face"


def compute(
    board: Board,
    now: datetime,
    period_days: int = 30,
    window_days: int = 3,
    half_life_days: float = 30,
    top: int = 5,
) -> Insights:
    ladder = board.ladder
    start = now - timedelta(days=period_days)
    out = Insights(period_days, now)

    # -- funnel ------------------------------------------------------------
    counts = Counter(board.display_rung(c) for c in board.active())
    rows = {r.key: RungRow(r.key, r.label, counts.get(r.key, 0)) for r in ladder}
    waits: dict[str, list[float]] = {r.key: [] for r in ladder}
    for c in board.contacts.values():
        history = c.history
        for prev, nxt in itertools.pairwise(history):
            if prev.rung not in rows or nxt.rung not in rows:
                continue
            up = ladder.index(nxt.rung) > ladder.index(prev.rung)
            if up:
                waits[prev.rung].append((nxt.at - prev.at).total_seconds() / 86400)
            if nxt.at >= start:
                if up:
                    rows[prev.rung].moved_up += 1
                else:
                    rows[prev.rung].moved_down += 1
    for key, days in waits.items():
        if days:
            rows[key].median_days_before_up = round(statistics.median(days), 1)
    out.funnel = list(rows.values())

    # -- one pass over the log ----------------------------------------------
    weekly = {g: [0] * WEEKS for g in GROUPS}
    months = []
    y, m = now.year, now.month
    for _ in range(12):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    months.reverse()
    minutes = dict.fromkeys(months, 0)
    in_period: Counter[str] = Counter()
    connector_counts: Counter[str] = Counter()
    depth = {k.key: k.depth for k in ladder.kinds}
    for i in board.interactions.values():
        if i.kind == "introduction":
            if start <= i.at <= now:
                if i.direction == "given":
                    out.intros_given += 1
                elif i.direction == "received":
                    out.intros_received += 1
                    if i.connector:
                        connector_counts[i.connector] += 1
            continue
        if i.at > now:
            continue
        age_weeks = int((now - i.at).total_seconds() // (7 * 86400))
        if age_weeks < WEEKS:
            weekly[group_of(depth.get(i.kind, 1))][WEEKS - 1 - age_weeks] += 1
        if i.duration_min and i.kind in ("call", "coffee", "meeting"):
            month = f"{i.at.year:04d}-{i.at.month:02d}"
            if month in minutes:
                minutes[month] += i.duration_min
        if i.at >= start:
            for cid in i.people:
                in_period[cid] += 1
    out.weekly = weekly
    out.monthly_hours = [(month, round(minutes[month] / 60, 1)) for month in months]

    def person(cid: str, value: float = 0, before: float | None = None, words: str = ""
               ) -> Person:
        c = board.contacts[cid]
        return Person(cid, c.name, board.display_rung(c), value, before, words)

    out.connectors = [
        person(cid, n)
        for cid, n in sorted(connector_counts.items(),
                             key=lambda kv: (-kv[1], board.contacts[kv[0]].name.casefold()))
        if cid in board.contacts and not board.contacts[cid].archived
    ][:top]

    # -- warmth now and at the start of the period -----------------------------
    active = list(board.active())
    warm_now = {c.id: warmth(board, c.id, now, half_life_days) for c in active}
    warm_then = {c.id: warmth(board, c.id, start, half_life_days) for c in active}
    out.advocates = sorted(
        (person(c.id, round(warm_now[c.id], 2)) for c in active if c.advocate),
        key=lambda p: (-p.value, p.name.casefold()),
    )[:top]
    drops = [
        (warm_then[c.id] - warm_now[c.id], c.id) for c in active
        if warm_then[c.id] - warm_now[c.id] > 0.01
    ]
    drops.sort(key=lambda d: (-d[0], board.contacts[d[1]].name.casefold()))
    out.cooling = [
        person(cid, round(warm_now[cid], 2), round(warm_then[cid], 2)) for _, cid in drops[:top]
    ]

    # -- overdue, highest rung first ----------------------------------------
    overdue = []
    for c in active:
        k = care(board, c.id, now, window_days)
        if k.status == "overdue":
            overdue.append((-ladder.index(board.display_rung(c)), -k.days_overdue,
                            c.name.casefold(), c.id, k))
    overdue.sort(key=lambda row: row[:4])
    out.overdue_top = [person(row[3], row[4].days_overdue, words=row[4].words())
                       for row in overdue[: top * 2]]

    # -- most / least contacted on the top three rungs ------------------------
    top_rungs = {r.key for r in ladder.rungs[-3:]}
    pool = [c for c in active if board.display_rung(c) in top_rungs]
    ranked = sorted(pool, key=lambda c: (-in_period[c.id], c.name.casefold()))
    out.most_contacted = [person(c.id, in_period[c.id]) for c in ranked[:top]
                          if in_period[c.id] > 0]
    least = sorted(pool, key=lambda c: (in_period[c.id], c.name.casefold()))
    out.least_contacted = [person(c.id, in_period[c.id]) for c in least[:top]]
    return out
