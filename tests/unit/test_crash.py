"""SIGKILL in the middle of a burst of writes, many times: the file and its
journal always load, hold everything the writer was told is on disk, and
hold the changes whole and in order (a prefix of them, never a gap), with
the journal folded in now and then or often (so kills land in folds too).
Nothing here depends on how fast the machine is: the writer itself says what
is durable."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from board.store.database import Database

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import board.store.journal
    from board.config import load_config
    from board.session import Session

    board.store.journal.FOLD_RECORDS = int(sys.argv[2])

    session = Session.open(Path(sys.argv[1]), load_config(use_user_file=False))
    board = session.board
    print("ready", flush=True)
    n = 0
    while True:
        c = board.add_contact(f"P{n}", notes="x" * (n % 50))
        if n % 3 == 0:
            board.log("call", [c.id], duration_min=n % 60)
        if n % 7 == 0 and n:
            board.promote(c.id)
        print(n, flush=True)  # acknowledged: the change is in the board
        if n % 25 == 24:  # now and then, wait for the store to say it is on disk
            while session.db.storage.pending:
                time.sleep(0.005)
            print("durable", n, flush=True)
        n += 1
        time.sleep(0.002)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("fold_every", [500, 7])
def test_sigkill_never_loses_acknowledged_changes(tmp_path, fold_every):
    rng = random.Random(7)
    for round_ in range(8):
        db = tmp_path / f"board{round_}.json"
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(fold_every)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "BOARD_CONFIG": str(tmp_path / "none.yaml")},
        )
        acked: list[int] = []
        durable = -1
        try:
            assert proc.stdout.readline().strip() == "ready"
            deadline = time.monotonic() + rng.uniform(0.6, 1.4)
            while time.monotonic() < deadline or durable < 0:
                word, *rest = proc.stdout.readline().split()
                if word == "durable":
                    durable = int(rest[0])
                else:
                    acked.append(int(word))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
        with Database.open(db) as store:  # it loads: never a broken file
            contacts, interactions = store.load()
        names = {c.name for c in contacts}
        kept = len(names)
        assert names == {f"P{n}" for n in range(kept)}, f"round {round_}: a gap in the file"
        assert kept > durable, (
            f"round {round_}: P{durable} was reported on disk, the file has {kept} people"
        )
        assert kept <= len(acked) + 1  # (the change being made at the kill may be there)
        # records arrive whole and in order: no interaction without its person
        ids = {c.id for c in contacts}
        assert all(set(i.people) <= ids for i in interactions)


KILLED_IN_A_FOLD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from board.config import load_config
    from board.session import Session
    from board.store.journal import Journal

    session = Session.open(Path(sys.argv[1]), load_config(use_user_file=False),
                           background=False)
    board = session.board
    ada = board.add_contact("Ada")
    board.promote(ada.id)
    board.log("call", [ada.id])
    board.log("coffee", [ada.id])
    board.undo()
    # the fold's rename is done; killed before the journal is removed
    Journal.remove = lambda self: os.kill(os.getpid(), signal.SIGKILL)
    session.db.flush()
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_between_the_folds_rename_and_the_journals_removal(tmp_path):
    db = tmp_path / "board.json"
    proc = subprocess.run([sys.executable, "-c", KILLED_IN_A_FOLD, str(db)],
                          env={**os.environ, "BOARD_CONFIG": str(tmp_path / "none.yaml")},
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert db.with_name("board.json.journal").exists()  # left behind
    for _ in range(2):  # replayed over a file that holds it all: no change made twice
        with Database.open(db) as store:
            contacts, interactions = store.load()
        assert [h.rung for h in contacts[0].history] == ["follower", "engaged"]
        assert [i.kind for i in interactions] == ["call"]
