"""Work done meanwhile in a child process: the same result whether there is a
child or not, and whether it succeeds or fails."""

from __future__ import annotations

import os

import pytest

from board.formats import forked, yaml_backup
from board.formats.yaml_backup import dump_backup, load_backup


@pytest.fixture
def forks(monkeypatch):
    """The pids of the children forked during the test (the real fork runs;
    a single-core machine is treated as two cores so the child path runs
    everywhere fork exists)."""
    if not hasattr(os, "fork"):
        pytest.skip("this system has no fork: the no-child path is tested below")
    children: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert forked.can_fork(), "another thread is running: the test cannot fork safely"
    return children


def test_the_child_hands_its_bytes_back(forks):
    with forked.forked(lambda: f"from {os.getpid()}".encode()) as result:
        mine = os.getpid()
        data = result()
    assert len(forks) == 1
    assert data == f"from {forks[0]}".encode() and data != f"from {mine}".encode()


def test_a_failing_child_gives_none(forks):
    def fail() -> bytes:
        raise RuntimeError("no")

    with forked.forked(fail) as result:
        assert result() is None
    assert len(forks) == 1


def test_leaving_early_ends_the_child(forks):
    with pytest.raises(KeyError), forked.forked(lambda: b"x" * 10_000_000):
        raise KeyError("the caller failed before asking")
    [pid] = forks
    with pytest.raises(ChildProcessError):  # already reaped: nothing left running
        os.waitpid(pid, os.WNOHANG)


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
        big_and_small, monkeypatch, forks, child):
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
    assert bool(forks) == (child != "none")  # the path under test was taken
    assert text == alone
    read, item_lines = yaml_backup._fast_read(text)
    assert read == read_alone
    assert len(item_lines("interactions")) == 30
    backup = load_backup(text)
    assert {i.id: i for i in backup.interactions} == board.interactions
