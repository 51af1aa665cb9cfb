"""SVG snapshots of the main screens, on the demo board with time frozen.

Update after an intended visual change with:
    pytest tests/functional/test_snapshots.py --snapshot-update
and look at the SVGs in __snapshots__/ before committing them.
"""

from __future__ import annotations

import pytest

from board.session import Session
from board.ui.app import BoardApp
from tests.functional.conftest import SIZE


@pytest.fixture
def demo_app(config, frozen):
    session = Session.open_demo(config)
    yield BoardApp(session)
    session.close()


def test_demo_board(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=SIZE)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 36)])
def test_demo_board_in_a_smaller_terminal(snap_compare, demo_app, size):
    assert snap_compare(demo_app, terminal_size=size)


def test_demo_board_after_moves(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=SIZE, press=["l", "j", "right_square_bracket"])


def test_add_contact_form(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=SIZE, press=["a", "A", "d", "a"])


def test_help(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=SIZE, press=["question_mark"])


def test_filter(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=SIZE, press=["slash", "d", "e", "s"])


def test_contact_screen(snap_compare, demo_app):
    # Yusuf Demir, on "met": details, ladder, totals and a timeline
    assert snap_compare(demo_app, terminal_size=SIZE, press=["right"] * 4 + ["enter"])


def test_log_call_form(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=SIZE, press=["c", "y", "e", "s"])


def test_log_touch_form(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=SIZE, press=["t"])


def test_intro_form(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=SIZE, press=["i"])


def test_promote_offer(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=SIZE, press=["m", "ctrl+s"])


def test_insights(snap_compare, demo_app):
    async def open_insights(pilot):
        from tests.functional.test_insights_screen import wait_for_insights

        await pilot.press("I")
        await wait_for_insights(pilot)

    assert snap_compare(demo_app, terminal_size=SIZE, run_before=open_insights)
