"""Theme files: the shipped ones, validation, the ramp, user themes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.color import Color
from textual.dom import DOMNode
from textual.theme import BUILTIN_THEMES, Theme

from board.resources import themes_dir
from board.ui.app import THEME_VARIABLE_DEFAULTS
from board.ui.keymap import _subclasses, binding_ids
from board.ui.themes import (
    TEXTUAL_COLOURS,
    ThemeFileError,
    board_themes,
    load_theme_file,
    load_themes,
    parse_theme,
    ramp,
    theme_files,
)

SHIPPED = theme_files(themes_dir())


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
name: dusk
primary: "#336699"
ladder: ["#000080", "#800000"]
marks: {due: orange, overdue: red, advocate: gold}
"""


# --- the shipped themes -----------------------------------------------------

def test_at_least_four_distinct_shipped_themes_with_a_default_named_board():
    loaded = load_themes([themes_dir()])
    assert loaded.problems == []
    assert len(loaded.themes) == len(SHIPPED) >= 4
    assert "board" in loaded.themes
    # Distinct: no two share their background and primary.
    looks = {(t.background, t.primary) for t in loaded.themes.values()}
    assert len(looks) == len(loaded.themes)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_shipped_theme_gives_every_colour_a_rung_ramp_and_the_marks(path):
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in (*(c for c in TEXTUAL_COLOURS if c != "boost"), "dark"):
        assert key in data, f"{path.name} lacks {key}"
    assert data["name"] == path.stem
    assert len(data["ladder"]) >= 6
    assert set(data["marks"]) == {"due", "overdue", "advocate", "date"}
    theme = load_theme_file(path)
    assert {f"rung-{n}" for n in range(1, 7)} | {"due", "overdue", "advocate", "date"} <= set(
        theme.variables)
    # Neighbouring rungs are told apart.
    rungs = [Color.parse(theme.variables[f"rung-{n}"]) for n in range(1, 7)]
    assert len({c.rgb for c in rungs}) == 6


def test_there_is_a_light_theme_and_a_16_colour_theme():
    loaded = load_themes([themes_dir()]).themes
    assert any(not t.dark for t in loaded.values())
    ansi = [t for t in loaded.values() if t.ansi]
    assert ansi
    for t in ansi:
        colours = [getattr(t, c) for c in TEXTUAL_COLOURS if getattr(t, c)]
        colours += [v for k, v in t.variables.items() if not k.endswith("text-style")]
        assert all(Color.parse(c).ansi is not None for c in colours), t.name


def _css_variables_used() -> set[str]:
    binding_ids()  # imports every board screen and widget
    import textual.widgets as widgets

    for name in widgets.__all__:
        getattr(widgets, name)  # Textual's widgets load lazily
    used: set[str] = set()
    for cls in _subclasses(DOMNode):
        used |= set(re.findall(r"\$([A-Za-z0-9_-]+)", cls.__dict__.get("DEFAULT_CSS") or ""))
    for tcss in Path(__file__).parents[2].joinpath("board", "ui").rglob("*.tcss"):
        used |= set(re.findall(r"\$([A-Za-z0-9_-]+)", tcss.read_text(encoding="utf-8")))
    return used


def test_every_css_variable_resolves_in_every_theme():
    """A missing variable is a CSS error that stops the app: every theme
    (shipped, Textual's, and a bare user ANSI theme) must define, or fall back
    to a default for, every variable the board's and Textual's CSS use."""
    used = _css_variables_used()
    assert {"rung-1", "advocate", "due", "overdue"} <= used
    themes = {**BUILTIN_THEMES, **load_themes([themes_dir()]).themes,
              "bare-ansi": Theme("bare-ansi", primary="ansi_red", ansi=True),
              "bare": Theme("bare", primary="#123456")}
    for name, theme in themes.items():
        variables = {**THEME_VARIABLE_DEFAULTS, **theme.to_color_system().generate(),
                     **theme.variables}
        assert used <= set(variables), (name, used - set(variables))


# --- validation -------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("primary: nonsense", "'primary': 'nonsense' is not a colour"),
    ("primary: '#123'\nbackground: 12", "'background' must be a colour"),
    ("secondary: red", "'primary' is required"),
    ("primary: red\ncolour: blue", "unknown key(s) 'colour'"),
    ("primary: red\nname: 'two words'", "'name' must be"),
    ("primary: red\ndark: maybe", "'dark' must be true or false"),
    ("primary: red\nladder: []", "'ladder' must be a list"),
    ("primary: red\nladder: [red, mauvish]", "'ladder[2]'"),
    ("primary: red\nmarks: {due: red, late: blue}", "marks: unknown key(s) 'late'"),
    ("primary: red\nmarks: {overdue: x}", "'marks.overdue'"),
    ("primary: red\nvariables: {border: 'red 200px'}", "variables.border"),
    ("primary: red\nvariables: {Bad_Name: red}", "is not a variable name"),
    ("primary: red\ntext_alpha: 3", "'text_alpha' must be a number"),
    ("- primary: red", "expected a mapping"),
])
def test_a_bad_theme_names_the_key(tmp_path, text, message):
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(ThemeFileError) as exc:
        load_theme_file(path)
    assert message in str(exc.value)


def test_variables_accept_colours_with_alpha_and_text_styles():
    theme = parse_theme({"primary": "red", "variables": {
        "input-selection-background": "#81a1c1 35%", "block-cursor-text-style": "bold reverse",
        "footer-key-foreground": "ansi_blue"}}, "x")
    assert theme.variables["input-selection-background"] == "#81a1c1 35%"


def test_name_defaults_to_the_file_name(tmp_path):
    theme = load_theme_file(write(tmp_path, "my-theme.yaml", "primary: red"))
    assert theme.name == "my-theme"
    assert "rung-1" not in theme.variables  # left to the app's defaults


def test_theme_yaml_is_read_safely(tmp_path):
    path = write(tmp_path, "x.yaml", "primary: !!python/object/apply:os.system ['echo hi']")
    with pytest.raises(ThemeFileError, match="not valid YAML"):
        load_theme_file(path)


# --- the ramp ---------------------------------------------------------------

def test_a_ramp_as_long_as_the_ladder_is_used_as_written():
    theme = parse_theme({"primary": "red", "ladder": ["ansi_blue", "#AbCdEf", "red"]}, "x",
                        rungs=3)
    assert [theme.variables[f"rung-{n}"] for n in (1, 2, 3)] == ["ansi_blue", "#AbCdEf", "red"]


def test_a_ramp_is_spread_over_a_longer_or_shorter_ladder_keeping_its_ends():
    stops = [Color.parse(c) for c in ("#0000ff", "#00ff00", "#ff0000")]
    five = ramp(stops, 5)
    assert [c.hex for c in five[::2]] == ["#0000FF", "#00FF00", "#FF0000"]
    assert five[1].hex not in {s.hex for s in stops}  # blended in between
    two = ramp(stops, 2)
    assert [c.hex for c in two] == ["#0000FF", "#FF0000"]


def test_ansi_stops_are_never_blended():
    stops = [Color.parse(c) for c in ("ansi_blue", "ansi_green", "ansi_red")]
    five = [c.hex for c in ramp(stops, 5)]  # each rung takes the nearest stop
    assert five == ["ansi_blue", "ansi_blue", "ansi_green", "ansi_red", "ansi_red"]
    eight = ramp(stops, 8)
    assert all(c.ansi is not None for c in eight)
    assert eight[0].hex == "ansi_blue" and eight[-1].hex == "ansi_red"


def test_the_ramp_follows_the_ladder_length_up_to_eight():
    data = {"primary": "red", "ladder": ["#000080", "#800000"]}
    assert {k for k in parse_theme(data, "x", rungs=4).variables} == {
        "rung-1", "rung-2", "rung-3", "rung-4"}
    assert len(parse_theme(data, "x", rungs=12).variables) == 8


# --- loading folders ----------------------------------------------------------

def test_a_broken_user_theme_is_skipped_with_one_problem_the_rest_load(tmp_path):
    user = tmp_path / "themes"
    write(user, "dusk.yaml", GOOD)
    write(user, "broken.yaml", "primary: [unclosed")
    write(user, "wrong.yml", "primary: '#12345'")
    write(user, "notes.txt", "not a theme")
    loaded = board_themes(user_dir=user)
    assert "dusk" in loaded.themes and "board" in loaded.themes
    assert len(loaded.problems) == 2
    broken, wrong = sorted(loaded.problems)
    assert "broken.yaml" in broken and "not valid YAML" in broken
    assert "wrong.yml" in wrong and "'#12345' is not a colour" in wrong


def test_a_user_theme_may_replace_a_shipped_one(tmp_path):
    user = tmp_path / "themes"
    write(user, "mine.yaml", "name: board\nprimary: '#010203'")
    loaded = board_themes(user_dir=user)
    assert loaded.themes["board"].primary == "#010203"
    assert loaded.sources["board"].parent == user
    assert loaded.problems == []


def test_two_user_files_with_one_name_are_reported(tmp_path):
    user = tmp_path / "themes"
    write(user, "a.yaml", "name: same\nprimary: red")
    write(user, "b.yaml", "name: same\nprimary: blue")
    loaded = load_themes([user])
    assert loaded.themes["same"].primary == "blue"
    assert len(loaded.problems) == 1 and "also used by a.yaml" in loaded.problems[0]


def test_user_themes_come_from_the_config_dir():
    from board.config import config_dir
    from board.ui.themes import user_themes_dir

    assert user_themes_dir() == config_dir() / "themes"
