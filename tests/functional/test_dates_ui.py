"""Birthdays and dates as the user meets them: typed in the contact form at
80x24, shown on the person's screen with the age, marked on the card within
the window without crowding out the due mark, and a snapshot of that card."""

from __future__ import annotations

from datetime import timedelta

import pendulum
import pytest

from board.core.schema import NamedDate
from board.session import Session
from board.ui.app import BoardApp
from board.ui.screens.board import BoardScreen
from board.ui.screens.contact import ContactScreen
from board.ui.screens.contact_form import ContactForm
from tests.functional.conftest import SIZE
from tests.functional.test_card_list import screen_lines
from tests.functional.test_journeys import type_text

SMALL = (80, 24)
# NOW (tests/conftest.py) is Fri 20 Nov 2026, 15:30 UTC.


@pytest.fixture(autouse=True)
def london():
    pendulum.set_local_timezone(pendulum.timezone("Europe/London"))
    yield
    pendulum.set_local_timezone()


async def tab_to(pilot, field_id: str) -> None:
    """Press tab, as a user would, until ``field_id`` has the focus."""
    for _ in range(30):
        if pilot.app.focused is not None and pilot.app.focused.id == field_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached #{field_id}")


def text_of(app) -> str:
    return "\n".join(screen_lines(app))


async def test_editing_a_birthday_at_80x24(open_app, frozen):
    app, session = open_app()
    amara = session.board.add_contact("Amara Nwosu", company="Slow Build Radio")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ContactForm)
        await tab_to(pilot, "birthday")
        await type_text(pilot, "31 June")
        await pilot.press("ctrl+s")
        # refused, said under the field, nothing saved, the form still open
        assert isinstance(app.screen, ContactForm)
        assert "June has no day 31" in text_of(app)
        assert session.board.contacts[amara.id].birthday == ""
        await pilot.press(*["backspace"] * 7)
        await type_text(pilot, "23 Nov 1986")
        # read back as it is typed, as the person's screen will say it
        assert ("Birthday: 23 November 1986 · 39, turns 40 on Mon 23 Nov, in 3 days"
                in text_of(app))
        await tab_to(pilot, "dates")
        await type_text(pilot, "work anniversary: 2019-11-27")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BoardScreen)
        saved = session.board.contacts[amara.id]
        assert saved.birthday == "1986-11-23"
        assert saved.dates == (NamedDate("work anniversary", "2019-11-27"),)
        assert saved.company == "Slow Build Radio"
        await pilot.pause()
        # the card: three days to go
        assert any("✦3d" in line for line in screen_lines(app))
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        await pilot.pause()
        shown = text_of(app)
        assert "Birthday      23 November 1986 · 39, turns 40 on Mon 23 Nov, in 3 days" in shown
        assert "Dates         work anniversary: 27 November 2019 · 7 years on Fri 27" in shown
        # the form shows them back as it reads them, and saving unchanged keeps them
        await pilot.press("e")
        assert app.screen.query_one("#birthday").value == "23 November 1986"
        assert app.screen.query_one("#dates").value == "work anniversary: 27 November 2019"
        await pilot.press("ctrl+s")
        assert session.board.contacts[amara.id] == saved
        # undo takes the dates back off
        await pilot.press("escape", "u")
        assert session.board.contacts[amara.id].birthday == ""


@pytest.mark.parametrize("size", [SMALL, SIZE])
async def test_the_date_mark_leaves_the_due_mark_whole(open_app, frozen, size):
    app, session = open_app()
    b = session.board
    ada = b.add_contact("Ada Lovelace-Byron", handles=["x:adalovelacebyron"],
                        birthday="--01-19", advocate=True)
    b.promote(ada.id)
    b.promote(ada.id)  # conversation, every 30 days; never touched
    frozen.shift(timedelta(days=59))  # Mon 18 Jan 2027: 29 days overdue, birthday tomorrow
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        cards = app.screen.columns[2].cards
        region = cards.content_region
        card = [line[region.x:region.right]
                for line in screen_lines(app)[region.y:region.y + 3]]
        shown = "\n".join(card)
        if size == SMALL:  # name / last touch, short mark, badge / handle, date
            assert card[0].startswith("▌ Ada Lov")
            assert card[1].rstrip().endswith("!4w ★"), shown
            assert card[2].rstrip().endswith("✦1d"), shown
        else:  # name, date (short: the long name would not fit beside the words), badge /
            # handle, warmth / last touch, mark in words
            assert card[0].rstrip().endswith("Lovelace-By… ✦1d ★"), shown
            assert card[2].rstrip().endswith("4w overdue"), shown


async def test_no_mark_beyond_the_window(open_app, frozen, tmp_path):
    from board.config import load_config

    cfg = tmp_path / "config.yaml"
    cfg.write_text("dates_window_days: 2\n")
    config = load_config(cfg)
    app, session = open_app(cfg=config)
    session.board.add_contact("Bo Berg", birthday="--11-23")  # in 3 days
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert not any("✦" in line for line in screen_lines(app))


@pytest.fixture
def demo_with_birthday(config, frozen):
    session = Session.open_demo(config)
    board = session.board
    amara = next(c for c in board.contacts.values() if c.name == "Amara Nwosu")
    board.update_contact(amara.id, birthday="1986-11-23")  # in 3 days, turns 40
    yield BoardApp(session)
    session.close()


@pytest.mark.parametrize("size", [SMALL, SIZE])
def test_snapshot_a_card_with_a_coming_birthday(snap_compare, demo_with_birthday, size):
    assert snap_compare(demo_with_birthday, terminal_size=size)


async def test_a_dates_label_is_shown_as_text(open_app, frozen):
    app, session = open_app()
    session.board.add_contact("Eve", dates=[("\x1b[31m[bold]red[/]", "2019-11-22")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        await pilot.pause()
        shown = text_of(app)
        assert "Dates         ␛[31m[bold]red[/]: 22 November 2019 ·" in shown
        assert "\x1b" not in shown


@pytest.mark.parametrize("size", [SMALL, SIZE], ids=["80x24", "160x48"])
async def test_the_date_fields_examples_fit_their_boxes(open_app, frozen, size):
    """The examples in the Birthday and Other dates boxes are shown whole
    (at 80 columns the dates one read 'wedding: 1 May 2019; talk: 9 Sep 202'),
    and what they show can be typed as it is."""
    from board.core.dates import read_birthday, read_dates
    from board.ui.widgets.fields import DataInput

    app, _ = open_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, ContactForm)
        await tab_to(pilot, "dates")
        await pilot.pause()
        for key in ("birthday", "dates"):
            box = app.screen.query_one(f"#{key}", DataInput)
            assert box.placeholder and len(box.placeholder) <= box.content_size.width
        read_dates(app.screen.query_one("#dates", DataInput).placeholder, "auto")
        for example in app.screen.query_one("#birthday", DataInput).placeholder.split(" or "):
            read_birthday(example, "auto")
