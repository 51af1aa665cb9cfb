"""Keys and focus that never surprise (issue 16, section 4), at 80x24."""

from __future__ import annotations

from board.ui.screens.board import BoardScreen

SMALL = (80, 24)


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_redo_puts_back_one_undo_too_many_and_says_what(open_app):
    app, session = open_app()
    ada = session.board.add_contact("Ada")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.press("u", "u")
        assert session.board.contacts[ada.id].rung == "follower"
        await pilot.press("U")
        assert session.board.contacts[ada.id].rung == "engaged"
        assert "Redo promote Ada to Engaged." in toasts(app)
        assert isinstance(app.screen, BoardScreen) and app.screen.current_id == ada.id
        await pilot.press("ctrl+r")
        assert session.board.contacts[ada.id].rung == "conversation"
        await pilot.press("U")
        assert "Nothing to redo." in toasts(app)


async def test_redo_is_remappable(db_path, config, open_app):
    from dataclasses import replace

    app, session = open_app(cfg=replace(config, keymap={"redo": "R"}))
    ada = session.board.add_contact("Ada")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("right_square_bracket", "u", "R")
        assert session.board.contacts[ada.id].rung == "engaged"


async def test_q_on_a_persons_screen_goes_back_and_q_on_the_board_quits(open_app):
    from board.ui.screens.contact import ContactScreen
    from board.ui.screens.insights import InsightsScreen

    app, session = open_app()
    session.board.add_contact("Ada")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("q")
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("I")
        assert isinstance(app.screen, InsightsScreen)
        await pilot.press("q")
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("q")
    assert app.return_code == 0


async def test_the_palette_and_global_keys_do_nothing_over_a_dialog(open_app):
    from textual.command import CommandPalette

    from board.ui.screens.backup import ExportScreen, ImportScreen
    from board.ui.screens.confirm import Confirm

    app, session = open_app()
    session.board.add_contact("Ada")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        for ch in "import":
            await pilot.press(ch)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)  # a palette command still runs
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)  # no palette over the dialog
        assert sum(isinstance(s, ImportScreen) for s in app.screen_stack) == 1
        await app.run_action("export_backup")  # as a key bound to it would
        await pilot.pause()
        assert not any(isinstance(s, ExportScreen) for s in app.screen_stack)
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("d")
        assert isinstance(app.screen, Confirm)
        await pilot.press("q")  # not a quit from under the question
        assert isinstance(app.screen, Confirm) and app.is_running
        await pilot.press("n")
        assert isinstance(app.screen, BoardScreen)


async def test_a_coffee_with_two_people_in_six_keys(open_app):
    """m, tab to With, two letters of Grace's name, enter picks her, enter saves."""
    from board.ui.screens.log_form import LogForm

    app, session = open_app()
    board = session.board
    board.add_contact("Grace")
    ada = board.add_contact("Ada")
    keys = ["m", "tab", "G", "r", "enter", "enter"]
    async with app.run_test(size=SMALL) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press(keys[0])
        assert isinstance(app.screen, LogForm)
        assert app.focused.id == "when"  # the field one types first, not the kind
        await pilot.press(*keys[1:])
        assert isinstance(app.screen, BoardScreen)
    (coffee,) = board.timeline(ada.id)
    assert coffee.kind == "coffee"
    assert {board.contacts[p].name for p in coffee.people} == {"Ada", "Grace"}
    assert len(keys) <= 7


async def test_every_log_form_opens_on_a_typed_field_and_enter_saves(open_app):
    app, session = open_app()
    board = session.board
    board.add_contact("Grace")
    ada = board.add_contact("Ada")  # the newest: the first card
    async with app.run_test(size=SMALL) as pilot:
        for key in ("c", "m", "t"):
            await pilot.press(key)
            assert app.focused.id == "when"
            await pilot.press("y", "e", "s", "t", "e", "r", "d", "a", "y", "enter")
            assert isinstance(app.screen, BoardScreen)
        kinds = sorted(i.kind for i in board.timeline(ada.id))
        assert kinds == ["call", "coffee", "email"]
        await pilot.press("i")  # an introduction opens on who
        assert "picker-input" in app.focused.classes
        await pilot.press("G", "r", "a", "enter")  # picks Grace
        assert isinstance(app.screen, BoardScreen) is False
        await pilot.press("enter")  # enter on the empty one-line field saves
        assert isinstance(app.screen, BoardScreen)
    intro = next(i for i in board.timeline(ada.id) if i.kind == "introduction")
    assert {board.contacts[p].name for p in intro.people} == {"Ada", "Grace"}


async def test_the_promotion_offer_swallows_no_key(open_app):
    app, session = open_app()
    board = session.board
    board.add_contact("Grace")
    ada = board.add_contact("Ada")  # the newest: the first card
    async with app.run_test(size=SMALL) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press("m", "enter")  # a coffee: deeper than follower
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.current_id == ada.id
        assert "Accept offer" in app.screen.query_one("KeyBar").render_line(0).text
        await pilot.press("j")  # moves the cursor, as j always does
        assert app.screen.current_id != ada.id
        await pilot.press("k", "right_square_bracket")  # ] promotes, as always
        assert board.contacts[ada.id].rung == "engaged"
        await pilot.press("p")  # the offer stood for Follower → Engaged: nothing more
        assert board.contacts[ada.id].rung == "engaged"


async def test_p_accepts_the_offer_from_a_persons_screen_and_it_lapses(open_app):
    from board.ui.screens.contact import ContactScreen
    from board.ui.screens.promote_offer import withdraw

    app, session = open_app()
    board = session.board
    ada = board.add_contact("Ada")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("m", "enter")
        await pilot.press("p")
        assert board.contacts[ada.id].rung == "engaged"
        await pilot.press("c", "enter")  # a call: deeper than engaged
        withdraw(app, app.promotion_offer)  # (what the offer's timer does)
        await pilot.pause()
        assert "Accept offer" not in app.screen.query_one("KeyBar").render_line(0).text
        await pilot.press("p")
        assert board.contacts[ada.id].rung == "engaged"


async def test_edit_puts_the_cursor_at_the_end_of_the_name(open_app):
    from board.ui.screens.contact_form import ContactForm

    app, session = open_app()
    ada = session.board.add_contact("Ada")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ContactForm)
        assert app.focused.id == "name"
        await pilot.press("space", "L", "o", "v", "e", "l", "a", "c", "e", "enter")
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("e", "tab")  # on to Company: nothing selected there either
        await pilot.press("X", "ctrl+s")
    assert session.board.contacts[ada.id].name == "Ada Lovelace"
    assert session.board.contacts[ada.id].company == "X"
