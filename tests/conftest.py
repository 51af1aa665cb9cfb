"""Shared fixtures: a frozen clock, the default config, temporary boards."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from board.config import load_config
from board.fsutil import real_path
from board.session import Session

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the real user data or config dirs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("BOARD_DB", raising=False)
    monkeypatch.delenv("BOARD_CONFIG", raising=False)


@pytest.fixture
def frozen():
    """Time stands still at NOW (ticking off, so durations are exact)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def config():
    return load_config(use_user_file=False)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "board.json"


@pytest.fixture
def session(db_path, config):
    s = Session.open(db_path, config)
    yield s
    s.close()


class RefusingDisk:
    """``refuse(folder, errno)``: from then on the disk refuses to put a file
    into ``folder`` (the rename that ends every atomic write raises that
    errno, as a full disk, a read-only file system or an immutable file
    would), until ``refuse.stop()``.  Other folders are another disk."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self._real = os.replace

    def __call__(self, folder: Path, code: int) -> None:
        folder, real = real_path(folder), self._real

        def replace(src, dst, *args, **kwargs):
            if real_path(dst).parent == folder:
                raise OSError(code, os.strerror(code), str(dst))
            return real(src, dst, *args, **kwargs)

        self._monkeypatch.setattr(os, "replace", replace)

    def stop(self) -> None:
        self._monkeypatch.setattr(os, "replace", self._real)


@pytest.fixture
def refuse(monkeypatch):
    return RefusingDisk(monkeypatch)
