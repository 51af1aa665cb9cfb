"""Quitting while the disk refuses to save, at 80x24 (Pilot): the dialog
says why in one line, retry works once the disk is back, a copy exported
elsewhere holds the whole board, and nothing personal reaches the terminal;
a crash's traceback shows no local variables."""

from __future__ import annotations

import errno

import pytest

from board import cli
from board.session import Session
from board.ui.app import BoardApp
from board.ui.screens.backup import ExportScreen
from board.ui.screens.unsaved import UnsavedScreen

SIZE = (80, 24)
SECRETS = ("Secretname", "secret.example", "Engines")


def with_secrets(session: Session) -> str:
    """A person whose name, email and notes must never reach the terminal."""
    ada = session.board.add_contact("Ada Secretname", email="ada@secret.example",
                                    notes="Engines.")
    session.db.flush()
    return ada.id


def assert_nothing_personal(capsys) -> None:
    captured = capsys.readouterr()
    for text in (captured.out, captured.err):
        assert "Traceback" not in text
        for secret in SECRETS:
            assert secret not in text


async def until(pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


def dialog_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static"))


async def refuse_a_promotion(pilot, session, refuse) -> None:
    """The disk fills up; ] moves the person up, which cannot be saved."""
    refuse(session.path.parent, errno.ENOSPC)
    await pilot.press("right_square_bracket")
    await until(pilot, lambda: session.db.storage.error is not None)


async def test_quit_that_cannot_save_asks_and_retry_saves_once_the_disk_is_back(
        open_app, refuse, config, capsys):
    app, session = open_app()
    ada = with_secrets(session)
    async with app.run_test(size=SIZE) as pilot:
        await refuse_a_promotion(pilot, session, refuse)
        assert session.board.contacts[ada].rung == "engaged"
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        shown = dialog_text(app)
        assert str(session.path) in shown and "full" in shown
        await pilot.press("r")  # the disk is still full
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen) and app.return_code is None
        assert str(session.path) in dialog_text(app)
        refuse.stop()  # room again
        await pilot.press("r")
        await pilot.pause()
    assert app.return_code == 0
    session.close()
    again = Session.open(session.path, config)
    try:
        assert again.board.contacts[ada].rung == "engaged"
    finally:
        again.close()
    assert_nothing_personal(capsys)


async def test_export_from_the_dialog_holds_the_whole_unsaved_board(
        open_app, refuse, config, tmp_path, capsys):
    app, session = open_app()
    ada = with_secrets(session)
    elsewhere = tmp_path / "elsewhere"
    async with app.run_test(size=SIZE) as pilot:
        await refuse_a_promotion(pilot, session, refuse)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#path").value = str(elsewhere)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, UnsavedScreen)
                    and app.screen.copy is not None)
        [copy] = elsewhere.iterdir()
        assert app.screen.copy == copy and str(copy) in dialog_text(app)
        await pilot.click("#quit")
        await pilot.pause()
    assert app.return_code == 1 and app.unsaved_copy == copy and not app.discarded
    assert session.unsaved
    # the copy, imported into a fresh board, is the board as it was in memory
    fresh = tmp_path / "another-disk" / "fresh.json"
    assert cli.main(["import", str(copy), "--db", str(fresh)]) == 0
    restored = Session.open(fresh, config)
    try:
        assert restored.board.contacts == session.board.contacts
        assert restored.board.contacts[ada].rung == "engaged"
        assert restored.board.interactions == session.board.interactions
    finally:
        restored.close()
    capsys.readouterr()  # (the import's own summary names the person)
    session.close(save=False)
    assert_nothing_personal(capsys)


async def test_quit_without_saving_drops_the_change(open_app, refuse, config, capsys):
    app, session = open_app()
    ada = with_secrets(session)
    async with app.run_test(size=SIZE) as pilot:
        await refuse_a_promotion(pilot, session, refuse)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("escape")  # back to the board first: nothing lost
        await pilot.pause()
        assert not isinstance(app.screen, UnsavedScreen) and app.return_code is None
        await pilot.press("q")
        await pilot.pause()
        await pilot.click("#quit")
        await pilot.pause()
    assert app.return_code == 1 and app.discarded
    refuse.stop()
    session.close(save=False)
    again = Session.open(session.path, config)
    try:
        assert again.board.contacts[ada].rung == "follower"  # as last saved
    finally:
        again.close()
    assert_nothing_personal(capsys)


def _scripted(monkeypatch, script):
    """``board`` runs the app headless at 80x24, driven by ``script(pilot)``."""
    run = BoardApp.run

    def headless(self, *args, **kwargs):
        return run(self, headless=True, size=SIZE, auto_pilot=script)

    monkeypatch.setattr(BoardApp, "run", headless)


def test_the_app_closed_while_unsaved_leaves_a_copy_and_says_where_in_one_line(
        db_path, config, refuse, monkeypatch, capsys):
    s = Session.open(db_path, config)
    ada = with_secrets(s)
    s.close()

    async def script(pilot):
        await refuse_a_promotion(pilot, pilot.app.session, refuse)
        pilot.app.exit()  # as SIGTERM or the terminal closing would: no dialog

    _scripted(monkeypatch, script)
    assert cli.main(["--db", str(db_path)]) == cli.EXIT_ERROR
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("board: ") and str(db_path) in lines[0]
    [copy] = config.backups.iterdir()
    assert str(copy) in lines[0]
    for secret in SECRETS:
        assert secret not in captured.err and secret not in captured.out
    assert "Traceback" not in captured.err
    refuse.stop()
    assert cli.main(["import", str(copy), "--replace", "--db", str(db_path)]) == 0
    s = Session.open(db_path, config)
    try:
        assert s.board.contacts[ada].rung == "engaged"  # the change, back from the copy
    finally:
        s.close()


def test_quitting_without_saving_says_so_in_one_line(db_path, config, refuse, monkeypatch,
                                                     capsys):
    s = Session.open(db_path, config)
    with_secrets(s)
    s.close()
    before = db_path.read_bytes()

    async def script(pilot):
        await refuse_a_promotion(pilot, pilot.app.session, refuse)
        await pilot.press("q")
        await pilot.pause()
        await pilot.click("#quit")

    _scripted(monkeypatch, script)
    assert cli.main(["--db", str(db_path)]) == cli.EXIT_ERROR
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and str(db_path) in lines[0] and "not saved" in lines[0]
    assert "Secretname" not in captured.err and "Traceback" not in captured.err
    assert db_path.read_bytes() == before
    assert not config.backups.exists()  # no copy made behind the user's back


async def test_a_crash_traceback_shows_no_local_variables(open_app, capsys):
    app, session = open_app()
    ada = with_secrets(session)

    def crash():
        person = session.board.contacts[ada]  # a local holding a record
        raise RuntimeError(f"a bug near record {len(person.name)}")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            app.call_later(crash)
            await pilot.pause()
    err = capsys.readouterr().err
    assert "Traceback" in err and "a bug near record" in err  # the traceback is there...
    for secret in SECRETS:
        assert secret not in err  # ...without the record
