"""Hostile config and theme files: whatever is in them, the app starts on the
defaults, and says what was wrong in one line naming the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board import yamlsafe
from board.cli import main
from board.config import ConfigError, load_config, save_theme
from board.session import Session
from board.ui.themes import ThemeFileError, load_theme_file, load_themes, parse_theme

DEFAULTS = load_config(use_user_file=False)


def settings_of(cfg):
    return (cfg.ladder.rungs, cfg.ladder.kinds, cfg.due_window_days, cfg.warmth_half_life_days,
            cfg.snooze_days, cfg.theme, cfg.backup_dir, cfg.keymap)


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 12):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


#: A file's bytes, and a word of what the one message about it must say.
HOSTILE = {
    "latin-1": (b"note: caf\xe9\n", "not UTF-8"),
    "20,000 [": (b"[" * 20_000, "nested too deeply"),
    "20,000 [ closed": (b"[" * 20_000 + b"]" * 20_000, "nested too deeply"),
    "20,000 {a:": (b"{a: " * 20_000 + b"1" + b"}" * 20_000, "nested too deeply"),
    "block nesting": (b"- " * 5_000 + b"x\n", "nested too deeply"),
    "just deeper than allowed": (b"[" * 33 + b"]" * 33, "nested too deeply"),
    "alias bomb": (billion_laughs().encode(), "aliases"),
    "top-level list": (b"- theme: paper\n- snooze_days: 3\n", "mapping"),
    "top-level text": (b"just some words\n", "mapping"),
    "a python tag": (b"theme: !!python/object/apply:os.system ['echo hi']\n", "not valid YAML"),
    "a date that is not one": (b"backup_dir: 2026-02-30\n", "not a valid timestamp"),
    "a bool that is not one": (b"theme: !!bool maybe\n", "not a valid bool"),
    "a sexagesimal bomb": (b"snooze_days: 1" + b":0" * 200_000 + b"\n", "too long to be a number"),
    "a control character": (b"theme: \x1b[31mred\n", "not valid YAML"),
    "a NUL": (b"theme: paper\x00\n", "not valid YAML"),
    "two documents": (b"theme: paper\n---\ntheme: board\n", "not valid YAML"),
    "unclosed": (b"ladder: [unclosed\n", "not valid YAML"),
}


def write(tmp_path: Path, data: bytes, name: str = "config.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_one_line_naming(warnings: list[str], path: Path, word: str) -> None:
    assert len(warnings) == 1, warnings
    line = warnings[0]
    assert line.startswith(str(path)) and "\n" not in line and word in line, line
    assert len(line) < 300


# --- the one YAML reader ---------------------------------------------------------

@pytest.mark.parametrize("case", [c for c in HOSTILE if c not in (
    "latin-1", "top-level list", "top-level text")])
@pytest.mark.parametrize("pure", [True, False])
def test_libyaml_and_the_pure_python_parser_refuse_alike(case, pure):
    data, word = HOSTILE[case]
    with pytest.raises(yamlsafe.YamlError) as exc:
        yamlsafe.load_tree(data.decode("utf-8"), "a config file", pure=pure)
    assert word in str(exc.value) and "\n" not in str(exc.value)


# --- config -----------------------------------------------------------------

@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_config_gives_the_defaults_and_one_line(tmp_path, case):
    data, word = HOSTILE[case]
    path = write(tmp_path, data)
    cfg = load_config(path)
    assert settings_of(cfg) == settings_of(DEFAULTS)
    assert_one_line_naming(cfg.warnings, path, word)


def test_a_config_that_is_a_folder(tmp_path):
    path = tmp_path / "config.yaml"
    path.mkdir()
    cfg = load_config(path)
    assert settings_of(cfg) == settings_of(DEFAULTS)
    assert_one_line_naming(cfg.warnings, path, "folder")


def test_an_unreadable_config(tmp_path, monkeypatch):
    path = write(tmp_path, b"theme: paper\n")
    real_open = os.open

    def refuse(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    cfg = load_config(path)
    assert settings_of(cfg) == settings_of(DEFAULTS)
    assert_one_line_naming(cfg.warnings, path, "cannot be read (Permission denied)")


def test_a_50_mb_config_is_not_read_whole(tmp_path):
    path = tmp_path / "config.yaml"
    with open(path, "wb") as fh:
        fh.write(b"theme: paper\nnote: ")
        fh.truncate(50_000_000)  # (sparse: the test writes nothing like 50 MB)
    cfg = load_config(path)
    assert settings_of(cfg) == settings_of(DEFAULTS)
    assert_one_line_naming(cfg.warnings, path, "larger than 1 MB")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_with_no_writer_does_not_stall_the_start(tmp_path):
    path = tmp_path / "config.yaml"
    os.mkfifo(path)
    cfg = load_config(path)  # (opening it blocking would wait for a writer forever)
    assert settings_of(cfg) == settings_of(DEFAULTS) and cfg.warnings == []


@pytest.mark.parametrize("text", ["", "\n\n", "# only comments\n# theme: paper\n"])
def test_an_empty_config_is_no_mistake(tmp_path, text):
    """Every setting is optional: a file with none sets nothing, silently."""
    cfg = load_config(write(tmp_path, text.encode()))
    assert settings_of(cfg) == settings_of(DEFAULTS) and cfg.warnings == []


def test_a_typo_in_a_setting_says_what_was_meant(tmp_path):
    path = write(tmp_path, b"snoze_days: 3\nwarmth_halflife_days: 20\ncolour: blue\n")
    cfg = load_config(path)
    assert cfg.snooze_days == 7 and cfg.warmth_half_life_days == 30
    text = "\n".join(cfg.warnings)
    assert "unknown setting 'snoze_days' (did you mean 'snooze_days'?)" in text
    assert "(did you mean 'warmth_half_life_days'?)" in text
    assert "unknown setting 'colour'; ignored" in text  # (nothing close: no guess)


def test_typos_inside_rungs_and_kinds_say_what_was_meant_too(tmp_path):
    cfg = load_config(write(tmp_path, b"ladder:\n  - {key: a, cadense_days: 5}\n"
                                      b"kinds:\n  call: {label: Call, dept: 3}\n"))
    text = "\n".join(cfg.warnings)
    assert "'cadense_days' (did you mean 'cadence_days'?)" in text
    assert "'dept' (did you mean 'depth'?)" in text


def test_a_key_with_escapes_or_of_any_length_is_shown_short_and_inert(tmp_path):
    cfg = load_config(write(tmp_path, ('"\\e]2;PWNED\\a' + "x" * 5000 + '": 1\n').encode()))
    (line,) = cfg.warnings
    assert "\x1b" not in line and "\x07" not in line and len(line) < 300


def test_a_rung_cadence_beyond_ten_years_is_refused(tmp_path):
    cfg = load_config(write(tmp_path, b"ladder:\n  - {key: a, cadence_days: 100000000000}\n"))
    assert cfg.ladder.get("a").cadence_days is None
    assert "cadence_days must be a whole number from 1 to 3650" in cfg.warnings[0]


def test_every_command_starts_with_a_hostile_config(tmp_path, capsys):
    path = write(tmp_path, b"[" * 20_000 + b"\nnote: caf\xe9\n")
    Session.open(tmp_path / "b.json", load_config(use_user_file=False)).close()  # an empty board
    assert main(["due", "--config", str(path), "--db", str(tmp_path / "b.json")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"board: config: {path}")


def test_saving_the_theme_into_a_hostile_config_refuses_and_leaves_it(tmp_path):
    for data in (b"[" * 20_000, b"note: caf\xe9\n", billion_laughs().encode()):
        path = write(tmp_path, data)
        with pytest.raises(ConfigError) as exc:
            save_theme(path, "paper")
        assert str(exc.value).startswith(str(path)) and "\n" not in str(exc.value)
        assert path.read_bytes() == data


# --- themes -----------------------------------------------------------------

THEME_HOSTILE = {
    **{k: v for k, v in HOSTILE.items() if k not in ("top-level list", "top-level text")},
    "top-level list": (b"- primary: red\n", "expected a mapping"),
    "empty": (b"", "expected a mapping"),
}


@pytest.mark.parametrize("case", THEME_HOSTILE)
def test_a_hostile_theme_is_skipped_with_one_line_and_the_rest_load(tmp_path, case):
    data, word = THEME_HOSTILE[case]
    write(tmp_path, b"primary: '#336699'\n", "good.yaml")
    bad = write(tmp_path, data, "bad.yaml")
    loaded = load_themes([tmp_path])
    assert list(loaded.themes) == ["good"]
    assert_one_line_naming(loaded.problems, bad, word)


def test_a_huge_theme_file_and_a_folder_named_like_one_are_skipped(tmp_path):
    with open(tmp_path / "huge.yaml", "wb") as fh:
        fh.write(b"primary: red\n")
        fh.truncate(50_000_000)
    (tmp_path / "folder.yaml").mkdir()
    write(tmp_path, b"primary: red\n", "good.yaml")
    loaded = load_themes([tmp_path])
    assert list(loaded.themes) == ["good"]
    problems = sorted(loaded.problems)
    assert len(problems) == 2
    assert "folder.yaml: is a folder" in problems[0]
    assert "huge.yaml: is larger than 1 MB" in problems[1]


def test_a_themes_folder_that_cannot_be_listed_is_one_line(tmp_path, monkeypatch):
    folder = tmp_path / "themes"
    folder.mkdir()
    real_iterdir = Path.iterdir

    def refuse(self):
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    loaded = load_themes([folder])
    assert loaded.themes == {}
    assert_one_line_naming(loaded.problems, folder, "cannot be read (Permission denied)")


@pytest.mark.parametrize(("variables", "message"), [
    ({"footer-key-foreground": "bold"}, "variables.footer-key-foreground: 'bold' is not a colour"),
    ({"primary": "underline"}, "variables.primary: 'underline' is not a colour"),
    ({"block-cursor-text-style": "red"}, "'red' is not a text style"),
    ({"link-style-hover": "#ff0000"}, "is not a text style"),
])
def test_a_variable_takes_the_kind_of_value_the_stylesheet_uses_it_for(variables, message):
    """A text style where the stylesheet wants a colour (or the other way
    round) would stop the app when the theme is picked."""
    with pytest.raises(ThemeFileError, match=message):
        parse_theme({"primary": "red", "variables": variables}, "x")


def test_a_theme_typo_says_what_was_meant(tmp_path):
    with pytest.raises(ThemeFileError, match=r"'primery' \(did you mean 'primary'\?\)"):
        load_theme_file(write(tmp_path, b"primary: red\nprimery: blue\n", "t.yaml"))


# --- random input -----------------------------------------------------------

def nesting(depth_max: int = 60):
    opens = st.lists(st.sampled_from(["[", "{a: ", "- ", "{", "? "]), max_size=depth_max)
    return opens.map(lambda o: "".join(o) + "x" + "".join(
        {"[": "]", "{a: ": "}", "{": "}"}.get(t, "") for t in reversed(o)))


yaml_ish = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(alphabet="[]{}:-,&*!|>'\"#\n ab1\t?%@`", max_size=200).map(str.encode),
    nesting().map(str.encode),
    st.tuples(st.sampled_from(list(HOSTILE.values())), st.binary(max_size=20)).map(
        lambda pair: pair[0][0][:2000] + pair[1]),
)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(yaml_ish)
def test_any_bytes_as_a_config_give_the_defaults_or_settings_and_one_line_warnings(
        tmp_path, data):
    path = write(tmp_path, data)
    cfg = load_config(path)  # never raises
    assert len(cfg.ladder) >= 1
    for warning in cfg.warnings:
        assert warning.startswith(str(path)) and "\n" not in warning
    if cfg.warnings and not isinstance(_read(path), dict):
        assert settings_of(cfg) == settings_of(DEFAULTS)


def _read(path: Path):
    try:
        return yamlsafe.read_file(path, "a config file")
    except yamlsafe.YamlError:
        return None


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(yaml_ish)
def test_any_bytes_as_a_theme_give_a_theme_or_one_line_naming_the_file(tmp_path, data):
    path = write(tmp_path, data, "random.yaml")
    loaded = load_themes([tmp_path])  # never raises
    assert len(loaded.themes) + len(loaded.problems) == 1
    for problem in loaded.problems:
        assert problem.startswith(str(path)) and "\n" not in problem
