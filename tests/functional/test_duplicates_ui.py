"""Duplicates in the app: the review screen (palette → Duplicates…), merging
from a person's screen (M), the preview before, undo after (Pilot, at 80x24
and 160x48), and a snapshot of the review screen."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from board.session import Session
from board.ui.app import BoardApp
from board.ui.screens.board import BoardScreen
from board.ui.screens.contact import ContactScreen
from board.ui.screens.duplicates import DuplicatesScreen
from board.ui.screens.merge import MergePreview, MergeWith
from tests.functional.conftest import SIZE
from tests.functional.test_backup_screens import palette

SMALL = (80, 24)
SIZES = pytest.mark.parametrize("size", [SMALL, SIZE], ids=["80x24", "160x48"])


def add_twins(board, frozen, originals: bool = True) -> dict[str, str]:
    """Three people, each on the board twice (one made a minute later); on
    the demo (``originals`` False) only the second ones, the demo has the first."""
    ids = {}
    for key, name, values in [] if not originals else [
        ("ines", "Inês Carvalhal", {"email": "ines@ateliermare.example", "tags": ["design"]}),
        ("yusuf", "Yusuf Demir", {"handles": ["github:ydemir"]}),
        ("tom", "Tom Ashworth", {"phone": "+44 7700 900552", "company": "Northern Signal"}),
    ]:
        ids[key] = board.add_contact(name, **values).id
        frozen.shift(60)
    for key, name, values in [
        ("ines2", "Ines Carvalhal", {"email": "INES@ateliermare.example", "tags": ["lisbon"],
                                     "notes": "Met again at the design week."}),
        ("yusuf2", "Yusuf Demír", {"handles": ["github:YDemir"]}),
        ("tom2", "Tom Ashworth", {"phone": "+44 (0)7700 900552"}),
    ]:
        ids[key] = board.add_contact(name, **values).id
        frozen.shift(60)
    if originals:
        board.log("call", [ids["ines"], ids["ines2"]])
    board.log("coffee", [ids["ines2"]])
    return ids


async def open_duplicates(pilot) -> DuplicatesScreen:
    await palette(pilot, "duplicates")
    screen = pilot.app.screen
    assert isinstance(screen, DuplicatesScreen)
    for _ in range(100):
        await pilot.pause(0.02)
        if screen.pairs is not None:
            break
    await pilot.pause()
    return screen


def listed(screen: DuplicatesScreen) -> list[str]:
    """The pairs as the list shows them: each option's first line."""
    listing = screen.query_one("#duplicates-list", OptionList)
    return [" ".join(str(listing.get_option_at_index(n).prompt).split("\n")[0].split())
            for n in range(listing.option_count)]


def head(screen) -> str:
    return str(screen.query_one("#duplicates-head", Static).render())


@SIZES
async def test_review_mark_not_same_skip_merge_and_undo(open_app, frozen, size):
    app, session = open_app()
    board = session.board
    ids = add_twins(board, frozen)
    async with app.run_test(size=size) as pilot:
        screen = await open_duplicates(pilot)
        assert listed(screen) == ["100 Inês Carvalhal · Ines Carvalhal",
                                  "100 Yusuf Demir · Yusuf Demír",
                                  "90 Tom Ashworth · Tom Ashworth"]
        listing = screen.query_one("#duplicates-list", OptionList)
        first = str(listing.get_option_at_index(0).prompt)
        assert "same email (ines@ateliermare.example); same name" in " ".join(first.split())
        assert "3 likely pairs" in head(screen)

        # n: not the same person; gone, and kept on both records
        await pilot.press("n")
        await pilot.pause()
        assert listed(screen)[0] == "100 Yusuf Demir · Yusuf Demír"
        assert board.contacts[ids["ines"]].not_same == (ids["ines2"],)
        assert board.contacts[ids["ines2"]].not_same == (ids["ines"],)
        # s: skipped for now, nothing stored
        before = dict(board.contacts)
        await pilot.press("s")
        await pilot.pause()
        assert listed(screen) == ["90 Tom Ashworth · Tom Ashworth"]
        assert "1 likely pair (1 skipped)" in head(screen)
        assert board.contacts == before
        # u: the mark is taken back, the pair comes back
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert listed(screen)[0] == "100 Inês Carvalhal · Ines Carvalhal"
        assert board.contacts[ids["ines"]].not_same == ()
        await pilot.press("home")  # (the cursor stayed on the pair it was on)

        # m: the preview first; esc changes nothing
        contacts, interactions = dict(board.contacts), dict(board.interactions)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MergePreview)
        title = str(app.screen.query_one("#dialog-title", Static).render())
        assert title == "Merge Ines Carvalhal into Inês Carvalhal?"
        preview = " ".join(str(app.screen.query_one("#merge-preview", Static).render()).split())
        assert "tags design, lisbon (1 added)" in preview
        assert "touches 2 (1 + 2, 1 with both, kept once)" in preview
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert board.contacts == contacts
        # m, y: merged; the pair leaves the list
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert ids["ines2"] not in board.contacts
        kept = board.contacts[ids["ines"]]
        assert kept.tags == ("design", "lisbon") and kept.notes == "Met again at the design week."
        assert [i.id for i in board.timeline(ids["ines"])] and all(
            ids["ines2"] not in i.people for i in board.interactions.values())
        assert listed(screen) == ["90 Tom Ashworth · Tom Ashworth"]  # (Yusuf's still skipped)
        # u: both people back exactly, and the pair
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert board.contacts == contacts and board.interactions == interactions
        assert listed(screen)[0] == "100 Inês Carvalhal · Ines Carvalhal"

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


@SIZES
async def test_merge_from_a_persons_screen_with_the_picker(open_app, frozen, size):
    app, session = open_app()
    board = session.board
    ids = add_twins(board, frozen)
    contacts, interactions = dict(board.contacts), dict(board.interactions)
    async with app.run_test(size=size) as pilot:
        app.screen.goto_contact(ids["ines2"])
        await pilot.press("enter")
        await pilot.pause()
        contact = app.screen
        assert isinstance(contact, ContactScreen) and contact.contact_id == ids["ines2"]
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MergeWith)
        await pilot.press("i", "n", "e")
        await pilot.pause()
        offered = app.screen.query_one("#merge-picker OptionList", OptionList)
        names = [str(offered.get_option_at_index(n).prompt).split("  ")[0]
                 for n in range(offered.option_count)]
        assert names == ["Inês Carvalhal"]  # (never the person themselves)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MergePreview)
        title = app.screen.query_one("#dialog-title", Static)
        assert str(title.render()) == "Merge Inês Carvalhal into Ines Carvalhal?"
        await pilot.press("w")  # keep the older record instead: this one is folded in
        await pilot.pause()
        assert str(title.render()) == "Merge Ines Carvalhal into Inês Carvalhal?"
        await pilot.press("y")
        await pilot.pause()
        # the screen now shows the person kept
        assert app.screen is contact and contact.contact_id == ids["ines"]
        assert ids["ines2"] not in board.contacts
        head = str(contact.query_one("#person-head", Static).render())
        assert head.startswith("Inês Carvalhal")
        assert len(board.timeline(ids["ines"])) == 2
        await pilot.press("u")
        await pilot.pause()
        assert board.contacts == contacts and board.interactions == interactions
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


@pytest.fixture
def demo_with_twins(config, frozen):
    session = Session.open_demo(config)
    add_twins(session.board, frozen, originals=False)
    yield BoardApp(session)
    session.close()


@pytest.mark.parametrize("size", [SMALL, SIZE], ids=["80x24", "160x48"])
def test_review_screen_snapshot(snap_compare, demo_with_twins, size):
    async def open_it(pilot):
        await open_duplicates(pilot)

    assert snap_compare(demo_with_twins, terminal_size=size, run_before=open_it)


async def test_a_person_merged_away_under_the_review_screen_closes_when_uncovered(
        open_app, frozen):
    app, session = open_app()
    ids = add_twins(session.board, frozen)
    async with app.run_test(size=SMALL) as pilot:
        app.screen.goto_contact(ids["ines2"])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        screen = await open_duplicates(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("y")  # Ines Carvalhal (the one open below) folded into Inês
        await pilot.pause()
        assert app.screen is screen  # the review stays, nothing else closed
        assert ids["ines2"] not in session.board.contacts
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_names_are_shown_as_text_in_the_review_and_the_preview(open_app, frozen):
    app, session = open_app()
    board = session.board
    board.add_contact("[bold]Eve[/] \x1b]0;pwned\x07", email="eve@x.example")
    frozen.shift(60)
    board.add_contact("[bold]eve[/] \x1b]0;pwned\x07", email="EVE@x.example")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_duplicates(pilot)
        assert listed(screen) == ["100 [bold]Eve[/] ␛]0;pwned␇ · [bold]eve[/] ␛]0;pwned␇"]
        await pilot.press("m")
        await pilot.pause()
        title = str(app.screen.query_one("#dialog-title", Static).render())
        assert title == "Merge [bold]eve[/] ␛]0;pwned␇ into [bold]Eve[/] ␛]0;pwned␇?"


async def test_a_long_list_shows_the_strongest_and_the_next_come_up(open_app, frozen,
                                                                    monkeypatch):
    monkeypatch.setattr(DuplicatesScreen, "LIMIT", 2)
    app, session = open_app()
    add_twins(session.board, frozen)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_duplicates(pilot)
        assert "3 likely pairs, the 2 strongest listed" in head(screen)
        assert len(listed(screen)) == 2
        await pilot.press("s")
        await pilot.pause()
        assert listed(screen) == ["100 Yusuf Demir · Yusuf Demír",
                                  "90 Tom Ashworth · Tom Ashworth"]


@SIZES
async def test_the_preview_shows_every_label_whole(open_app, frozen, size):
    """A label longer than the others ('how to help') is not cut to fit the
    indent the shorter ones need ('how to hel')."""
    app, session = open_app()
    board = session.board
    keep = board.add_contact("Inês Carvalhal", email="ines@ateliermare.example").id
    frozen.shift(60)
    drop = board.add_contact("Ines Carvalhal", email="INES@ateliermare.example",
                             help="Introduce her to two studios in Porto.").id
    async with app.run_test(size=size) as pilot:
        screen = await open_duplicates(pilot)
        assert listed(screen) == ["100 Inês Carvalhal · Ines Carvalhal"]
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MergePreview)
        preview = str(app.screen.query_one("#merge-preview", Static).render())
        assert "how to help  taken from Ines Carvalhal" in preview
        assert "keep" in preview and board.contacts[drop] and board.contacts[keep]


async def test_the_head_is_never_cut_mid_word_at_80_columns(open_app, frozen):
    """'No likely duplicates' and the keys do not fit 80 columns: the keys
    (the key bar has them too) are left out rather than cut ('· s')."""
    app, session = open_app()
    board = session.board
    add_twins(board, frozen)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_duplicates(pilot)
        for _ in range(3):
            await pilot.press("n")
            await pilot.pause()
        assert listed(screen) == []
        widget = screen.query_one("#duplicates-head", Static)
        text = str(widget.render())
        assert "No likely duplicates" in text
        assert len(text.rstrip()) <= widget.content_size.width
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert "No likely duplicates   m merges · n not the same person · s skips" in head(screen)


async def test_undoing_a_merge_on_the_board_puts_the_cursor_on_the_pair(open_app, frozen):
    """Undoing a merge also changes everyone who pointed at the removed
    person (introduced by): the cursor goes to the pair, not to one of them."""
    app, session = open_app()
    board = session.board
    keep = board.add_contact("Inês Carvalhal", email="ines@ateliermare.example").id
    frozen.shift(60)
    drop = board.add_contact("Ines Carvalhal", email="INES@ateliermare.example").id
    for n in range(20):
        friend = board.add_contact(f"Friend {n:02}", introduced_by=drop).id
        board.promote(friend)
    async with app.run_test(size=SMALL) as pilot:
        board.merge(keep, drop)
        await pilot.pause()
        await pilot.press("l", "h")  # (the cursor on the board's first card)
        await pilot.press("u")
        await pilot.pause()
        assert drop in board.contacts
        assert app.screen.current_id in (keep, drop)
