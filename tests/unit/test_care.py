from datetime import timedelta

import pytest

from board.core.board import Board
from board.core.care import care, due_list, snooze_until, warmth, warmth_level


@pytest.fixture
def board(config, frozen):
    return Board(config.ladder)


def on_rung(board, name, rung_steps, **values):
    c = board.add_contact(name, **values)
    for _ in range(rung_steps):
        board.promote(c.id)
    return c


def test_followers_have_no_cadence(board):
    c = board.add_contact("Ada")
    assert care(board, c.id, board.clock()).status == "none"


def test_cadence_counts_from_the_rung_entry_when_never_touched(board, frozen):
    c = on_rung(board, "Ada", 1)  # engaged: 60 days
    now = board.clock()
    assert care(board, c.id, now).status == "ok"
    assert care(board, c.id, now + timedelta(days=57)).status == "due"
    k = care(board, c.id, now + timedelta(days=65))
    assert k.status == "overdue" and k.days_overdue == 5
    assert k.mark() == "5d overdue"


def test_logging_resets_the_clock(board, frozen):
    c = on_rung(board, "Ada", 2)  # conversation: 30 days
    frozen.shift(timedelta(days=40))
    assert care(board, c.id, board.clock()).status == "overdue"
    board.log("email", [c.id])
    k = care(board, c.id, board.clock())
    assert k.status == "ok" and k.last_touch == board.clock()
    assert k.due_at == board.clock() + timedelta(days=30)


def test_a_backdated_log_counts_from_when_it_happened(board, frozen):
    c = on_rung(board, "Ada", 2)
    frozen.shift(timedelta(days=40))
    board.log("email", [c.id], at=board.clock() - timedelta(days=20))
    assert care(board, c.id, board.clock()).status == "ok"  # 20 of 30 days
    assert care(board, c.id, board.clock() + timedelta(days=11)).status == "overdue"


def test_contact_override_and_no_cadence(board, frozen):
    c = on_rung(board, "Ada", 1, cadence_days=7)
    assert care(board, c.id, board.clock() + timedelta(days=8)).status == "overdue"
    board.update_contact(c.id, no_cadence=True)
    assert care(board, c.id, board.clock() + timedelta(days=800)).status == "none"


def test_due_window_is_configurable(board):
    c = on_rung(board, "Ada", 2)
    later = board.clock() + timedelta(days=25)
    assert care(board, c.id, later, window_days=3).status == "ok"
    assert care(board, c.id, later, window_days=5).status == "due"


def test_snooze_pushes_the_due_date_and_a_touch_ends_it(board, frozen):
    c = on_rung(board, "Ada", 2)
    frozen.shift(timedelta(days=35))
    now = board.clock()
    assert care(board, c.id, now).status == "overdue"
    until = snooze_until(board, c.id, now, 7)
    assert until == now + timedelta(days=7)
    board.snooze(c.id, until)
    k = care(board, c.id, now)
    assert k.status == "ok" and k.snoozed and k.mark() == "snoozed"
    assert care(board, c.id, now + timedelta(days=8)).status == "overdue"
    board.undo()
    assert care(board, c.id, now).status == "overdue"
    board.snooze(c.id, until)
    board.log("call", [c.id])
    assert board.contacts[c.id].snoozed_until is None


def test_due_list_is_most_urgent_first(board, frozen):
    a = on_rung(board, "A", 2)  # 30 days
    b = on_rung(board, "B", 1)  # 60 days
    on_rung(board, "C", 0)  # none
    d = on_rung(board, "D", 2)
    frozen.shift(timedelta(days=20))
    board.log("email", [d.id])
    frozen.shift(timedelta(days=50))
    names = [c.name for c, _ in due_list(board, board.clock())]
    assert names == ["A", "D", "B"]  # 40, 20 and 10 days overdue
    assert [k.status for _, k in due_list(board, board.clock())] == [
        "overdue", "overdue", "overdue"]
    assert b.id != a.id


def test_warmth_decays_with_the_half_life(board, frozen):
    c = board.add_contact("Ada")
    board.log("coffee", [c.id])  # depth 4
    now = board.clock()
    assert warmth(board, c.id, now) == pytest.approx(4)
    assert warmth(board, c.id, now + timedelta(days=30), 30) == pytest.approx(2)
    assert warmth(board, c.id, now + timedelta(days=60), 30) == pytest.approx(1)
    assert warmth_level(4) == 3 and warmth_level(0) == 0 and warmth_level(100) == 5


def test_the_short_mark_says_overdue_due_and_snoozed_in_a_few_cells():
    from board.core.care import Care

    assert Care("overdue", days_overdue=12).short_mark() == "!12d"
    assert Care("due", days_overdue=-3).short_mark() == "·3d"
    assert Care("due", days_overdue=0).short_mark() == "·0d"
    assert Care("ok", snoozed=True).short_mark() == "zz"
    assert Care("ok").short_mark() == ""
