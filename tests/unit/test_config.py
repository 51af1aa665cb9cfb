from pathlib import Path

from board.config import default_db_path, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_give_the_six_rung_ladder():
    cfg = load_config(use_user_file=False)
    assert [r.key for r in cfg.ladder] == [
        "follower", "engaged", "conversation", "call", "met", "friend"]
    assert cfg.ladder.get("follower").cadence_days is None
    assert cfg.ladder.get("engaged").cadence_days == 60
    assert cfg.warnings == []


def test_user_file_overrides_the_ladder(tmp_path):
    cfg = load_config(write(tmp_path, """
ladder:
  - {key: stranger, label: Stranger}
  - {key: pal, label: Pal, cadence_days: 14}
due_window_days: 5
"""))
    assert [r.label for r in cfg.ladder] == ["Stranger", "Pal"]
    assert cfg.ladder.get("pal").cadence_days == 14
    assert cfg.due_window_days == 5
    assert cfg.warnings == []


def test_bad_values_fall_back_with_a_message_naming_the_key(tmp_path):
    cfg = load_config(write(tmp_path, """
due_window_days: soon
colour: blue
ladder: nope
keymap: {promote: 3}
"""))
    text = "\n".join(cfg.warnings)
    for key in ("due_window_days", "colour", "ladder", "keymap"):
        assert key in text
    assert cfg.due_window_days == 3
    assert len(cfg.ladder) == 6


def test_broken_yaml_is_reported_not_fatal(tmp_path):
    cfg = load_config(write(tmp_path, "ladder: [unclosed"))
    assert "not valid YAML" in cfg.warnings[0]
    assert len(cfg.ladder) == 6


def test_yaml_is_read_safely(tmp_path):
    cfg = load_config(write(tmp_path, "theme: !!python/object/apply:os.system ['echo hi']\n"))
    assert cfg.warnings and cfg.theme == "board"


def test_db_path_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("BOARD_DB", str(tmp_path / "x.json"))
    assert default_db_path() == tmp_path / "x.json"


def test_the_example_config_is_valid_and_equals_the_defaults():
    example = Path(__file__).parents[2] / "examples" / "config.yaml"
    cfg = load_config(example)
    assert cfg.warnings == []
    defaults = load_config(use_user_file=False)
    assert cfg.ladder == defaults.ladder
    for key in ("theme", "due_window_days", "dates_window_days", "warmth_half_life_days",
                "snooze_days", "date_order", "backup_dir", "keymap"):
        assert getattr(cfg, key) == getattr(defaults, key), key


def test_every_setting_is_documented_in_the_readme_and_the_example():
    from board.config import KNOWN_KEYS

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = (Path(__file__).parents[2] / "examples" / "config.yaml").read_text(
        encoding="utf-8")
    for key in KNOWN_KEYS:
        assert f"| `{key}` |" in readme, key
        assert f"\n{key}:" in example, key
    for field in ("key", "label", "cadence_days", "depth"):
        assert f"| `{field}` |" in readme, field


def test_env_and_flag_pick_the_config_file(monkeypatch, tmp_path):
    path = write(tmp_path, "due_window_days: 9\n")
    monkeypatch.setenv("BOARD_CONFIG", str(path))
    assert load_config().due_window_days == 9
    other = tmp_path / "other.yaml"
    other.write_text("due_window_days: 4\n", encoding="utf-8")
    assert load_config(other).due_window_days == 4


def test_a_missing_config_file_given_by_name_is_reported(tmp_path):
    cfg = load_config(tmp_path / "nope.yaml")
    assert "no such config file" in cfg.warnings[0]
    assert len(cfg.ladder) == 6


def test_a_bad_keymap_entry_is_named_and_the_good_ones_kept(tmp_path):
    cfg = load_config(write(tmp_path, """
keymap:
  promote: p
  demote: [o, "shift+left"]
  add: "a b"
  edit: 7
  undo: ""
"""))
    assert cfg.keymap == {"promote": "p", "demote": "o,shift+left"}
    text = "\n".join(cfg.warnings)
    for ident in ("keymap.add", "keymap.edit", "keymap.undo"):
        assert ident in text
    assert "keymap.promote" not in text


def test_a_keymap_that_is_not_a_mapping_is_reported(tmp_path):
    cfg = load_config(write(tmp_path, "keymap: [promote, p]\n"))
    assert cfg.keymap == {} and "'keymap' must map binding ids" in cfg.warnings[0]


def test_bad_values_in_rungs_and_kinds_are_named(tmp_path):
    cfg = load_config(write(tmp_path, """
ladder:
  - {key: a, cadence_days: -1}
  - {key: b, depth: deep, colour: red}
kinds:
  call: {label: Call, depth: 3, weight: 2}
theme: ""
warmth_half_life_days: 0
"""))
    text = "\n".join(cfg.warnings)
    for fragment in ("ladder.a.cadence_days", "ladder.b.depth", "rung 2: unknown key(s) 'colour'",
                     "kinds.call: unknown key(s) 'weight'", "'theme'", "warmth_half_life_days"):
        assert fragment in text
    assert [r.key for r in cfg.ladder] == ["a", "b"]
    assert cfg.ladder.get("a").cadence_days is None and cfg.ladder.get("b").depth == 1
    assert cfg.theme == "board" and cfg.warmth_half_life_days == 30


# --- saving the theme -------------------------------------------------------

def test_saving_the_theme_replaces_only_its_line(tmp_path):
    from board.config import save_theme

    text = ("# my board\n"
            "due_window_days: 5   # a comment\n"
            "theme: board  # picked in the app\n"
            "keymap:\n"
            "  promote: p\n")
    path = write(tmp_path, text)
    path.chmod(0o640)
    save_theme(path, "paper")
    assert path.read_text(encoding="utf-8") == text.replace(
        "theme: board  # picked", "theme: paper  # picked")
    assert path.stat().st_mode & 0o777 == 0o640
    cfg = load_config(path)
    assert cfg.theme == "paper" and cfg.due_window_days == 5 and cfg.keymap == {"promote": "p"}


def test_saving_the_theme_appends_a_line_or_creates_the_file(tmp_path):
    from board.config import save_theme

    path = write(tmp_path, "# nothing yet\ndue_window_days: 2")  # no final newline
    save_theme(path, "contrast")
    assert path.read_text(encoding="utf-8") == (
        "# nothing yet\ndue_window_days: 2\ntheme: contrast\n")
    fresh = tmp_path / "new" / "dir" / "config.yaml"
    save_theme(fresh, "true")  # a name YAML would read as a boolean is quoted
    assert load_config(fresh).theme == "true"
    assert load_config(fresh).warnings == []


def test_saving_the_theme_never_damages_a_file_it_cannot_edit_safely(tmp_path):
    import pytest

    from board.config import ConfigError, save_theme

    for text in ("{theme: board, due_window_days: 5}\n",  # flow style
                 "ladder: [unclosed\n",  # not YAML
                 "theme:\n  board\n",  # value on the next line
                 "- a list\n"):
        path = write(tmp_path, text)
        with pytest.raises(ConfigError):
            save_theme(path, "paper")
        assert path.read_text(encoding="utf-8") == text


# --- rungs that are gone --------------------------------------------------------

def test_off_ladder_notice_counts_people_and_names_the_unknown_rungs():
    from board.config import off_ladder_notice

    ladder = load_config(use_user_file=False).ladder
    assert off_ladder_notice(ladder, ["follower", "friend"]) is None
    notice = off_ladder_notice(ladder, ["lead", "follower", "lead", "old"])
    assert notice.startswith("3 people are on a rung")
    assert "'lead' (2), 'old' (1)" in notice and "Follower" in notice
    assert off_ladder_notice(ladder, ["old"]).startswith("1 person is")


def test_renamed_rungs_lose_no_one(tmp_path):
    from board.session import Session

    db = tmp_path / "board.json"
    old = load_config(write(tmp_path, "ladder: [{key: lead}, {key: client}]\n"))
    s = Session.open(db, old)
    ada = s.board.add_contact("Ada")
    s.board.move(ada.id, "client")
    s.close()

    new = load_config(tmp_path / "missing.yaml")  # the default ladder
    s = Session.open(db, new)
    try:
        c = s.board.contacts[ada.id]
        assert c.rung == "client"  # stored rung untouched
        assert s.board.display_rung(c) == "follower"
        assert [x.id for x in s.board.on_rung("follower")] == [ada.id]
    finally:
        s.close()


def test_every_binding_id_is_listed_in_the_readme():
    """The keymap section of the README lists the ids a keymap can use."""
    from board.ui.keymap import binding_ids

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### keymap"):readme.index("## Themes")]
    missing = sorted(i for i in binding_ids() if f"`{i}`" not in section)
    assert not missing, f"binding ids missing from the README's keymap table: {missing}"


def test_date_order_is_read_and_a_bad_one_falls_back_naming_the_key(tmp_path):
    assert load_config(use_user_file=False).date_order == "auto"
    assert load_config(write(tmp_path, "date_order: MDY\n")).date_order == "mdy"
    cfg = load_config(write(tmp_path, "date_order: dd/mm\n"))
    assert cfg.date_order == "auto"
    assert "date_order" in cfg.warnings[0] and "dmy" in cfg.warnings[0]


def test_dates_window_days_is_read_and_a_bad_one_is_said_by_name(tmp_path):
    assert load_config(use_user_file=False).dates_window_days == 7
    assert load_config(write(tmp_path, "dates_window_days: 14\n")).dates_window_days == 14
    cfg = load_config(write(tmp_path, "dates_window_days: 400\n"))
    assert cfg.dates_window_days == 7
    assert any("'dates_window_days' must be a whole number from 0 to 365" in w
               for w in cfg.warnings)
