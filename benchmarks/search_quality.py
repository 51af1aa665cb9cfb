"""How well and how fast finding people works (board.core.search), against rapidfuzz alone.

    python benchmarks/search_quality.py             # 10,000 generated people
    python benchmarks/search_quality.py --size 1000

The people are ``benchmarks/generate.py``'s, some of their names given the
accents they are usually written with (Inês, Zoë, José, Müller, …). Queries:

* a typo: one of a person's names (or first name and surname) with one
  letter dropped, swapped with the next, replaced or added, never the first;
  "found" when the first hit (or one of the first six, as the With picker
  shows) has the name meant;
* a prefix: the first 3 letters or more of one of a person's names, typed
  plainly; "first" when the first hit has a name starting with it.

Each way of searching is timed per query (the median and the 95th
percentile), at the given size.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from msgspec.structs import replace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from benchmarks.generate import build  # noqa: E402
from board.core.search import PeopleIndex, fold  # noqa: E402

ACCENTED = {"Ines": "Inês", "Zoe": "Zoë", "Jose": "José", "Lucia": "Lucía", "Chloe": "Chloé",
            "Muller": "Müller", "Kruger": "Krüger", "Araujo": "Araújo", "Gonzalez": "González",
            "Lopez": "López", "Joao": "João", "Elif": "Elif"}


def people(size: int) -> dict:
    contacts, _ = build(size, 0)
    return {c.id: replace(c, name=" ".join(ACCENTED.get(w, w) for w in c.name.split()))
            for c in contacts}


def typo(rng: random.Random, word: str) -> str | None:
    if len(word) < 4:
        return None
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "swap", "replace", "add"))
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    letter = rng.choice("aeiourstnl")
    return word[:i] + letter + word[i + (kind == "replace"):]


def queries(everyone: dict, seed: int = 7):
    rng = random.Random(seed)
    sample = rng.sample(sorted(everyone.values(), key=lambda c: c.id), 300)
    typos, prefixes = [], []
    for c in sample:
        first, last = fold(c.name).split()
        for meant, wrong in ((first, typo(rng, first)), (last, typo(rng, last)),
                             (f"{first} {last}", f"{first} {typo(rng, last) or last}")):
            if wrong and wrong not in fold(c.name):
                typos.append((meant, wrong))
        word = rng.choice((first, last))
        prefixes.append(word[: rng.randint(3, len(word))])
    return typos, prefixes


def measure(label: str, search, typos, prefixes) -> None:
    times, first, six, prefix_first = [], 0, 0, 0
    for meant, query in typos:
        start = time.perf_counter()
        names = search(query)
        times.append(time.perf_counter() - start)
        hits = [meant in name for name in names[:6]]
        first += bool(hits and hits[0])
        six += any(hits)
    for query in prefixes:
        start = time.perf_counter()
        names = search(query)
        times.append(time.perf_counter() - start)
        prefix_first += bool(names) and any(w.startswith(query) for w in names[0].split())
    times.sort()
    print(f"{label:34} {first / len(typos):6.0%} {six / len(typos):6.0%} "
          f"{prefix_first / len(prefixes):7.0%}  {statistics.median(times) * 1000:7.1f} "
          f"{times[int(len(times) * 0.95)] * 1000:7.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args(argv)
    everyone = people(args.size)
    typos, prefixes = queries(everyone)
    folded = {cid: fold(c.name) for cid, c in everyone.items()}

    def board_search(scorer=None, cutoff=None):
        class Variant(PeopleIndex):
            pass
        if scorer is not None:
            Variant.fuzzy_scorer = staticmethod(scorer)
        if cutoff is not None:
            Variant.fuzzy_cutoff = cutoff
        index = Variant(everyone)
        index.rows()  # everyone folded first, as the board does after its first paint
        return lambda q: [folded[f.id] for f in index.find(q, limit=40)]

    def rapidfuzz_alone(scorer):
        return lambda q: [name for name, _, _ in
                          process.extract(fold(q), folded, scorer=scorer, limit=40)]

    print(f"{args.size:,} people; {len(typos)} typo queries, {len(prefixes)} prefix queries")
    print(f"{'':34} {'typo':>6} {'typo':>6} {'prefix':>7}  {'median':>7} {'p95':>7}")
    print(f"{'':34} {'1st':>6} {'top 6':>6} {'1st':>7}  {'ms':>7} {'ms':>7}")
    measure("board (partial_ratio >= 75)", board_search(), typos, prefixes)
    measure("  tiers only (no near misses)", board_search(cutoff=100), typos, prefixes)
    for cutoff in (70, 80, 85):
        measure(f"  partial_ratio >= {cutoff}", board_search(cutoff=cutoff), typos, prefixes)
    for cutoff in (70, 75, 80):
        measure(f"  WRatio >= {cutoff}", board_search(fuzz.WRatio, cutoff), typos, prefixes)
    measure("rapidfuzz alone, WRatio", rapidfuzz_alone(fuzz.WRatio), typos, prefixes)
    measure("rapidfuzz alone, partial_ratio", rapidfuzz_alone(fuzz.partial_ratio),
            typos, prefixes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
