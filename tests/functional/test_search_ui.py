"""One search in the three places that search: the palette's go-to, the log
forms' With picker and the board's `/` filter, on the demo at 80x24."""

from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.widgets import OptionList

from board.session import Session
from board.ui.app import BoardApp
from board.ui.screens.board import BoardScreen
from board.ui.screens.contact import ContactScreen
from board.ui.screens.log_form import LogForm
from tests.functional.conftest import column_names

SMALL = (80, 24)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


@pytest.fixture
def demo(config, frozen):
    session = Session.open_demo(config)
    people = {c.name: c.id for c in session.board.contacts.values()}
    yield BoardApp(session), session, people
    session.close()


async def palette_hits(pilot, app) -> list:
    """The palette's hits once its search has answered."""
    hits: list = []
    for _ in range(40):
        await pilot.pause(0.05)
        commands = app.screen.query_one(CommandList)
        hits = [commands.get_option_at_index(n) for n in range(commands.option_count)]
        hits = [h.hit for h in hits if hasattr(h, "hit")]
        if hits:
            break
    return hits


async def test_go_to_zoe_by_typing_zoe(demo):
    app, _, people = demo
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "zoe")
        hits = await palette_hits(pilot, app)
        assert hits and hits[0].text == "Zoë Ångström"
        assert "go to contact" in str(hits[0].help)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.current_id == people["Zoë Ångström"]


async def test_go_to_by_company_and_by_a_typo(demo):
    app, _, _ = demo
    async with app.run_test(size=SMALL) as pilot:
        for query in ("atelier mare", "carvahlal"):
            await pilot.press("ctrl+p")
            await type_text(pilot, query)
            hits = await palette_hits(pilot, app)
            assert hits and hits[0].text == "Inês Carvalhal", query
            await pilot.press("escape")
            await pilot.pause()


async def test_go_to_finds_an_archived_person_and_says_so(demo):
    app, session, people = demo
    zoe = people["Zoë Ångström"]
    session.board.archive(zoe)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "zoe")
        hits = await palette_hits(pilot, app)
        assert hits and hits[0].text == "Zoë Ångström"
        assert "archived" in str(hits[0].help)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact_id == zoe


async def test_the_call_forms_with_picker_offers_ines_for_ine(demo):
    app, session, people = demo
    board = session.board
    async with app.run_test(size=SMALL) as pilot:
        app.screen.focus_card(people["Sō Tanaka"])
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, LogForm)
        box = form.query_one("#people .picker-input")
        while app.focused is not box:
            await pilot.press("tab")
        await type_text(pilot, "Ine")
        options = form.query_one("#people OptionList", OptionList)
        offered = [options.get_option_at_index(n).id for n in range(options.option_count)]
        assert offered[0] == people["Inês Carvalhal"]
        await pilot.press("enter")  # picks her
        before = set(board.interactions)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LogForm)
        (new,) = set(board.interactions) - before
        call = board.interactions[new]
        assert call.kind == "call"
        assert set(call.people) == {people["Sō Tanaka"], people["Inês Carvalhal"]}


async def test_the_filter_keeps_zoe_on_the_board(demo):
    app, _, people = demo
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "zoe")
        shown = [name for column in column_names(app) for name in column]
        assert "Zoë Ångström" in shown
        assert len(shown) < len(people)
        await pilot.press(*["backspace"] * 3)
        await type_text(pilot, "Angström")  # her name, half accented: no handle has it
        shown = [name for column in column_names(app) for name in column]
        assert shown == ["Zoë Ångström"]


async def test_the_filter_leaves_archived_people_off_the_board(demo):
    app, session, people = demo
    session.board.archive(people["Zoë Ångström"])
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "angstrom")
        assert [name for column in column_names(app) for name in column] == []
