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
