"""Time writing and reading a YAML backup of a large board.

Command line::

    python benchmarks/backup_bench.py --db big.json [--runs 3]

``--db`` is a board database (``benchmarks/generate.py`` makes one; it is
generated at 10,000 contacts and 100,000 interactions into a temporary
folder if not given).  Prints the median and worst of ``--runs`` runs of
``dump_backup`` (export) and ``load_backup`` (import's parsing), in seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the board next to this file, installed or not
    sys.path.insert(0, str(ROOT))

from board.config import load_config  # noqa: E402
from board.formats.yaml_backup import export_board, load_backup  # noqa: E402
from board.session import Session  # noqa: E402


def _times(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a board database (generated if not given)")
    parser.add_argument("--runs", type=int, default=3)
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
        for name, fn in (("export (dump_backup)", lambda: export_board(board)),
                         ("import (load_backup)", lambda: load_backup(text))):
            times = _times(fn, args.runs)
            print(f"{name:22} median {statistics.median(times):6.2f} s   "
                  f"worst {max(times):6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
