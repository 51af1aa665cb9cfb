"""The board repaints only what a change touched (a move redraws part of two
columns, not the screen). Whatever it skips must already be right: after each
step of a journey, the screen must be what a full repaint would draw."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.scrollbar import ScrollBarRender

from board.ui.widgets.card_list import CARD_HEIGHT, CardList, _thumb
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


async def test_a_move_repaints_the_columns_it_touched_from_the_card_down(open_app, frozen):
    """What a move marks for repaint: from the card that left down, in its
    old column; the new column; never the top bar or the columns it left be."""
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
        assert set(marked) <= {first.id, second.id, "ColumnHeader"}
        cards = [r for r in marked[first.id] if r != "all" and r.width > 1]  # not its scrollbar
        assert min(r.y for r in cards) == 2 * CARD_HEIGHT  # the third card, where the cursor was


@settings(max_examples=400, deadline=None)
@given(
    size=st.integers(1, 60),
    window=st.integers(0, 60),
    virtual=st.integers(1, 40_000),
    position=st.floats(0, 40_000),
    other=st.floats(0, 40_000),
    grown=st.integers(-8, 8),
)
def test_the_scrollbar_is_skipped_only_when_it_would_draw_the_same(
        size, window, virtual, position, other, grown):
    """A scroll step or a card more leaves the scrollbar unpainted when the
    thumb stays put: then Textual's scrollbar would draw the very same cells."""
    def drawn(virtual, position):
        position = min(int(position * 8) / 8, max(0, virtual - window))  # as ScrollBar keeps it
        shown = window if window < virtual else 0
        bar = ScrollBarRender.render_bar(size=size, virtual_size=virtual, window_size=shown,
                                         position=position)
        return list(bar.segments), _thumb(size, virtual, window, position)

    for state in [(virtual, other), (max(1, virtual + grown), position)]:
        cells, thumb = drawn(*state)
        base_cells, base_thumb = drawn(virtual, position)
        if thumb == base_thumb:
            assert cells == base_cells


async def test_the_columns_look_as_textual_would_draw_them(open_app, frozen, monkeypatch):
    """A column draws its own lines and scrollbar (faster than Textual's
    general path and its ScrollBar widget): cell for cell what Textual's
    own would draw, scrolled or not, short columns and long."""
    from textual.widget import Widget

    from board.ui.app import BoardApp

    app, session = open_app()
    seed(session.board)
    for n in range(60):
        session.board.add_contact(f"More {n:02d}")
    journey = [(), ("pagedown",), ("pagedown", "pagedown", "down"), ("end",)]

    async def screens(app) -> list[str]:
        shots = []
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for keys in journey:
                await pilot.press(*keys)
                await pilot.pause()
                shots.append(fresh_screenshot(app))
            first = app.screen.columns[0].cards
            assert first.max_scroll_y > 0 and first.scroll_y > 0
            shots.append(first._bar_width())
        return shots

    ours = await screens(app)
    assert ours.pop() == 1  # the column drew its scrollbar
    monkeypatch.setattr(CardList, "render_lines", Widget.render_lines)
    monkeypatch.setattr(CardList, "DEFAULT_CSS", CardList.DEFAULT_CSS.replace(
        "scrollbar-size-vertical: 0", "scrollbar-size-vertical: 1"))
    theirs = await screens(BoardApp(session))
    assert theirs.pop() == 0  # Textual drew it
    assert ours == theirs


async def test_the_wheel_scrolls_a_long_column_and_its_scrollbar_takes_clicks(open_app, frozen):
    from textual import events

    app, session = open_app()
    for n in range(60):
        session.board.add_contact(f"More {n:02d}")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cards = app.screen.columns[0].cards
        assert cards._bar_width() and cards.scroll_y == 0
        await pilot._post_mouse_events([events.MouseScrollDown], cards, offset=(3, 10))
        await pilot.pause()
        assert cards.scroll_y > 0
        # A click on the scrollbar, near its foot, scrolls there and selects nothing.
        await pilot.click(cards, offset=(cards.size.width - 1, cards.size.height - 2))
        await pilot.pause()
        assert cards.scroll_y > 0.8 * cards.max_scroll_y and cards.cursor == 0
        # A click on a card still selects it.
        await pilot.click(cards, offset=(3, 6))
        await pilot.pause()
        assert cards.cursor == cards.index_at_row(5)
