from pathlib import Path

import pytest
import yaml

from board.core.board import Board
from board.formats.backup import BackupError, dump_backup, load_backup
from board.resources import examples_dir

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def board(config, frozen):
    b = Board(config.ladder)
    a = b.add_contact("Ada Lovelace", tags=["math"], notes="Loves engines.\nAnd poetry.")
    b.promote(a.id)
    b.add_contact("[b]Eve[/]", email="eve@example.com")
    return b


def test_round_trip_is_exact_and_byte_identical(board):
    text = dump_backup(board.ladder, board.contacts.values(), board.interactions.values())
    backup = load_backup(text)
    assert {c.id: c for c in backup.contacts} == board.contacts
    again = dump_backup(board.ladder, backup.contacts, backup.interactions)
    assert again == text


def test_backup_is_one_record_a_line_that_any_safe_loader_reads(board):
    text = dump_backup(board.ladder, board.contacts.values(), board.interactions.values())
    lines = text.splitlines()
    assert lines[1:3] == ["format: board-backup", "version: 2"]
    ada = next(line for line in lines if "Ada Lovelace" in line)
    assert ada.startswith('- {"id":') and ada.endswith("}")
    assert '"notes":"Loves engines.\\nAnd poetry."' in ada  # one line, the break escaped
    assert '"created":"2026-11-20T15:30:00Z"' in ada
    data = yaml.safe_load(text)
    assert data["version"] == 2 and len(data["contacts"]) == 2
    assert data["contacts"][1]["name"] == "Ada Lovelace" or data["contacts"][0]["name"] == (
        "Ada Lovelace")


def test_demo_file_is_a_valid_backup():
    backup = load_backup((examples_dir() / "demo.yaml").read_text(encoding="utf-8"))
    assert len(backup.contacts) >= 35
    assert {c.rung for c in backup.contacts} >= {
        "follower", "engaged", "conversation", "call", "met", "friend"}


def test_a_version_1_backup_still_loads_as_the_same_board():
    """tests/fixtures/demo-v1.yaml is examples/demo.yaml as board wrote it
    before version 2 (block YAML, +00:00 timestamps)."""
    old = (FIXTURES / "demo-v1.yaml").read_text(encoding="utf-8")
    assert "\nversion: 1\n" in old
    new = (examples_dir() / "demo.yaml").read_text(encoding="utf-8")
    assert load_backup(old, "demo-v1.yaml") == load_backup(new)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("just: a mapping\n", "not a board backup"),
        ("format: board-backup\nversion: 99\n", "version 99"),
        ("format: board-backup\nversion: 1\ncontacts:\n  - !!python/object/apply:os.system "
         "['echo hi']\n", "not valid YAML"),
        ("a: &a [1, 2]\nb: *a\n", "aliases"),
        ("format: board-backup\nversion: 1\ncontacts:\n  - id: x\n    name: ''\n"
         "    rung: follower\n    created: '2026-01-01T00:00:00+00:00'\n", "line 4"),
        ("format: board-backup\nversion: 1\ninteractions:\n  - id: i\n    kind: call\n"
         "    at: '2026-01-01T00:00:00+00:00'\n    people: [nobody]\n", "unknown contact"),
        ("[unclosed", "not valid YAML"),
    ],
)
def test_bad_backups_are_refused_clearly(text, message):
    with pytest.raises(BackupError, match=message):
        load_backup(text, "file.yaml")


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        prev = chr(ord("a") + n - 1)
        cur = chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    with pytest.raises(BackupError, match="aliases"):
        load_backup("\n".join(lines))
