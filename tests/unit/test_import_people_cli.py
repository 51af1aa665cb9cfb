"""``board import`` of Google, Outlook and LinkedIn invitation CSVs: the
summary, re-import, and refusals that leave the database as it was."""

from __future__ import annotations

import pytest

from board.cli import main
from board.resources import examples_dir
from board.session import Session

EXAMPLES = examples_dir()


def run(*args):
    return main([str(a) for a in args])


@pytest.fixture
def demo_db(tmp_path, capsys):
    db = tmp_path / "board.json"
    assert run("import", EXAMPLES / "demo.yaml", "--db", db) == 0
    capsys.readouterr()
    return db


def people(db, config):
    s = Session.open(db, config)
    try:
        return {c.name: c for c in s.board.contacts.values()}, dict(s.board.interactions)
    finally:
        s.close()


def test_google_import_summary_and_reimport(demo_db, capsys, config):
    google = EXAMPLES / "google-contacts.csv"
    assert run("import", google, "--db", demo_db) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (f"Imported {google} into {demo_db}: 3 added, 2 merged, "
                                   "1 skipped")
    assert "merged Tobias Lindqvist (line 2, matched by email): added phone, tags" in out
    assert "skipped: no name, nickname or organisation (line 11)" in out
    board, _ = people(demo_db, config)
    assert board["Tobias Lindqvist"].phone == "+49 151 23456789"
    assert board["Tobias Lindqvist"].rung == "friend"  # merged, not moved
    assert board["Marguerite A. Okoye"].rung == "follower"
    assert board["Björk Guðmundsdóttir"].tags == () and board["Kofi"].tags == ("Climbing",)

    assert run("import", google, "--db", demo_db) == 0
    again = capsys.readouterr().out
    assert "0 added, 0 merged, 6 skipped" in again
    assert people(demo_db, config)[0] == board


def test_outlook_import_says_how_it_read_the_file(demo_db, capsys, config):
    outlook = EXAMPLES / "outlook-contacts.csv"
    assert run("import", outlook, "--db", demo_db, "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Would import {outlook}") and "2 added, 2 merged, 0 skipped" in out
    assert f"{outlook}: not UTF-8; read as Windows-1252" in out
    assert "Søren Kierkegård" not in people(demo_db, config)[0]  # a dry run writes nothing
    assert run("import", outlook, "--db", demo_db) == 0
    capsys.readouterr()
    board, _ = people(demo_db, config)
    assert board["Søren Kierkegård"].email == "soren@fjordlys.example"
    assert board["Renée Fontaine"].company == "Café Crème SARL"


def test_invitations_give_the_connected_touch_only(demo_db, capsys, config):
    before, touches = people(demo_db, config)
    invitations = EXAMPLES / "Invitations.csv"
    assert run("import", invitations, "--db", demo_db) == 0
    out = capsys.readouterr().out
    assert "0 added, 4 merged, 3 skipped; interactions: 4 added" in out
    assert "2 not on your board" in out and "Noa Ben-David" in out
    after, touches_after = people(demo_db, config)
    assert set(after) == set(before)
    new = [i for k, i in touches_after.items() if k not in touches]
    assert {i.kind for i in new} == {"connected"} and len(new) == 4
    assert run("import", invitations, "--db", demo_db) == 0
    assert "interactions" not in capsys.readouterr().out.splitlines()[0]
    assert people(demo_db, config)[1] == touches_after


def test_format_option_and_help_name_the_new_formats(tmp_path, capsys):
    with pytest.raises(SystemExit):
        run("import", "--help")
    help_text = capsys.readouterr().out
    for fmt in ("google", "outlook", "linkedin-invitations"):
        assert fmt in help_text
    odd = tmp_path / "contacts.txt"
    odd.write_bytes((EXAMPLES / "google-contacts.csv").read_bytes())
    assert run("import", odd, "--db", tmp_path / "b.json", "--format", "google") == 0
    assert "5 added, 0 merged, 1 skipped" in capsys.readouterr().out  # an empty board


def test_a_broken_file_is_refused_whole_and_the_board_is_untouched(demo_db, tmp_path, capsys):
    before = demo_db.read_bytes()
    broken = tmp_path / "contacts.csv"
    text = (EXAMPLES / "google-contacts.csv").read_text(encoding="utf-8")
    broken.write_text(text + 'Late,,Row,,,,,,,,,,,,"a note that never ends\r\n',
                      encoding="utf-8")
    assert run("import", broken, "--db", demo_db) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"board: {broken}, line 12: a quoted cell is never closed")
    assert demo_db.read_bytes() == before
