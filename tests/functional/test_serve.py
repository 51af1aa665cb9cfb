"""`board serve`: the real server in a subprocess, driven as a browser drives it.

Each test starts `board serve` on a free port, fetches the page, opens the
websocket the page names and reads the board's screen as it arrives (the
bytes textual-serve relays, escape sequences left out).  They need the web
extra (textual-serve, whose aiohttp client they use) and are skipped without it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from board.cli import main
from board.config import load_config
from board.resources import examples_dir
from board.store.database import Database, LockedError, read_records

aiohttp = pytest.importorskip("aiohttp", reason="the web extra is not installed")
pytest.importorskip("textual_serve", reason="the web extra is not installed")

LADDER = load_config(use_user_file=False).ladder
LABELS = [rung.label for rung in LADDER]
RUNGS = [rung.key for rung in LADDER]
# CSI, OSC and two-byte escape sequences: what is left is the text on screen.
ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
# Guards against a hang, not measurements: each is far above what it takes
# (a second or two).  STOP is also under the 60 s aiohttp would wait for open
# websockets: a server that waited for its tabs instead of closing them fails.
STARTUP = 60.0
SCREEN = 60.0
STOP = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`board serve` running in its own process group."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "board", "serve", "--port", str(self.port), *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        self.first_line = self._read_line()

    def _read_line(self) -> str:
        deadline = time.monotonic() + STARTUP
        out = self.proc.stdout
        assert out is not None
        while time.monotonic() < deadline:
            ready, _, _ = select.select([out], [], [], 0.5)
            if ready:
                return out.readline().decode()
            if self.proc.poll() is not None:
                break
        raise AssertionError(f"board serve did not start: {self.stop()}")

    def stop(self, sig: int | None = signal.SIGTERM) -> str:
        """Stop the server with ``sig`` (None: it was told already), wait
        for it to end; what it said on stderr."""
        if sig is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            _, err = self.proc.communicate(timeout=STOP)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            _, err = self.proc.communicate()
            raise AssertionError("board serve did not stop on SIGTERM") from None
        return err.decode(errors="replace")

    def kill_all(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.communicate()


@contextlib.contextmanager
def served(*args: str):
    server = Served(*args)
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            server.stop()
        server.kill_all()  # (any tab left behind)


class Tab:
    """A browser tab: the page's websocket, and the screen read from it."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.raw = ""
        self.mark = 0  # where what was shown after the last key starts

    @property
    def text(self) -> str:
        return ESCAPES.sub("", self.raw[self.mark:])

    async def wait_for(self, *words: str | re.Pattern[str]) -> str:
        """Read the screen until every word (or pattern) is on it (since the
        last key pressed); the text so far."""
        def shown(word: str | re.Pattern[str]) -> bool:
            return (word in self.text if isinstance(word, str)
                    else word.search(self.text) is not None)

        async with asyncio.timeout(SCREEN):
            while not all(shown(w) for w in words):
                msg = await self.ws.receive()
                if msg.type == aiohttp.WSMsgType.BINARY:
                    self.raw += msg.data.decode("utf-8", "replace")
                elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                  aiohttp.WSMsgType.CLOSING):
                    raise AssertionError(f"the tab closed; it showed: {self.text[-2000:]}")
        return self.text

    async def until_closed(self) -> int | None:
        """Read on (as a browser does) until the tab is closed; the code of
        the server's close frame (None: the connection dropped without one)."""
        async with asyncio.timeout(STOP):
            while True:
                msg = await self.ws.receive()
                if msg.type == aiohttp.WSMsgType.BINARY:
                    self.raw += msg.data.decode("utf-8", "replace")
                elif msg.type == aiohttp.WSMsgType.CLOSE:
                    return msg.data
                elif msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    return None

    async def press(self, keys: str) -> None:
        self.mark = len(self.raw)
        await self.ws.send_json(["stdin", keys])

    async def promote(self, db: Path) -> None:
        """Promote the card under the cursor (the first rung's first) and
        see the first rung count one fewer."""
        contacts, _ = read_records(db)
        first = sum(1 for c in contacts if c.rung == RUNGS[0] and not c.archived)
        await self.press("]")
        await self.wait_for(re.compile(rf"{LABELS[0]}\s+{first - 1}\b"))


@contextlib.asynccontextmanager
async def browser():
    async with aiohttp.ClientSession() as http:
        yield http


@contextlib.asynccontextmanager
async def open_tab(http, server: Served, size=(160, 48)):
    """Load the page and open the websocket it names, as its script does."""
    async with http.get(server.url + "/") as response:
        assert response.status == 200
        page = await response.text()
    ws_url = re.search(r'data-session-websocket-url="([^"]+)"', page).group(1)
    async with http.ws_connect(f"{ws_url}?width={size[0]}&height={size[1]}") as ws:
        yield Tab(ws)


@pytest.fixture
def board_file(tmp_path):
    db = tmp_path / "board.json"
    assert main(["import", str(examples_dir() / "demo.yaml"), "--db", str(db)]) == 0
    return db


def is_free(db: Path) -> bool:
    """Whether another board could open ``db`` now."""
    try:
        Database.open(db, background=False).close()
    except LockedError:
        return False
    return True


def wait_free(db: Path) -> None:
    deadline = time.monotonic() + SCREEN
    while not is_free(db):
        assert time.monotonic() < deadline, f"{db} stayed locked"
        time.sleep(0.1)


def rungs(db: Path) -> dict[str, str]:
    contacts, _ = read_records(db)
    return {c.id: c.rung for c in contacts}


async def test_the_page_opens_the_board_and_its_first_frame_has_every_rung(board_file):
    with served("--db", str(board_file)) as server:
        assert server.url in server.first_line and str(board_file) in server.first_line
        async with browser() as http, open_tab(http, server) as tab:
            await tab.wait_for(*LABELS)


async def test_a_second_tab_is_told_the_board_is_open_and_the_first_closing_frees_it(
        board_file):
    with served("--db", str(board_file)) as server:
        async with browser() as http:
            async with open_tab(http, server) as first:
                await first.wait_for(*LABELS)
                async with open_tab(http, server) as second:
                    text = await second.wait_for("open in another tab or terminal")
                    assert not any(label in text for label in LABELS[1:])
                    assert "Traceback" not in text
            wait_free(board_file)  # the first tab closed: its board saved and let go
            async with open_tab(http, server) as third:
                await third.wait_for(*LABELS)
        assert "Traceback" not in server.stop()


async def test_keys_typed_in_the_tab_are_saved_when_the_tab_closes(board_file):
    before = rungs(board_file)
    with served("--db", str(board_file)) as server:
        async with browser() as http, open_tab(http, server) as tab:
            await tab.wait_for(*LABELS)
            await tab.promote(board_file)
        wait_free(board_file)
    after = rungs(board_file)
    moved = {cid for cid in before if before[cid] != after[cid]}
    assert len(moved) == 1
    assert not Path(f"{board_file}.journal").exists()  # folded into the file


def ctrl_c(server: Served) -> None:
    """ctrl+c at the server's terminal: SIGINT to its whole process group."""
    os.killpg(server.proc.pid, signal.SIGINT)


@pytest.mark.parametrize("stop", ["sigterm", "ctrl+c"])
async def test_stopping_the_server_closes_its_tabs_after_they_saved_leaving_no_lock(
        board_file, stop):
    before = rungs(board_file)
    with served("--db", str(board_file)) as server:
        async with browser() as http, open_tab(http, server) as tab:
            await tab.wait_for(*LABELS)
            await tab.promote(board_file)
            sig = signal.SIGTERM
            if stop == "ctrl+c":
                ctrl_c(server)
                sig = None
            # The tab stays open and reads on, as a browser's does: the
            # server ends its session (a close frame, not a dropped line).
            err, code = await asyncio.gather(asyncio.to_thread(server.stop, sig),
                                             tab.until_closed())
            assert code == aiohttp.WSCloseCode.OK
        assert server.proc.returncode == 0, err
        assert "Traceback" not in err
        assert is_free(board_file)
    assert sum(before[c] != r for c, r in rungs(board_file).items()) == 1
    assert not Path(f"{board_file}.journal").exists()


async def test_a_tab_whose_server_is_killed_saves_and_frees_the_board(board_file):
    before = rungs(board_file)
    with served("--db", str(board_file)) as server:
        async with browser() as http, open_tab(http, server) as tab:
            await tab.wait_for(*LABELS)
            await tab.promote(board_file)
            server.proc.send_signal(signal.SIGKILL)  # nobody left to tell the tab
            server.proc.wait()
        wait_free(board_file)
    assert sum(before[c] != r for c, r in rungs(board_file).items()) == 1


async def test_demo_tabs_each_get_their_own_copy(tmp_path):
    with served("--demo") as server:
        assert "demo" in server.first_line
        async with browser() as http, open_tab(http, server) as first:
            await first.wait_for(*LABELS)
            async with open_tab(http, server) as second:
                await second.wait_for(*LABELS, "demo")


async def test_a_tab_on_a_damaged_board_says_why(tmp_path):
    db = tmp_path / "board.json"
    db.write_bytes(b"{broken")
    with served("--db", str(db)) as server:
        async with browser() as http, open_tab(http, server, size=(100, 30)) as tab:
            await tab.wait_for("cannot open this board", "damaged")
    assert db.read_bytes() == b"{broken"
