"""Work done meanwhile in a child process: the same result whether there is a
child or not, and whether it succeeds or fails."""

from __future__ import annotations

import os

import pytest

from board.formats import forked, yaml_backup
from board.formats.yaml_backup import dump_backup, load_backup


def test_the_child_hands_its_bytes_back():
    if not forked.can_fork():
        pytest.skip("no fork here")
    with forked.forked(lambda: f"from {os.getpid()}".encode()) as result:
        mine = os.getpid()
        data = result()
    assert data is not None and data.startswith(b"from ") and data != f"from {mine}".encode()


def test_a_failing_child_gives_none():
    def fail() -> bytes:
        raise RuntimeError("no")

    with forked.forked(fail) as result:
        assert result() is None


def test_leaving_early_ends_the_child():
    with pytest.raises(KeyError), forked.forked(lambda: b"x" * 10_000_000):
        raise KeyError("the caller failed before asking")


def test_no_fork_where_threads_run():
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked.can_fork()
        with forked.forked(lambda: b"x") as result:
            assert result() is None
    finally:
        stop.set()
        thread.join()


@pytest.fixture
def big_and_small(config, monkeypatch):
    """A board's backup and records, with the lists split from 2 items on."""
    from board.core.board import Board

    board = Board(config.ladder)
    people = [board.add_contact(f"Person {n}", notes="x\ny" if n % 3 else "",
                                tags=["a", f"t{n}"]) for n in range(7)]
    for n in range(30):
        board.log("call" if n % 2 else "coffee", [people[n % 7].id, people[(n + 1) % 7].id],
                  duration_min=n, place="long place name " * (n % 7), notes="z" * n)
    monkeypatch.setattr(forked, "MIN_ITEMS", 2)
    return board


@pytest.mark.parametrize("child", ["works", "fails", "none"])
def test_a_backup_is_the_same_with_a_child_without_or_with_one_that_fails(
        big_and_small, monkeypatch, child):
    board = big_and_small
    contacts, interactions = list(board.contacts.values()), list(board.interactions.values())
    monkeypatch.setattr(forked, "MIN_ITEMS", 10**9)
    alone = dump_backup(board.ladder, contacts, interactions)
    read_alone = yaml_backup._fast_read(alone)[0]
    monkeypatch.setattr(forked, "MIN_ITEMS", 2)
    if child == "fails":
        def fail(*args):
            raise MemoryError

        monkeypatch.setattr(yaml_backup, "_emit_records_bytes", fail)
        monkeypatch.setattr(yaml_backup._FastReader, "items_json", fail)
    elif child == "none":
        monkeypatch.setattr(forked, "can_fork", lambda: False)
    text = dump_backup(board.ladder, contacts, interactions)
    assert text == alone
    read, item_lines = yaml_backup._fast_read(text)
    assert read == read_alone
    assert len(item_lines("interactions")) == 30
    backup = load_backup(text)
    assert {i.id: i for i in backup.interactions} == board.interactions
