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
