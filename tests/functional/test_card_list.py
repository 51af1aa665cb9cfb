"""A column of cards as the user sees it: whole cards with a line between,
Textual's scrollbar beside a column that overflows (and none beside one that
fits), the wheel, a click on the scrollbar's track, a click on a card, and
what an empty column says."""

from __future__ import annotations

import html
import re

import pytest
from rich.cells import cell_len
from textual import events
from textual.geometry import Region
from textual.scrollbar import ScrollBar

from board.ui.app import BoardApp
from board.ui.widgets.card_list import CARD_HEIGHT, CardList
from tests.functional.conftest import SIZE

SIZES = [(80, 24), SIZE]

_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)"'
    r' clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>')


def screen_lines(app) -> list[str]:
    """The terminal's text, cell for cell, read from Textual's screenshot."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    texts = [(float(x), float(length), int(line), html.unescape(text))
             for x, length, line, text in _TEXT.findall(app.export_screenshot())]
    cell = next(length / cell_len(text) for _, length, _, text in texts if cell_len(text))
    for x, _, line, text in texts:
        column = round(x / cell)
        for char in text.replace("\xa0", " "):
            if column < width:
                rows[line][column] = char
            column += cell_len(char)
    return ["".join(row) for row in rows]


def column_text(app, cards: CardList) -> list[str]:
    """The lines the column's cards show (under its top padding)."""
    region = cards.content_region
    lines = screen_lines(app)
    return [line[region.x:region.right] for line in lines[region.y:region.bottom]]


def on_scrollbar(app, cards: CardList) -> list[bool]:
    """For each line of the column: is its last cell Textual's scrollbar?"""
    region = cards.content_region
    return [isinstance(app.screen.get_widget_at(region.right - 1, y)[0], ScrollBar)
            for y in range(region.y, region.bottom)]


def names_shown(app, cards: CardList) -> list[str]:
    """The names on the cards in view, top to bottom (a card whose name line
    is scrolled off is left out)."""
    first = -cards.scroll_offset.y % CARD_HEIGHT
    lines = column_text(app, cards)[first::CARD_HEIGHT]
    return [line[2:-1].rstrip() for line in lines if line.startswith("▌ ")]


def fill(board, count: int, name: str = "Bartholomew Longfellow-Smythe") -> list:
    return [board.add_contact(f"{name} {n:02d}") for n in range(count)]


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_column_shows_whole_cards_and_textual_scrollbar_beside_them(
        open_app, frozen, size):
    app, session = open_app()
    fill(session.board, 40)
    short = session.board.add_contact("Ada")
    session.board.promote(short.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        long_column, short_column = (c.cards for c in app.screen.columns[:2])
        lines = column_text(app, long_column)
        width = long_column.content_region.width
        # Each card: three lines behind its coloured bar, then a blank line.
        for top in range(0, len(lines) - CARD_HEIGHT + 1, CARD_HEIGHT):
            assert [line.startswith("▌ ") for line in lines[top:top + CARD_HEIGHT]] == [
                True, True, True, False], lines[top:top + CARD_HEIGHT]
            assert not lines[top + CARD_HEIGHT - 1][:-1].strip()
        # A name too long for the column is cut with an ellipsis that stays in
        # view: the scrollbar takes the card's right margin, not its text.
        name = lines[0]
        assert name.startswith("▌ Bartho") and name[width - 2] == "…"
        assert name[width - 1] == " "
        assert all(on_scrollbar(app, long_column))
        # A column that fits has no scrollbar: its cards keep their margin.
        assert column_text(app, short_column)[0].rstrip() == "▌ Ada"
        assert not any(on_scrollbar(app, short_column))


async def test_the_wheel_scrolls_a_long_column(open_app, frozen):
    app, session = open_app()
    fill(session.board, 60, "More")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cards = app.screen.columns[0].cards
        assert names_shown(app, cards)[0] == "More 00"
        for _ in range(3):
            await pilot._post_mouse_events([events.MouseScrollDown], cards, offset=(3, 10))
        await pilot.pause()
        shown = names_shown(app, cards)
        assert shown and shown[0] > "More 00" and cards.cursor == 0
        for _ in range(3):
            await pilot._post_mouse_events([events.MouseScrollUp], cards, offset=(3, 10))
        await pilot.pause()
        assert names_shown(app, cards)[0] == "More 00"


async def test_a_click_on_the_scrollbar_track_goes_there(open_app, frozen):
    """Textual's track pages by a screenful; in a long column a click goes to
    that point of the column instead (the thumb is dragged as Textual's)."""
    app, session = open_app()
    fill(session.board, 60, "More")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        cards = app.screen.columns[0].cards
        track = cards.vertical_scrollbar.region
        near_foot = track.bottom - 2 - cards.region.y
        await pilot.click(cards, offset=(cards.region.width - 1, near_foot))
        await pilot.pause()
        assert names_shown(app, cards)[-1] >= "More 55"
        assert cards.cursor == 0  # the click selected nothing
        await pilot.click(cards, offset=(cards.region.width - 1, track.y - cards.region.y))
        await pilot.pause()
        assert names_shown(app, cards)[0] == "More 00"


@pytest.mark.parametrize("size", SIZES)
async def test_a_click_on_a_card_selects_it(open_app, frozen, size):
    app, session = open_app()
    people = fill(session.board, 60, "More")
    session.board.promote(people[5].id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        first = app.screen.columns[0].cards
        await pilot._post_mouse_events([events.MouseScrollDown], first, offset=(3, 3))
        await pilot.pause()
        shown = names_shown(app, first)
        # The third card in view, clicked on its last line.
        row = first.content_region.y - first.region.y + 2 * CARD_HEIGHT + 2
        await pilot.click(first, offset=(4, row))
        await pilot.pause()
        assert app.screen.col == 0
        assert session.board.contacts[app.screen.current_id].name == shown[2]
        # A click in another column moves the cursor there.
        second = app.screen.columns[1].cards
        await pilot.click(second, offset=(4, second.content_region.y - second.region.y))
        await pilot.pause()
        assert app.screen.col == 1 and app.screen.current_id == people[5].id


async def test_an_empty_column_says_so(open_app, frozen):
    app, session = open_app()
    session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        engaged = app.screen.columns[1].cards
        assert "no one here yet" in column_text(app, engaged)[1]
        await pilot.press("slash", "z", "z", "z")
        await pilot.pause()
        first = app.screen.columns[0].cards
        assert "no match" in column_text(app, first)[1]
        assert "no match" in column_text(app, engaged)[1]
        await pilot.press("escape")
        await pilot.pause()
        assert names_shown(app, first) == ["Ada"]
        assert "no one here yet" in column_text(app, engaged)[1]


async def test_undo_puts_a_card_back_at_the_end_of_a_long_column_in_view(open_app, frozen):
    """The card goes back below the column's old end: the cursor follows it
    there once the column has its new height."""
    app, session = open_app()
    for person in fill(session.board, 40, "More"):
        session.board.promote(person.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "end")
        await pilot.pause()
        engaged = app.screen.columns[1].cards
        last = engaged.current
        name = session.board.contacts[last].name
        assert engaged.cursor == len(engaged.ids) - 1
        await pilot.press("left_square_bracket")  # to the top of the first rung
        await pilot.pause()
        assert app.screen.col == 0 and app.screen.current_id == last
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.col == 1 and app.screen.current_id == last
        assert engaged.cursor == len(engaged.ids) - 1
        assert names_shown(app, engaged)[-1] == name
        assert column_text(app, engaged)[-2].startswith("▌ ")  # its last line too


async def test_no_frame_shows_an_empty_view_while_a_filter_narrows_a_scrolled_column(
        open_app, frozen, monkeypatch):
    from board.ui.screens.board import BoardScreen

    app, session = open_app()
    fill(session.board, 60, "More")
    session.board.promote(session.board.add_contact("Ada 00").id)
    frames: list[list[str]] = []
    paint = BoardScreen._compositor_refresh

    def painted(screen):
        paint(screen)
        frames.append(names_shown(screen.app, screen.columns[0].cards))

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right")  # the cursor leaves the column scrolled below
        cards = app.screen.columns[0].cards
        await pilot.click(cards, offset=(cards.region.width - 1, cards.region.height - 1))
        await pilot.pause()
        assert names_shown(app, cards)[-1] == "More 59"
        monkeypatch.setattr(BoardScreen, "_compositor_refresh", painted)
        await pilot.press("slash", "0")
        await pilot.pause()
        await pilot.press("0")
        await pilot.pause()
        monkeypatch.undo()
    shown = [names for names in frames if names != frames[0]]
    assert shown and all(shown), frames  # each frame after the filter shows cards
    assert frames[-1] == ["More 00"]



def column_look(cards: CardList) -> list[list[tuple[str, object]]]:
    """What the column's scrollbar draws, line by line (text and style), as
    Textual renders it; nothing when it shows none."""
    bar = cards.vertical_scrollbar
    if not cards.show_vertical_scrollbar:
        return []
    strips = bar.render_lines(Region(0, 0, bar.size.width, bar.size.height))
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


async def test_after_moves_a_long_column_looks_as_on_a_freshly_opened_board(open_app, frozen):
    """Cards moved out of and back into a long column leave its cards, its
    scrollbar's thumb, its scroll and its last card exactly as a board opened
    on the same people shows them."""
    app, session = open_app()
    fill(session.board, 90, "More")
    view = ["home"] + ["pagedown"] * 4  # a scrolled view, reached the same way

    async def look(app, pilot) -> tuple:
        cards = app.screen.columns[0].cards
        await pilot.press("left", "left", "left", *view)
        await pilot.pause()
        scrolled = (cards.cursor, cards.scroll_offset.y, column_text(app, cards),
                    column_look(cards))
        await pilot.press("end")
        await pilot.pause()
        return scrolled, cards.scroll_offset.y, names_shown(app, cards)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*view)
        for _ in range(5):  # out of the first column, one by one
            await pilot.press("right_square_bracket", "left")
            await pilot.pause()
        for _ in range(2):  # and two back
            await pilot.press("right", "left_square_bracket")
            await pilot.pause()
        moved = await look(app, pilot)
        assert len(app.screen.columns[0].cards.ids) == 87
    assert moved[2][-1] == "More 89"  # the last card is reached, nothing past it
    fresh = BoardApp(session)
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert await look(fresh, pilot) == moved
