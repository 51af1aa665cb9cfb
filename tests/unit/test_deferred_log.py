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


# ------------------------------------------- the file, one table to a line

def test_board_writes_one_table_to_a_line_and_reads_either_layout(saved, config):
    path, ada, _ = saved
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    assert lines[0] == b"{" and lines[-1] == b"}"
    assert [line.split(b":")[0] for line in lines[1:-1]] == [
        b'"meta"', b'"contacts"', b'"interactions"']
    assert orjson.loads(raw) == orjson.loads(orjson.dumps(orjson.loads(raw)))
    # a file in one line (TinyDB's own, or board's before) reads the same
    path.write_bytes(orjson.dumps(orjson.loads(raw)))
    for defer in (True, False):
        s = Session.open(path, config, defer_log=defer)
        try:
            assert len(s.board.timeline(ada)) == 3
        finally:
            s.close()


def test_a_deferred_table_is_written_back_as_it_was_until_read(saved, config):
    path, _, _ = saved
    data = orjson.loads(path.read_bytes())
    s = Session.open(path, config, defer_log=True)
    try:
        s.db.storage.put("meta", "2", {"note": "a change elsewhere"})  # not the log
        s.db.flush()
    finally:
        s.close()
    again = orjson.loads(path.read_bytes())
    assert again["interactions"] == data["interactions"] and again["meta"]["2"]


def test_damaged_interactions_in_a_laid_out_file(saved, config):
    """Bytes damaged inside the interactions' line: a deferred open shows the
    contacts and names the damage when the log is read; an open that reads
    everything names it at once.  The file is never written."""
    path, ada, _ = saved
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3][:40] + b"\x00garbage" + lines[3][60:]
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
    b'{\n"meta":{},\n"contacts":{}\n}',
    b'{\n"meta":{}\n"contacts":{}\n}',  # a comma missing
    b'{\n"meta":{},\n"meta":{}\n}',  # a table twice
    b'{\n"meta":{},\nnot a key\n}',
    b'{"meta":{}}',
    b'{\n}',
])
def test_split_tables_cuts_only_its_own_layout(raw):
    from board.store.storage import split_tables

    tables = split_tables(raw)
    if raw.startswith(b'{\n"meta":{},\n"contacts"'):
        assert tables == {"meta": b"{}", "contacts": b"{}"}
    else:
        assert tables is None
