"""Keep in touch on the board: overdue marks, logging clears them, due order."""

from __future__ import annotations

from datetime import timedelta

from board.ui.screens.snooze import SnoozeForm
from tests.functional.conftest import SIZE


def card_text(app, cid: str) -> str:
    for column in app.screen.columns:
        if cid in column.cards.ids:
            top = column.cards.ids.index(cid) * 4
            return "\n".join(column.cards.render_line(top + n).text for n in range(3))
    raise AssertionError("card not shown")


async def test_overdue_card_clears_when_a_call_is_logged(open_app, frozen):
    app, session = open_app()
    board = session.board
    ada = board.add_contact("Ada")
    board.promote(ada.id)
    board.promote(ada.id)  # conversation: every 30 days
    grace = board.add_contact("Grace")
    board.promote(grace.id)
    frozen.shift(timedelta(days=40))
    async with app.run_test(size=SIZE) as pilot:
        assert "10d overdue" in card_text(app, ada.id)
        assert "1 overdue" in str(app.screen.query_one("#topbar").render())
        app.screen.focus_card(ada.id)
        await pilot.press("c", "ctrl+s")  # a call is as deep as this rung: no offer
        await pilot.press("escape")  # (dismiss any promotion offer)
        await pilot.pause()
        assert "overdue" not in card_text(app, ada.id)
        assert "0 overdue" in str(app.screen.query_one("#topbar").render())


async def test_due_first_orders_by_urgency_and_escape_restores(open_app, frozen):
    app, session = open_app()
    board = session.board
    a, b, c = (board.add_contact(n) for n in ("A", "B", "C"))
    for cid in (a.id, b.id, c.id):
        board.promote(cid)  # engaged: 60 days
    board.log("comment", [b.id], at=board.clock() + timedelta(days=30))
    frozen.shift(timedelta(days=75))
    board.log("comment", [c.id], at=board.clock() - timedelta(days=70))
    async with app.run_test(size=SIZE) as pilot:
        engaged = app.screen.columns[1].cards
        usual = list(engaged.ids)
        await pilot.press("D")
        # A: due at day 60 (15 overdue), C: touched at day 5 (due 65: 10 overdue),
        # B: touched at day 30 (due 90: ok)
        assert [board.contacts[i].name for i in engaged.ids] == ["A", "C", "B"]
        await pilot.press("escape")
        assert engaged.ids == usual


async def test_only_due_from_the_palette_and_snooze(open_app, frozen):
    app, session = open_app()
    board = session.board
    a, b = board.add_contact("Ada"), board.add_contact("Bea")
    board.promote(a.id)
    frozen.shift(timedelta(days=61))
    async with app.run_test(size=SIZE) as pilot:
        app.screen.action_only_due()
        await pilot.pause()
        names = [[board.contacts[i].name for i in col.cards.ids] for col in app.screen.columns]
        assert names == [[], ["Ada"], [], [], [], []]
        app.screen.focus_card(a.id)
        await pilot.press("z")
        assert isinstance(app.screen, SnoozeForm)
        await pilot.press("enter")  # the default: 7 days
        await pilot.pause()
        assert board.contacts[a.id].snoozed_until == board.clock() + timedelta(days=7)
        assert a.id not in app.screen.columns[1].cards.ids  # no longer due
        await pilot.press("escape")
        assert "snoozed" in card_text(app, a.id)
        await pilot.press("u")
        assert board.contacts[a.id].snoozed_until is None
        assert b.id in app.screen.columns[0].cards.ids
