"""Logging journeys: calls, introductions, promotion offers, the contact screen."""

from __future__ import annotations

from datetime import timedelta

from board.ui.screens.board import BoardScreen
from board.ui.screens.contact import ContactScreen
from board.ui.screens.log_form import IntroForm, LogForm
from board.ui.widgets.timeline import TimelineList
from tests.functional.conftest import SIZE


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def test_log_a_call_with_c_shows_on_timeline_and_card(open_app, frozen):
    app, session = open_app()
    board = session.board
    ada = board.add_contact("Ada")
    for _ in range(3):
        board.promote(ada.id)  # on "call": a call suggests nothing
    async with app.run_test(size=SIZE) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press("c")
        assert isinstance(app.screen, LogForm)
        assert app.focused.id == "when"
        await type_text(pilot, "2 days ago")
        await pilot.press("tab", "tab")  # past With (who), to Minutes
        assert app.focused.id == "duration"
        await type_text(pilot, "45")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BoardScreen)
        (call,) = board.timeline(ada.id)
        assert call.kind == "call" and call.duration_min == 45
        assert (board.clock() - call.at).days == 2
        line = app.screen.column.cards.render_line(2).text
        assert "2 days ago" in line  # the card's last touch updated at once
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        timeline = app.screen.query_one(TimelineList)
        assert [i.id for i in timeline.entries] == [call.id]


async def test_a_misread_date_is_caught_before_saving(open_app):
    app, session = open_app()
    ada = session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, LogForm)
        assert app.focused.id == "when"  # not the kind: typing goes into the date
        await type_text(pilot, "someday")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, LogForm)
        assert "'someday'" in str(app.screen.query_one("#when-read").render())
        assert "Not saved" in str(app.screen.query_one("#when-error").render())
        assert not session.board.timeline(ada.id)


async def test_accepting_a_promotion_suggestion(open_app):
    app, session = open_app()
    ada = session.board.add_contact("Ada")  # a follower
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")  # a coffee: deeper than follower
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BoardScreen)  # the offer is a toast, not a dialog
        assert any("Ada: Follower → Engaged" in n.message for n in app._notifications)
        await pilot.press("p")
        assert session.board.contacts[ada.id].rung == "engaged"
        assert app.screen.current_id == ada.id
        await pilot.press("p")  # the offer is spent
        assert session.board.contacts[ada.id].rung == "engaged"


async def test_declining_a_promotion_suggestion(open_app):
    app, session = open_app()
    ada = session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+s")
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("escape")
        assert session.board.contacts[ada.id].rung == "follower"
        assert len(session.board.timeline(ada.id)) == 1


async def test_received_introduction_creates_a_new_person(open_app):
    app, session = open_app()
    board = session.board
    ada = board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, IntroForm)
        form = app.screen
        form.query_one("#direction").value = "from_them"
        await pilot.pause()
        form.query_one("#other .picker-input").focus()
        await type_text(pilot, "Charles Babbage")
        await pilot.press("enter")  # picks "+ new person"
        await pilot.press("ctrl+s")
        await pilot.pause()
        new = [c for c in board.contacts.values() if c.name == "Charles Babbage"]
        assert len(new) == 1 and new[0].rung == "follower"
        assert new[0].introduced_by == ada.id
        assert board.is_connector(ada.id)
        # the connector's card shows the connector mark
        app.screen.focus_card(ada.id)
        await pilot.pause()
        assert "⇄" in app.screen.column.cards.render_line(
            app.screen.column.cards.cursor * 4).text


async def test_given_introduction_from_the_contact_screen(open_app):
    app, session = open_app()
    board = session.board
    ada, grace = board.add_contact("Ada"), board.add_contact("Grace Hopper")
    async with app.run_test(size=SIZE) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press("enter", "i")
        form = app.screen
        form.query_one("#other .picker-input").focus()
        await type_text(pilot, "grace")
        await pilot.press("enter")
        form.query_one("#why").focus()
        await type_text(pilot, "compilers")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        (intro,) = board.timeline(grace.id)
        assert intro.direction == "given" and set(intro.people) == {ada.id, grace.id}
        assert intro.why == "compilers"


async def test_edit_delete_and_undo_on_the_timeline(open_app):
    app, session = open_app()
    board = session.board
    ada = board.add_contact("Ada")
    for _ in range(3):
        board.promote(ada.id)
    call = board.log("call", [ada.id], duration_min=20)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press("enter")
        await pilot.press("enter")  # edit the entry
        assert isinstance(app.screen, LogForm)
        app.screen.query_one("#duration").value = "50"
        await pilot.press("ctrl+s")
        assert board.interactions[call.id].duration_min == 50
        await pilot.press("x", "y")
        assert not board.timeline(ada.id)
        await pilot.press("u")
        assert board.interactions[call.id].duration_min == 50
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_contact_screen_keys_promote_and_advocate(open_app):
    app, session = open_app()
    board = session.board
    ada = board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "right_square_bracket", "s")
        assert board.contacts[ada.id].rung == "engaged"
        assert board.contacts[ada.id].advocate
        head = str(app.screen.query_one("#person-head").render())
        assert "★ advocate" in head and "Engaged" in head
        await pilot.press("escape")
        assert app.screen.current_id == ada.id and app.screen.col == 1


async def test_huge_notes_do_not_freeze_the_contact_screen(open_app):
    app, session = open_app()
    board = session.board
    ada = board.add_contact("Ada", notes="x" * 2_000_000)
    board.log("email", [ada.id], notes="word " * 2_000_000)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        detail = str(app.screen.query_one("#entry-detail").render())
        assert "press o" in detail
        await pilot.press("o")
        await pilot.press("n")
        assert app.screen.page == 1
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, BoardScreen)


async def test_the_contact_screen_is_kept_and_filled_for_each_person(open_app, frozen):
    """The app keeps one contact screen: opening someone else shows them
    (newest entry selected), and what changed while it was hidden shows."""
    app, session = open_app()
    board = session.board
    ada, grace = board.add_contact("Ada Lovelace"), board.add_contact("Grace Hopper")
    for k in range(30):
        board.log("call", [ada.id], at=board.clock() - timedelta(days=k + 1))
    board.log("coffee", [grace.id], at=board.clock() - timedelta(days=3))
    async with app.run_test(size=SIZE) as pilot:
        app.screen.focus_card(ada.id)
        await pilot.press("enter")
        first = app.screen
        assert isinstance(first, ContactScreen)
        await pilot.press("end")  # the oldest call
        timeline = first.query_one(TimelineList)
        assert timeline.current == board.timeline(ada.id)[-1]
        await pilot.press("escape")
        app.screen.focus_card(grace.id)
        await pilot.press("enter")
        assert app.screen is first  # the same screen, filled for Grace
        assert "Grace Hopper" in str(first.query_one("#person-head").render())
        assert [i.kind for i in timeline.entries] == ["coffee"] and timeline.cursor == 0
        assert "Ada" not in str(first.query_one("#side").render())
        await pilot.press("escape")
        # logged while the screen is hidden: it shows when Grace opens again
        call = board.log("call", [grace.id], at=board.clock() - timedelta(hours=1))
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("enter")
        assert app.screen is first and timeline.entries[0] == call
        assert timeline.current == call
        assert "Touches       2" in str(first.query_one("#side").render())


async def test_a_person_opened_above_the_kept_contact_screen_gets_a_screen_of_their_own(
        open_app):
    from board.ui.screens.contact import open_contact

    app, session = open_app()
    board = session.board
    ada, grace = board.add_contact("Ada"), board.add_contact("Grace")
    async with app.run_test(size=SIZE) as pilot:
        open_contact(app, board, ada.id)
        await pilot.pause()
        kept = app.screen
        open_contact(app, board, grace.id)  # e.g. from insights opened over Ada
        await pilot.pause()
        assert app.screen is not kept and app.screen.contact_id == grace.id
        await pilot.press("escape")
        assert app.screen is kept and kept.contact_id == ada.id
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
