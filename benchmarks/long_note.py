"""The edit form of a person with a very long note: how long it takes to
open, and how long a keystroke in the name field takes.

    python benchmarks/long_note.py                 # a 10 MB note, in lines of ~80 characters
    python benchmarks/long_note.py --mb 10 --one-line   # the same as one line
    python benchmarks/long_note.py --keys 20

"open" is from the ``e`` key to the form up with the name field focused;
"key" is from a key press in the name field to the field holding it (each
key is painted before the next is pressed).  Each figure is the median and
the worst of its samples (ms).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))


def long_note(megabytes: float, one_line: bool) -> str:
    size = int(megabytes * 1_000_000)
    if one_line:
        return ("lorem ipsum dolor sit amet " * (size // 27 + 1))[:size]
    line = "a long pasted note, line after line, the way a web page copies in\n"
    return (line * (size // len(line) + 1))[:size]


async def _until(condition, timeout: float = 120.0) -> None:
    """Let the app run until ``condition()`` holds (polled every 0.5 ms)."""
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the app did not get there")
        await asyncio.sleep(0.0005)


async def measure(megabytes: float, one_line: bool, keys: int, runs: int) -> dict:
    from textual import events
    from textual.widgets import Input

    from board.config import load_config
    from board.session import Session
    from board.ui.app import BoardApp
    from board.ui.screens.contact_form import ContactForm

    opens, strokes = [], []
    note = long_note(megabytes, one_line)
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            session = Session.open(Path(tmp) / f"b{run}.json", load_config(use_user_file=False))
            try:
                session.board.add_contact("Eve", notes=note)
                app = BoardApp(session)
                async with app.run_test(size=(160, 48)) as pilot:
                    await pilot.pause()
                    # Keys are posted as the terminal driver posts them, and
                    # the app is watched until it has done what they ask.
                    start = time.perf_counter()
                    app.post_message(events.Key("e", "e"))
                    await _until(lambda app=app: isinstance(app.screen, ContactForm)
                                 and isinstance(app.focused, Input))
                    opens.append((time.perf_counter() - start) * 1000)
                    name = app.focused
                    await pilot.press("end")
                    for n in range(keys):
                        start = time.perf_counter()
                        app.post_message(events.Key("x", "x"))
                        typed = "Eve" + "x" * (n + 1)
                        await _until(lambda name=name, typed=typed: name.value == typed)
                        strokes.append((time.perf_counter() - start) * 1000)
                        await pilot.pause()  # painted before the next key
                    await pilot.press("escape")
            finally:
                session.close()
    return {"open": opens, "key": strokes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="the note's size in MB")
    parser.add_argument("--one-line", action="store_true", help="the note as one line")
    parser.add_argument("--keys", type=int, default=10, help="keystrokes timed per run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = asyncio.run(measure(args.mb, args.one_line, args.keys, args.runs))
    shape = "one line" if args.one_line else "lines of ~80"
    print(f"edit form, {args.mb:g} MB note ({shape}), {args.runs} runs")
    print(f"  {'metric':<8}{'median ms':>12}{'worst ms':>12}{'samples':>9}")
    for name, samples in results.items():
        print(f"  {name:<8}{statistics.median(samples):>12.1f}{max(samples):>12.1f}"
              f"{len(samples):>9}")


if __name__ == "__main__":
    main()
