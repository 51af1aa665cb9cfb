"""``board serve``: the board in a browser tab, through textual-serve.

textual-serve (the ``web`` extra: ``pip install "board[web]"``) serves a page
whose websocket starts one process per browser tab and relays its screen and
keys.  Here that process is ``python -m board.web`` (:func:`tab_main`) with
the serve's ``--db``, ``--config`` or ``--demo``: the board as ``board``
opens it, with what a tab needs on top:

- A board allows one instance per file.  A tab that cannot have it (another
  tab or a terminal has it open), or cannot open it at all (a damaged
  file), shows why in words, instead of a page that never starts.
- Closing the tab: textual-serve tells the process to quit; the app exits and
  the session closes as after ``q`` (everything folded into the file, the
  lock released), so the next tab can open it.
- Stopping the server (ctrl+c, SIGTERM, SIGHUP): every open tab is told to
  quit first, and the server exits once they have closed.  A tab whose
  server went away without that (``kill -9``) quits as on SIGTERM: it
  watches for it (:func:`_quit_with_parent`).

``--demo``: every tab opens its own throwaway copy of the demo (removed when
the tab closes), so two tabs never refuse each other.

textual-serve has no login: anyone who can reach the port can use the board.
It listens on 127.0.0.1 unless ``--host`` says otherwise, and then says so.
"""

from __future__ import annotations

import asyncio
import importlib.util
import ipaddress
import logging
import os
import shlex
import signal
import socket
import sys
import threading
import time
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from board.core.text import safe
from board.store.database import LockedError, StoreError

#: The one line ``board serve`` says when the web extra is missing.
INSTALL = 'board serve needs the web extra: pip install "board[web]"'
#: How long a stopping server waits for its tabs to save and close.
TAB_QUIT_SECONDS = 30.0
#: The signals that stop the server.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
#: The wildcard addresses: listen on every interface.
ANY_HOST = frozenset({"", "0.0.0.0", "::"})


def available() -> bool:
    """Whether textual-serve (the web extra) is installed."""
    return importlib.util.find_spec("textual_serve") is not None


def is_local(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_url(host: str, port: int) -> str:
    """The address a browser uses for ``host``:``port`` (the machine's name
    for a wildcard address; an IPv6 address in brackets)."""
    if host in ANY_HOST:
        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def tab_command(db: Path | None, config: Path | None, new: bool) -> str:
    """The shell command textual-serve runs for each tab: this module, on
    ``db`` (None: the demo).  ``exec``, so the tab's board is the server's
    own child (it watches for the server to go)."""
    argv = [sys.executable, "-m", "board.web"]
    if config is not None:
        argv += ["--config", str(config.expanduser().absolute())]
    if db is None:
        argv.append("--demo")
    else:
        argv += ["--db", str(db.absolute())]
        if new:
            argv.append("--new")
    return "exec " + shlex.join(argv)


def serve(host: str, port: int, url: str | None, db: Path | None, config: Path | None,
          new: bool = False) -> int:
    """Serve the board (``db``; None: the demo) until ctrl+c or SIGTERM.
    Raises CommandError for an address it cannot listen on."""
    from board.cli import CommandError, say

    if not 1 <= port <= 65535:
        raise CommandError("--port is a number from 1 to 65535")
    server = _server_class()(
        tab_command(db, config, new), host=host, port=port,
        public_url=url or public_url(host, port),
        what="the demo (each tab its own copy)" if db is None else str(db))
    if not is_local(host):
        say(f"board: warning: textual-serve has no login: anyone who can reach {host} port "
            f"{port} can open and change this board. To keep it to yourself, serve on "
            "127.0.0.1 and reach it over SSH port forwarding or a private network "
            "(README: The board in a browser).", err=True)
    try:
        _check_address(host, port)
        server.serve()
    except OSError as exc:
        why = os.strerror(exc.errno) if exc.errno and exc.errno > 0 else str(exc)
        raise CommandError(f"cannot listen on {host} port {port}: {why}") from None
    return 0


def _check_address(host: str, port: int) -> None:
    """OSError if ``host``:``port`` cannot be listened on (taken, not this
    machine's, a name that does not resolve), before anything is said; the
    socket is bound as aiohttp binds it, then closed."""
    for family, kind, proto, _, address in socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE):
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)


async def _listening(host: str, port: int) -> None:
    """Return once ``host``:``port`` takes connections."""
    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    while True:
        try:
            _, writer = await asyncio.open_connection(host, port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        return


def _server_class() -> type:
    """textual-serve's Server, with board's startup lines and logging, and a
    shutdown that lets every open tab save and close first."""
    from aiohttp import web as aioweb
    from textual_serve.server import Server

    class BoardServer(Server):
        def __init__(self, command: str, *, host: str, port: int, public_url: str,
                     what: str) -> None:
            super().__init__(command, host=host, port=port, title="board",
                             public_url=public_url)
            self.what = what
            self._tabs: set[asyncio.Task[object]] = set()
            self._announcing: asyncio.Task[None] | None = None

        def initialize_logging(self) -> None:
            # Plain lines, warnings and up (no request log; no traceback
            # with local variables).
            logging.basicConfig(level=logging.WARNING, format="board serve: %(message)s")

        async def on_startup(self, app: aioweb.Application) -> None:
            # This runs before aiohttp listens: the address is said once it
            # does.  textual-serve stops on SIGINT and SIGTERM; the terminal
            # closing (SIGHUP) stops it the same way.
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.request_exit)
            self._announcing = asyncio.create_task(self._announce())

        async def _announce(self) -> None:
            from board.cli import say

            await _listening(self.host, self.port)
            say(f"board: serving {self.what} on {self.public_url}",
                "Each browser tab opens the board; ctrl+c stops (open tabs save first).")
            sys.stdout.flush()

        async def handle_websocket(self, request: aioweb.Request) -> aioweb.WebSocketResponse:
            task = asyncio.current_task()
            assert task is not None
            self._tabs.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self._tabs.discard(task)

        async def on_shutdown(self, app: aioweb.Application) -> None:
            # A second ctrl+c or SIGTERM while the tabs save does not cut
            # the stop short (aiohttp would end the process then and there).
            loop = asyncio.get_running_loop()
            for sig in STOP_SIGNALS:
                loop.add_signal_handler(sig, lambda: None)
            # Cancelling a tab's handler tells its board to quit and waits
            # for the process to end (textual-serve's own clean-up).
            tabs = list(self._tabs)
            for task in tabs:
                task.cancel()
            if tabs:
                await asyncio.wait(tabs, timeout=TAB_QUIT_SECONDS)

    return BoardServer


# -- one tab --------------------------------------------------------------------


class NoticeApp(App[None]):
    """What a tab shows when it cannot open the board: why, and what to do."""

    TITLE = "board"
    CSS = """
    Screen { align: center middle; }
    #notice { width: auto; max-width: 76; height: auto; border: round $warning;
              padding: 1 2; }
    """
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        yield Static(Text("\n\n".join(safe(line) for line in self.lines)), id="notice")


def notice_lines(exc: Exception, path: Path | None) -> list[str]:
    """What a tab says when ``exc`` kept it from opening the board at
    ``path`` (None: the demo)."""
    if isinstance(exc, LockedError):
        return ["The board is open in another tab or terminal:", str(path),
                "Close it there (q), then reload this page to open it here."]
    return ["board cannot open this board:", str(exc),
            "The server's terminal says the same. Reload this page to try again."]


def _quit_with_parent(interval: float = 0.5) -> None:
    """If the server goes (its pipes closed, nobody to tell this tab to
    quit), quit as on SIGTERM: the board saves and frees the file."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="board-serve-parent", daemon=True).start()


def tab_main(argv: list[str] | None = None) -> int:
    """One browser tab: ``board`` with the serve's options, run by
    textual-serve with Textual's web driver."""
    from board import cli

    args = cli.build_parser().parse_args(argv)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, cli._terminate)
    _quit_with_parent()
    try:
        try:
            session = cli.open_board(args)
        except (cli.CommandError, StoreError) as exc:
            cli.say(f"board: {exc}", err=True)
            NoticeApp(notice_lines(exc, args.db)).run()
            return cli.EXIT_ERROR
        return cli.run_board(session)
    except (cli.CommandError, StoreError) as exc:
        cli.say(f"board: {exc}", err=True)
        return cli.EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(tab_main())
