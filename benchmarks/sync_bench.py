"""Time ``board sync`` on a large board, with two machines and a bare repository.

Command line::

    python benchmarks/sync_bench.py [--contacts 10000] [--interactions 100000] [--changes 100]

In a temporary folder: a board of ``--contacts`` people and ``--interactions``
touches (benchmarks/generate.py) is the first machine; the second starts
empty.  It times, as the ``board`` command itself (process start to exit):

* the first sync (the board sent to an empty repository), then the second
  machine's first sync (the whole board taken in);
* ``--changes`` changes on each machine (edits of people, new touches, moves),
  then a sync on the first (sending) and on the second (a three-way merge),
  and on the first again (taking the merge): the issue asks under 5 s each;

and checks that both boards then export to the same bytes.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from board.config import load_config  # noqa: E402
from board.formats.backup import export_board  # noqa: E402
from board.session import Session  # noqa: E402
from board.store.database import Database  # noqa: E402


def board(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "board", *args], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def change(db: Path, n: int, seed: int) -> None:
    config = load_config(use_user_file=False)
    s = Session.open(db, config)
    rng = random.Random(seed)
    try:
        people = sorted(s.board.contacts)
        for k in range(n):
            cid = rng.choice(people)
            what = k % 3
            if what == 0:
                s.board.update_contact(cid, notes=f"changed {seed} {k}")
            elif what == 1:
                s.board.log("call", [cid])
            else:
                c = s.board.contacts[cid]
                (s.board.demote if c.rung == s.board.ladder.last.key else s.board.promote)(cid)
    finally:
        s.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--contacts", type=int, default=10_000)
    p.add_argument("--interactions", type=int, default=100_000)
    p.add_argument("--changes", type=int, default=100)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="board-sync-bench-") as tmp:
        root = Path(tmp)
        remote = root / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
        a = generate(root / "a" / "board.json", args.contacts, args.interactions)
        b = root / "b" / "board.json"
        Database.open(b).close()
        rows = [("first sync (send everything)",
                 board("sync", "--db", str(a), "--remote", str(remote))),
                ("second machine's first sync",
                 board("sync", "--db", str(b), "--remote", str(remote)))]
        change(a, args.changes, 1)
        change(b, args.changes, 2)
        rows += [(f"sync {args.changes} changes (send)", board("sync", "--db", str(a))),
                 (f"sync {args.changes} changes (merge)", board("sync", "--db", str(b))),
                 ("sync (take the merge)", board("sync", "--db", str(a)))]
        config = load_config(use_user_file=False)
        same = (export_board(Session.open_readonly(a, config))
                == export_board(Session.open_readonly(b, config)))
    print(f"{args.contacts:,} people, {args.interactions:,} interactions, "
          f"{args.changes} changes a machine")
    for name, seconds in rows:
        print(f"  {name:<36} {seconds:6.2f} s")
    print(f"  both boards export the same bytes: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
