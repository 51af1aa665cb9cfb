"""Export backup and Import file… from the command palette (Pilot)."""

from __future__ import annotations

from board.formats.backup import export_board, load_backup
from board.resources import examples_dir
from board.session import Session
from board.ui.app import BoardApp
from board.ui.screens.backup import ExportScreen, ImportScreen
from board.ui.screens.board import BoardScreen
from tests.functional.conftest import SIZE, column_names

EXAMPLES = examples_dir()


async def palette(pilot, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    for ch in command:
        await pilot.press("space" if ch == " " else ch)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def type_path(pilot, path) -> None:
    field = pilot.app.screen.query_one("#path")
    field.value = str(path)
    await pilot.press("enter")


async def test_export_backup_writes_a_timestamped_file(tmp_path, config, frozen):
    config.backup_dir = tmp_path / "backups"
    demo = Session.open_demo(config)  # the demo's people, on a board of one's own
    contacts, interactions = list(demo.board.contacts.values()), list(
        demo.board.interactions.values())
    demo.close()
    session = Session.open(tmp_path / "board.json", config)
    session.board.restore(contacts, interactions, undoable=False)
    app = BoardApp(session)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await palette(pilot, "export backup")
            assert isinstance(app.screen, ExportScreen)
            assert app.screen.query_one("#path").value == str(tmp_path / "backups")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, BoardScreen)
            [written] = (tmp_path / "backups").iterdir()
            assert written.name.startswith("board-backup-2026-11-20-")
            assert written.suffix == ".yaml"
            assert written.stat().st_mode & 0o777 == 0o600
            assert written.read_text(encoding="utf-8") == export_board(app.board)
            assert any(str(written) in m and "40 people" in m for m in messages(app))
    finally:
        session.close()


async def test_export_to_a_folder_that_cannot_be_made_says_so(tmp_path, config, frozen):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    session = Session.open_demo(config)
    app = BoardApp(session)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await app.run_action("export_backup")
            await pilot.pause()
            await type_path(pilot, blocker / "backups")
            await settle(pilot)
            assert isinstance(app.screen, ExportScreen)
            error = str(app.screen.query_one("#error").render())
            assert "cannot be written" in error and str(blocker) in error
    finally:
        session.close()


async def test_import_linkedin_with_progress_summary_and_undo(open_app, frozen):
    app, _ = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, "import file")
        assert isinstance(app.screen, ImportScreen)
        assert not app.screen.query("RadioSet")  # an empty board: nothing to choose
        await type_path(pilot, EXAMPLES / "Connections.csv")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        first = column_names(app)[0]
        assert len(first) == 12 and "דנה לוי" in first and "Jonas Weber" in first
        [summary] = [m for m in messages(app) if "Connections.csv" in m]
        assert "12 added, 0 merged, 0 skipped" in summary and "Press u to undo" in summary
        await pilot.press("u")
        await pilot.pause()
        assert column_names(app)[0] == [] and not app.board.contacts


async def test_import_a_bad_file_keeps_the_dialog_open_and_changes_nothing(
        tmp_path, open_app, frozen):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: board-backup\nversion: 1\ncontacts:\n  - id: x\n", encoding="utf-8")
    app, _ = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("import_file")
        await pilot.pause()
        await type_path(pilot, bad)
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        error = str(app.screen.query_one("#error").render())
        assert "bad.yaml, line 4: contact 1 x: field 'name' is required" in error
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        assert not app.board.contacts


async def test_replace_from_a_backup_keeps_a_copy(open_app, tmp_path, db_path, config, frozen):
    app, session = open_app()
    session.board.add_contact("Only here")
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("import_file")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#replace").value = True
        await pilot.pause()
        assert screen.mode == "replace"
        await type_path(pilot, EXAMPLES / "demo.yaml")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        demo = load_backup((EXAMPLES / "demo.yaml").read_text(encoding="utf-8"))
        assert app.board.contacts == {c.id: c for c in demo.contacts}
        [copy] = db_path.parent.glob("board.before-import-*.json")
        assert any(str(copy) in m for m in messages(app))
        assert sum(len(names) for names in column_names(app)) == 39  # one is archived
        await pilot.press("u")  # the replace is one step back
        await pilot.pause()
        assert column_names(app)[0] == ["Only here"]
        assert [c.name for c in app.board.contacts.values()] == ["Only here"]
    copy_session = Session.open(copy, config)
    try:
        assert [c.name for c in copy_session.board.contacts.values()] == ["Only here"]
    finally:
        copy_session.close()


async def test_undo_of_an_import_that_added_and_merged_on_one_rung(tmp_path, open_app, frozen):
    app, session = open_app()
    tom = session.board.add_contact("Tom Ashworth")  # on the first rung, like the new people
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("import_file")
        await pilot.pause()
        await type_path(pilot, EXAMPLES / "Connections.csv")
        await settle(pilot)
        assert len(column_names(app)[0]) == 12
        assert app.board.contacts[tom.id].company == "Northern Signal"
        await pilot.press("u")
        await pilot.pause()
        assert column_names(app)[0] == ["Tom Ashworth"]
        assert app.board.contacts[tom.id].company == ""


async def test_a_change_made_while_reading_stops_the_import(open_app, frozen):
    app, _ = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("import_file")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#path").value = str(EXAMPLES / "Connections.csv")
        screen.on_go()  # the worker starts reading...
        app.board.add_contact("Typed meanwhile")  # ...and the board changes meanwhile
        await settle(pilot)
        assert app.screen is screen
        assert "changed while the file was read" in str(screen.query_one("#error").render())
        assert [c.name for c in app.board.contacts.values()] == ["Typed meanwhile"]
