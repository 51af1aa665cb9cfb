"""Bringing people in: a YAML backup, LinkedIn's Connections.csv and
Invitations.csv, vCards, Google and Outlook contacts (CSV).

Three steps, none of which knows about Textual (the CLI and the app are both
clients of this module):

1. :func:`read_import` reads and checks a whole file into a :class:`Parsed`
   (people, or a backup).  Nothing is written.  A file that cannot be used
   raises :class:`ImportFileError` with one clear line.
2. :func:`plan_import` matches what was read against the board and works out
   what would change: a :class:`Plan` holding the records to put in and the
   report (added, merged, skipped with reasons).  Still nothing written.
3. :func:`apply_plan` puts the plan in through :meth:`Board.restore`: one
   step (undoable in the app).

Matching an incoming person to someone already on the board tries, in
order: the same id (backups only), the same email, the same profile handle
(a LinkedIn URL, a GitHub name, ...), then the same name (ignoring extra
spaces) provided nothing contradicts it (different emails or different
LinkedIn profiles mean different people).  More than one candidate is never
guessed at: the person is skipped, with the reason.

Merging adds only what is new: empty fields are filled, handles and tags are
added, notes that are not already there are appended, a LinkedIn connection
date becomes a ``connected`` touch if the person has none.  Nothing on the
board is ever overwritten.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from msgspec.structs import replace

from board.core.board import Board, clean_name, clean_tags, is_email, is_phone, now_utc
from board.core.dates import day_from_iso, same_dates
from board.core.schema import Contact, Handle, Interaction, NamedDate, StageChange, new_id
from board.formats import FORMATS
from board.formats.backup import Backup, BackupError, load_backup
from board.fsutil import atomic_write_bytes, os_error_message
from board.store.database import StoreError

#: The formats ``board import`` reads, and the file name endings that say which
#: (``csv``: one of several CSV exports, told apart by the header row).
EXTENSIONS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".csv": "csv",
    ".vcf": "vcard",
    ".vcard": "vcard",
}
FORMAT_NAMES = {
    "yaml": "YAML backup",
    "linkedin": "LinkedIn connections",
    "linkedin-invitations": "LinkedIn invitations",
    "vcard": "vCard",
    "google": "Google Contacts",
    "outlook": "Outlook contacts",
}
#: The file kinds a CSV may be, for messages.
CSV_KINDS = ("LinkedIn's Connections.csv or Invitations.csv, a Google Contacts or Outlook "
             "contacts export")

#: ``progress(phase, done, total)``: called now and then while reading and
#: matching.  It may raise to abandon the import (nothing is written then).
Progress = Callable[[str, int, int], None]


class ImportFileError(ValueError):
    """A file that cannot be imported; the message is one line for the user."""


class BoardNotEmpty(ImportFileError):
    """A backup restore into a board that already has people on it."""


class Skip(NamedTuple):
    where: str  # "line 12", "card 3, line 40", "contact ab12cd34ef56"
    reason: str


@dataclass
class Person:
    """Someone read from a file (LinkedIn, vCard, Google or Outlook contacts),
    not yet on the board."""

    where: str
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str = ""
    position: str = ""
    city: str = ""
    dates: tuple[NamedDate, ...] = ()  # an anniversary (vCard ANNIVERSARY), ...
    notes: str = ""
    tags: tuple[str, ...] = ()
    handles: tuple[Handle, ...] = ()
    connected: datetime | None = None  # the first touch (kind "connected")
    connected_via: str = ""  # where we connected, e.g. "LinkedIn"
    birthday: str = ""  # "YYYY-MM-DD", or "--MM-DD" when the year is not known


@dataclass
class Parsed:
    """A whole file, read and checked."""

    format: str  # one of FORMATS
    source: str  # the file, for messages
    people: list[Person] = field(default_factory=list)
    backup: Backup | None = None
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: If set, people not already on the board are skipped with this reason
    #: instead of added (Invitations.csv: only the touch is wanted).
    skip_unknown: str = ""


@dataclass
class Merged:
    name: str  # the person on the board
    where: str  # the record in the file
    matched_by: str  # "id", "email", "profile", "name"
    added: tuple[str, ...]  # what the file added


@dataclass
class Plan:
    """What an import would do; :func:`apply_plan` does it."""

    source: str
    format: str
    mode: str  # "restore" (empty board), "merge" or "replace"
    contacts: dict[str, Contact] = field(default_factory=dict)
    interactions: dict[str, Interaction] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)  # names
    merged: list[Merged] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)  # people
    skipped_interactions: list[Skip] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    replaced: tuple[int, int] = (0, 0)  # people and interactions a replace removes

    @property
    def interactions_added(self) -> int:
        return len(self.interactions)

    @property
    def replace(self) -> bool:
        return self.mode == "replace"

    @property
    def description(self) -> str:
        return f"import {Path(self.source).name}"

    @property
    def changes_anything(self) -> bool:
        return bool(self.contacts or self.interactions or self.replace)

    def summary(self) -> str:
        """One line: what was added, merged and skipped."""
        n = len
        if self.mode in ("restore", "replace"):
            text = (f"{n(self.added):,} people and {self.interactions_added:,} interactions "
                    "restored")
            if self.mode == "replace":
                text += (f", replacing {self.replaced[0]:,} people and "
                         f"{self.replaced[1]:,} interactions")
            return text
        text = (
            f"{n(self.added):,} added, {n(self.merged):,} merged, {n(self.skipped):,} skipped"
        )
        if self.interactions_added or self.skipped_interactions:
            text += f"; interactions: {self.interactions_added:,} added"
            if self.skipped_interactions:
                text += f", {n(self.skipped_interactions):,} skipped"
        return text

    def details(self, limit: int = 10) -> list[str]:
        """The report under the summary: merges, then skips grouped by reason."""
        lines: list[str] = []
        for m in self.merged[:limit]:
            added = ", ".join(m.added)
            lines.append(f"merged {m.name} ({m.where}, matched by {m.matched_by}): "
                         f"added {added}")
        if len(self.merged) > limit:
            lines.append(f"merged {len(self.merged) - limit:,} more")
        for label, skips in (("skipped", self.skipped),
                             ("skipped interactions", self.skipped_interactions)):
            groups: dict[str, list[str]] = defaultdict(list)
            for skip in skips:
                groups[skip.reason].append(skip.where)
            for reason, wheres in groups.items():
                shown = "; ".join(wheres[:5]) + ("; …" if len(wheres) > 5 else "")
                count = f"{len(wheres):,} " if len(wheres) > 1 else ""
                lines.append(f"{label}: {count}{reason} ({shown})")
        lines.extend(self.warnings)
        return lines


# ------------------------------------------------------------------ reading


def detect_format(path: Path, text: str = "", explicit: str | None = None) -> str:
    """The format to read ``path`` as: ``explicit``, else by extension, else by a
    look at its first lines (a ``.csv`` always by its header row)."""
    from board.formats.csvfile import sniff

    if explicit:
        if explicit not in FORMATS:
            raise ImportFileError(f"unknown format {explicit!r}; use one of {', '.join(FORMATS)}")
        return explicit
    by_ext = EXTENSIONS.get(path.suffix.lower())
    if by_ext and by_ext != "csv":
        return by_ext
    head = text[:4096]  # decoded with utf-8-sig: no BOM left
    if by_ext is None and head.lstrip().upper().startswith("BEGIN:VCARD"):
        return "vcard"
    if by_ext is None and "format: board-backup" in head:
        return "yaml"
    fmt = sniff(text)
    if fmt:
        return fmt
    if by_ext == "csv":
        raise ImportFileError(
            f"{path}: its header row is not that of {CSV_KINDS}; if it is one, name it "
            "with --format"
        )
    raise ImportFileError(
        f"{path}: cannot tell what kind of file this is; use --format {', '.join(FORMATS)}"
    )


def read_bytes(path: Path) -> bytes:
    """A whole file, or one clear line about why not."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot be read ({exc.strerror})") from None


def _not_utf8(path: Path, data: bytes, exc: UnicodeDecodeError) -> ImportFileError:
    line = data[: exc.start].count(b"\n") + 1
    return ImportFileError(f"{path}, line {line}: is not UTF-8 text")


#: A character only UTF-8 could have given (not ASCII, not a bad byte's U+FFFD).
_UTF8_TEXT = re.compile(r"[^\x00-\x7f\ufffd]")


def decode(path: Path, data: bytes, windows: bool = False) -> tuple[str, str]:
    """The text of a file and, if it was not UTF-8, a note saying how it was read.

    UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as such.
    With ``windows`` (a CSV: Outlook, and Excel re-saving any CSV, write the
    Windows code page), a file that is not UTF-8 is read as Windows-1252,
    unless it holds UTF-8 sequences too (a damaged UTF-8 file, refused with
    the line of the first bad byte) or NUL bytes (not text)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            raise ImportFileError(f"{path}: is not UTF-16 text, though it starts as if it "
                                  "were") from None
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        problem = _not_utf8(path, data, exc)
    if not windows or b"\x00" in data:
        raise problem
    if _UTF8_TEXT.search(data.decode("utf-8", "replace")):
        raise problem  # mostly UTF-8, with a bad byte or two
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"{path}, line {line}: is neither UTF-8 nor Windows-1252 text") from None
    return text, f"{path}: not UTF-8; read as Windows-1252 (as Outlook and Excel save CSV files)"


def read_text(path: Path) -> str:
    """A whole UTF-8 text file, or one clear line about why not."""
    return decode(path, read_bytes(path))[0]


def read_import(
    path: Path | str, fmt: str | None = None, progress: Progress | None = None,
    capture: Any = None,
) -> Parsed:
    """Read and check a whole file to import (nothing is written).

    A calendar, mail or LinkedIn messages file is read by
    :mod:`board.formats.capture` (with ``capture``, its CaptureOptions)."""
    from board.formats.capture import CAPTURE_FORMATS, CaptureOptions, read_capture, sniff
    from board.formats.csvfile import CSV_FORMATS

    path = Path(path).expanduser()
    kind = fmt if fmt in CAPTURE_FORMATS else None if fmt else sniff(path)
    if kind is not None:
        return read_capture(path, kind, capture or CaptureOptions(), progress)
    data = read_bytes(path)
    maybe_csv = fmt in CSV_FORMATS if fmt else EXTENSIONS.get(path.suffix.lower()) in (
        "csv", None)
    text, note = decode(path, data, windows=maybe_csv)
    fmt = detect_format(path, text, fmt)
    if note and fmt not in CSV_FORMATS:
        decode(path, data)  # raises: only a CSV may be in the Windows code page
    parsed = _read(path, text, fmt, progress)
    if note:
        parsed.warnings.insert(0, note)
    return parsed


def _read(path: Path, text: str, fmt: str, progress: Progress | None) -> Parsed:
    source = str(path)
    if fmt == "yaml":
        if progress:
            progress("reading", 0, 1)
        try:
            backup = load_backup(text, source)
        except BackupError as exc:
            raise ImportFileError(str(exc)) from None
        return Parsed("yaml", source, backup=backup)
    if fmt == "linkedin":
        from board.formats.linkedin import read_connections

        return read_connections(text, source, progress)
    if fmt == "linkedin-invitations":
        from board.formats.linkedin import read_invitations

        return read_invitations(text, source, progress)
    if fmt in ("google", "outlook"):
        from board.formats.contacts_csv import read_contacts_csv

        return read_contacts_csv(text, source, fmt, progress)
    from board.formats.vcard import read_vcards

    return read_vcards(text, source, progress)


# ------------------------------------------------------------------ matching


def name_key(name: str) -> str:
    """A name for matching: Unicode-normalised, extra spaces ignored."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def email_key(email: str) -> str:
    return email.strip().casefold()


#: Handle platforms that identify a person (a phone or a web site may be shared).
_NOT_IDENTITY = {"", "phone", "web", "email"}


def handle_key(h: Handle) -> tuple[str, str]:
    return h.platform.strip().lower(), h.handle.strip().lstrip("@").rstrip("/").casefold()


def _emails(c: Contact) -> set[str]:
    out = {email_key(h.handle) for h in c.handles if h.platform == "email"}
    if c.email:
        out.add(email_key(c.email))
    out.discard("")
    return out


def _profiles(c: Contact) -> set[tuple[str, str]]:
    return {handle_key(h) for h in c.handles if h.platform.lower() not in _NOT_IDENTITY}


def _linkedin(c: Contact) -> set[str]:
    return {k for p, k in _profiles(c) if p == "linkedin"}


def _name_bucket(c: Contact) -> tuple[str, bool, bool]:
    """Name, has an email, has a LinkedIn profile."""
    return name_key(c.name), bool(_emails(c)), bool(_linkedin(c))


class _Matcher:
    """Who is already there (on the board, or earlier in the same file).

    The indexes by email, profile and name are made when first needed: a
    backup merged into the board it came from matches everyone by id."""

    def __init__(self, contacts: Iterable[Contact]):
        self.contacts: dict[str, Contact] = {c.id: c for c in contacts}
        self.indexed = False
        self.by_email: dict[str, set[str]] = defaultdict(set)
        self.by_profile: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_name: dict[tuple[str, bool, bool], set[str]] = defaultdict(set)

    def _index(self) -> None:
        self.indexed = True
        for c in self.contacts.values():
            self._index_one(c)

    def add(self, c: Contact) -> None:
        old = self.contacts.get(c.id)
        self.contacts[c.id] = c
        if not self.indexed:
            return
        if old is not None:
            for e in _emails(old):
                self.by_email[e].discard(old.id)
            for p in _profiles(old):
                self.by_profile[p].discard(old.id)
            self.by_name[_name_bucket(old)].discard(old.id)
        self._index_one(c)

    def _index_one(self, c: Contact) -> None:
        for e in _emails(c):
            self.by_email[e].add(c.id)
        for p in _profiles(c):
            self.by_profile[p].add(c.id)
        self.by_name[_name_bucket(c)].add(c.id)

    def _same_name(self, c: Contact) -> list[str]:
        """People with the same name whom nothing tells apart from ``c``.

        Called only once no email or profile matched, so none shares one with
        ``c``: two people who both have an email (or both a LinkedIn profile)
        are then different people.
        """
        name, has_email, has_linkedin = _name_bucket(c)
        found: list[str] = []
        for email in (False,) if has_email else (False, True):
            for linkedin in (False,) if has_linkedin else (False, True):
                found += self.by_name.get((name, email, linkedin), ())
                if len(found) > 1:
                    return found
        return found

    def match(self, c: Contact, by_id: bool) -> tuple[str | None, str, str]:
        """(board id, matched by, why not): an id, or None with a reason if
        the match is ambiguous, or None and "" if the person is new."""
        if by_id and c.id in self.contacts:
            return c.id, "id", ""
        if not self.indexed:
            self._index()
        for what, index, keys in (
            ("email", self.by_email, _emails(c)),
            ("profile", self.by_profile, _profiles(c)),
        ):
            found: set[str] = set()
            for key in keys:
                found |= index.get(key, set())
            if len(found) == 1:
                return next(iter(found)), what, ""
            if found:
                return None, what, f"its {what} matches {len(found)} people already there"
        same = self._same_name(c)
        if len(same) == 1:
            return same[0], "name", ""
        if same:
            return None, "name", f"several people already there are named {c.name!r}"
        return None, "", ""


def _append_text(old: str, new: str) -> str | None:
    """``old`` with ``new`` added, or None if there is nothing new."""
    if not new.strip() or new.strip() in old:
        return None
    return f"{old}\n\n{new}" if old.strip() else new


def merge_contact(old: Contact, new: Contact) -> tuple[Contact, list[str]]:
    """``old`` with what ``new`` adds (never overwriting), and what that was."""
    if new == old:
        return old, []  # (the same person, as a backup of the board itself holds)
    changes: dict[str, Any] = {}
    added: list[str] = []
    for name in ("email", "phone", "company", "position", "city", "how_we_met",
                 "introduced_by"):
        if getattr(new, name) and not getattr(old, name):
            changes[name] = getattr(new, name)
            added.append(name.replace("_", " "))
    handles = list(old.handles)
    seen = {handle_key(h) for h in handles}
    seen |= {("email", e) for e in _emails(old)}
    if old.phone:
        seen.add(("phone", old.phone.strip().casefold()))
    extra = list(new.handles)
    if new.email and old.email:
        extra.append(Handle("email", new.email))
    if new.phone and old.phone:
        extra.append(Handle("phone", new.phone))
    for h in extra:
        key = handle_key(h)
        if key not in seen:
            seen.add(key)
            handles.append(h)
            added.append(f"{h.platform or 'handle'} {h.handle}")
    if len(handles) != len(old.handles):
        changes["handles"] = tuple(handles)
    folded = {t.casefold() for t in old.tags}
    tags = old.tags + tuple(t for t in new.tags if t.casefold() not in folded)
    if tags != old.tags:
        changes["tags"] = tags
        added.append("tags")
    for name in ("notes", "help"):
        text = _append_text(getattr(old, name), getattr(new, name))
        if text is not None:
            changes[name] = text
            added.append(name)
    if new.advocate and not old.advocate:
        changes["advocate"] = True
        added.append("advocate")
    if new.cadence_days is not None and old.cadence_days is None and not old.no_cadence:
        changes["cadence_days"] = new.cadence_days
        added.append("cadence")
    if new.snoozed_until is not None and old.snoozed_until is None:
        changes["snoozed_until"] = new.snoozed_until
        added.append("snooze")
    if new.birthday and not old.birthday:
        changes["birthday"] = new.birthday
        added.append("birthday")
    dates = same_dates(old.dates, new.dates)
    if dates != old.dates:
        changes["dates"] = dates
        added.append("dates")
    return (replace(old, **changes) if changes else old), added


# ------------------------------------------------------------------ planning


def ticker(progress: Progress | None, phase: str, total: int) -> Callable[[int], None]:
    if progress is None:
        return lambda done: None
    step = max(1, total // 200)

    def tick(done: int) -> None:
        if done % step == 0 or done == total:
            progress(phase, done, total)

    tick(0)
    return tick


def _rung_warnings(board: Board, contacts: Iterable[Contact]) -> list[str]:
    unknown: dict[str, int] = defaultdict(int)
    for c in contacts:
        if c.rung not in board.ladder:
            unknown[c.rung] += 1
    if not unknown:
        return []
    names = ", ".join(f"{k} ({n:,})" for k, n in sorted(unknown.items()))
    return [f"note: some people are on rungs your ladder does not have: {names}; they show "
            f"on the first rung until the ladder has them again"]


def plan_import(
    board: Board | Any,
    parsed: Parsed,
    mode: str | None = None,
    progress: Progress | None = None,
) -> Plan:
    """What importing ``parsed`` into ``board`` would do (nothing is written).

    ``board`` is only read (its ladder, clock, contacts and interactions), so
    a snapshot of them will do for planning in another thread.

    ``mode``: for a backup, None restores into an empty board only,
    ``"merge"`` adds what is new, ``"replace"`` replaces everything.  People
    from other files (LinkedIn, vCard, Google, Outlook) are always merged in.
    """
    if mode not in (None, "merge", "replace"):
        raise ValueError(f"unknown import mode {mode!r}")
    from board.formats.capture import Captured, plan_capture

    if isinstance(parsed, Captured):
        if mode == "replace":
            raise ImportFileError(f"{parsed.source}: replace is only for YAML backups; "
                                  "touches from a file are added to the board")
        return plan_capture(board, parsed, progress)
    empty = not board.contacts and not board.interactions
    if parsed.backup is None:
        if mode == "replace":
            raise ImportFileError(
                f"{parsed.source}: replace is only for YAML backups; people from a "
                f"{FORMAT_NAMES[parsed.format]} file are added to the board"
            )
        return _plan_people(board, parsed, progress, board.clock)
    if mode == "replace" or (empty and mode in (None, "merge")):
        plan = _plan_restore(board, parsed, "replace" if mode == "replace" else "restore")
        plan.replaced = (len(board.contacts), len(board.interactions))
        return plan
    if mode is None:
        n = len(board.contacts)
        raise BoardNotEmpty(
            f"the board already holds {n:,} {'person' if n == 1 else 'people'}; add --merge "
            "to add what is new, or --replace to replace it (a copy of the database is kept)"
        )
    return _plan_merge_backup(board, parsed, progress)


def _plan_restore(board: Board, parsed: Parsed, mode: str) -> Plan:
    backup = parsed.backup
    assert backup is not None
    plan = Plan(parsed.source, parsed.format, mode)
    plan.contacts = {c.id: c for c in backup.contacts}
    plan.interactions = {i.id: i for i in backup.interactions}
    plan.added = [c.name for c in backup.contacts]
    plan.warnings = _rung_warnings(board, backup.contacts)
    return plan


def _signature(i: Interaction) -> tuple:
    return (i.kind, i.at, frozenset(i.people), i.connector, i.direction)


def _plan_merge_backup(board: Board, parsed: Parsed, progress: Progress | None) -> Plan:
    backup = parsed.backup
    assert backup is not None
    plan = Plan(parsed.source, parsed.format, "merge")
    matcher = _Matcher(board.contacts.values())
    idmap: dict[str, str] = {}  # id in the file -> id on the board
    origin: dict[str, str] = {}  # board id of someone added -> where in the file
    intro_from_file: set[str] = set()
    tick = ticker(progress, "matching", len(backup.contacts) + len(backup.interactions))
    done = 0
    for c in backup.contacts:
        where = f"contact {c.id}"
        target, how, problem = matcher.match(c, by_id=True)
        if target is None and problem:
            plan.skipped.append(Skip(where, f"{c.name}: not merged, {problem}"))
        elif target is None:
            plan.contacts[c.id] = c
            matcher.add(c)
            plan.added.append(c.name)
            idmap[c.id] = c.id
            origin[c.id] = where
            if c.introduced_by:
                intro_from_file.add(c.id)
        else:
            idmap[c.id] = target
            before = matcher.contacts[target]
            after, added = merge_contact(before, c)
            if added:
                plan.contacts[target] = after
                matcher.add(after)
                if "introduced by" in added:
                    intro_from_file.add(target)
                if target in origin:
                    added = [f"(same person as {origin[target]})", *added]
                plan.merged.append(Merged(after.name, where, how, tuple(added)))
            else:
                again = f"same person as {origin[target]}" if target in origin else (
                    "already on the board")
                plan.skipped.append(Skip(where, f"{again}, nothing new"))
        done += 1
        tick(done)
    for cid in intro_from_file:
        c = plan.contacts[cid]
        mapped = idmap.get(c.introduced_by, c.introduced_by)
        if mapped != c.introduced_by:
            plan.contacts[cid] = replace(c, introduced_by=mapped)

    names = {c.id: c.name for c in backup.contacts}
    on_board = board.interactions
    signatures: set[tuple] | None = None  # (made when first needed)
    for i in backup.interactions:
        where = f"interaction {i.id}"
        done += 1
        tick(done)
        if i.id in on_board:
            plan.skipped_interactions.append(Skip(where, "already on the board"))
            continue
        missing = [p for p in Board.involved(i) if p not in idmap]
        if missing:
            who = ", ".join(names.get(p, p) for p in missing)
            plan.skipped_interactions.append(Skip(where, f"involves {who}, who was skipped"))
            continue
        people = tuple(dict.fromkeys(idmap[p] for p in i.people))
        connector = idmap[i.connector] if i.connector else ""
        if (i.direction == "given" and len(people) < 2) or (connector and connector in people):
            plan.skipped_interactions.append(
                Skip(where, "its people turned out to be the same person on the board"))
            continue
        mapped = replace(i, people=people, connector=connector)
        signature = _signature(mapped)
        if signatures is None:
            signatures = {_signature(i) for i in on_board.values()}
        if signature in signatures:
            plan.skipped_interactions.append(Skip(where, "already on the board"))
            continue
        signatures.add(signature)
        plan.interactions[i.id] = mapped
    plan.warnings = _rung_warnings(board, [plan.contacts[cid] for cid in origin])
    return plan


def person_to_contact(p: Person, rung: str, now: datetime) -> Contact:
    """A new contact (fresh id, on ``rung``) from someone read from a file.

    The board's own field rules apply (as for a contact typed in), so the
    person can be edited afterwards; an address or number they refuse is
    kept as a handle rather than lost."""
    emails = [e for e in dict.fromkeys(p.emails) if is_email(e)]
    phones = [t for t in dict.fromkeys(p.phones) if is_phone(t)]
    handles = list(p.handles)
    handles += [Handle("email", e) for e in dict.fromkeys(p.emails) if e not in emails[:1]]
    handles += [Handle("phone", t) for t in dict.fromkeys(p.phones) if t not in phones[:1]]
    created = min(p.connected, now) if p.connected else now
    return Contact(
        id=new_id(),
        name=clean_name(p.name),
        rung=rung,
        created=created,
        history=(StageChange(rung, created),),
        handles=tuple(dict.fromkeys(handles)),
        email=emails[0] if emails else "",
        phone=phones[0] if phones else "",
        company=p.company,
        position=p.position,
        city=p.city,
        notes=p.notes,
        tags=clean_tags(p.tags),
        birthday=day_from_iso(p.birthday),
        dates=same_dates((), p.dates),
    )


def _plan_people(
    board: Board, parsed: Parsed, progress: Progress | None, clock: Callable[[], datetime]
) -> Plan:
    plan = Plan(parsed.source, parsed.format, "merge")
    plan.skipped = list(parsed.skipped)
    plan.warnings = list(parsed.warnings)
    matcher = _Matcher(board.contacts.values())
    connected = {
        p for i in board.interactions.values() if i.kind == "connected" for p in i.people
    }
    origin: dict[str, str] = {}
    rung = board.ladder.first.key
    now = clock()
    tick = ticker(progress, "matching", len(parsed.people))
    for n, person in enumerate(parsed.people, 1):
        incoming = person_to_contact(person, rung, now)
        target, how, problem = matcher.match(incoming, by_id=False)
        if target is None and problem:
            plan.skipped.append(Skip(person.where, f"{person.name}: not merged, {problem}"))
            tick(n)
            continue
        if target is None and parsed.skip_unknown:
            plan.skipped.append(Skip(f"{person.where} ({person.name})", parsed.skip_unknown))
            tick(n)
            continue
        if target is None:
            target = incoming.id
            plan.contacts[target] = incoming
            matcher.add(incoming)
            plan.added.append(incoming.name)
            origin[target] = person.where
            added: list[str] = []
        else:
            after, added = merge_contact(matcher.contacts[target], incoming)
            if added:
                plan.contacts[target] = after
                matcher.add(after)
        if person.connected is not None and target not in connected:
            connected.add(target)
            touch = Interaction(id=new_id(), kind="connected", at=person.connected,
                                people=(target,), place=person.connected_via)
            plan.interactions[touch.id] = touch
            if how:
                added.append("connected touch")
        if how and added:
            if target in origin:
                added = [f"(same person as {origin[target]})", *added]
            plan.merged.append(
                Merged(matcher.contacts[target].name, person.where, how, tuple(added)))
        elif how:
            again = f"same person as {origin[target]}" if target in origin else (
                "already on the board")
            plan.skipped.append(Skip(person.where, f"{again}, nothing new"))
        tick(n)
    return plan


# ------------------------------------------------------------------ applying


def apply_plan(board: Board, plan: Plan, undoable: bool = True) -> None:
    """Put the plan in: one step through the board's write path."""
    if not plan.changes_anything:
        return
    board.restore(
        plan.contacts.values(),
        plan.interactions.values(),
        plan.description,
        undoable=undoable,
        replace=plan.replace,
    )


def keep_copy(db: Any) -> Path:
    """Save a copy of the database file beside it (before a replace); returns
    where.  ``db`` is the open store (``path`` and ``flush()``).  A disk that
    refuses raises StoreError (the file, why, what to do)."""
    db.flush()
    path = Path(db.path)
    stamp = f"{now_utc().astimezone():%Y-%m-%d-%H%M%S}"
    target = path.with_name(f"{path.stem}.before-import-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.before-import-{stamp}-{n}{path.suffix}")
    doing, where = "read", path
    try:
        data = path.read_bytes()
        doing, where = "written", target
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise StoreError(f"{os_error_message(exc, where, doing)}. Nothing was imported.") \
            from None
    return target


__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "BoardNotEmpty",
    "ImportFileError",
    "Merged",
    "Parsed",
    "Person",
    "Plan",
    "Skip",
    "apply_plan",
    "detect_format",
    "keep_copy",
    "merge_contact",
    "person_to_contact",
    "plan_import",
    "read_import",
]
