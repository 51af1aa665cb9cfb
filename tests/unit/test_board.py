from datetime import timedelta

import pytest

from board.core.board import Board, LadderEnd, ValidationError
from board.core.model import Interaction


@pytest.fixture
def board(config, frozen):
    return Board(config.ladder)


def test_add_contact_lands_on_first_rung_with_history(board):
    c = board.add_contact("  Ada   Lovelace ", company="Analytical", tags=["math", " #math", "x"])
    assert c.name == "Ada Lovelace"
    assert c.rung == "follower"
    assert [h.rung for h in c.history] == ["follower"]
    assert c.history[0].at == c.created
    assert c.tags == ("math", "x")


@pytest.mark.parametrize("name", ["", "   ", "\n\t"])
def test_name_is_required(board, name):
    with pytest.raises(ValidationError) as err:
        board.add_contact(name)
    assert "name" in err.value.errors
    assert not board.contacts


def test_bad_email_and_phone_are_reported_together(board):
    with pytest.raises(ValidationError) as err:
        board.add_contact("A", email="not-an-email", phone="call me")
    assert set(err.value.errors) == {"email", "phone"}


def test_promote_twice_records_each_rung_with_its_time(board, frozen):
    c = board.add_contact("Ada")
    frozen.shift(timedelta(days=3))
    board.promote(c.id)
    frozen.shift(timedelta(days=4))
    c = board.promote(c.id)
    assert c.rung == "conversation"
    assert [h.rung for h in c.history] == ["follower", "engaged", "conversation"]
    assert c.history[2].at - c.history[1].at == timedelta(days=4)
    assert c.entered == c.history[2].at


def test_promote_past_the_top_and_demote_below_the_bottom(board):
    c = board.add_contact("Ada")
    with pytest.raises(LadderEnd, match="first rung"):
        board.demote(c.id)
    for _ in range(len(board.ladder) - 1):
        board.promote(c.id)
    with pytest.raises(LadderEnd, match="top rung"):
        board.promote(c.id)
    assert board.contacts[c.id].rung == "friend"


def test_undo_walks_back_several_levels(board):
    c = board.add_contact("Ada")
    board.promote(c.id)
    board.promote(c.id)
    board.update_contact(c.id, city="London")
    board.archive(c.id)
    assert board.undo().description == "undo archive Ada"
    assert not board.contacts[c.id].archived
    board.undo()
    assert board.contacts[c.id].city == ""
    board.undo()
    assert board.contacts[c.id].rung == "engaged"
    assert [h.rung for h in board.contacts[c.id].history] == ["follower", "engaged"]
    board.undo()
    board.undo()
    assert c.id not in board.contacts
    assert board.undo() is None


def test_edit_that_changes_nothing_is_not_an_undo_step(board):
    c = board.add_contact("Ada")
    board.update_contact(c.id, name="Ada")
    board.undo()
    assert not board.contacts


def test_listeners_hear_exactly_what_changed(board):
    heard = []
    board.subscribe(heard.append)
    a = board.add_contact("Ada")
    board.add_contact("Grace")
    board.promote(a.id)
    assert heard[-1].contacts == {a.id}
    board.undo()
    assert heard[-1].undo and heard[-1].contacts == {a.id}


def test_archived_contacts_leave_the_board_but_stay(board):
    a = board.add_contact("Ada")
    board.archive(a.id)
    assert a.id in board.contacts
    assert [c.id for c in board.active()] == []


def test_advocate_toggle(board):
    a = board.add_contact("Ada")
    assert board.toggle_advocate(a.id).advocate
    assert not board.toggle_advocate(a.id).advocate


def test_store_receives_every_change(config):
    class Recorder:
        def __init__(self):
            self.ops = []

        def put(self, table, key, doc):
            self.ops.append(("put", table, key, doc.get("name", None)))

        def delete(self, table, key):
            self.ops.append(("delete", table, key))

        def batch(self):
            import contextlib

            return contextlib.nullcontext()

    store = Recorder()
    board = Board(config.ladder, store=store)
    a = board.add_contact("Ada")
    board.undo()
    assert store.ops == [("put", "contacts", a.id, "Ada"), ("delete", "contacts", a.id)]


def test_last_touch_follows_the_log(board, frozen):
    a = board.add_contact("Ada")
    assert board.last_touch(a.id) is None
    now = board.clock()
    i = Interaction("i1", "call", now - timedelta(days=2), (a.id,))
    board.restore([], [i])
    assert board.last_touch(a.id) == now - timedelta(days=2)
    board.undo()
    assert board.last_touch(a.id) is None


def test_contact_on_a_rung_that_no_longer_exists_shows_on_the_first(config, board):
    a = board.add_contact("Ada")
    from dataclasses import replace

    board.contacts[a.id] = replace(board.contacts[a.id], rung="gone")
    assert board.display_rung(board.contacts[a.id]) == "follower"
    assert board.promote(a.id).rung == "engaged"
