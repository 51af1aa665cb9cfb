"""Every shipped theme renders the demo board (time frozen): one SVG each.

Update after an intended visual change with:
    pytest tests/functional/test_theme_snapshots.py --snapshot-update
and look at the SVGs in __snapshots__/ before committing them.
"""

from __future__ import annotations

import pytest

from board.resources import themes_dir
from board.session import Session
from board.ui.app import BoardApp
from board.ui.themes import theme_files
from tests.functional.conftest import SIZE

SHIPPED = [p.stem for p in theme_files(themes_dir())]


def test_at_least_four_themes_are_shipped():
    assert len(SHIPPED) >= 4 and "board" in SHIPPED


@pytest.mark.parametrize("theme", SHIPPED)
def test_demo_board_in_theme(snap_compare, config, frozen, theme):
    config.theme = theme
    session = Session.open_demo(config)
    try:
        app = BoardApp(session)

        async def check_theme(pilot):
            await pilot.pause()
            assert pilot.app.theme == theme

        # The cursor on the second card of Met (an advocate), so the selected
        # card and an advocate mark both show.
        assert snap_compare(app, terminal_size=SIZE, run_before=check_theme,
                            press=["l", "l", "l", "l", "j", "j", "j"])
    finally:
        session.close()
