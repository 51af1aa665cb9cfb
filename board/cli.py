"""The ``board`` command: open the board, export, import, due.

Errors are one clear line on stderr and a non-zero exit; nothing is written.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from board import __version__
from board.config import Config, ConfigError, default_db_path, load_config
from board.formats.yaml_backup import BackupError, dump_backup, load_backup
from board.session import Session
from board.store.database import StoreError
from board.store.storage import atomic_write_bytes

EXIT_ERROR = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A failure to report as one line on stderr."""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        help="database file (default: $BOARD_DB or the user data dir)",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        type=Path,
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
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("export", help="write a complete YAML backup")
    p.add_argument("file", nargs="?", default="-", help="backup file, or - for stdout")
    _common(p)

    p = sub.add_parser("import", help="restore a YAML backup into an empty board")
    p.add_argument("file", help="the backup file")
    _common(p)
    return parser


def _config(args: argparse.Namespace) -> Config:
    try:
        return load_config(args.config)
    except ConfigError as exc:  # only a broken shipped default can get here
        raise CommandError(f"config: {exc}") from None


def _db_path(args: argparse.Namespace) -> Path:
    return args.db.expanduser() if args.db else default_db_path()


def cmd_open(args: argparse.Namespace) -> int:
    from board.ui.app import BoardApp  # the UI loads only when needed

    config = _config(args)
    session = Session.open_demo(config) if args.demo else Session.open(_db_path(args), config)
    try:
        BoardApp(session, theme=config.theme).run()
    finally:
        session.close()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    config = _config(args)
    session = Session.open(_db_path(args), config, background=False)
    try:
        board = session.board
        text = dump_backup(board.ladder, board.contacts.values(), board.interactions.values())
    finally:
        session.close()
    if args.file == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        target = Path(args.file).expanduser()
        if target.is_dir():
            raise CommandError(f"{target} is a folder; give a file name")
        try:
            atomic_write_bytes(target, text.encode("utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot write {target}: {exc.strerror}") from None
        n, m = len(board.contacts), len(board.interactions)
        print(f"Exported {n} contacts and {m} interactions to {target}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.file).expanduser()
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{source}: no such file") from None
    except UnicodeDecodeError:
        raise CommandError(f"{source}: is not UTF-8 text") from None
    except OSError as exc:
        raise CommandError(f"{source}: cannot be read ({exc.strerror})") from None
    try:
        backup = load_backup(text, str(source))
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    config = _config(args)
    session = Session.open(_db_path(args), config, background=False)
    try:
        board = session.board
        if board.contacts or board.interactions:
            raise CommandError(
                f"{session.path} is not empty; importing into a non-empty board is not "
                "supported yet"
            )
        board.restore(backup.contacts, backup.interactions, undoable=False)
        session.db.flush()
    finally:
        session.close()
    print(
        f"Imported {len(backup.contacts)} contacts and {len(backup.interactions)} "
        f"interactions into {session.path}",
        file=sys.stderr,
    )
    return 0


COMMANDS = {None: cmd_open, "export": cmd_export, "import": cmd_import}


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
        print(f"board: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `board export - | head`: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
