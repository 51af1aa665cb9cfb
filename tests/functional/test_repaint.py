"""The board repaints only what a change touched (a move redraws part of two
columns, not the screen). Whatever it skips must already be right: after each
step of a journey, the screen must be what a full repaint would draw."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.scrollbar import ScrollBarRender

from board.ui.widgets.card_list import CARD_HEIGHT, CardList, _BarLook, _thumb
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
        top = min(r.y for r in marked[first.id] if r != "all")
        assert top == 2 * CARD_HEIGHT  # the third card down, where the cursor was


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


async def test_the_scrollbar_looks_as_textual_draws_it(open_app, frozen):
    """The cards' scrollbar is drawn without a Rich console, cell for cell as
    Textual's own would be: at rest, hovered and grabbed, at any scroll."""
    from textual.geometry import Offset
    from textual.scrollbar import ScrollBar

    app, session = open_app()
    seed(session.board)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.columns[0].cards.vertical_scrollbar
        assert bar.renderer is _BarLook and bar.display and bar.size.height > 10

        def lines(renderer) -> list:
            bar.renderer = renderer
            bar.refresh()
            return [[(s.text, s.style) for s in bar.render_line(y)]
                    for y in range(bar.size.height)]

        thumbs = set()
        for _ in range(4):
            for grabbed, hovered in [(None, False), (None, True), (Offset(0, 3), False)]:
                bar.set_reactive(ScrollBar.grabbed, grabbed)
                bar.set_reactive(ScrollBar.mouse_over, hovered)
                fast = lines(_BarLook)
                assert fast == lines(ScrollBarRender), (bar.position, grabbed, hovered)
                thumbs.add(str(fast))
            bar.set_reactive(ScrollBar.grabbed, None)
            bar.set_reactive(ScrollBar.mouse_over, False)
            bar.renderer = _BarLook
            await pilot.press("pagedown", "pagedown")
            await pilot.pause()
        assert len(thumbs) >= 6  # the thumb moved, and looked different hovered
