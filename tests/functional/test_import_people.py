"""Import file… with a Google or Outlook contacts CSV (Pilot)."""

from __future__ import annotations

from board.resources import examples_dir
from board.ui.screens.backup import ImportScreen
from board.ui.screens.board import BoardScreen
from tests.functional.conftest import SIZE, column_names
from tests.functional.test_backup_screens import messages, palette, settle, type_path

EXAMPLES = examples_dir()


async def test_import_an_outlook_file_in_the_windows_code_page_and_undo(open_app, frozen):
    app, _ = open_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await palette(pilot, "import file")
        assert isinstance(app.screen, ImportScreen)
        await type_path(pilot, EXAMPLES / "outlook-contacts.csv")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        first = column_names(app)[0]
        assert {"Søren Kierkegård", "Renée Fontaine", "Zoë Ångström"} <= set(first)
        [summary] = [m for m in messages(app) if "outlook-contacts.csv" in m]
        assert "4 added, 0 merged, 0 skipped" in summary
        assert "read as Windows-1252" in summary and "Press u to undo" in summary
        await pilot.press("u")
        await pilot.pause()
        assert column_names(app)[0] == [] and not app.board.contacts


async def test_google_people_merge_with_someone_on_the_board(open_app, frozen):
    app, session = open_app()
    tobias = session.board.add_contact("Tobias Lindqvist", email="tobias@birkenwerk.example")
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("import_file")
        await pilot.pause()
        await type_path(pilot, EXAMPLES / "google-contacts.csv")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        [summary] = [m for m in messages(app) if "google-contacts.csv" in m]
        assert "4 added, 1 merged, 1 skipped" in summary
        assert app.board.contacts[tobias.id].phone == "+49 151 23456789"
        assert column_names(app)[0].count("Tobias Lindqvist") == 1
