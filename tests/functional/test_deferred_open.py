"""`board` paints a large board from its contacts and reads the log just after."""

from __future__ import annotations

import threading
from datetime import timedelta

import orjson

from board import cli
from board.session import Session
from board.ui.app import BoardApp
from board.ui.screens.board import BoardScreen
from tests.functional.conftest import SIZE


def make_board(path, config):
    s = Session.open(path, config)
    b = s.board
    ada = b.add_contact("Ada")
    b.log("call", [ada.id], at=b.clock() - timedelta(days=2))
    s.close()
    return ada.id


def card_text(app, lines: int = 3) -> str:
    cards = app.screen.columns[0].cards
    return "\n".join(cards.render_line(y).text for y in range(lines))


async def test_the_board_is_painted_first_and_the_log_read_after(
        db_path, config, frozen, monkeypatch):
    make_board(db_path, config)
    session = Session.open(db_path, config, defer_log=True)
    events = []
    paint = BoardScreen._compositor_refresh

    def painted(screen):
        paint(screen)
        if not events:
            events.append(("paint", card_text(screen.app)))

    load = session.load_log
    monkeypatch.setattr(BoardScreen, "_compositor_refresh", painted)
    monkeypatch.setattr(session, "load_log",
                        lambda *then: (events.append(("log", "")), load(*then))[1])
    try:
        app = BoardApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()  # the log is read in a thread
            await pilot.pause()
            assert [e for e, _ in events] == ["paint", "log"]
            first_frame = events[0][1]
            assert "Ada" in first_frame and "…" in first_frame and "ago" not in first_frame
            assert session.board.log_ready
            assert "2 days ago" in card_text(app)
            assert "0 overdue" in str(app.screen.query_one("#topbar").render())  # counted
    finally:
        session.close()


async def test_keys_are_answered_while_the_log_is_read(db_path, config, frozen, monkeypatch):
    """The log is read in a thread: the board takes keys meanwhile (here the
    read waits until the test lets it go on)."""
    ada = make_board(db_path, config)
    s = Session.open(db_path, config)
    grace = s.board.add_contact("Grace").id
    s.close()
    session = Session.open(db_path, config, defer_log=True)
    go_on = threading.Event()
    load = session.load_log
    monkeypatch.setattr(session, "load_log", lambda *then: (go_on.wait(30), load(*then))[1])
    try:
        app = BoardApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            first = app.screen.current_id
            await pilot.press("down")
            assert not session.board.log_ready
            assert {first, app.screen.current_id} == {ada, grace}  # the cursor moved
            await pilot.press("slash", "G", "r")
            assert app.screen.filter_text == "Gr"
            go_on.set()
            await app.workers.wait_for_complete()
            await pilot.press("escape")
            await pilot.pause()
            assert session.board.log_ready
            assert "2 days ago" in card_text(app, lines=8)  # Ada's card, second
    finally:
        session.close()


def damage(path) -> bytes:
    data = orjson.loads(path.read_bytes())
    iid = next(iter(data["interactions"]))
    data["interactions"][iid]["at"] = "last tuesday"
    path.write_bytes(orjson.dumps(data))
    return path.read_bytes()


async def test_an_unreadable_log_closes_the_app_and_writes_nothing(db_path, config):
    make_board(db_path, config)
    before = damage(db_path)
    session = Session.open(db_path, config, defer_log=True)
    try:
        app = BoardApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("]")  # too late: the app is closing
        assert app.return_code == 1
        assert app.load_error is not None and "is damaged" in str(app.load_error)
    finally:
        session.close()
    assert db_path.read_bytes() == before


def test_board_says_why_and_exits_1(db_path, config, monkeypatch, capsys):
    make_board(db_path, config)
    before = damage(db_path)
    run = BoardApp.run

    def headless(self, *args, **kwargs):
        return run(self, headless=True, size=SIZE)

    monkeypatch.setattr(BoardApp, "run", headless)
    assert cli.main(["--db", str(db_path)]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert err.startswith("board: ") and str(db_path) in err and "last tuesday" in err
    assert db_path.read_bytes() == before
