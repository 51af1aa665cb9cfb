"""The ``board`` command: open the board, export, import, due, stats.

Errors are one clear line on stderr and a non-zero exit; nothing is written.
A disk that refuses (full, read-only, permissions, a path too long) is one of
them: the line names the file and what to do.
Every line the command prints goes through ``say`` (and JSON through
``say_json``), so no control character from data (a name, a record id, a
field name in a backup) reaches the terminal.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from board import __version__
from board.config import Config, ConfigError, default_db_path, load_config
from board.core.text import safe, safe_block, safe_json
from board.formats import FORMATS
from board.fsutil import os_error_message
from board.session import Session
from board.store.database import LockedError, StoreError

EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A failure to report as one line on stderr."""


def say(*lines: str, err: bool = False) -> None:
    """Print lines on stdout (``err``: stderr), each made ``safe``: a
    control character in data shows as its stand-in, and a line break in
    data cannot start a line of its own."""
    stream = sys.stderr if err else sys.stdout
    for line in lines:
        print(safe(line), file=stream)


def say_json(value) -> None:
    """Print ``value`` as JSON with every control character escaped
    (``safe_json``): ``json.loads`` of the output gives back exactly ``value``."""
    print(safe_json(value, indent=2))


def _common(parser: argparse.ArgumentParser, command: bool = True) -> None:
    """--db and --config, before a command or after it: a command leaves
    what was given before it (argparse would reset it to its default, and
    `board --db work.json export` would export another board)."""
    default = argparse.SUPPRESS if command else None
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        default=default,
        help="database file (default: $BOARD_DB or the user data dir)",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        type=Path,
        default=default,
        help="config file (default: $BOARD_CONFIG or ~/.config/board/config.yaml)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="board",
        description="From follower to friend: a keyboard-driven relationship board.",
    )
    parser.add_argument("--version", action="version", version=f"board {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway copy of the demo board (your data is not touched)",
    )
    parser.add_argument(
        "--new",
        action="store_true",
        help="with --db: start a new board there if there is none, without asking",
    )
    _common(parser, command=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("export", help="write a complete YAML backup")
    p.add_argument("file", nargs="?", default="-", help="backup file, or - for stdout")
    _common(p)

    p = sub.add_parser("due", help="print who is due or overdue for a touch, and the "
                       "birthdays and dates coming")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--days", type=int, metavar="N",
                   help="show birthdays and dates coming within N days "
                   "(default: dates_window_days, 7)")
    p.add_argument("--ics", metavar="FILE", type=Path,
                   help="also write them as an iCalendar feed (one event each, with an "
                   "alarm) to FILE, for a calendar to subscribe to")
    p.add_argument("--notify", action="store_true",
                   help="show one desktop notification of who is due today (for cron or "
                   "a systemd timer)")
    _common(p)

    p = sub.add_parser("stats", help="print the funnel, give and take, and who is cooling")
    p.add_argument("--period", type=int, default=30, metavar="DAYS",
                   help="the period for moves, introductions and cooling (default 30)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _common(p)

    p = sub.add_parser("duplicates", help="list people who are likely the same person",
                       description="Likely duplicate pairs, strongest first, each with why: "
                       "the same email, profile, phone (read with the config's phone_region) "
                       "or name, or close names at the same company or city. A pair marked "
                       "'not the same person' in the app is not listed again.")
    p.add_argument("--json", action="store_true",
                   help='machine-readable: [{"a": id, "b": id, "score": 0-100, "reasons": [...]}]')
    _common(p)

    p = sub.add_parser("merge", help="merge two people into one (the first is kept)",
                       description="Fold the second person into the first: every interaction "
                       "of both, both stage histories (the higher rung stays), handles, tags "
                       "and emails united, empty fields filled, notes appended. Prints what "
                       "the merged person will be; one undo step (u in the app).")
    p.add_argument("keep", metavar="ID", help="the person to keep")
    p.add_argument("drop", metavar="ID", help="the person folded in (their record is removed)")
    p.add_argument("--dry-run", action="store_true",
                   help="print the merged person; change nothing")
    _common(p)

    p = sub.add_parser(
        "import",
        help="restore or merge a YAML backup; add people from LinkedIn, vCard, Google or "
        "Outlook files; capture touches from a calendar, mail or LinkedIn messages",
        description="Import a YAML backup (into an empty board, or with --merge / "
        "--replace), a vCard .vcf file, or a CSV export: LinkedIn's Connections.csv "
        "(people) or Invitations.csv (the connected touch for people on the board), "
        "Google Contacts or Outlook contacts (people); or capture the touches in a "
        "calendar (.ics), mail (an mbox file or a Maildir folder) or LinkedIn's "
        "messages.csv. A CSV is told apart by its header row. The whole file is checked "
        "before anything is written.",
    )
    p.add_argument("file", help="the file to import")
    p.add_argument("--format", choices=FORMATS,
                   help="the file's format (default: by its extension, and a CSV by its "
                   "header row)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--merge", action="store_true",
                     help="backup into a non-empty board: add what is new (match by id, "
                     "email, profile, then name)")
    how.add_argument("--replace", action="store_true",
                     help="backup into a non-empty board: replace everything (a copy of the "
                     "database is kept beside it)")
    p.add_argument("--dry-run", action="store_true",
                   help="say what would be added, merged and skipped; write nothing")
    p.add_argument("--since", metavar="DATE", type=_since,
                   help="captures: only touches on or after DATE (YYYY-MM-DD)")
    p.add_argument("--add-unknown", action="store_true",
                   help="captures: add people not on the board to the first rung")
    p.add_argument("--with-content", action="store_true",
                   help="captures: keep the first 500 characters of a message or mail body "
                   "(or an event's description) as the touch's notes")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="list every merge and skip, not just the first few")
    _common(p)

    p = sub.add_parser(
        "serve",
        help="serve the board to a browser (needs the web extra: pip install \"board[web]\")",
        description="Serve the board in a browser tab through textual-serve. Each tab runs "
        "its own board; like a second terminal, a second tab on the same board is refused "
        "until the first is closed. textual-serve has no login: it listens on 127.0.0.1 "
        "unless --host says otherwise.",
    )
    p.add_argument("--host", default="127.0.0.1",
                   help="the address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    p.add_argument("--url", metavar="URL",
                   help="the address browsers use to reach it, when not http://HOST:PORT "
                   "(a forwarded port, a proxy)")
    p.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                   help="serve the demo board: each tab gets its own throwaway copy")
    p.add_argument("--new", action="store_true", default=argparse.SUPPRESS,
                   help="with --db: start a new board there if there is none, without asking")
    _common(p)

    p = sub.add_parser(
        "sync",
        help="sync the board with a git repository (the same board on every machine)",
        description="Send this board's changes to a git repository and take the changes "
        "other machines sent there, merged person by person and field by field. The "
        "remote holds the whole board: keep it private.",
    )
    p.add_argument("--remote", metavar="URL",
                   help="the git repository to sync with (any URL git accepts, or the path "
                   "of a bare repository); remembered for this board")
    p.add_argument("--new", action="store_true", default=argparse.SUPPRESS,
                   help="with --db: start a new board there if there is none, and fill it "
                   "from the remote (a second machine's first sync)")
    _common(p)
    return parser


def _since(text: str):
    from datetime import UTC, date, datetime

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _config(args: argparse.Namespace, warn: bool = True) -> Config:
    """The config; what is wrong in the user's file is said on stderr
    (``warn``; the app shows it in its own window instead)."""
    try:
        config = load_config(args.config)
    except ConfigError as exc:  # only a broken shipped default can get here
        raise CommandError(f"config: {exc}") from None
    if warn:
        for warning in config.warnings:
            say(f"board: config: {warning}", err=True)
    return config


def _db_path(args: argparse.Namespace) -> Path:
    return args.db.expanduser() if args.db else default_db_path()


def _existing_db(args: argparse.Namespace) -> Path:
    """The board's path; one that is not there is an error naming it (a
    typo is never read as an empty board)."""
    path = _db_path(args)
    if not path.exists() and not getattr(args, "new", False):
        raise CommandError(f"{path}: no board here (no such file). On a second machine: "
                           f"board --db {path} sync --new --remote URL starts one from the "
                           "remote.")
    return path


def _read_board(args: argparse.Namespace, config: Config):
    """The board a read-only command reads (no lock)."""
    return Session.open_readonly(_existing_db(args), config)


def _may_create(args: argparse.Namespace) -> None:
    """Before the app starts a board at a path that has none: the default
    path (a first run) is created without asking; any other is said first
    and asked about, so a mistyped --db makes nothing."""
    path = _db_path(args)
    if args.demo or path.exists() or (not args.db and "BOARD_DB" not in os.environ):
        return
    if args.new or any(p.exists() and not p.is_dir() for p in path.parents):
        return  # (a file where a folder should be: opening says so)
    missing = next((p for p in reversed(path.parents) if not p.exists()), None)
    also = f" (nor is the folder {missing})" if missing is not None else ""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise CommandError(f"{path}: there is no board here{also}. To start a new board "
                           f"there: board --db {path} --new")
    say(f"board: there is no board at {path}{also}.", err=True)
    try:
        answer = input("Start a new board there? [y/N] ")  # (no data in the prompt)
    except EOFError:
        answer = ""
    if answer.strip().casefold() not in ("y", "yes"):
        raise CommandError(f"{path}: nothing created.")


def cmd_open(args: argparse.Namespace) -> int:
    return run_board(open_board(args))


def open_board(args: argparse.Namespace) -> Session:
    """The session the app opens (locked; on ``--demo`` a throwaway copy);
    CommandError or StoreError (a LockedError if another board has it) when
    it cannot be opened, before anything is shown."""
    config = _config(args, warn=False)  # the app shows what is wrong
    _may_create(args)
    # The board shows as soon as its contacts are read; the log follows.
    return (Session.open_demo(config) if args.demo
            else Session.open(_db_path(args), config, defer_log=True))


def run_board(session: Session) -> int:
    """Run the app on ``session`` and close it (everything saved, unlocked)."""
    from board.ui.app import BoardApp  # the UI loads only when needed

    app = None
    discarded = False  # the user chose to quit without the changes the disk refused
    try:
        app = BoardApp(session)
        app.run()
    finally:
        discarded = app is not None and app.discarded and session.unsaved
        try:
            session.close(save=not discarded)
        except StoreError as exc:
            raise CommandError(_not_saved(exc, session, app)) from None
    if discarded:
        raise CommandError(f"{session.path}: not saved: you quit without the changes made "
                           f"since {session.unsaved_since}.")
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or 0


def _not_saved(exc: StoreError, session: Session, app) -> str:
    """The line for a board that could not be saved as it closed: why, since
    when, and where the changes are (the copy the user exported, else one
    made now in the backups or the temporary folder).  Never the data."""
    if session.is_demo:
        return f"{exc}."
    lost = f"{exc}. The changes made since {session.unsaved_since} are not in it"
    copy = None if app is None else app.unsaved_copy
    if copy is None:
        copy = session.rescue()
    if copy is None:
        return f"{lost}, and no copy of them could be written."
    return f"{lost}; a copy with them is in {copy} (board import {copy} --replace restores it)."


def cmd_export(args: argparse.Namespace) -> int:
    from board.formats.backup import export_board, write_backup

    config = _config(args)
    # Reading takes no lock (a read-only folder, or the app open on it: the
    # file as last saved, always whole).
    board = _read_board(args, config)
    if args.file == "-":
        text = export_board(board)
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            _drop_stdout()
            raise CommandError(os_error_message(exc, "the standard output")) from None
    else:
        target = Path(args.file).expanduser()
        try:
            write_backup(target, board.ladder, board.contacts.values(),
                         board.interactions.values())
        except OSError as exc:
            raise CommandError(os_error_message(exc, target)) from None
        n, m = len(board.contacts), len(board.interactions)
        say(f"Exported {n:,} people and {m:,} interactions to {target}", err=True)
    return 0


class ProgressBar:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    WIDTH = 30

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.shown = False
        self._last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        if total <= 1:  # one step (parsing a backup): no bar to fill
            self.stream.write(f"\r{phase}…\x1b[K")
            self.stream.flush()
            self.shown = True
            return
        filled = self.WIDTH * done // total
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        self.stream.write(f"\r{phase:<9} {bar} {done:,}/{total:,}\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def cmd_import(args: argparse.Namespace) -> int:
    from board.formats.capture import CAPTURE_FORMATS, options_from
    from board.formats.importing import (
        BoardNotEmpty,
        ImportFileError,
        apply_plan,
        keep_copy,
        plan_import,
        read_import,
    )

    mode = "merge" if args.merge else "replace" if args.replace else None
    bar = ProgressBar() if sys.stderr.isatty() else None
    config = _config(args)
    capture = options_from(config, since=args.since, with_content=args.with_content,
                           add_unknown=args.add_unknown)
    try:
        try:
            parsed = read_import(args.file, args.format, bar, capture=capture)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        if mode == "replace" and parsed.format != "yaml":
            what = ("touches from a calendar, mail or messages file are" if parsed.format in
                    CAPTURE_FORMATS else "people from other files are")
            raise CommandError(f"{parsed.source}: --replace is only for YAML backups; {what} "
                               "added to the board")
        session = Session.open(_db_path(args), config)
        saved = True  # False: the import is dropped, not written by the close
        try:
            try:
                plan = plan_import(session.board, parsed, mode, bar)
            except BoardNotEmpty as exc:
                raise CommandError(f"{session.path}: {exc}") from None
            except ImportFileError as exc:
                raise CommandError(str(exc)) from None
            if bar:
                bar("writing", 0, 1)
            copy = None
            if not args.dry_run:
                if plan.replace and session.board.contacts:
                    copy = keep_copy(session.db)
                apply_plan(session.board, plan, undoable=False)
                try:
                    session.db.flush()
                except StoreError as exc:
                    saved = False
                    raise CommandError(f"{exc}. Nothing was imported.") from None
        finally:
            session.close(save=saved)
    finally:
        if bar:
            bar.clear()
    verb = "Would import" if args.dry_run else "Imported"
    say(f"{verb} {parsed.source} into {session.path}: {plan.summary()}")
    if copy is not None:
        say(f"The board as it was is saved in {copy}")
    say(*(f"  {line}" for line in plan.details(limit=10**9 if args.verbose else 10)))
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from board.core.dates import describe
    from board.core.relative import ago
    from board.core.reminders import date_json, reminders, status_words, touch_json

    if args.days is not None and not 0 <= args.days <= 365:
        raise CommandError("--days is a number of days from 0 to 365")
    config = _config(args)
    board = _read_board(args, config)
    now = board.clock()
    window = config.dates_window_days if args.days is None else args.days
    found = reminders(board, now, config.due_window_days, window)
    if args.ics is not None:
        from board.formats.feed import write_feed

        target = args.ics.expanduser()
        try:
            n = write_feed(target, board, found)
        except OSError as exc:
            raise CommandError(os_error_message(exc, target)) from None
        say(f"Wrote {n} event{'s' if n != 1 else ''} to {target}", err=True)
    if args.notify:
        return _notify(found)
    rows = found.touches
    if args.json:
        say_json([touch_json(board, c, k) for c, k in rows]
                 + [date_json(k) for k in found.dates])
        return 0
    if not found:
        say("Nobody is due for a touch. Nice work.")
        return 0
    if not rows:
        say("Nobody is due for a touch.")
    if rows:
        from rich.cells import cell_len, set_cell_size  # (terminal cells: 山 is two)

        names = [safe(c.name) for c, _ in rows]
        rungs = [board.ladder.label(board.display_rung(c)) for c, _ in rows]
        width_r = max(cell_len(r) for r in rungs)
        tails = [f"{set_cell_size(rung, width_r)}  {status_words(k):<17}  "
                 f"last touch {ago(k.last_touch, now)}" for rung, (_, k) in zip(
                     rungs, rows, strict=True)]
        # names up to 32 cells, fewer if a line would pass 80 columns (never under 16)
        room = 80 - 2 - max(cell_len(t) for t in tails)
        width_n = min(max(cell_len(n) for n in names), max(16, min(32, room)))
        for name, tail in zip(names, tails, strict=True):
            if cell_len(name) > width_n:
                name = set_cell_size(name, width_n - 1) + "…"
            say(f"{set_cell_size(name, width_n)}  {tail}")
    if found.dates:
        if rows:
            say("")
        say(*(describe(k) for k in found.dates))
    return 0


def _notify(found) -> int:
    """``board due --notify``: one notification about today, or a line
    saying there is nothing today (and no notification)."""
    from board.core.reminders import notification
    from board.notify import NotifyError, notify

    shown = notification(found)
    if shown is None:
        say("Nobody is due today: no notification.")
        return 0
    title, body = safe(shown[0]), safe_block(shown[1])
    try:
        notify(title, body)
    except NotifyError as exc:
        say(f"board: {exc}", err=True)
        return EXIT_USAGE
    say(title)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from board import web  # textual-serve loads only here

    if not web.available():
        say(f"board: {web.INSTALL}", err=True)
        return EXIT_USAGE
    _may_create(args)  # (asked here, at the terminal: a tab cannot ask)
    db = None if args.demo else _db_path(args)
    return web.serve(args.host, args.port, args.url, db, args.config,
                     new=db is not None and not db.exists())


def cmd_stats(args: argparse.Namespace) -> int:
    from board.core.insights import compute

    if not 1 <= args.period <= 3650:
        raise CommandError("--period is a number of days from 1 to 3650")
    config = _config(args)
    board = _read_board(args, config)
    ins = compute(board, board.clock(), args.period, config.due_window_days,
                  config.warmth_half_life_days)
    if args.json:
        say_json(ins.to_json())
        return 0
    say(*ins.to_lines(board.ladder.label))
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    from board.core.duplicates import find_duplicates

    config = _config(args)
    board = _read_board(args, config)
    pairs = find_duplicates(board.contacts.values(), config.phone_region)
    if args.json:
        say_json([p.to_json() for p in pairs])
        return 0
    if not pairs:
        say("No likely duplicates.")
        return 0
    for p in pairs:
        a, b = board.contacts[p.a], board.contacts[p.b]
        say(f"{p.score:>3}  {a.name} ({a.id})  ·  {b.name} ({b.id})",
            f"     {'; '.join(p.reasons)}")
    say("", f"{len(pairs):,} pair{'s' if len(pairs) != 1 else ''}. "
        "board merge ID ID keeps the first and folds the second in.")
    return 0


def _merge_preview(board, plan) -> list[str]:
    from board.core.when import describe

    rows = plan.lines(board.ladder, lambda at: describe(at)[:-7])
    width = max(len(label) for label, _ in rows)
    return [f"  {label:<{width}}  {text}" for label, text in rows]


def cmd_merge(args: argparse.Namespace) -> int:
    from board.core.board import BoardError
    from board.core.duplicates import plan_merge

    config = _config(args)
    if args.dry_run:  # only reads: no lock, works while the app is open
        board = _read_board(args, config)
        try:
            plan = plan_merge(board, args.keep, args.drop)
        except BoardError as exc:
            raise CommandError(str(exc)) from None
        say(f"Would merge {plan.drop.name} into {plan.keep.name}:", *_merge_preview(board, plan))
        return 0
    session = Session.open(_existing_db(args), config)  # (refused while the app has it)
    saved = True  # False: the merge is dropped, not written by the close
    try:
        try:
            plan = session.board.merge(args.keep, args.drop)
        except BoardError as exc:
            raise CommandError(str(exc)) from None
        try:
            session.db.flush()
        except StoreError as exc:
            saved = False
            raise CommandError(f"{exc}. Nothing was merged.") from None
    finally:
        session.close(save=saved)
    say(f"Merged {plan.drop.name} into {plan.keep.name}:", *_merge_preview(session.board, plan))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from board.sync import SyncError, sync_session

    config = _config(args)
    path = _db_path(args)
    if not path.exists() and not getattr(args, "new", False):
        raise CommandError(f"{path}: no board here (no such file). On a second machine: "
                           f"board --db {path} sync --new --remote URL starts one from the "
                           "remote.")
    created = not path.exists()  # (--new: a second machine's first sync)
    # The lock is taken as for any change: while the app has this board
    # open, sync from the app (palette: Sync); this is refused.
    try:
        session = Session.open(path, config)
    except LockedError as exc:
        raise CommandError(f"{exc} (or sync from it: ctrl+p, Sync)") from None
    saved = True
    try:
        try:
            outcome, remote = sync_session(session, args.remote,
                                           progress=_sync_progress if sys.stderr.isatty()
                                           else None)
        except SyncError as exc:
            saved = False
            raise CommandError(f"sync: {exc}" + (
                "; no board was started" if created else "")) from None
        finally:
            if sys.stderr.isatty():
                sys.stderr.write("\r\x1b[K")
    finally:
        session.close(save=saved)
        if created and not saved:
            _unstart(path)
    say(outcome.summary(remote))
    say(*(f"  {line}" for line in outcome.conflict_lines(session.board.contacts)))
    return 0


def _unstart(path: Path) -> None:
    """Take away what a ``sync --new`` that failed started: the board it
    created and its sync folder (nothing was in them but the failure)."""
    import contextlib
    import shutil

    from board.store.journal import journal_path
    from board.sync import folder_for

    for leftover in (path, journal_path(path), Path(f"{path}.lock")):
        with contextlib.suppress(OSError):
            leftover.unlink()
    shutil.rmtree(folder_for(path), ignore_errors=True)


def _sync_progress(text: str) -> None:
    sys.stderr.write(f"\r{safe(text)}…\x1b[K")
    sys.stderr.flush()


COMMANDS = {
    None: cmd_open,
    "duplicates": cmd_duplicates,
    "merge": cmd_merge,
    "sync": cmd_sync,
    "export": cmd_export,
    "import": cmd_import,
    "due": cmd_due,
    "stats": cmd_stats,
    "serve": cmd_serve,
}


def _terminate(signum, frame):  # pragma: no cover - exercised by signal tests
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Until the app installs its own handlers, a SIGTERM/SIGHUP unwinds
    # normally (so open databases are flushed and unlocked).
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _terminate)
    try:
        return COMMANDS[args.command](args)
    except (CommandError, StoreError) as exc:
        say(f"board: {exc}", err=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `board export - | head`: not an error worth a traceback.
        _drop_stdout()
        return EXIT_ERROR
    except OSError as exc:  # a disk that refused where no command said it better
        where = exc.filename if exc.filename is not None else "a file"
        say(f"board: {os_error_message(exc, where)}", err=True)
        return EXIT_ERROR


def _drop_stdout() -> None:
    """Send what is left for stdout to /dev/null: it cannot take more (a
    closed pipe, a full disk), and Python's last flush must not fail too."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    raise SystemExit(main())
