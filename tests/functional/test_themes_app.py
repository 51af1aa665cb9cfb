"""Themes and configuration in the running app (Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from board.config import config_dir, load_config
from board.session import Session
from board.ui.app import BoardApp
from tests.functional.conftest import SIZE


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def until(pilot, condition, timeout: float = 5.0) -> None:
    """Wait for ``condition()``, without a fixed sleep."""
    waited = 0.0
    while not condition():
        assert waited < timeout, "timed out"
        await pilot.pause(0.02)
        waited += 0.02


def palette_shows(pilot, text: str):
    def check() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, CommandPalette):
            return False
        return any(getattr(o, "hit", None) and o.hit.text == text
                   for lst in screen.query("CommandList") for o in lst.options)
    return check


async def open_palette_for_themes(pilot) -> None:
    await pilot.press("ctrl+p")
    for ch in "theme":
        await pilot.press(ch)
    await until(pilot, palette_shows(pilot, "Theme"))
    await pilot.press("enter")  # Textual's "Theme" command
    await until(pilot, palette_shows(pilot, "paper"))


async def test_the_default_theme_is_boards_own(open_app):
    app, _ = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "board"
        assert app.theme_variables["rung-1"] == app.current_theme.variables["rung-1"]
        assert messages(app) == []


async def test_a_broken_user_theme_is_skipped_with_one_notification(open_app):
    themes = config_dir() / "themes"
    themes.mkdir(parents=True)
    (themes / "dusk.yaml").write_text("primary: '#336699'\nladder: [navy, maroon]\n",
                                      encoding="utf-8")
    (themes / "broken.yaml").write_text("primary: '#33669'\n", encoding="utf-8")
    app, _ = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "dusk" in app.available_themes and "paper" in app.available_themes
        assert "broken" not in app.available_themes
        problems = [m for m in messages(app) if "broken.yaml" in m]
        assert len(problems) == 1 and "'#33669' is not a colour" in problems[0]
        app.theme = "dusk"  # the good user theme works, the ramp spread on six rungs
        await pilot.pause()
        assert app.theme_variables["rung-1"] == "#000080"
        assert app.theme_variables["rung-6"] == "#800000"


async def test_an_unknown_theme_falls_back_with_a_message(db_path, tmp_path):
    cfg = load_config(write_config(tmp_path, "theme: neon\n"))
    session = Session.open(db_path, cfg)
    try:
        app = BoardApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.theme == "board"
            assert any("theme 'neon' not found" in m for m in messages(app))
    finally:
        session.close()


async def test_textuals_own_themes_render_the_board(open_app):
    """Textual's themes (ANSI ones too) lack the board's variables: the
    defaults fill in, and nothing fails to parse.  (Every theme's variables
    are checked statically in tests/unit/test_themes.py.)"""
    app, session = open_app()
    session.board.add_contact("Ada")
    async with app.run_test(size=SIZE) as pilot:
        for name in ("ansi-dark", "ansi-light", "textual-light", "nord"):
            app.theme = name
            await pilot.pause()
            assert app.is_running, name
            assert app.screen.columns[0].cards.render_line(0).text.strip()


async def test_theme_preview_and_the_choice_persists_across_a_restart(db_path, tmp_path):
    path = write_config(tmp_path, "# mine\ndue_window_days: 5  # keep\n")
    session = Session.open(db_path, load_config(path))
    try:
        app = BoardApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.theme == "board"
            # Moving through the list previews; esc goes back.
            await open_palette_for_themes(pilot)
            assert app.theme == "board"  # the current theme is listed first
            await pilot.press("down")
            await until(pilot, lambda: app.theme != "board")
            await pilot.press("escape")
            await until(pilot, lambda: app.theme == "board")
            assert not isinstance(app.screen, CommandPalette)
            assert "theme" not in path.read_text(encoding="utf-8")
            # Typing a name previews it, and enter picks it and saves it.
            app.action_change_theme()
            await until(pilot, palette_shows(pilot, "paper"))
            for ch in "paper":
                await pilot.press(ch)
            await until(pilot, lambda: app.theme == "paper")
            await pilot.press("enter")
            await until(pilot, lambda: "paper" in path.read_text(encoding="utf-8"))
            assert app.theme == "paper" and not isinstance(app.screen, CommandPalette)
    finally:
        session.close()
    assert path.read_text(encoding="utf-8") == (
        "# mine\ndue_window_days: 5  # keep\ntheme: paper\n")

    # A restart opens in the chosen theme.
    session = Session.open(db_path, load_config(path))
    try:
        app = BoardApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.theme == "paper"
    finally:
        session.close()


async def test_a_keymap_override_from_the_config_file_works_end_to_end(db_path, tmp_path):
    path = write_config(tmp_path, "keymap:\n  promote: p\n  promte: x\n  demote: o\n")
    session = Session.open(db_path, load_config(path))
    try:
        ada = session.board.add_contact("Ada")
        app = BoardApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            warnings = [m for m in messages(app) if "keymap" in m]
            assert len(warnings) == 1
            assert "keymap.promte" in warnings[0] and "did you mean 'promote'" in warnings[0]
            await pilot.press("right_square_bracket")  # the old key no longer promotes
            await pilot.pause()
            assert session.board.contacts[ada.id].rung == "follower"
            await pilot.press("p")
            await pilot.pause()
            assert session.board.contacts[ada.id].rung == "engaged"
            await pilot.press("o")
            await pilot.pause()
            assert session.board.contacts[ada.id].rung == "follower"
    finally:
        session.close()


async def test_bad_config_values_fall_back_with_a_message_and_the_app_starts(db_path,
                                                                               tmp_path):
    path = write_config(tmp_path, "due_window_days: soon\ncolour: blue\nladder: nope\n")
    session = Session.open(db_path, load_config(path))
    try:
        app = BoardApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = "\n".join(messages(app))
            for key in ("due_window_days", "colour", "ladder"):
                assert key in shown
            assert str(path) in shown
            assert len(app.screen.columns) == 6
            assert session.config.due_window_days == 3
    finally:
        session.close()


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_the_app_starts_with_a_hostile_config_and_a_hostile_theme(open_app, tmp_path,
                                                                         size):
    """20,000 nested brackets (a RecursionError once) in the config and in a
    theme, and Latin-1 in another theme: the board opens on the defaults and
    says, in one toast each, which file was wrong."""
    config = tmp_path / "config.yaml"
    config.write_bytes(b"theme: paper\nnested: " + b"[" * 20_000 + b"\n")
    themes = config_dir() / "themes"
    themes.mkdir(parents=True)
    deep = themes / "deep.yaml"
    deep.write_bytes(b"primary: red\nladder: " + b"[" * 20_000 + b"\n")
    latin = themes / "latin.yaml"
    latin.write_bytes(b"primary: red\nname: caf\xe9\n")
    (themes / "dusk.yaml").write_text("primary: '#336699'\n", encoding="utf-8")
    app, _ = open_app(cfg=load_config(config))
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        assert len(app.screen.columns) == 6 and app.theme == "board"
        assert "dusk" in app.available_themes
        shown = messages(app)
        for path in (config, deep, latin):
            about = [m for m in shown if m.startswith(str(path))]
            assert len(about) == 1 and "\n" not in about[0], shown
        assert "nested too deeply" in next(m for m in shown if m.startswith(str(config)))
        assert "not UTF-8" in next(m for m in shown if m.startswith(str(latin)))
        await until(pilot, lambda: len(app.screen.query("Toast")) == 3)  # shown, not queued


async def test_people_on_a_rung_that_is_gone_show_on_the_first_with_a_notice(db_path,
                                                                            tmp_path):
    old = load_config(write_config(tmp_path, "ladder: [{key: lead}, {key: client}]\n"))
    s = Session.open(db_path, old)
    ada = s.board.add_contact("Ada")
    s.board.move(ada.id, "client")
    s.board.add_contact("Bea")
    s.close()

    session = Session.open(db_path, load_config(tmp_path / "gone.yaml"))
    try:
        app = BoardApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            notices = [m for m in messages(app) if "ladder does not have" in m]
            assert len(notices) == 1
            assert notices[0].startswith("2 people") and "'client' (1), 'lead' (1)" in notices[0]
            first = app.screen.columns[0]
            assert {session.board.contacts[c].name for c in first.cards.ids} == {"Ada", "Bea"}
            assert session.board.contacts[ada.id].rung == "client"  # untouched
            # Moving the card is what changes the stored rung.
            await pilot.press("right_square_bracket")
            await pilot.pause()
            moved = [c for c in session.board.contacts.values() if c.rung == "engaged"]
            assert len(moved) == 1
    finally:
        session.close()
