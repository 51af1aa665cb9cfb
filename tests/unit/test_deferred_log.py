"""A board shown before its log is read: Session.open(defer_log=True)."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest

from board.core.board import Board
from board.session import Session
from board.store.database import StoreError

BAD_INTERACTION = {"id": "i2", "kind": "call", "at": "yesterday", "people": ["a"]}


@pytest.fixture
def saved(db_path, config):
    """A board file with two people and three interactions."""
    s = Session.open(db_path, config)
    b = s.board
    ada, grace = b.add_contact("Ada"), b.add_contact("Grace")
    now = b.clock()
    b.log("call", [ada.id], at=now - timedelta(days=3))
    b.log("coffee", [ada.id, grace.id], at=now - timedelta(days=1))
    b.receive_introduction(ada.id, person=grace.id)
    s.close()
    return db_path, ada.id, grace.id


def test_the_contacts_come_first_and_the_log_on_first_use(saved, config):
    path, ada, grace = saved
    s = Session.open(path, config, defer_log=True)
    try:
        b = s.board
        assert not b.log_ready and set(b.contacts) == {ada, grace}
        assert [i.kind for i in b.timeline(ada)] == ["introduction", "coffee", "call"]
        assert b.log_ready
        assert b.is_connector(ada) and b.last_touch(grace) is not None
    finally:
        s.close()


@pytest.mark.parametrize("first_use", ["last_touch", "is_connector", "interactions",
                                       "interactions_of"])
def test_every_reader_of_the_log_reads_it_first(saved, config, first_use):
    path, ada, _ = saved
    s = Session.open(path, config, defer_log=True)
    try:
        b = s.board
        if first_use == "interactions":
            assert len(b.interactions) == 3
        elif first_use == "interactions_of":
            assert len(list(b.interactions_of(ada))) == 3
        else:
            assert getattr(b, first_use)(ada)
        assert b.log_ready
    finally:
        s.close()


def test_a_change_before_the_log_is_read_reads_it_first(saved, config):
    path, _, grace = saved
    s = Session.open(path, config, defer_log=True)
    b = s.board
    b.promote(grace)  # a contact-only change
    assert b.log_ready
    b.undo()
    s.close()
    s = Session.open(path, config)
    try:
        assert len(s.board.interactions) == 3  # nothing lost beside the change
    finally:
        s.close()


def test_an_unreadable_log_is_named_refuses_every_change_and_is_left_untouched(
        saved, config):
    path, ada, _ = saved
    data = orjson.loads(path.read_bytes())
    data["interactions"]["i2"] = BAD_INTERACTION
    path.write_bytes(orjson.dumps(data))
    before = path.read_bytes()
    s = Session.open(path, config, defer_log=True)  # the contacts are fine
    try:
        with pytest.raises(StoreError, match="interaction i2") as err:
            s.load_log()
        assert str(path) in str(err.value)
        assert not s.board.log_ready
        for change in (lambda: s.board.promote(ada), lambda: s.board.add_contact("Linus"),
                       lambda: s.board.log("call", [ada])):
            with pytest.raises(StoreError, match="interaction i2"):
                change()
        with pytest.raises(StoreError):
            s.board.timeline(ada)
    finally:
        s.close()
    assert path.read_bytes() == before


def test_a_board_without_a_deferred_log_is_ready_at_once(config):
    b = Board(config.ladder)
    assert b.log_ready
    b.load_log()  # nothing to do
    assert b.log_ready


# ------------------------------------------- the file, one record to a line

def test_board_writes_one_record_to_a_line_and_reads_any_tinydb_layout(saved, config):
    path, ada, _ = saved
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    assert lines[0] == b"{" and lines[-2:] == [b"}", b""]
    heads = [line for line in lines if line.endswith(b'":{') and line.count(b'"') == 2]
    assert heads == [b'"meta":{', b'"contacts":{', b'"interactions":{']
    records = [line for line in lines if line.startswith(b'"') and line not in heads]
    assert len(records) == 1 + 2 + 3  # the meta record, two people, three touches
    data = orjson.loads(raw)
    # a file in one line (TinyDB's own) or in board's older layout (one
    # table to a line) reads the same
    older = b"{\n" + b",\n".join(orjson.dumps(k) + b":" + orjson.dumps(v)
                                  for k, v in data.items()) + b"\n}"
    for other in (orjson.dumps(data), older):
        path.write_bytes(other)
        for defer in (True, False):
            s = Session.open(path, config, defer_log=defer)
            try:
                assert len(s.board.timeline(ada)) == 3
            finally:
                s.close()
            assert path.read_bytes() == other  # nothing changed: nothing written


def test_a_change_before_the_log_is_read_keeps_every_interaction_line(saved, config):
    """Folding a change into the file copies the records it did not touch
    line for line: the log need not be read (nor its lines parsed) for it."""
    path, _, _ = saved
    region = path.read_bytes().split(b'"interactions":{')[1]
    s = Session.open(path, config, defer_log=True)
    try:
        s.db.put_many("contacts", {"x": {"id": "x", "name": "Linus", "rung": "follower",
                                         "created": "2026-01-01T00:00:00+00:00"}})
        s.db.flush()
        assert not s.board.log_ready
    finally:
        s.close()
    assert path.read_bytes().split(b'"interactions":{')[1] == region
    assert "Linus" in path.read_text()


def test_damaged_interactions_in_a_laid_out_file(saved, config):
    """Bytes damaged inside an interaction's line: a deferred open shows the
    contacts and names the damage when the log is read; an open that reads
    everything names it at once.  The file is never written."""
    path, ada, _ = saved
    lines = path.read_bytes().split(b"\n")
    n = lines.index(b'"interactions":{') + 2
    lines[n] = lines[n][:20] + b"\x00garbage" + lines[n][30:]
    path.write_bytes(b"\n".join(lines))
    before = path.read_bytes()
    s = Session.open(path, config, defer_log=True)
    try:
        assert set(s.board.contacts)
        with pytest.raises(StoreError, match="is damaged") as err:
            s.load_log()
        assert str(path) in str(err.value)
        with pytest.raises(StoreError):
            s.board.promote(ada)
    finally:
        s.close()
    with pytest.raises(StoreError, match="is damaged"):
        Session.open(path, config)
    assert path.read_bytes() == before


@pytest.mark.parametrize("raw", [
    b'{\n"meta":{\n"1":{}\n},\n"contacts":{\n}\n}\n',
    b'{\n"meta":{\n"1":{}\n}\n"contacts":{\n}\n}\n',  # a comma missing
    b'{\n"meta":{\n},\n"meta":{\n}\n}\n',  # a table twice
    b'{\n"meta":{\n},\nnot a key\n}\n',
    b'{"meta":{}}',
    b'{\n"meta":{"1":{}},\n"contacts":{}\n}',  # board's older layout
    b'{\n}\n',
])
def test_the_layout_is_read_only_as_board_writes_it(raw):
    from board.store.storage import Layout

    layout = Layout.of(raw)
    if raw.startswith(b'{\n"meta":{\n"1":{}\n},\n"contacts"'):
        assert {name: layout.region(name) for name in layout.regions} == {
            "meta": b'"1":{}', "contacts": b""}
    elif raw == b"{\n}\n":
        assert layout.regions == {}
    else:
        assert layout is None


def test_the_log_is_read_once_when_asked_from_two_threads_at_once(config):
    """The app reads the log in a thread; a use on the UI thread meanwhile
    waits for that read (it does not read the log a second time)."""
    import threading

    from board.core.schema import Interaction

    reads, go_on = [], threading.Event()

    def read():
        reads.append(1)
        go_on.wait(10)
        return [Interaction("i1", "call", Board(config.ladder).clock(), ("a",))]

    b = Board(config.ladder, deferred_log=read)
    reader = threading.Thread(target=b.load_log)
    reader.start()
    while not reads:
        threading.Event().wait(0.001)
    seen = []
    user = threading.Thread(target=lambda: seen.append(len(b.interactions)))
    user.start()
    user.join(0.2)
    assert user.is_alive() and not b.log_ready  # waiting for the read in progress
    go_on.set()
    reader.join(10)
    user.join(10)
    assert seen == [1] and reads == [1] and b.log_ready
