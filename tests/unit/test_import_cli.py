"""``board import`` and ``board export`` on the command line."""

from __future__ import annotations

import io
import re

import pytest

from board.cli import ProgressBar, main
from board.resources import examples_dir
from board.session import Session

EXAMPLES = examples_dir()


def run(*args):
    return main([str(a) for a in args])


@pytest.fixture
def demo_db(tmp_path, capsys):
    """A database holding the demo board."""
    db = tmp_path / "board.json"
    assert run("import", EXAMPLES / "demo.yaml", "--db", db) == 0
    capsys.readouterr()
    return db


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("board: ")
    return lines[0]


def test_export_import_export_gives_the_same_file(tmp_path, demo_db, capsys):
    first = tmp_path / "first.yaml"
    assert run("export", first, "--db", demo_db) == 0
    assert f"to {first}" in capsys.readouterr().err
    assert run("import", first, "--db", tmp_path / "again.json") == 0
    out = capsys.readouterr().out
    assert "40 people and 236 interactions restored" in out
    assert run("export", "-", "--db", tmp_path / "again.json") == 0
    assert capsys.readouterr().out == first.read_text(encoding="utf-8")
    assert first.read_text(encoding="utf-8") == (EXAMPLES / "demo.yaml").read_text("utf-8")


def test_a_backup_into_a_board_with_people_needs_merge_or_replace(demo_db, capsys):
    before = demo_db.read_bytes()
    assert run("import", EXAMPLES / "demo.yaml", "--db", demo_db) == 1
    line = one_error_line(capsys)
    assert str(demo_db) in line and "already holds 40 people" in line
    assert "--merge" in line and "--replace" in line
    assert demo_db.read_bytes() == before


def test_merge_reports_what_it_did(tmp_path, demo_db, capsys, config):
    s = Session.open(demo_db, config)
    try:
        ada = s.board.add_contact("Ada Lovelace")
        backup = tmp_path / "ada.yaml"
        from board.formats.backup import dump_backup

        tom = next(c for c in s.board.contacts.values() if c.name == "Tom Ashworth")
        from msgspec.structs import replace

        backup.write_text(dump_backup(
            s.board.ladder, [replace(ada, id="other", email="ada@example.com"),
                             replace(tom, email="tom@signal.example")], []),
                          encoding="utf-8")
        s.board.archive(ada.id)
    finally:
        s.close()
    assert run("import", backup, "--db", demo_db) == 1
    capsys.readouterr()
    assert run("import", backup, "--merge", "--db", demo_db) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("0 added, 2 merged, 0 skipped")
    assert "  merged Ada Lovelace (contact other, matched by name): added email" in out
    assert "  merged Tom Ashworth (contact c28, matched by id): added email" in out


def test_replace_keeps_a_copy_beside_the_database(tmp_path, demo_db, capsys, config):
    s = Session.open(demo_db, config)
    try:
        s.board.add_contact("Only here")
    finally:
        s.close()
    before = demo_db.read_bytes()
    assert run("import", EXAMPLES / "demo.yaml", "--replace", "--db", demo_db) == 0
    out = capsys.readouterr().out
    assert "40 people and 236 interactions restored, replacing 41 people" in out
    [copy] = tmp_path.glob("board.before-import-*.json")
    assert f"saved in {copy}" in out
    assert copy.read_bytes() == before
    assert copy.stat().st_mode & 0o777 == 0o600
    s = Session.open(demo_db, config)
    try:
        assert len(s.board.contacts) == 40
        assert not any(c.name == "Only here" for c in s.board.contacts.values())
    finally:
        s.close()
    # and the copy opens as a board
    s = Session.open(copy, config)
    try:
        assert any(c.name == "Only here" for c in s.board.contacts.values())
    finally:
        s.close()


def test_an_invalid_file_changes_nothing(tmp_path, demo_db, capsys):
    text = (EXAMPLES / "demo.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    # break the 30th contact's creation time
    lines = text.splitlines(keepends=True)
    starts = [n for n, line in enumerate(lines) if line.startswith('- {"id":"c')]
    lines[starts[29]] = re.sub(r'"created":"[^"]*"', '"created":"the day we met"',
                               lines[starts[29]])
    bad.write_text("".join(lines), encoding="utf-8")
    before = demo_db.read_bytes()
    for mode in ("--merge", "--replace"):
        assert run("import", bad, mode, "--db", demo_db) == 1
        line = one_error_line(capsys)
        assert f"line {starts[29] + 1}" in line and "created" in line
        assert "'the day we met' is not an ISO 8601 timestamp" in line
        assert demo_db.read_bytes() == before
    assert not list(tmp_path.glob("*.before-import-*"))


def test_malicious_yaml_is_refused_and_changes_nothing(tmp_path, demo_db, capsys):
    before = demo_db.read_bytes()
    for name, text in [
        ("tag.yaml", "format: board-backup\nversion: 1\ncontacts:\n"
                     "  - !!python/object/apply:os.system ['echo pwned']\n"),
        ("bomb.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n"
            for n in range(10))),
        ("deep.yaml", "[" * 200_000),
    ]:
        path = tmp_path / name
        path.write_text(text)
        assert run("import", path, "--merge", "--db", demo_db) == 1
        line = one_error_line(capsys)
        assert name in line
        if name == "deep.yaml":
            assert "nested too deeply" in line
    assert "pwned" not in capsys.readouterr().out
    assert demo_db.read_bytes() == before


def test_linkedin_and_vcard_files_add_people(tmp_path, capsys, config):
    db = tmp_path / "board.json"
    assert run("import", EXAMPLES / "Connections.csv", "--db", db) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(
        "12 added, 0 merged, 0 skipped; interactions: 12 added")
    assert run("import", EXAMPLES / "Connections.csv", "--db", db) == 0
    out = capsys.readouterr().out
    assert "0 added, 0 merged, 12 skipped" in out
    assert "skipped: 12 already on the board, nothing new (line 5; line 6" in out
    copy = tmp_path / "cards.txt"
    copy.write_bytes((EXAMPLES / "contacts-vcard3.vcf").read_bytes())
    assert run("import", copy, "--format", "vcard", "--db", db) == 0
    assert "4 added" in capsys.readouterr().out
    s = Session.open(db, config)
    try:
        assert len(s.board.contacts) == 16
        assert {c.rung for c in s.board.contacts.values()} == {"follower"}
    finally:
        s.close()


def test_replace_is_only_for_backups(tmp_path, capsys):
    db = tmp_path / "board.json"
    assert run("import", EXAMPLES / "Connections.csv", "--replace", "--db", db) == 1
    assert "only for YAML backups" in one_error_line(capsys)
    assert not db.exists()


def test_dry_run_writes_nothing(tmp_path, demo_db, capsys):
    before = demo_db.read_bytes()
    assert run("import", EXAMPLES / "Connections.csv", "--dry-run", "--db", demo_db) == 0
    out = capsys.readouterr().out
    assert out.startswith("Would import") and "10 added, 1 merged, 1 skipped" in out
    assert demo_db.read_bytes() == before


def test_untrusted_names_reach_the_terminal_as_text(tmp_path, capsys):
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "\x1b[2J\x1b[31mEvil,Name,,,,,01 Jan 2026\n"
                   "\x1b[2J\x1b[31mEvil,Name,,,,CEO,01 Jan 2026\n", encoding="utf-8")
    assert run("import", csv, "--db", tmp_path / "b.json") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "␛[31mEvil Name" in out


def test_unreadable_files_are_one_line(tmp_path, capsys):
    db = tmp_path / "board.json"
    assert run("import", tmp_path / "nope.yaml", "--db", db) == 1
    assert "nope.yaml: no such file" in one_error_line(capsys)
    assert not db.exists()
    latin = tmp_path / "old.yaml"
    latin.write_bytes(b"format: board-backup\nversion: 2\n# Bj\xf6rn\n")
    assert run("import", latin, "--db", db) == 1
    assert "old.yaml, line 3: is not UTF-8 text" in one_error_line(capsys)
    assert not db.exists()
    damaged = tmp_path / "damaged.csv"  # UTF-8, with one byte gone bad
    damaged.write_bytes("First Name,Last Name\nZoë,Ångström\nBj\xf6rn,Borg\n".encode()
                        .replace(b"Bj\xc3\xb6rn", b"Bj\xf6rn"))
    assert run("import", damaged, "--db", db) == 1
    assert "damaged.csv, line 3: is not UTF-8 text" in one_error_line(capsys)
    assert not db.exists()
    unknown = tmp_path / "people.csv"
    unknown.write_text("Name,Mail\nAda,ada@example.com\n", encoding="utf-8")
    assert run("import", unknown, "--db", db) == 1
    line = one_error_line(capsys)
    assert "people.csv: its header row is not that of" in line and "--format" in line
    assert not db.exists()


def test_progress_bar_draws_and_clears():
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar("reading", 0, 10)
    bar("reading", 10, 10)
    bar.clear()
    text = stream.getvalue()
    assert "reading" in text and "10/10" in text and "█" * ProgressBar.WIDTH in text
    assert text.endswith("\r\x1b[K")


def test_progress_of_one_step_is_just_its_name():
    stream = io.StringIO()
    ProgressBar(stream)("reading", 0, 1)
    assert stream.getvalue() == "\rreading…\x1b[K"
