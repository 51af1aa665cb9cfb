"""Time writing and reading a YAML backup of a large board.

Command line::

    python benchmarks/backup_bench.py --db big.json [--runs 3] [--cli]

``--db`` is a board database (``benchmarks/generate.py`` makes one; it is
generated at 10,000 contacts and 100,000 interactions into a temporary
folder if not given; it is only read, never written).  Prints the median and
worst of ``--runs`` runs, in seconds, of

* ``dump_backup`` (export) and ``load_backup`` (import's parsing), in this
  process; and with ``--cli``
* the ``board`` command itself, from process start to exit: ``board export``
  to a file, ``board import`` of that file into an empty board, and into a
  copy of the same board with ``--merge`` (everything matches: nothing is
  added) and with ``--replace``.  It also checks that the backup exported
  again from the imported board is the same, byte for byte.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the board next to this file, installed or not
    sys.path.insert(0, str(ROOT))

from board.config import load_config  # noqa: E402
from board.formats.backup import export_board, load_backup  # noqa: E402
from board.session import Session  # noqa: E402


def _times(fn: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None
           ) -> list[float]:
    out = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def _report(name: str, times: list[float]) -> None:
    print(f"{name:34} median {statistics.median(times):6.2f} s   worst {max(times):6.2f} s",
          flush=True)


def _board(*args: str | Path) -> None:
    """Run the board command (as a new process) and wait for it."""
    subprocess.run([sys.executable, "-m", "board", *map(str, args)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


#: The command-line cases, as run.py's table names them.
CLI_CASES = ("export", "import", "import --merge", "import --replace")


def cli_times(db: Path, folder: Path, runs: int) -> tuple[dict[str, list[float]], bool]:
    """Seconds per run of each case in CLI_CASES, and whether the backup
    exported again from the board it was imported into is the same."""
    board_db, backup, empty = folder / "board.json", folder / "backup.yaml", folder / "empty.json"

    def fresh_copy() -> None:
        for old in folder.glob("board*"):  # the board, its lock, the copies a replace keeps
            old.unlink()
        shutil.copyfile(db, board_db)

    def no_board() -> None:
        for old in folder.glob("empty*"):
            old.unlink()

    times = {"export": _times(lambda: _board("export", "--db", board_db, backup), runs,
                              fresh_copy),
             "import": _times(lambda: _board("import", backup, "--db", empty), runs, no_board)}
    again = folder / "again.yaml"
    _board("export", "--db", empty, again)
    same = again.read_bytes() == backup.read_bytes()
    for mode in ("--merge", "--replace"):
        times[f"import {mode}"] = _times(
            lambda mode=mode: _board("import", mode, backup, "--db", board_db), runs, fresh_copy)
    return times, same


def cli(db: Path, folder: Path, runs: int) -> None:
    times, same = cli_times(db, folder, runs)
    _report("board export", times["export"])
    _report("board import (empty board)", times["import"])
    print(f"{'  export, import, export again':34} {'identical' if same else 'DIFFERENT'}")
    _report("board import --merge (same board)", times["import --merge"])
    _report("board import --replace (same board)", times["import --replace"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a board database (generated if not given)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cli", action="store_true",
                        help="also time the board command itself, end to end")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from benchmarks.generate import generate

            db = Path(tmp) / "big.json"
            generate(db, contacts=10_000, interactions=100_000, seed=1)
        board = Session.open_readonly(db, load_config(use_user_file=False))
        text = export_board(board)
        print(f"board: {len(board.contacts):,} contacts, {len(board.interactions):,} "
              f"interactions; backup {len(text.encode('utf-8')) / 1e6:.1f} MB")
        _report("export (dump_backup)", _times(lambda: export_board(board), args.runs))
        _report("import (load_backup)", _times(lambda: load_backup(text), args.runs))
        if args.cli:
            del board, text
            folder = Path(tmp) / "cli"
            folder.mkdir()
            cli(db, folder, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
