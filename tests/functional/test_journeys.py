"""Whole user journeys through the real app (Pilot)."""

from __future__ import annotations

from board.session import Session
from board.ui.app import BoardApp
from board.ui.screens.board import BoardScreen
from board.ui.screens.contact_form import ContactForm
from board.ui.screens.help import HelpScreen
from tests.functional.conftest import SIZE, column_names


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def test_add_promote_undo_quit_reopen(db_path, config, frozen):
    session = Session.open(db_path, config)
    app = BoardApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, ContactForm)
        assert app.focused.id == "name"
        await type_text(pilot, "Ada Lovelace")
        await pilot.press("enter")
        assert isinstance(app.screen, BoardScreen)
        ada = next(iter(app.board.contacts.values()))
        assert app.screen.current_id == ada.id  # the cursor rests on the new card
        await pilot.press("right_square_bracket")
        await pilot.press("shift+right")
        assert app.screen.current_id == ada.id  # the cursor follows the card
        assert app.screen.col == 2
        await pilot.press("u")
        assert app.board.contacts[ada.id].rung == "engaged"
        assert app.screen.current_id == ada.id
        await pilot.press("q")
    assert app.return_code == 0  # q ended the app, and cleanly
    session.close()

    session = Session.open(db_path, config)
    try:
        ada = session.board.contacts[ada.id]
        assert ada.name == "Ada Lovelace"
        assert ada.rung == "engaged"
        assert [h.rung for h in ada.history] == ["follower", "engaged"]
        app = BoardApp(session)
        async with app.run_test(size=SIZE):
            assert column_names(app)[1] == ["Ada Lovelace"]
    finally:
        session.close()


async def test_form_says_what_is_wrong_and_escape_cancels(open_app):
    app, session = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.press("enter")  # empty name
        assert isinstance(app.screen, ContactForm)
        error = app.screen.query_one("#name-error")
        assert "required" in str(error.render())
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        assert not session.board.contacts


async def test_edit_and_ctrl_s_save(open_app):
    app, session = open_app()
    ada = session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ContactForm)
        await pilot.press("tab")  # company
        await type_text(pilot, "Analytical Engines")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BoardScreen)
    assert session.board.contacts[ada.id].company == "Analytical Engines"


async def test_promote_at_the_top_says_so(open_app):
    app, session = open_app()
    ada = session.board.add_contact("Ada")
    for _ in range(5):
        session.board.promote(ada.id)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert session.board.contacts[ada.id].rung == "friend"
        assert any("top rung" in n.message for n in app._notifications)
        await pilot.press("left_square_bracket")
        assert session.board.contacts[ada.id].rung == "met"


async def test_cursor_moves_between_columns_and_cards(open_app):
    app, session = open_app()
    a = session.board.add_contact("A")
    b = session.board.add_contact("B")
    session.board.promote(b.id)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.current_id == a.id
        await pilot.press("l")
        assert app.screen.current_id == b.id
        await pilot.press("right")
        assert app.screen.current_id is None  # an empty rung
        await pilot.press("h", "h")
        assert app.screen.current_id == a.id


async def test_archive_asks_first_and_undo_brings_back(open_app):
    app, session = open_app()
    ada = session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.press("n")
        assert not session.board.contacts[ada.id].archived
        await pilot.press("d")
        await pilot.press("y")
        assert session.board.contacts[ada.id].archived
        assert column_names(app)[0] == []
        await pilot.press("u")
        assert column_names(app)[0] == ["Ada"]


async def test_filter_as_you_type_and_escape_clears(open_app):
    app, session = open_app()
    session.board.add_contact("Ada Lovelace", tags=["math"])
    session.board.add_contact("Grace Hopper", notes="loves compilers")
    session.board.add_contact("Alan Turing", tags=["math"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "math")
        assert sorted(column_names(app)[0]) == ["Ada Lovelace", "Alan Turing"]
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await type_text(pilot, "compilers")
        assert column_names(app)[0] == ["Grace Hopper"]
        await pilot.press("enter")  # keep the filter, back to the board keys
        await pilot.press("s")
        assert session.board.contacts[app.screen.current_id].advocate
        await pilot.press("escape")
        assert len(column_names(app)[0]) == 3


async def test_a_filter_with_no_match_in_this_column_moves_to_one_with_a_match(open_app):
    """Filtering from a column where no one matches puts the cursor on a
    match: the card keys then act on it instead of on no one."""
    app, session = open_app()
    session.board.add_contact("Ada Lovelace")
    grace = session.board.add_contact("Grace Hopper")
    session.board.promote(grace.id)
    session.board.promote(grace.id)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.col == 0
        await pilot.press("slash")
        await type_text(pilot, "grace")
        await pilot.press("enter")
        await pilot.press("s")
        assert app.screen.current_id == grace.id
        assert session.board.contacts[grace.id].advocate


async def test_help_lists_the_keys(open_app):
    app, session = open_app()
    session.board.add_contact("Ada")  # (the keys that need a card work once there is one)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        texts = [text for _, _, text in app.screen.rows]
        assert "promote one rung up the ladder" in texts
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_palette_goes_to_a_contact(open_app):
    app, session = open_app()
    session.board.add_contact("Ada Lovelace")
    grace = session.board.add_contact("Grace Hopper")
    session.board.promote(grace.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "grace")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.current_id == grace.id
        assert app.screen.col == 1


async def test_markup_and_escapes_in_names_show_literally(open_app):
    app, session = open_app()
    session.board.add_contact("[b]Eve[/]\x1b[31m", company="[link=x]Co[/]")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = [app.screen.columns[0].cards.render_line(y).text for y in range(4)]
        assert "[b]Eve[/]␛[31m" in lines[0]
        assert "[link=x]Co[/]" in lines[1]


async def test_keymap_remaps_a_binding(db_path, config):
    config.keymap = {"promote": "p"}
    session = Session.open(db_path, config)
    try:
        ada = session.board.add_contact("Ada")
        app = BoardApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("p")
            assert session.board.contacts[ada.id].rung == "engaged"
    finally:
        session.close()


async def test_one_change_that_removes_and_adds_on_a_rung(open_app):
    """A replace or the undo of an import removes and adds people in one step;
    the board must place the new cards without tripping on the gone ones."""
    from msgspec.structs import replace as copy

    app, session = open_app()
    board = session.board
    a, b = board.add_contact("Ada"), board.add_contact("Bea")
    async with app.run_test(size=SIZE) as pilot:
        newcomer = copy(a, id="new1", name="Cy")
        board._commit("swap", contacts={a.id: None, b.id: None, "new1": newcomer})
        await pilot.pause()
        assert column_names(app)[0] == ["Cy"]
        board.undo()
        await pilot.pause()
        assert sorted(column_names(app)[0]) == ["Ada", "Bea"]
        many = {f"n{k}": copy(a, id=f"n{k}", name=f"P{k}") for k in range(400)}
        board.restore(many.values(), [])
        await pilot.pause()
        assert len(column_names(app)[0]) == 402  # a bulk change: one rebuild
        board.undo()
        await pilot.pause()
        assert sorted(column_names(app)[0]) == ["Ada", "Bea"]


async def test_a_refused_background_write_is_said_once(open_app, monkeypatch):
    from board.store.journal import Journal

    app, session = open_app()

    def full_disk(self, *args):
        raise OSError(28, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(Journal, "append", full_disk)
        session.board.add_contact("Ada")
        for _ in range(40):
            await pilot.pause(0.05)
            if session.db.storage.error is not None:
                break
        app._watch_store()
        app._watch_store()
        await pilot.pause()
        said = [n.message for n in app._notifications if n.title == "Not saved"]
        assert len(said) == 1 and str(session.path) in said[0] and "full" in said[0]
        monkeypatch.undo()


async def test_typing_on_narrows_and_always_shows_what_a_fresh_search_would(open_app):
    """Each keystroke that extends the filter searches only the people shown;
    whatever is typed or deleted, every column shows what a search of the
    whole rung would."""
    app, session = open_app()
    board = session.board
    names = ["Anna Lisboa", "Annabel Lee", "Hanna Li", "Ann Lisbon", "Joanna Ng", "Li Na",
             "Lisa Annan", "Bob Lisbon", "Anne Nguyen", "Nadia Anan"]
    cities = ["Lisbon", "Porto", "Lisbon", "Leeds", "Lima", "Annecy"]
    for n, name in enumerate(names * 3):
        c = board.add_contact(f"{name} {n}", city=cities[n % len(cities)])
        for _ in range(n % 4):
            board.promote(c.id)

    def expected(key: str, text: str) -> list[str]:
        words = text.casefold().split()
        people = app.screen._ids[key]
        return [cid for cid in people if all(
            w in f"{board.contacts[cid].name}\n{board.contacts[cid].city}".casefold()
            for w in words)]

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        for text in ["a", "an", "ann", "anna", "anna l", "anna li", "anna lis", "anna li",
                     "ann", "lisbon", "lisbon a", "lisbon an", "x", "", "n", "na", "nan"]:
            screen.apply_filter(text)
            for column in screen.columns:
                assert list(column.cards.ids) == expected(column.key, text), (text, column.key)
        await pilot.pause()
