"""The board on the demo, time frozen, at every terminal size from 80x24:
each urgent card shows its mark, each column its title (whole or
deliberately short) and count, the top bar the overdue and due counts, the
footer help and quit."""

from __future__ import annotations

import pytest

from board.core.care import care
from board.session import Session
from board.ui.app import BoardApp
from board.ui.widgets.card_list import CARD_HEIGHT
from tests.functional.test_card_list import screen_lines

SIZES = [(80, 24), (100, 30), (120, 36), (160, 48)]


@pytest.fixture
def demo(config, frozen):
    session = Session.open_demo(config)
    yield BoardApp(session), session
    session.close()


def cards_in_view(app, column):
    """(contact id, the card's three lines as drawn) for each whole card in view."""
    cards = column.cards
    region = cards.content_region
    lines = [line[region.x:region.right] for line in screen_lines(app)]
    out = []
    for index, cid in enumerate(cards.ids):
        top = region.y + index * CARD_HEIGHT - cards.scroll_offset.y
        if top >= region.y and top + 3 <= region.bottom:
            out.append((cid, lines[top:top + 3]))
    return out


@pytest.mark.parametrize("size", SIZES)
async def test_every_urgent_card_in_view_shows_its_mark(demo, size):
    app, session = demo
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        board, screen = session.board, app.screen
        seen = 0
        for column in screen.columns:
            for cid, lines in cards_in_view(app, column):
                k = care(board, cid, board.clock(), screen.config.due_window_days)
                text = "\n".join(lines)
                if k.needs_touch:
                    seen += 1
                    assert k.mark() in text or k.short_mark() in text, (size, lines)
                contact = board.contacts[cid]
                if contact.advocate:
                    assert "★" in text
        assert seen >= 5  # the demo's urgent people in view


@pytest.mark.parametrize("size", SIZES)
async def test_titles_counts_top_bar_and_footer_fit(demo, size):
    app, _ = demo
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        lines = screen_lines(app)
        for column in screen.columns:
            header = column.header
            region = header.content_region
            shown = lines[region.y][region.x:region.right].strip()
            label, _, count = shown.rpartition(" ")
            assert count == f"{len(column.cards.ids):,}", shown
            label = label.strip()
            # the whole label, or its first letters and a "."
            assert label == header.label or (
                label.endswith(".") and header.label.startswith(label[:-1])), shown
        top = lines[0]
        overdue = screen._status_counts.get("overdue", 0)
        due = screen._status_counts.get("due", 0)
        assert f"{overdue} overdue" in top and f"{due} due" in top
        # the file's line is whole, in short, or left out: never cut
        assert (screen.subtitle_text in top or screen.subtitle_short in top
                or "demo" not in top), top
        footer = lines[-1]
        assert " ? Help " in footer and " q Quit " in footer


LONG_LADDER = "ladder:\n" + "".join(
    f"  - {{key: r{n}, label: {label}, cadence_days: 30, depth: {min(n, 5)}}}\n"
    for n, label in enumerate(["Follower", "Engaged", "Conversation", "Call", "Met",
                               "Friend", "Close ally", "Chosen family"]))


async def test_a_ladder_too_long_for_the_terminal_scrolls_sideways(tmp_path, frozen):
    from board.config import load_config

    cfg = tmp_path / "config.yaml"
    cfg.write_text(LONG_LADDER, encoding="utf-8")
    session = Session.open(tmp_path / "board.json", load_config(cfg))
    try:
        ada = session.board.add_contact("Ada Lovelace")
        for _ in range(7):
            session.board.promote(ada.id)
        app = BoardApp(session)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            # eight columns of 12 need 104 cells: none is narrowed past use
            assert all(c.region.width >= 12 for c in screen.columns)

            def on_screen(column) -> bool:
                return column.region.x >= 0 and column.region.right <= 80

            assert on_screen(screen.columns[0]) and not on_screen(screen.columns[-1])
            await pilot.press(*"l" * 7)
            await pilot.pause()
            last = screen.columns[-1]
            assert screen.col == 7 and on_screen(last)
            lines = screen_lines(app)
            header = last.header.content_region
            assert lines[header.y][header.x:header.right].strip() == "Chosen. 1"
            assert "▌ Ada Love…" in "\n".join(
                line[last.region.x:last.region.right] for line in lines)
            await pilot.press(*"h" * 7)
            await pilot.pause()
            assert on_screen(screen.columns[0])
        # a terminal wide enough shows them all, no scrolling
        app = BoardApp(session)
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            assert all(c.region.x >= 0 and c.region.right <= 160 for c in app.screen.columns)
    finally:
        session.close()
