"""Time capturing touches from a large calendar and a large mailbox.

Command line::

    python benchmarks/capture_bench.py [--events 20000] [--messages 100000]
                                       [--people 10000] [--keep DIR]

Generates, in a temporary folder (or ``--keep DIR``):

* a board of ``--people`` people (10 interactions each) with
  ``benchmarks/generate.py``; about two in three have an email;
* a 10-year calendar (``calendar.ics``) of ``--events`` events: one in ten a
  weekly or monthly series with an EXDATE and a moved occurrence, the rest
  single events; one to four attendees each, drawn from the board's emails
  and from strangers, in a few time zones, some cancelled, declined, all-day
  or in the future;
* an mbox (``mail.mbox``) of ``--messages`` messages between the user and
  the board's people (and strangers, lists, no-reply senders and Gmail's
  label copies).

Then it runs ``board import`` (a fresh process, as a user would) on each
file into a copy of the board, and again on the same file (the re-import,
which adds nothing), and prints the wall time and the peak memory (max RSS)
of each process.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import build, encode  # noqa: E402
from board.fsutil import atomic_write_bytes  # noqa: E402

ME = "me@home.example"
NOW = datetime(2026, 11, 1, tzinfo=UTC)  # the generated files end before this
ZONES = ("Europe/Lisbon", "America/New_York", "Asia/Tokyo", "UTC")


def make_board(path: Path, people: int) -> list[tuple[str, str]]:
    contacts, interactions = build(people, people * 10)
    atomic_write_bytes(path, encode(contacts, interactions))
    return [(c.name, c.email) for c in contacts if c.email]


def make_calendar(path: Path, events: int, known: list[tuple[str, str]], seed: int = 1
                  ) -> None:
    rng = random.Random(seed)
    start = NOW - timedelta(days=3650)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//board//capture bench//EN",
             "X-WR-TIMEZONE:Europe/Lisbon"]

    def people(n: int) -> list[str]:
        out = []
        for _ in range(n):
            if rng.random() < 0.8:
                name, email = rng.choice(known)
            else:
                k = rng.randrange(5000)
                name, email = f"Stranger {k}", f"stranger{k}@elsewhere.example"
            out.append(f"ATTENDEE;CN={name};PARTSTAT=ACCEPTED:mailto:{email}")
        return out

    n = 0
    while n < events:
        n += 1
        at = start + timedelta(minutes=15 * rng.randrange(3650 * 96))
        zone = rng.choice(ZONES)
        uid = f"ev-{n}@bench.example"
        stamp = f";TZID={zone}:{at:%Y%m%dT%H%M%S}" if zone != "UTC" else \
            f":{at:%Y%m%dT%H%M%SZ}"
        ev = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261101T000000Z"]
        if rng.random() < 0.03:
            ev += [f"DTSTART;VALUE=DATE:{at:%Y%m%d}"]
        else:
            ev += [f"DTSTART{stamp}", f"DURATION:PT{rng.choice((15, 30, 45, 60, 90))}M"]
        ev += [f"SUMMARY:Event {n} about something worth a line of text",
               f"ORGANIZER;CN=Me:mailto:{ME}",
               f"ATTENDEE;CN=Me;PARTSTAT={'DECLINED' if rng.random() < 0.02 else 'ACCEPTED'}"
               f":mailto:{ME}", *people(rng.randint(1, 4))]
        if rng.random() < 0.3:
            ev.append("LOCATION:https://meet.google.com/abc-defg-hij")
        elif rng.random() < 0.5:
            ev.append("LOCATION:Café Central\\, Lisboa")
        if rng.random() < 0.02:
            ev.append("STATUS:CANCELLED")
        series = rng.random() < 0.1 and n + 8 < events
        if series and "VALUE=DATE" not in ev[3]:
            count = rng.randint(4, 12)
            ev += [f"RRULE:FREQ={rng.choice(('WEEKLY', 'MONTHLY'))};COUNT={count}"]
            n += count - 1  # each occurrence is an event of the ten years
        ev.append("END:VEVENT")
        lines += ev
    lines.append("END:VCALENDAR")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


def make_mbox(path: Path, messages: int, known: list[tuple[str, str]], seed: int = 2) -> None:
    rng = random.Random(seed)
    start = NOW - timedelta(days=3650)
    with path.open("wb") as f:
        for n in range(messages):
            at = start + timedelta(seconds=rng.randrange(3650 * 86400))
            name, email = rng.choice(known) if rng.random() < 0.7 else (
                f"Stranger {n % 9000}", f"stranger{n % 9000}@elsewhere.example")
            sent = rng.random() < 0.4
            frm, to = (f"Me <{ME}>", f"{name} <{email}>") if sent else (
                f"{name} <{email}>", f"Me <{ME}>")
            extra = ""
            r = rng.random()
            if r < 0.1:
                extra = "List-Id: <news.lists.example>\n"
            elif r < 0.12:
                frm = "Service <no-reply@service.example>"
            mid = f"<{n if rng.random() > 0.05 else n - 1}.{seed}@bench.example>"
            body = ("Hello,\n\nA few lines of a message body, as mail has. " * 6 + "\n") * 3
            f.write((f"From {email} {at:%a %b %d %H:%M:%S %Y}\n"
                     f"From: {frm}\nTo: {to}\nDate: {at:%a, %d %b %Y %H:%M:%S +0000}\n"
                     f"Subject: =?utf-8?q?Re:_caf=C3=A9_{n}?=\nMessage-ID: {mid}\n{extra}"
                     f"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
                     f"{body}\n").encode())


#: ``board`` in a fresh process that says its own peak memory as it exits.
CHILD = ("import atexit, resource, sys\n"
         "use = lambda: resource.getrusage(resource.RUSAGE_SELF)\n"
         "atexit.register(lambda: sys.stderr.write("
         "f'maxrss {use().ru_maxrss} cpu {use().ru_utime + use().ru_stime}\\n'))\n"
         "from board.cli import main\n"
         "sys.exit(main(sys.argv[1:]))\n")


def run_import(db: Path, file: Path) -> tuple[float, float, float, str]:
    """(seconds, CPU seconds, max RSS in MB, the summary line) of one
    ``board import`` (CPU time: the machine may be busy with other work)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, "import", str(file), "--db", str(db)],
                          check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    said = done.stderr.rsplit("maxrss ", 1)[1].split()
    rss = int(said[0]) / 1024  # (KB on Linux)
    return seconds, float(said[2]), rss, done.stdout.splitlines()[0].split(": ", 1)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: use the files already there")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="board-capture-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        board = folder / "board.json"
        t = time.perf_counter()
        if not (args.reuse and board.exists()):
            known = make_board(board, args.people)
            make_calendar(folder / "calendar.ics", args.events, known)
            make_mbox(folder / "mail.mbox", args.messages, known)
        print(f"generated in {time.perf_counter() - t:.1f} s: {args.people:,} people, "
              f"{args.events:,} events ({(folder / 'calendar.ics').stat().st_size >> 20} MB), "
              f"{args.messages:,} messages ({(folder / 'mail.mbox').stat().st_size >> 20} MB)",
              flush=True)
        for name in ("calendar.ics", "mail.mbox"):
            db = folder / f"board-{name}.json"
            shutil.copy(board, db)
            for label in ("import", "re-import"):
                seconds, cpu, rss, summary = run_import(db, folder / name)
                print(f"{name:13} {label:10} {seconds:6.1f} s  (CPU {cpu:5.1f} s)  "
                      f"max RSS {rss:5.0f} MB  {summary}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
