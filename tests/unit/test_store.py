import os
import stat
import time

import orjson
import pytest

from board.fsutil import atomic_write_bytes
from board.session import Session
from board.store.database import SCHEMA_VERSION, Database, LockedError, StoreError


def test_missing_file_is_created_private(db_path):
    with Database.open(db_path):
        pass
    assert db_path.exists()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    data = orjson.loads(db_path.read_bytes())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION


def test_missing_folder_is_created(tmp_path):
    path = tmp_path / "a" / "b" / "board.json"
    with Database.open(path):
        pass
    assert path.exists()


def test_changes_survive_close_and_reopen(db_path, config):
    s = Session.open(db_path, config)
    a = s.board.add_contact("Ada", city="London")
    s.board.promote(a.id)
    s.close()
    s = Session.open(db_path, config)
    try:
        c = s.board.contacts[a.id]
        assert c.rung == "engaged" and c.city == "London"
        assert [h.rung for h in c.history] == ["follower", "engaged"]
    finally:
        s.close()


def test_background_writer_saves_without_a_close(db_path, config):
    s = Session.open(db_path, config)
    try:
        s.board.add_contact("Ada")
        deadline = time.monotonic() + 30  # (polled: a loaded machine may be slow)
        while time.monotonic() < deadline:
            names = [c["name"] for c in orjson.loads(db_path.read_bytes()).get("contacts", {})
                     .values()]
            if names == ["Ada"]:
                break
            time.sleep(0.02)
        assert names == ["Ada"]
    finally:
        s.close()


def test_second_open_is_refused_and_first_keeps_working(db_path, config):
    s = Session.open(db_path, config)
    try:
        with pytest.raises(LockedError, match="already open"):
            Database.open(db_path)
        s.board.add_contact("Still here")
    finally:
        s.close()
    with Database.open(db_path) as db:
        contacts, _ = db.load()
    assert [c.name for c in contacts] == ["Still here"]


def test_lock_is_released_on_close(db_path):
    Database.open(db_path).close()
    Database.open(db_path).close()


DAMAGED = {
    "truncated": b'{"meta": {"1": {"app": "board", "schema": 1}}, "contacts": {"a',
    "not json": b"hello, world",
    "empty": b"",
    "a list": b"[1, 2, 3]",
    "no meta": b'{"contacts": {}}',
    "someone else's": b'{"meta": {"1": {"app": "other", "schema": 1}}}',
    "newer schema": b'{"meta": {"1": {"app": "board", "schema": 99}}}',
    "bad table": b'{"meta": {"1": {"app": "board", "schema": 1}}, "contacts": [1]}',
    "bad record": (
        b'{"meta": {"1": {"app": "board", "schema": 1}}, '
        b'"contacts": {"x": {"id": "x", "name": "", "rung": "follower", '
        b'"created": "2026-01-01T00:00:00+00:00"}}}'
    ),
}


@pytest.mark.parametrize("kind", list(DAMAGED))
def test_damaged_file_is_named_and_left_untouched(db_path, config, kind):
    db_path.write_bytes(DAMAGED[kind])
    before = db_path.stat()
    with pytest.raises(StoreError) as err:
        Session.open(db_path, config)
    assert str(db_path) in str(err.value)
    assert db_path.read_bytes() == DAMAGED[kind]
    assert db_path.stat().st_mtime_ns == before.st_mtime_ns
    # and the lock was let go: a fixed file opens
    db_path.unlink()
    Session.open(db_path, config).close()


def test_newer_schema_says_upgrade(db_path, config):
    db_path.write_bytes(DAMAGED["newer schema"])
    with pytest.raises(StoreError, match="newer board"):
        Session.open(db_path, config)


def test_atomic_write_leaves_old_file_when_the_write_fails(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    target.write_bytes(b"old")

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def journal_lines(db_path) -> list[bytes]:
    path = db_path.with_name(db_path.name + ".journal")
    return path.read_bytes().splitlines() if path.exists() else []


def until_durable(session) -> None:
    deadline = time.monotonic() + 30  # (polled: a loaded machine may be slow)
    while session.db.storage.pending and time.monotonic() < deadline:
        time.sleep(0.005)
    assert not session.db.storage.pending


def test_a_change_is_one_journal_line_and_leaves_the_file_alone(db_path, config):
    s = Session.open(db_path, config)
    try:
        ada = s.board.add_contact("Ada")
        s.board.log("call", [ada.id])
        s.db.flush()
        before = db_path.read_bytes()
        lines = journal_lines(db_path)
        assert lines == []  # folded in: the file holds everything
        s.board.promote(ada.id)
        until_durable(s)
        lines = journal_lines(db_path)
        assert len(lines) == 2  # the journal's header, then the move
        assert b'"engaged"' in lines[1] and len(lines[1]) < 4096
        assert db_path.read_bytes() == before  # not rewritten for it
    finally:
        s.close()
    assert orjson.loads(db_path.read_bytes())["contacts"][ada.id]["rung"] == "engaged"


def test_a_fold_copies_what_did_not_change_and_the_file_stays_exact(db_path, config):
    s = Session.open(db_path, config)
    try:
        a = s.board.add_contact("Ada")
        s.board.log("call", [a.id])
        s.db.flush()
        first = db_path.read_bytes()
        s.board.promote(a.id)
        s.db.flush()
        second = db_path.read_bytes()
        log_lines = first.split(b'"interactions":{')[1]
        assert second.split(b'"interactions":{')[1] == log_lines
        data = orjson.loads(second)
        assert data["contacts"][a.id]["rung"] == "engaged"
        assert {k: v for k, v in data.items() if k != "meta"} == {
            k: v for k, v in s.db.storage.read().items() if k != "meta"}
    finally:
        s.close()


def test_a_synchronous_store_writes_each_change_once_and_an_import_in_one(db_path, config):
    from board.core.schema import Interaction

    s = Session.open(db_path, config, background=False)
    try:
        contacts = [s.board.add_contact(f"P{n}") for n in range(3)]
        assert len(journal_lines(db_path)) == 1 + 3  # one per change, on disk already
        many = [Interaction(f"i{n}", "call", s.board.clock(), (contacts[0].id,))
                for n in range(50)]
        s.board.restore([], many)
        assert len(journal_lines(db_path)) == 1 + 4  # the whole import: one record
    finally:
        s.close()
    with Database.open(db_path) as db:
        assert len(db.load()[1]) == 50


def test_a_batch_too_large_for_the_journal_goes_straight_into_the_file(
        db_path, config, monkeypatch):
    import board.store.journal as journal_module
    from board.core.schema import Interaction

    monkeypatch.setattr(journal_module, "LARGE_BATCH_BYTES", 2000)
    s = Session.open(db_path, config)
    try:
        ada = s.board.add_contact("Ada")
        s.board.restore([], [Interaction(f"i{n}", "call", s.board.clock(), (ada.id,))
                             for n in range(50)])
        until_durable(s)
        assert journal_lines(db_path) == []  # folded: never in the journal
        assert len(orjson.loads(db_path.read_bytes())["interactions"]) == 50
    finally:
        s.close()


def test_a_background_store_journals_a_batch_as_one_record(db_path, config):
    from board.core.schema import Interaction

    s = Session.open(db_path, config)
    try:
        ada = s.board.add_contact("Ada")
        until_durable(s)
        s.board.restore([], [Interaction(f"i{n}", "call", s.board.clock(), (ada.id,))
                             for n in range(50)])
        until_durable(s)
        assert len(journal_lines(db_path)) == 1 + 2
    finally:
        s.close()
    with Database.open(db_path) as db:
        assert len(db.load()[1]) == 50


def test_a_close_without_saving_drops_what_is_not_on_disk_and_unlocks(db_path, config,
                                                                      monkeypatch):
    import board.store.journal as storage_module

    monkeypatch.setattr(storage_module, "COALESCE_SECONDS", 3600)  # the writer waits
    s = Session.open(db_path, config)
    s.board.add_contact("Kept")
    s.db.flush()
    s.board.add_contact("Dropped")
    assert s.unsaved
    s.close(save=False)
    with Database.open(db_path) as db:  # (unlocked)
        assert [c.name for c in db.load()[0]] == ["Kept"]


def test_a_close_that_cannot_save_says_why_and_unlocks(db_path, config, refuse):
    import errno

    s = Session.open(db_path, config)
    s.board.add_contact("Ada")
    s.db.flush()
    refuse(db_path.parent, errno.EROFS)
    s.board.add_contact("Bea")
    with pytest.raises(StoreError, match=str(db_path)):
        s.close()
    refuse.stop()
    with Database.open(db_path) as db:  # unlocked; Bea never reached the file
        assert [c.name for c in db.load()[0]] == ["Ada"]


def test_tinydb_reads_and_writes_the_file_with_its_own_api(db_path, config):
    import json

    from tinydb.storages import JSONStorage
    from tinydb.table import Document

    from board.store.storage import BoardDB

    s = Session.open(db_path, config)
    ada = s.board.add_contact("Ada")
    s.close()
    plain = JSONStorage(db_path, access_mode="r")  # TinyDB's own storage reads it
    assert [d["name"] for d in plain.read()["contacts"].values()] == ["Ada"]
    plain.close()
    with BoardDB(db_path) as tdb:
        contacts = tdb.table("contacts")
        assert contacts.get(doc_id=ada.id)["name"] == "Ada"
        contacts.upsert(Document({**contacts.get(doc_id=ada.id), "city": "London"},
                                 doc_id=ada.id))
    assert json.loads(db_path.read_text())["contacts"][ada.id]["city"] == "London"
    s = Session.open(db_path, config)
    try:
        assert s.board.contacts[ada.id].city == "London"
    finally:
        s.close()


def test_tinydb_over_the_open_store_sees_what_is_only_in_the_journal(db_path, config):
    from board.store.storage import BoardDB

    s = Session.open(db_path, config)
    try:
        ada = s.board.add_contact("Ada")
        until_durable(s)
        tdb = BoardDB(storage=lambda: s.db.storage)
        assert [d["name"] for d in tdb.table("contacts")] == ["Ada"]
        tdb.table("contacts").remove(doc_ids=[ada.id])  # TinyDB's contract: the whole db
        assert tdb.table("contacts").all() == []
        assert orjson.loads(db_path.read_bytes())["contacts"] == {}
    finally:
        s.close()


@pytest.mark.parametrize("docs", [
    {"a": {"x": 1}, "b": {"y": "two"}},
    {"a": {"notes": "ends like a record},"}, "b": {"notes": '},"'}},
    {"a": {"nested": {"z": 1}, "after": 2}, "b": {}},
    {'quote"key},': {"é": "☕ \\n\\u0000"}, "plain": {"list": [{"k": 1}, {"k": 2}]}},
    {"only": {"x": None}},
])
def test_record_lines_are_each_record_as_json(docs):
    from board.store.storage import line_doc, record_line, record_lines

    lines = record_lines(docs)
    assert lines == [record_line(k, v) for k, v in docs.items()]
    assert [line_doc(line) for line in lines] == list(docs.values())
    assert orjson.loads(b"{" + b",".join(lines) + b"}") == docs
