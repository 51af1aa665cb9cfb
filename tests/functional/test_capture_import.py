"""Capturing touches in the app: palette → Import file… with a calendar,
a progress bar and the summary; the whole import is one undo (Pilot, 80x24)."""

from __future__ import annotations

from board.formats.backup import load_backup
from board.resources import examples_dir
from board.ui.screens.backup import ImportScreen
from board.ui.screens.board import BoardScreen
from tests.functional.test_backup_screens import messages, palette, settle, type_path

EXAMPLES = examples_dir()


def demo_people(session) -> None:
    backup = load_backup((EXAMPLES / "demo.yaml").read_text(encoding="utf-8"), "demo")
    session.board.restore(backup.contacts, backup.interactions, undoable=False)


async def test_a_calendar_through_import_file_logs_touches_in_one_undo(open_app, frozen):
    app, session = open_app()
    demo_people(session)
    before = dict(session.board.interactions)
    tobias = next(c for c in session.board.contacts.values() if c.name == "Tobias Lindqvist")
    async with app.run_test(size=(80, 24)) as pilot:
        await palette(pilot, "import file")
        assert isinstance(app.screen, ImportScreen)
        screen = app.screen
        seen_phases = []
        original = screen.progress

        def watch(phase, done, total):
            seen_phases.append(phase)
            original(phase, done, total)

        screen.progress = watch
        await type_path(pilot, EXAMPLES / "calendar.ics")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert "reading" in seen_phases and "matching" in seen_phases
        [summary] = [m for m in messages(app) if "calendar.ics" in m]
        assert "8 touches (call: 5, meeting in person: 3) with 6 people" in summary
        assert "Press u to undo" in summary
        added = [i for iid, i in session.board.interactions.items() if iid not in before]
        assert len(added) == 8
        calls = [i for i in session.board.timeline(tobias.id) if i.source.startswith("ics:")]
        assert len(calls) == 4 and all(i.kind == "call" for i in calls)
        assert {i.title for i in calls} >= {"Tobias / Marta: pipeline call"}
        await pilot.press("u")
        await pilot.pause()
        assert session.board.interactions == before


async def test_a_broken_calendar_keeps_the_dialog_open(open_app, tmp_path, frozen):
    bad = tmp_path / "broken.ics"
    bad.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\n")
    app, session = open_app()
    demo_people(session)
    before = dict(session.board.interactions)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action("import_file")
        await pilot.pause()
        await type_path(pilot, bad)
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        error = str(app.screen.query_one("#error").render())
        assert "broken.ics, line 2: BEGIN:VEVENT is never ended" in error
        assert session.board.interactions == before
