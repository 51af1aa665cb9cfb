"""`board serve` at the command line: what it says before it serves.

The server itself, driven over HTTP and its websocket, is in
tests/functional/test_serve.py.
"""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import pytest

from board import web
from board.cli import EXIT_USAGE, main
from board.store.database import LockedError


def run(*args):
    return main([str(a) for a in args])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_without_the_web_extra_one_line_says_how_to_install_it(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if not installed
    db = tmp_path / "board.json"
    assert run("serve", "--db", db) == EXIT_USAGE
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and 'pip install "board[web]"' in lines[0]
    assert not db.exists()


@pytest.fixture
def not_serving(monkeypatch):
    """The server's serve() returns at once (what comes before it is real)."""
    pytest.importorskip("textual_serve", reason="the web extra is not installed")
    from textual_serve.server import Server

    served = []
    monkeypatch.setattr(Server, "serve", lambda self, debug=False: served.append(self))
    return served


def test_another_host_than_this_machine_is_warned_of_having_no_login(not_serving, capsys):
    port = free_port()
    assert run("serve", "--demo", "--host", "0.0.0.0", "--port", port) == 0
    err = capsys.readouterr().err
    assert "no login" in err and "SSH" in err
    assert not_serving[0].public_url == f"http://{socket.gethostname()}:{port}"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_this_machine_only_is_not_warned_about(not_serving, capsys, host):
    try:
        web._check_address(host, 0)
    except OSError:
        pytest.skip(f"{host} is not available here")
    assert run("serve", "--demo", "--host", host, "--port", free_port()) == 0
    assert capsys.readouterr().err == ""


def test_an_ipv6_address_is_bracketed_in_the_url():
    assert web.public_url("::1", 8000) == "http://[::1]:8000"
    assert web.public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"


def test_a_taken_port_is_one_line_and_nothing_served(not_serving, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert run("serve", "--demo", "--port", port) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and f"port {port}" in lines[0] and "cannot listen" in lines[0]
    assert not_serving == []


def test_a_port_out_of_range_is_one_line(not_serving, capsys):
    assert run("serve", "--demo", "--port", 70000) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "--port" in lines[0]
    assert not_serving == []


def test_a_missing_board_is_not_made_without_asking(not_serving, capsys, tmp_path):
    db = tmp_path / "typo" / "board.json"
    assert run("serve", "--db", db) == 1  # (not at a terminal: nobody to ask)
    assert "--new" in capsys.readouterr().err
    assert not db.parent.exists() and not_serving == []


def test_serve_new_makes_the_first_tab_start_the_board(not_serving, tmp_path):
    db = tmp_path / "board.json"
    assert run("serve", "--db", db, "--new", "--port", free_port()) == 0
    argv = shlex.split(not_serving[0].command.removeprefix("exec "))
    assert argv[argv.index("--db") + 1] == str(db) and "--new" in argv


def test_the_tab_command_keeps_any_path_whole(tmp_path):
    db = tmp_path / "it's a $HOME; `board`" / "board.json"
    config = Path("~/my config.yaml")
    argv = shlex.split(web.tab_command(db, config, new=False).removeprefix("exec "))
    assert argv[:3] == [sys.executable, "-m", "board.web"]
    assert argv[argv.index("--db") + 1] == str(db)
    assert argv[argv.index("--config") + 1] == str(config.expanduser().absolute())
    assert "--new" not in argv and "--demo" not in argv


def test_the_demo_tab_command_opens_a_demo_copy():
    argv = shlex.split(web.tab_command(None, None, new=False).removeprefix("exec "))
    assert "--demo" in argv and "--db" not in argv


async def test_a_refused_tab_says_the_board_is_open_elsewhere_as_text():
    path = Path("/home/[bold]me[/]/board.json")
    exc = LockedError(f"{path} is already open in another board")
    app = web.NoticeApp(web.notice_lines(exc, path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = str(app.query_one("#notice").render())
        assert "The board is open in another tab or terminal" in shown
        assert "/home/[bold]me[/]/board.json" in shown  # (markup shown as typed)
        await pilot.press("q")
    assert app.return_code == 0
