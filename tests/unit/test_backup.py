import pytest

from board.core.board import Board
from board.formats.yaml_backup import BackupError, dump_backup, load_backup
from board.resources import examples_dir


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


def test_backup_is_readable(board):
    text = dump_backup(board.ladder, board.contacts.values(), board.interactions.values())
    assert "format: board-backup" in text
    assert "notes: |-\n" in text or "notes: |\n" in text  # block style for long notes
    assert "'2026-11-20T15:30:00+00:00'" in text


def test_demo_file_is_a_valid_backup():
    backup = load_backup((examples_dir() / "demo.yaml").read_text(encoding="utf-8"))
    assert len(backup.contacts) >= 35
    assert {c.rung for c in backup.contacts} >= {
        "follower", "engaged", "conversation", "call", "met", "friend"}


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
