"""How long finding duplicates takes (board.core.duplicates), on generated people.

    python benchmarks/duplicates_bench.py                 # 1,000, 10,000 and 30,000 people
    python benchmarks/duplicates_bench.py --sizes 10000 --runs 5

The people are ``benchmarks/generate.py``'s (177 first and 126 last names,
so at 10,000 many share a name; 100 phone numbers in all), plus one
near-duplicate for every 100 people: a copy with an accent, a typo, the
email in capitals or the phone written another way, at the same company or
city.  Each run times ``find_duplicates`` over everyone (the first, cold,
run includes importing rapidfuzz and phonenumbers), and one ``plan_merge``
of the first pair on a board with 10 interactions a person.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from msgspec.structs import replace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import build  # noqa: E402
from board.config import load_config  # noqa: E402
from board.core.board import Board  # noqa: E402
from board.core.duplicates import find_duplicates, plan_merge  # noqa: E402

ACCENTS = {"e": "é", "a": "á", "o": "ö", "u": "ü", "i": "í", "c": "ç"}


def twin(rng: random.Random, c, n: int):
    """A near-duplicate of ``c`` with a new id."""
    name = c.name
    how = n % 4
    if how == 0:  # an accent
        i = next((k for k, ch in enumerate(name) if ch in ACCENTS), 0)
        name = name[:i] + ACCENTS.get(name[i], name[i]) + name[i + 1:]
    elif how == 1 and len(name) > 6:  # a typo: two letters swapped
        i = rng.randrange(1, len(name) - 2)
        name = name[:i] + name[i + 1] + name[i] + name[i + 2:]
    values = {"name": name, "id": f"twin{n:06d}"}
    if how == 2 and c.email:
        values["email"] = c.email.upper()
    if how == 3 and c.phone:
        values["phone"] = c.phone.replace(" ", "-").replace("+1-", "001 ")
    if not (c.company or c.city):
        values["city"] = "Lisbon"
    return replace(c, **values)


def people(size: int, seed: int = 7):
    contacts, interactions = build(size, size * 10)
    rng = random.Random(seed)
    twins = [twin(rng, c, n) for n, c in enumerate(rng.sample(contacts, size // 100))]
    return [*contacts, *twins], interactions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,30000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    ladder = load_config(use_user_file=False).ladder
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {os.cpu_count()} cpus, load average {load:.2f} before")
    print(f"{'people':>8}  {'pairs':>6}  {'find ms (median)':>17}  {'worst':>7}  "
          f"{'first run':>9}  {'cpu ms':>7}  {'plan_merge ms':>13}")
    for size in (int(s) for s in args.sizes.split(",")):
        contacts, interactions = people(size)
        times, cpu = [], []
        pairs = []
        for _ in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            pairs = find_duplicates(contacts, "US")
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        board = Board(ladder, contacts, interactions)
        t = time.perf_counter()
        if pairs:
            plan_merge(board, pairs[0].a, pairs[0].b)
        merge_ms = (time.perf_counter() - t) * 1000
        print(f"{len(contacts):>8,}  {len(pairs):>6,}  {statistics.median(times):>17.1f}  "
              f"{max(times):>7.1f}  {times[0]:>9.1f}  {statistics.median(cpu):>7.1f}  "
              f"{merge_ms:>13.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
