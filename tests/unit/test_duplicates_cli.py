"""`board duplicates` and `board merge` from the shell."""

from __future__ import annotations

import json

import pytest

from board.cli import main
from board.session import Session


def run(*args):
    return main([str(a) for a in args])


@pytest.fixture
def db(tmp_path, config, frozen):
    """A board with one person twice (an email in two cases, accents aside) and
    a third person with a phone written another way."""
    path = tmp_path / "board.json"
    s = Session.open(path, config)
    b = s.board
    ines = b.add_contact("Inês Carvalhal", email="ines@atelier.example", company="Atelier Maré")
    frozen.shift(60)  # (the record made first is a pair's a)
    twin = b.add_contact("Ines Carvalhal", email="INES@atelier.example", tags=["lisbon"],
                         notes="Two kids.")
    tom = b.add_contact("Tom Ashworth", phone="+44 7700 900552")
    frozen.shift(60)
    tom2 = b.add_contact("T. Ashworth", phone="07700 900552")
    b.log("call", [ines.id, twin.id])
    b.log("coffee", [twin.id])
    s.close()
    return path, ines.id, twin.id, tom.id, tom2.id


def test_duplicates_lists_pairs_strongest_first_with_reasons(db, capsys):
    path, ines, twin, _tom, _tom2 = db
    assert run("duplicates", "--db", path) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["100", "Inês", "Carvalhal", f"({ines})", "·", "Ines",
                              "Carvalhal", f"({twin})"]
    assert out[1].strip() == "same email (ines@atelier.example); same name"
    assert out[-1] == "1 pair. board merge ID ID keeps the first and folds the second in."


def test_duplicates_json_and_the_phone_region_from_the_config(db, tmp_path, capsys):
    path, ines, twin, tom, tom2 = db
    assert run("duplicates", "--json", "--db", path) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"a": ines, "b": twin, "score": 100,
         "reasons": ["same email (ines@atelier.example)", "same name"]}]
    cfg = tmp_path / "config.yaml"
    cfg.write_text("phone_region: GB\n", encoding="utf-8")
    assert run("duplicates", "--json", "--db", path, "--config", cfg) == 0
    found = json.loads(capsys.readouterr().out)
    assert {"a": tom, "b": tom2, "score": 80,
            "reasons": ["same phone (+44 7700 900552)"]} in found


def test_merge_dry_run_prints_the_preview_and_changes_nothing(db, capsys):
    path, ines, twin, _tom, _tom2 = db
    before = path.read_bytes()
    assert run("merge", ines, twin, "--dry-run", "--db", path) == 0
    out = capsys.readouterr().out
    assert out.startswith("Would merge Ines Carvalhal into Inês Carvalhal:\n")
    assert "touches  2 (1 + 2, 1 with both, kept once)" in out
    assert "tags     lisbon (1 added)" in out
    assert path.read_bytes() == before


def test_merge_folds_the_second_into_the_first(db, config, capsys):
    path, ines, twin, _tom, _tom2 = db
    assert run("merge", ines, twin, "--db", path) == 0
    assert capsys.readouterr().out.startswith("Merged Ines Carvalhal into Inês Carvalhal:")
    board = Session.open_readonly(path, config)
    assert twin not in board.contacts
    kept = board.contacts[ines]
    assert kept.tags == ("lisbon",) and kept.notes == "Two kids."
    assert len(board.timeline(ines)) == 2
    assert all(twin not in i.people for i in board.interactions.values())
    assert run("duplicates", "--db", path) == 0
    assert capsys.readouterr().out == "No likely duplicates.\n"


@pytest.mark.parametrize("which", ["same", "unknown"])
def test_merge_refuses_the_same_id_twice_and_unknown_ids(db, capsys, which):
    path, ines, _twin, _tom, _tom2 = db
    before = path.read_bytes()
    other = ines if which == "same" else "nobody"
    assert run("merge", ines, other, "--db", path) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert ("same person twice" in err) if which == "same" else ("'nobody'" in err)
    assert path.read_bytes() == before


def test_merge_is_refused_while_the_app_has_the_board_open(db, config, capsys):
    path, ines, twin, _tom, _tom2 = db
    s = Session.open(path, config)
    try:
        assert run("merge", ines, twin, "--db", path) == 1
        assert "already open" in capsys.readouterr().err
        assert twin in s.board.contacts
        # a dry run only reads: it works meanwhile
        assert run("merge", ines, twin, "--dry-run", "--db", path) == 0
    finally:
        s.close()
    assert twin in Session.open_readonly(path, config).contacts


@pytest.mark.parametrize("command", [["duplicates"], ["merge", "a", "b"],
                                     ["merge", "a", "b", "--dry-run"]])
def test_a_missing_board_is_an_error_and_creates_nothing(tmp_path, capsys, command):
    path = tmp_path / "nowhere" / "typo.json"
    assert run(*command, "--db", path) == 1
    assert "no board here" in capsys.readouterr().err
    assert not path.parent.exists()
