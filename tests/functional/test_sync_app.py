"""Palette → Sync in the app (Pilot, 80x24), against a bare repository in tmp."""

from __future__ import annotations

import subprocess

import pytest

from board.cli import main
from board.session import Session
from board.store.database import Database
from board.ui.screens.board import BoardScreen, TopBar
from board.ui.screens.contact import ContactScreen
from tests.functional.test_backup_screens import messages, palette
from tests.functional.test_card_list import screen_lines

SMALL = (80, 24)


@pytest.fixture
def remote(tmp_path):
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return path


@pytest.fixture
def synced(db_path, tmp_path, remote, config, capsys):
    """This board (Ada) synced; another machine then synced a change of its
    own (Bea added, Ada's city) to the same remote."""
    s = Session.open(db_path, config)
    ada = s.board.add_contact("Ada Lovelace", city="London")
    s.close()
    assert main(["sync", "--db", str(db_path), "--remote", str(remote)]) == 0
    other = tmp_path / "other" / "board.json"
    Database.open(other).close()
    assert main(["sync", "--db", str(other), "--remote", str(remote)]) == 0
    s = Session.open(other, config)
    s.board.add_contact("Bea Other")
    s.board.update_contact(ada.id, city="Aveiro")
    s.close()
    assert main(["sync", "--db", str(other)]) == 0
    capsys.readouterr()
    return ada.id


async def until_synced(pilot) -> None:
    for _ in range(200):
        await pilot.pause(0.05)
        if pilot.app.sync_progress is None:
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def top_line(app) -> str:
    return str(app.screen.query_one(TopBar).render())


async def test_palette_sync_takes_the_other_machines_changes_as_one_undo_step(
        open_app, synced):
    app, _session = open_app()
    async with app.run_test(size=SMALL) as pilot:
        assert isinstance(app.screen, BoardScreen)
        assert "synced" in top_line(app) and "unsynced" not in top_line(app)
        shown = []
        show = app._show_sync

        def watch(step):
            show(step)
            shown.append(top_line(app))

        app._show_sync = watch
        await palette(pilot, "sync")
        await until_synced(pilot)
        assert any("syncing: fetching" in line for line in shown)  # the progress line
        names = {c.name for c in app.board.contacts.values()}
        assert names == {"Ada Lovelace", "Bea Other"}
        assert app.board.contacts[synced].city == "Aveiro"
        [summary] = [m for m in messages(app) if m.startswith("Synced")]
        assert "2 received" in summary
        assert "synced" in top_line(app) and "unsynced" not in top_line(app)
        await pilot.press("u")  # the whole sync is one step
        await pilot.pause()
        assert {c.name for c in app.board.contacts.values()} == {"Ada Lovelace"}
        assert app.board.contacts[synced].city == "London"
        assert "unsynced changes" in top_line(app)  # the undo is not synced yet


async def test_a_conflict_shows_on_the_persons_screen(open_app, synced):
    app, session = open_app()
    session.board.update_contact(synced, city="Coimbra")  # changed here too, synced later
    async with app.run_test(size=SMALL) as pilot:
        await palette(pilot, "sync")
        await until_synced(pilot)
        ada = app.board.contacts[synced]
        assert ada.city == "Coimbra"
        [lost] = ada.conflicts
        assert lost.value == '"Aveiro"'
        assert any("1 conflict" in m and "'Aveiro'" in m for m in messages(app))
        app.screen.goto_contact(synced)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        side = str(app.screen.query_one("#side").render())
        assert "Sync conflicts (1" in side and "'Aveiro'" in side
        await pilot.press("C")  # read: cleared, as one undoable step
        await pilot.pause()
        assert not app.board.contacts[synced].conflicts
        assert "Sync conflicts" not in str(app.screen.query_one("#side").render())
        await pilot.press("u")
        await pilot.pause()
        assert app.board.contacts[synced].conflicts == (lost,)


async def test_a_persons_conflicts_are_said_at_the_top_at_80x24(open_app, synced):
    """With enough details to fill the pane at 80x24, the Sync conflicts
    section is below the fold: the person's head says there are some."""
    app, session = open_app()
    session.board.update_contact(
        synced, city="Coimbra", company="Analytical Engines", position="Mathematician",
        email="ada@engines.example", phone="+44 20 7946 0001", tags=["math", "poetry"],
        handles=["github:ada", "linkedin:ada-lovelace"], how_we_met="A lecture on engines.",
        notes="Writes the first program.\nLoves poetry.", help="Find her a patron.")
    async with app.run_test(size=SMALL) as pilot:
        await palette(pilot, "sync")
        await until_synced(pilot)
        app.screen.goto_contact(synced)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen)
        seen = "\n".join(screen_lines(app))
        assert "1 sync conflict" in seen
        await pilot.press("C")
        await pilot.pause()
        assert "sync conflict" not in "\n".join(screen_lines(app))


async def test_a_sync_that_fails_changes_nothing_and_says_why(open_app, synced, tmp_path):
    (tmp_path / "remote.git").rename(tmp_path / "gone.git")
    app, session = open_app()
    before = dict(session.board.contacts)
    async with app.run_test(size=SMALL) as pilot:
        await palette(pilot, "sync")
        await until_synced(pilot)
        assert app.board.contacts == before
        [error] = [m for m in messages(app) if m.startswith("Sync failed")]
        assert "cannot reach" in error
        assert isinstance(app.screen, BoardScreen)


async def test_sync_without_a_remote_says_how_to_set_one(open_app):
    app, _session = open_app()
    async with app.run_test(size=SMALL) as pilot:
        await palette(pilot, "sync")
        await pilot.pause()
        assert any("board sync --remote" in m for m in messages(app))
        assert app.sync_progress is None
