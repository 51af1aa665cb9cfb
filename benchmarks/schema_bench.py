"""Time the records' dict and JSON shapes on a large board.

Command line::

    python benchmarks/schema_bench.py [--contacts 10000] [--interactions 100000] [--runs 5]

Builds the records in memory with ``benchmarks/generate.py`` and prints the
median and best of ``--runs`` runs, in milliseconds, of

* ``from dicts``: the store's documents (what ``orjson`` parses the file
  into) to records, as the store reads a board;
* ``to dicts``: records to those documents, as every change writes them;
* ``from JSON`` / ``to JSON``: records straight from and to JSON bytes
  (msgspec), as a backup's record lines are read and written;
* ``construct``: records built in Python, one at a time (as an import or the
  generator builds them).

Run from a checkout before board.core.schema (board.core.model), it times
that module's functions instead (``from JSON`` / ``to JSON`` are then
``orjson`` plus the dict functions), so the same script gives before and
after figures.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the board next to this file, installed or not
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import build  # noqa: E402


def _functions() -> tuple[str, dict[str, Callable]]:
    """What to time: (which module, {name: function(records or data)})."""
    try:
        import msgspec

        from board.core import schema
    except ImportError:
        from board.core import model

        def from_json(cls_from_dict: Callable) -> Callable:
            return lambda data: [cls_from_dict(d) for d in orjson.loads(data)]

        return "board.core.model", {
            "contacts from dicts": lambda ds: [model.contact_from_dict(d) for d in ds],
            "interactions from dicts": lambda ds: [model.interaction_from_dict(d) for d in ds],
            "contacts to dicts": lambda rs: [model.contact_to_dict(r) for r in rs],
            "interactions to dicts": lambda rs: [model.interaction_to_dict(r) for r in rs],
            "contacts from JSON": from_json(model.contact_from_dict),
            "interactions from JSON": from_json(model.interaction_from_dict),
            "contacts to JSON": lambda rs: [orjson.dumps(model.contact_to_dict(r)) for r in rs],
            "interactions to JSON": lambda rs: [orjson.dumps(model.interaction_to_dict(r))
                                                for r in rs],
            "interactions construct": lambda rs: [model.Interaction(r.id, r.kind, r.at, r.people)
                                                  for r in rs],
        }
    encode = msgspec.json.Encoder().encode
    contacts_json = msgspec.json.Decoder(list[schema.Contact]).decode
    interactions_json = msgspec.json.Decoder(list[schema.Interaction]).decode
    return "board.core.schema", {
        "contacts from dicts": lambda ds: schema.from_dicts(schema.Contact, ds),
        "interactions from dicts": lambda ds: schema.from_dicts(schema.Interaction, ds),
        "contacts to dicts": lambda rs: [schema.to_dict(r) for r in rs],
        "interactions to dicts": lambda rs: [schema.to_dict(r) for r in rs],
        "contacts from JSON": contacts_json,
        "interactions from JSON": interactions_json,
        "contacts to JSON": lambda rs: [encode(r) for r in rs],
        "interactions to JSON": lambda rs: [encode(r) for r in rs],
        "interactions construct": lambda rs: [schema.Interaction(r.id, r.kind, r.at, r.people)
                                              for r in rs],
    }


def _time(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        result = fn()
        out.append(time.perf_counter() - started)
        del result
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    module, functions = _functions()
    contacts, interactions = build(args.contacts, args.interactions, seed=1)
    records = {"contacts": contacts, "interactions": interactions}
    to_dicts = {key: functions[f"{key} to dicts"](rs) for key, rs in records.items()}
    dicts = {key: orjson.loads(orjson.dumps(ds)) for key, ds in to_dicts.items()}  # as parsed
    data = {key: orjson.dumps(ds) for key, ds in dicts.items()}
    for key, rs in records.items():  # (what is timed gives back the same records)
        assert functions[f"{key} from dicts"](dicts[key]) == rs
        assert functions[f"{key} from JSON"](data[key]) == rs
    with open("/proc/loadavg") if Path("/proc/loadavg").exists() else open(__file__) as f:
        load = f.read().split()[:3] if f.name == "/proc/loadavg" else ["?"]
    print(f"{module}: {len(contacts):,} contacts, {len(interactions):,} interactions; "
          f"load average {' '.join(load)}")
    for name, fn in functions.items():
        key = name.split()[0]
        arg = (dicts[key] if "from dicts" in name else data[key] if "from JSON" in name
               else records[key])
        times = _time(lambda fn=fn, arg=arg: fn(arg), args.runs)
        print(f"{name:26} median {statistics.median(times) * 1000:7.1f} ms   "
              f"best {min(times) * 1000:7.1f} ms", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
