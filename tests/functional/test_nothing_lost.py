"""Nothing lost, nothing leaked (issue 16, section 5), at 80x24."""

from __future__ import annotations

from board.session import Session
from board.ui.app import BoardApp
from board.ui.screens.board import BoardScreen
from tests.functional.conftest import column_names

SMALL = (80, 24)


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_archived_people_are_listed_opened_and_restored_after_a_restart(
        db_path, config):
    from board.ui.screens.archived import ArchivedScreen
    from board.ui.screens.contact import ContactScreen

    session = Session.open(db_path, config)
    board = session.board
    ada = board.add_contact("Ada", company="Analytical")
    board.promote(ada.id)
    board.add_contact("Grace")
    board.archive(ada.id)
    session.close()  # a restart: no undo left to bring Ada back

    session = Session.open(db_path, config)
    try:
        app = BoardApp(session)
        async with app.run_test(size=SMALL) as pilot:
            assert not any("Ada" in names for names in column_names(app))
            await pilot.press("A")
            assert isinstance(app.screen, ArchivedScreen)
            head = str(app.screen.query_one("#archived-head").render())
            assert "1 archived person" in head
            assert app.screen.current_id == ada.id
            await pilot.press("enter")
            assert isinstance(app.screen, ContactScreen)
            assert app.screen.contact_id == ada.id
            await pilot.press("escape")
            assert isinstance(app.screen, ArchivedScreen)
            await pilot.press("r")
            assert not session.board.contacts[ada.id].archived
            assert "Restored Ada to Engaged. u to undo." in toasts(app)
            assert "Nobody is archived" in str(app.screen.query_one("#archived-head").render())
            await pilot.press("q")
            assert isinstance(app.screen, BoardScreen)
            assert column_names(app)[1] == ["Ada"]  # back on the rung she left
    finally:
        session.close()
    session = Session.open(db_path, config)
    try:
        assert not session.board.contacts[ada.id].archived  # and it was saved
    finally:
        session.close()


async def test_archived_people_from_the_palette(open_app):
    from textual.command import CommandPalette

    from board.ui.screens.archived import ArchivedScreen

    app, session = open_app()
    ada = session.board.add_contact("Ada")
    session.board.archive(ada.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"archived")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArchivedScreen)
        await pilot.press("r", "u")  # restored, and the undo archives again
        assert session.board.contacts[ada.id].archived


async def test_adding_someone_already_here_offers_to_open_them(open_app):
    from board.ui.screens.contact import ContactScreen
    from board.ui.screens.contact_form import ContactForm
    from board.ui.screens.look_alike import LookAlike

    app, session = open_app()
    board = session.board
    zoe = board.add_contact("Zoë Ångström", email="zoe@example.org")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("a", *"zoe angstrom", "enter")
        assert isinstance(app.screen, LookAlike)
        body = str(app.screen.query_one("#confirm-body").render())
        assert "Zoë Ångström" in body and "same name" in body
        await pilot.press("escape")  # back to the form, nothing added
        assert isinstance(app.screen, ContactForm)
        assert len(board.contacts) == 1
        await pilot.press("enter")  # asks again
        assert isinstance(app.screen, LookAlike)
        await pilot.press("enter")  # opens Zoë instead
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact_id == zoe.id
        assert len(board.contacts) == 1
        await pilot.press("escape")
        assert app.screen.current_id == zoe.id


async def test_a_look_alike_by_email_can_still_be_added_on_purpose(open_app):
    from board.ui.screens.look_alike import LookAlike

    app, session = open_app()
    board = session.board
    board.add_contact("Zoë Ångström", email="zoe@example.org")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("a", *"Zoe A", "tab", "tab", "tab", "tab")  # to Email
        assert app.focused.id == "email"
        await pilot.press(*"ZOE@example.org", "enter")
        assert isinstance(app.screen, LookAlike)
        assert "same email" in str(app.screen.query_one("#confirm-body").render())
        await pilot.press("a")  # add anyway: said, so not asked again
        assert isinstance(app.screen, BoardScreen)
    assert sorted(c.name for c in board.contacts.values()) == ["Zoe A", "Zoë Ångström"]


async def test_the_demo_writes_nothing_outside_its_copy(tmp_path, monkeypatch):
    """A theme picked on the demo is for the session; Export offers the
    demo's own folder and says so; the user's config and backups stay as they were."""
    from textual.command import CommandPalette

    from board.config import load_config
    from board.ui.screens.backup import ExportScreen
    from tests.functional.test_themes_app import (
        open_palette_for_themes,
        palette_shows,
        until,
        write_config,
    )

    path = write_config(tmp_path, "# mine\n")
    config = load_config(path)
    user_backups = config.backups
    session = Session.open_demo(config)
    demo_dir = session.path.parent
    try:
        app = BoardApp(session)
        async with app.run_test(size=SMALL) as pilot:
            await open_palette_for_themes(pilot)
            await until(pilot, palette_shows(pilot, "paper"))
            await pilot.press(*"paper")
            await until(pilot, lambda: app.theme == "paper")
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, CommandPalette))
            assert app.theme == "paper"  # used for the session
            assert any("demo" in n.message for n in app._notifications)
            await app.run_action("export_backup")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            box = app.screen.query_one("#path")
            assert box.value == str(demo_dir / "backups")
            assert "temporary" in str(app.screen.query_one("#explain").render())
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, ExportScreen))
            assert list((demo_dir / "backups").glob("*.yaml"))
    finally:
        session.close()
    assert path.read_text(encoding="utf-8") == "# mine\n"  # no theme: line
    assert not user_backups.exists()
    assert not demo_dir.exists()
