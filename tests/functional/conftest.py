"""Helpers for driving the real app with Pilot."""

from __future__ import annotations

import pytest

from board.session import Session
from board.ui.app import BoardApp

SIZE = (160, 48)


@pytest.fixture
def open_app(db_path, config):
    """Open the app on the temporary database; closes the session after."""
    sessions = []

    def _open(path=None, cfg=None):
        s = Session.open(path or db_path, cfg or config)
        sessions.append(s)
        return BoardApp(s), s

    yield _open
    for s in sessions:
        s.close()


def column_names(app) -> list[list[str]]:
    board = app.board
    return [[board.contacts[cid].name for cid in col.cards.ids] for col in app.screen.columns]
