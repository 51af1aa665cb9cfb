"""The journal beside the board file: replayed on open, torn tails left out,
damage reported and never written over, folded in on quit and now and then,
seen by every reader."""

from __future__ import annotations

import random
import shutil
import time
from datetime import timedelta

import orjson
import pytest

import board.store.journal as journal_module
from board.cli import main
from board.session import Session
from board.store.database import Database, StoreError, read_records


def jpath(db_path):
    return db_path.with_name(db_path.name + ".journal")


def until(predicate, what: str) -> None:
    deadline = time.monotonic() + 30  # (polled: a loaded machine may be slow)
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.005)


def crash_copy(db_path, folder):
    """What the disk holds now, as a crash would leave it: the two files."""
    folder.mkdir()
    for path in (db_path, jpath(db_path)):
        if path.exists():
            shutil.copy2(path, folder / path.name)
    return folder / db_path.name


def names(path) -> set[str]:
    contacts, _ = read_records(path)
    return {c.name for c in contacts}


@pytest.fixture
def journaled(db_path, config):
    """A board whose six people are only in the journal (each added by its
    own change, P0 … P5), and the journal's bytes."""
    s = Session.open(db_path, config, background=False)
    for n in range(6):
        s.board.add_contact(f"P{n}")
    copy = crash_copy(db_path, db_path.parent / "crashed")
    s.close()
    return copy, jpath(copy).read_bytes()


def test_a_change_in_the_journal_survives_a_crash(db_path, config):
    s = Session.open(db_path, config)
    try:
        ada = s.board.add_contact("Ada")
        s.board.promote(ada.id)
        s.board.log("call", [ada.id])
        until(lambda: not s.db.storage.pending, "durable")
        copy = crash_copy(db_path, db_path.parent / "crashed")
    finally:
        s.close()
    assert "Ada" not in copy.read_text()  # only in the journal
    s = Session.open(copy, config)
    try:
        assert s.board.contacts[ada.id].rung == "engaged"
        assert [i.kind for i in s.board.timeline(ada.id)] == ["call"]
    finally:
        s.close()
    assert not jpath(copy).exists() and "Ada" in copy.read_text()  # folded on close


def test_a_journal_cut_at_any_byte_keeps_every_whole_record(journaled, tmp_path):
    """A crash while appending: the journal ends anywhere.  Every record
    whose line is whole is there, the torn one is left out (and cut off, so
    the next change follows the last whole one)."""
    copy, journal = journaled
    lines = journal.splitlines(keepends=True)
    assert len(lines) == 1 + 6
    start = len(journal) - sum(len(line) for line in lines[-3:])
    offsets = list(range(start, len(journal) + 1))
    offsets += random.Random(15).sample(range(len(journal)), 30)
    for n, offset in enumerate(offsets):
        folder = tmp_path / f"cut{n}"
        folder.mkdir()
        shutil.copy2(copy, folder / copy.name)
        cut = journal[:offset]
        jpath(folder / copy.name).write_bytes(cut)
        whole = max(0, cut.count(b"\n") - 1)  # (the first line is the header)
        expected = {f"P{k}" for k in range(whole)}
        assert names(folder / copy.name) == expected, offset  # a reader: nothing written
        with Database.open(folder / copy.name, background=False) as db:
            contacts, _ = db.load()
            assert {c.name for c in contacts} == expected, offset
            if whole:  # (a header alone holds nothing: it is removed)
                assert jpath(folder / copy.name).read_bytes() == cut[:cut.rfind(b"\n") + 1]
            db.put_many("contacts", {"new": {"id": "new", "name": "New", "rung": "follower",
                                             "created": "2026-01-01T00:00:00+00:00"}})
        assert names(folder / copy.name) == expected | {"New"}, offset


@pytest.mark.parametrize("where", ["middle", "last whole line"])
def test_a_damaged_journal_line_is_named_and_nothing_is_written(journaled, config, where):
    copy, journal = journaled
    lines = journal.splitlines(keepends=True)
    n = 3 if where == "middle" else len(lines) - 1
    lines[n] = lines[n].replace(b'"P', b'"Q', 1)  # still JSON: the checksum tells
    jpath(copy).write_bytes(b"".join(lines))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (copy, jpath(copy))}
    for open_it in (lambda: Session.open(copy, config).close(),
                    lambda: Session.open_readonly(copy, config)):
        with pytest.raises(StoreError, match=f"is damaged at line {n + 1}") as err:
            open_it()
        assert str(jpath(copy)) in str(err.value)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in before} == before


def test_quitting_folds_the_journal_into_the_file(db_path, config):
    s = Session.open(db_path, config)
    ada = s.board.add_contact("Ada")
    s.board.promote(ada.id)
    s.close()
    assert not jpath(db_path).exists()
    data = orjson.loads(db_path.read_bytes())  # the file alone holds everything
    assert data["contacts"][ada.id]["rung"] == "engaged"


def test_the_journal_is_folded_in_every_n_changes(db_path, config, monkeypatch):
    monkeypatch.setattr(journal_module, "FOLD_RECORDS", 3)
    s = Session.open(db_path, config, background=False)
    try:
        for n in range(3):
            s.board.add_contact(f"P{n}")
        assert not jpath(db_path).exists()
        assert len(orjson.loads(db_path.read_bytes())["contacts"]) == 3
        s.board.add_contact("P3")
        assert len(jpath(db_path).read_bytes().splitlines()) == 1 + 1
    finally:
        s.close()


def test_the_journal_is_folded_in_soon_after_the_last_change(db_path, config, monkeypatch):
    monkeypatch.setattr(journal_module, "FOLD_IDLE_SECONDS", 0.2)
    s = Session.open(db_path, config)
    try:
        s.board.add_contact("Ada")
        until(lambda: "Ada" in db_path.read_text() and not jpath(db_path).exists(),
              "the file holds the change")
    finally:
        s.close()


def test_a_crash_between_the_folds_rename_and_the_journals_removal(
        db_path, config, monkeypatch):
    """The file holds every record of the journal left beside it: replaying
    them again changes nothing (a move is not made twice)."""
    s = Session.open(db_path, config, background=False)
    ada = s.board.add_contact("Ada")
    s.board.promote(ada.id)
    call = s.board.log("call", [ada.id])
    s.board.log("coffee", [ada.id])
    s.board.undo()  # the coffee is removed again
    monkeypatch.setattr(journal_module.Journal, "remove", lambda self: None)
    s.db.flush()  # renamed into place; then the "crash"
    copy = crash_copy(db_path, db_path.parent / "crashed")
    monkeypatch.undo()
    s.close()
    assert len(jpath(copy).read_bytes().splitlines()) == 1 + 5  # still there
    for _ in range(2):
        contacts, interactions = read_records(copy)
        assert [h.rung for h in contacts[0].history] == ["follower", "engaged"]
        assert [i.id for i in interactions] == [call.id]
    s = Session.open(copy, config)
    try:
        assert [i.id for i in s.board.timeline(ada.id)] == [call.id]
        s.board.promote(ada.id)  # and the next change goes on from there
    finally:
        s.close()
    contacts, _ = read_records(copy)
    assert [h.rung for h in contacts[0].history] == ["follower", "engaged", "conversation"]


def test_a_reader_sees_a_change_that_is_only_in_the_journal(db_path, config):
    s = Session.open(db_path, config)
    try:
        ada = s.board.add_contact("Ada")
        s.db.flush()
        s.board.promote(ada.id)
        until(lambda: not s.db.storage.pending, "durable")
        assert b'"engaged"' not in db_path.read_bytes()
        board = Session.open_readonly(db_path, config)  # the app holds the lock
        assert board.contacts[ada.id].rung == "engaged"
    finally:
        s.close()


def test_board_due_sees_a_change_that_is_only_in_the_journal(db_path, config, frozen, capsys):
    s = Session.open(db_path, config)
    try:
        fay = s.board.add_contact("Fay")  # a follower: no cadence, never due
        s.db.flush()
        s.board.promote(fay.id)  # engaged: every 60 days
        until(lambda: not s.db.storage.pending, "durable")
        frozen.shift(timedelta(days=70))
        assert main(["due", "--db", str(db_path)]) == 0
        assert "Fay" in capsys.readouterr().out
    finally:
        s.close()


def test_a_journal_of_another_file_is_refused(tmp_path, config, journaled):
    copy, _ = journaled
    other = tmp_path / "other" / "board.json"
    Session.open(other, config).close()
    shutil.copy2(jpath(copy), jpath(other))
    before = other.read_bytes()
    with pytest.raises(StoreError, match="belongs to another board file") as err:
        Session.open(other, config)
    assert str(jpath(other)) in str(err.value)
    assert other.read_bytes() == before and jpath(other).exists()


def test_a_file_older_than_its_journal_is_refused(db_path, config):
    s = Session.open(db_path, config, background=False)
    try:
        s.board.add_contact("Ada")
        s.db.flush()
        old = db_path.read_bytes()  # a copy of the file, kept aside
        s.board.add_contact("Bea")
        s.db.flush()
        s.board.add_contact("Cy")  # in a journal that continues the newer file
        copy = crash_copy(db_path, db_path.parent / "crashed")
    finally:
        s.close()
    copy.write_bytes(old)  # the older copy put back
    with pytest.raises(StoreError, match="continues a newer copy"):
        Session.open(copy, config)


def test_a_journal_without_its_file_is_refused(journaled, config):
    copy, _ = journaled
    copy.unlink()
    with pytest.raises(StoreError, match="move it away"):
        Session.open(copy, config)
    assert not copy.exists()


ADA = {"id": "a", "name": "Ada", "rung": "follower", "created": "2026-01-01T00:00:00+00:00",
       "history": [{"rung": "follower", "at": "2026-01-01T00:00:00+00:00"}]}
#: A file as board wrote it before the journal: schema 1, one table to a line.
BEFORE_THE_JOURNAL = (b'{\n"meta":{"1":{"app":"board","schema":1}},\n"contacts":'
                      + orjson.dumps({"a": ADA}) + b',\n"interactions":{}\n}')


def test_a_board_file_of_before_the_journal_is_rewritten_once_read(
        db_path, config, monkeypatch):
    monkeypatch.setattr(journal_module, "FOLD_IDLE_SECONDS", 0.2)
    db_path.write_bytes(BEFORE_THE_JOURNAL)
    s = Session.open(db_path, config, defer_log=True)
    try:
        time.sleep(0.5)
        assert db_path.read_bytes() == BEFORE_THE_JOURNAL  # not before its log is read
        s.load_log()
        until(lambda: db_path.read_bytes() != BEFORE_THE_JOURNAL, "rewritten")
        meta = orjson.loads(db_path.read_bytes())["meta"]["1"]
        assert meta["schema"] == 2 and meta["file"]
        assert db_path.read_bytes().startswith(b'{\n"meta":{\n')  # one record to a line
    finally:
        s.close()
    assert names(db_path) == {"Ada"}


def test_a_board_file_of_before_the_journal_is_folded_at_its_first_change(
        db_path, config):
    db_path.write_bytes(BEFORE_THE_JOURNAL)
    s = Session.open(db_path, config)
    try:
        s.board.promote("a")
        until(lambda: not s.db.storage.pending, "durable")
        meta = orjson.loads(db_path.read_bytes())["meta"]["1"]
        assert meta["schema"] == 2 and meta["file"]  # folded, not journaled
        assert not jpath(db_path).exists()
        s.board.promote("a")
        until(lambda: not s.db.storage.pending, "durable")
        assert jpath(db_path).exists()  # from then on, journaled
    finally:
        s.close()
    assert names(db_path) == {"Ada"}
