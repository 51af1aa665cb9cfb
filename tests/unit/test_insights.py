"""Insights on a small fixed board, with time frozen."""

from datetime import timedelta

import pytest

from board.core.board import Board
from board.core.insights import RungRow, compute, year_axis


@pytest.fixture
def board(config, frozen):
    """Day 0: five people. Over 100 days they climb and are touched."""
    b = Board(config.ladder)
    people = {n: b.add_contact(n) for n in ("Ada", "Bea", "Cy", "Dee", "Eve")}
    ids = {n: c.id for n, c in people.items()}
    frozen.shift(timedelta(days=10))
    for n in ("Ada", "Bea", "Cy", "Dee"):
        b.promote(ids[n])  # engaged after 10 days on follower
    frozen.shift(timedelta(days=20))
    for n in ("Ada", "Bea", "Cy"):
        b.promote(ids[n])  # conversation after 20 days on engaged
        b.promote(ids[n])  # call, same day
        b.promote(ids[n])  # met
    b.promote(ids["Ada"])  # friend
    b.toggle_advocate(ids["Ada"])
    b.log("coffee", [ids["Ada"], ids["Bea"]], duration_min=60)
    frozen.shift(timedelta(days=60))  # day 90
    b.log("call", [ids["Ada"]], duration_min=30)
    b.log("comment", [ids["Ada"]])
    b.log("introduction", [ids["Ada"], ids["Cy"]], direction="given")
    b.receive_introduction(ids["Bea"], person=ids["Eve"])
    b.demote(ids["Dee"])  # back to follower
    frozen.shift(timedelta(days=10))  # day 100
    b.ids = ids
    return b


def test_funnel(board):
    ins = compute(board, board.clock(), period_days=30)
    rows = {r.key: r for r in ins.funnel}
    assert [r.count for r in ins.funnel] == [2, 0, 0, 0, 2, 1]  # Dee, Eve · Bea, Cy · Ada
    assert rows["engaged"].moved_down == 1  # Dee, 10 days ago
    assert rows["engaged"].moved_up == 0  # those moves were 70 days ago
    assert rows["follower"].median_days_before_up == 10
    assert rows["engaged"].median_days_before_up == 20
    assert rows["conversation"].median_days_before_up == 0
    wide = {r.key: r for r in compute(board, board.clock(), period_days=365).funnel}
    assert wide["follower"].moved_up == 4 and wide["met"].moved_up == 1


def test_investment_over_time(board):
    ins = compute(board, board.clock(), period_days=30)
    assert len(ins.weekly["light"]) == 52
    assert sum(ins.weekly["face to face"]) == 1 and ins.weekly["face to face"][-11] == 1
    assert ins.weekly["calls"][-2] == 1 and ins.weekly["light"][-2] == 1
    assert ins.touches_in_period == 2  # the call and the comment
    hours = dict(ins.monthly_hours)
    assert len(hours) == 12 and sum(hours.values()) == 1.5


def test_give_and_take(board):
    ins = compute(board, board.clock(), period_days=30)
    assert (ins.intros_given, ins.intros_received) == (1, 1)
    assert [p.name for p in ins.connectors] == ["Bea"]
    assert [p.name for p in ins.advocates] == ["Ada"]
    assert compute(board, board.clock(), period_days=7).intros_given == 0


def test_connectors_are_those_of_the_period(board):
    """Bea introduced me to Eve on day 90: a connector of the last 30 days
    on day 100, of no 7-day period, and gone from the last 30 by day 160."""
    now = board.clock()
    assert [p.name for p in compute(board, now, period_days=7).connectors] == []
    later = now + timedelta(days=60)
    assert [p.name for p in compute(board, later, period_days=30).connectors] == []
    assert [(p.name, p.value) for p in compute(board, later, period_days=90).connectors] == [
        ("Bea", 1)]
    lines = compute(board, later, period_days=30).to_lines(str)
    assert "  connectors in the period: none" in lines


def test_medians_are_whole_days_everywhere(board):
    rows = {r.key: r for r in compute(board, board.clock()).funnel}
    assert rows["follower"].median_text == "10"
    assert rows["conversation"].median_text == "<1"  # moved on the same day
    assert rows["friend"].median_text == "-"  # nobody moved up from it
    assert RungRow("a", "A", 0, median_days_before_up=20.7).median_text == "21"
    assert RungRow("a", "A", 0, median_days_before_up=41).median_text == "41"
    text = "\n".join(compute(board, board.clock()).to_lines(str))
    assert "20.7" not in text and ".0" not in text.split("Touches")[0]


def test_the_month_axis_says_the_year():
    months = [f"2025-{m:02d}" for m in range(3, 13)] + ["2026-01", "2026-02"]
    axis = year_axis(months)
    assert axis.startswith("2025") and axis.index("2026") == 3 * 10  # under the January
    # a January in second place: its year says it, the first would run into it
    assert year_axis(["2025-12", "2026-01", "2026-02"]) == "   2026"
    assert year_axis(["2026-01", "2026-02"]) == "2026"


def test_cooling_and_overdue_top_rungs_first(board):
    ins = compute(board, board.clock(), period_days=30)
    # Bea and Ada had the day-30 coffee; only Ada was touched since (day 90)
    assert [p.name for p in ins.cooling] == ["Bea"]
    assert ins.cooling[0].before > ins.cooling[0].value
    # everyone on a cadence was touched at day 90 (the introductions count)
    assert ins.overdue_top == []
    later = compute(board, board.clock() + timedelta(days=60), period_days=30)
    # day 160: Ada (friend, every 30 days) 40 days overdue; Bea and Cy (met,
    # every 45) 25 days: the top rung comes first
    assert [(p.name, p.value) for p in later.overdue_top] == [
        ("Ada", 40), ("Bea", 25), ("Cy", 25)]
    # worded as every screen words a span: days, then weeks
    assert [p.words for p in later.overdue_top] == [
        "5 weeks overdue", "3 weeks overdue", "3 weeks overdue"]


def test_most_and_least_contacted_on_the_top_three_rungs(board):
    ins = compute(board, board.clock(), period_days=30)
    assert [p.name for p in ins.most_contacted] == ["Ada"]
    assert [(p.name, p.value) for p in ins.least_contacted] == [
        ("Bea", 0), ("Cy", 0), ("Ada", 2)]


def test_json_shape(board):
    data = compute(board, board.clock()).to_json()
    assert data["period_days"] == 30 and isinstance(data["now"], str)
    assert data["funnel"][0]["key"] == "follower"
