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


def test_writes_do_not_reread_the_file(db_path, config, monkeypatch):
    s = Session.open(db_path, config)
    try:
        reads = []
        real = type(db_path).read_bytes
        monkeypatch.setattr(type(db_path), "read_bytes",
                            lambda self: reads.append(self) or real(self))
        for n in range(20):
            s.board.add_contact(f"P{n}")
        assert s.db.count("contacts") == 20
        assert reads == []
    finally:
        s.close()


def test_only_changed_tables_are_serialised_again_and_the_file_stays_exact(db_path, config):
    s = Session.open(db_path, config)
    try:
        a = s.board.add_contact("Ada")
        s.board.log("call", [a.id])
        s.db.flush()
        first = orjson.loads(db_path.read_bytes())
        calls = []
        real = orjson.dumps

        def spy(obj, *args, **kw):
            calls.append(obj)
            return real(obj, *args, **kw)

        import board.store.storage as storage_module

        storage_module.orjson.dumps, saved = spy, real
        try:
            s.board.promote(a.id)
            s.db.flush()
        finally:
            storage_module.orjson.dumps = saved
        tables = [c for c in calls if isinstance(c, dict)]
        assert tables == [s.db.storage.read()["contacts"]]  # not the interactions
        second = orjson.loads(db_path.read_bytes())
        assert second["interactions"] == first["interactions"]
        assert second["contacts"][a.id]["rung"] == "engaged"
        assert second == s.db.storage.read()
    finally:
        s.close()


def test_a_synchronous_store_writes_a_batch_once(db_path, config, monkeypatch):
    import board.store.storage as storage_module

    s = Session.open(db_path, config, background=False)
    try:
        writes = []
        real = storage_module.atomic_write_bytes
        monkeypatch.setattr(storage_module, "atomic_write_bytes",
                            lambda path, data: writes.append(len(data)) or real(path, data))
        contacts = [s.board.add_contact(f"P{n}") for n in range(3)]
        assert len(writes) == 3  # one per change
        from board.core.schema import Interaction

        many = [Interaction(f"i{n}", "call", s.board.clock(), (contacts[0].id,))
                for n in range(50)]
        s.board.restore([], many)
        assert len(writes) == 4  # the whole import: one write
    finally:
        s.close()
    with Database.open(db_path) as db:
        assert len(db.load()[1]) == 50


def test_a_background_store_is_woken_once_for_a_batch(db_path, config):
    s = Session.open(db_path, config)
    try:
        wakes = []
        real = s.db.storage._dirty.set
        s.db.storage._dirty.set = lambda: wakes.append(1) or real()
        from board.core.schema import Interaction

        ada = s.board.add_contact("Ada")
        assert len(wakes) == 1
        s.board.restore([], [Interaction(f"i{n}", "call", s.board.clock(), (ada.id,))
                             for n in range(50)])
        assert len(wakes) == 2
        s.db.flush()
    finally:
        s.close()
    with Database.open(db_path) as db:
        assert len(db.load()[1]) == 50


def test_a_close_without_saving_drops_what_is_not_on_disk_and_unlocks(db_path, config,
                                                                      monkeypatch):
    import board.store.storage as storage_module

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
