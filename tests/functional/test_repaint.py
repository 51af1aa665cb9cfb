"""The board repaints only what a change touched (a move redraws part of two
columns, not the screen). Whatever it skips must already be right: after each
step of a journey, the screen must be what a full repaint would draw."""

from __future__ import annotations

from datetime import timedelta

from board.ui.widgets.card_list import CardList
from tests.conftest import NOW
from tests.functional.conftest import SIZE


def fresh_screenshot(app) -> str:
    """The screen drawn from scratch: every widget and card redrawn."""
    for widget in app.screen.query("*"):
        if isinstance(widget, CardList):
            widget.invalidate()
        widget.refresh()
    return app.export_screenshot()


def seed(board) -> None:
    for n in range(45):
        c = board.add_contact(f"Person {n:02d}", company=f"Co {n % 7}")
        if n % 3 == 0:
            board.promote(c.id)
        if n % 5 == 0:
            board.log("call", [c.id], at=NOW - timedelta(days=n))


async def test_every_partial_repaint_matches_a_full_one(open_app, frozen):
    app, session = open_app()
    seed(session.board)
    steps = [  # each ends in a change; the screen is checked after each
        ("down", "down", "down", "right_square_bracket"),  # off the middle of a column
        ("left_square_bracket",),
        ("pagedown", "pagedown", "pagedown", "right_square_bracket"),  # off a scrolled column
        ("left", "u"),
        ("end", "right_square_bracket"),
        ("home", "s"),  # advocate: the card changes in place
        ("slash", "c", "o", "space", "3"),  # a filter empties some columns
        ("escape",),
        ("D", "right_square_bracket"),
        ("D",),
    ]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown_scrolled = False
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
            shown_scrolled |= app.screen.columns[0].cards.scroll_offset.y > 0
            screen = app.export_screenshot()
            assert fresh_screenshot(app) == screen, keys
        assert shown_scrolled  # the journey did scroll a long column


async def test_a_move_repaints_only_the_columns_it_touched(open_app, frozen):
    """What a move marks for repaint: the card's old column and its new one
    (and their headers); never the top bar or the columns it left be."""
    app, session = open_app()
    seed(session.board)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        first, second = screen.columns[0].cards, screen.columns[1].cards
        await pilot.press("down", "down")
        await pilot.pause()
        marked: dict[str, list] = {}

        def watch(widget, regions):
            marked.setdefault(widget.id or type(widget).__name__, []).extend(regions)

        for widget in screen.query("*"):
            original = widget.refresh

            def refresh(*regions, _w=widget, _original=original, **kwargs):
                watch(_w, regions or ["all"])
                return _original(*regions, **kwargs)

            widget.refresh = refresh
        await pilot.press("right_square_bracket")
        assert "topbar" not in marked
        assert {first.id, second.id} <= set(marked) <= {first.id, second.id, "ColumnHeader"}
