"""Capturing touches people already have on file: a calendar (``.ics``),
mail (an mbox file or a Maildir folder) and LinkedIn's ``messages.csv``.

The same three steps as every import (:mod:`board.formats.importing`):

1. a reader (:mod:`~board.formats.ics`, :mod:`~board.formats.mail`,
   :mod:`~board.formats.linkedin_messages`) reads the whole file into a
   :class:`Captured`: one :class:`Touch` per event, mail or conversation-day,
   with the people on it as the file names them (:class:`Who`).  A file that
   cannot be read raises ``ImportFileError`` (one line: the file, the line or
   record, the problem); a record that cannot be read is skipped with its
   line.  Nothing is written.
2. :func:`plan_capture` matches those people against the board and works out
   the interactions to add: a :class:`CapturePlan` (the records, and the
   summary: touches per kind, people touched, what was skipped and why).
3. ``importing.apply_plan`` puts it in through ``Board.restore``: one step,
   one undo in the app.

The rules every capture shares, here once:

* **Matching** a person on a touch to someone on the board: the same email
  (case-insensitive; the contact's email or any ``email:`` handle), then the
  same LinkedIn profile (the ``linkedin:`` handle), then the same name
  (Unicode-normalised, extra spaces ignored) when exactly one person on the
  board has it.  The user themselves (``me.emails``, or as inferred) is never
  one of the people on a touch.
* **Nothing twice**: each touch has a stable key (``source``: the event's UID
  and recurrence, the mail's Message-ID, the conversation and day), so
  importing the same file again adds nothing; and a touch already logged by
  hand (no ``source``) with the same people within the hour, by the same
  channel (:func:`same_channel`), is not logged again.
* **Unknown people** are not added unless ``add_unknown`` (``--add-unknown``):
  then they land on the first rung.  The summary counts them; the details
  list them (``-v``).
* **Limits**: ``since`` drops what is older; a touch with more than
  ``max_attendees`` people is a crowd, skipped; a touch in the future is
  skipped.
* **Privacy**: bodies are not read into notes unless ``with_content``, and
  then only their first :data:`CONTENT_CHARS` characters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from msgspec.structs import replace

from board.core.board import Board, clean_name, is_email
from board.core.schema import Contact, Handle, Interaction, StageChange, new_id
from board.formats.importing import (
    ImportFileError,
    Parsed,
    Plan,
    Progress,
    Skip,
    email_key,
    handle_key,
    name_key,
    ticker,
)

#: The capture formats, what each reads, and the word for one of its records.
CAPTURE_FORMATS = {
    "ics": ("iCalendar", "event"),
    "mbox": ("mbox mail", "message"),
    "maildir": ("Maildir mail", "message"),
    "linkedin-messages": ("LinkedIn messages", "conversation"),
}
#: With ``--with-content``, how much of a body goes into the notes.
CONTENT_CHARS = 500
#: A hand-logged touch this close to a captured one (same people, same
#: channel) is the same touch.
SAME_TOUCH = timedelta(hours=1)
_PLURALS = {"touch": "touches", "person": "people"}
#: Kinds that are a time spent together (a calendar event is one of them).
_TOGETHER = frozenset({"meeting", "call", "coffee"})


@dataclass
class CaptureOptions:
    """What the user asked for (the command line, the config)."""

    since: datetime | None = None
    with_content: bool = False
    add_unknown: bool = False
    max_attendees: int = 20
    me_emails: tuple[str, ...] = ()


def options_from(config, **values) -> CaptureOptions:
    """The options for a capture: the config's, and what the user asked."""
    return CaptureOptions(max_attendees=config.capture_max_attendees,
                          me_emails=config.me_emails, **values)


@dataclass(frozen=True)
class Who:
    """Someone on a touch, as the file names them."""

    email: str = ""  # as written; matched case-insensitively
    name: str = ""
    profile: str = ""  # a LinkedIn profile handle (``ada-lovelace``)

    @property
    def key(self) -> str:
        """Who this is, for counting the unknown once each."""
        if self.email:
            return "email:" + email_key(self.email)
        if self.profile:
            return "linkedin:" + self.profile.casefold()
        return "name:" + name_key(self.name).casefold()

    @property
    def label(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or self.profile


@dataclass
class Touch:
    """One touch read from a file, not yet matched to the board."""

    where: str  # "event 3 (line 40)", "message 12", "line 7"
    source: str  # the stable key
    kind: str
    at: datetime
    people: list[Who]  # everyone on it the file names (the user too, maybe)
    title: str = ""
    place: str = ""
    duration_min: int | None = None
    notes: str = ""
    sender: Who | None = None  # who wrote it (mail, messages): the direction
    #: set by the reader when it knows (LinkedIn: who wrote first that day)
    direction: str = ""
    #: people who declined (an event): never on the touch; the user declining
    #: skips the whole event
    declined: tuple[Who, ...] = ()
    #: the title as the file has it, to be made text only if the touch is
    #: logged (a mail's RFC 2047 subject: decoding 100,000 costs seconds)
    title_decoder: Callable[[str], str] | None = None


@dataclass
class Captured(Parsed):
    """A whole capture file, read and checked: its touches and what was not
    a touch (skipped with the reason, as the reader saw it)."""

    touches: list[Touch] = field(default_factory=list)
    options: CaptureOptions = field(default_factory=CaptureOptions)
    #: how often each address (or LinkedIn sender) appears: the user is the
    #: one on most records when ``me.emails`` is not set
    seen: Counter[str] = field(default_factory=Counter)
    records: int = 0  # how many records the file had


def read_capture(path: Path, fmt: str, options: CaptureOptions,
                 progress: Progress | None = None) -> Captured:
    """Read a capture file of format ``fmt`` (one of CAPTURE_FORMATS)."""
    if fmt == "ics":
        from board.formats.ics import read_ics

        return read_ics(path, options, progress)
    if fmt in ("mbox", "maildir"):
        from board.formats.mail import read_mail

        return read_mail(path, fmt, options, progress)
    from board.formats.linkedin_messages import read_messages

    return read_messages(path, options, progress)


def sniff(path: Path) -> str | None:
    """The capture format a file or folder holds by its name and its first
    bytes, or None if it is none of them (then the other readers look)."""
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new")):
            return "maildir"
        return None
    suffix = path.suffix.lower()
    if suffix in (".ics", ".ical", ".icalendar"):
        return "ics"
    if suffix in (".mbox", ".mbx"):
        return "mbox"
    try:
        with path.open("rb") as f:
            head = f.read(8192)
    except OSError:
        return None  # (the reader that opens it says why)
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.lstrip()[:15].upper() == b"BEGIN:VCALENDAR":
        return "ics"
    if head.startswith(b"From "):
        return "mbox"
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace").casefold()
    if "conversation id" in first and "from" in first and "date" in first:
        return "linkedin-messages"
    return None


# ------------------------------------------------------------------ matching


class People:
    """The board's people by email, LinkedIn profile and name."""

    def __init__(self, contacts: Iterable[Contact]):
        self.by_email: dict[str, set[str]] = defaultdict(set)
        self.by_profile: dict[str, set[str]] = defaultdict(set)
        self.by_name: dict[str, set[str]] = defaultdict(set)
        for c in contacts:
            self.add(c)

    def add(self, c: Contact) -> None:
        if c.email:
            self.by_email[email_key(c.email)].add(c.id)
        for h in c.handles:
            platform, key = handle_key(h)
            if platform == "email":
                self.by_email[key].add(c.id)
            elif platform == "linkedin":
                self.by_profile[key].add(c.id)
        self.by_name[name_key(c.name).casefold()].add(c.id)

    def match(self, who: Who) -> tuple[str | None, str]:
        """(contact id, "") or (None, why not: "" when simply unknown)."""
        for key, index in ((email_key(who.email), self.by_email),
                           (handle_key(Handle("linkedin", who.profile))[1] if who.profile
                            else "", self.by_profile)):
            if key:
                found = index.get(key)
                if found and len(found) == 1:
                    return next(iter(found)), ""
                if found:
                    return None, f"{who.label} matches {len(found)} people on the board"
        if who.name:
            found = self.by_name.get(name_key(who.name).casefold())
            if found and len(found) == 1:
                return next(iter(found)), ""
            if found:
                return None, f"several people on the board are named {who.name!r}"
        return None, ""


def same_channel(a: str, b: str) -> bool:
    """Whether two kinds may be the same touch: the same kind, or both time
    spent together (a calendar's meeting is the coffee logged by hand)."""
    return a == b or (a in _TOGETHER and b in _TOGETHER)


def who_of(key: str) -> Who:
    """The :class:`Who` a key (``Who.key``, or a bare address) stands for."""
    kind, _, value = key.partition(":")
    if kind == "linkedin":
        return Who(profile=value)
    if kind == "name":
        return Who(name=value)
    return Who(email=key if "@" in key else value)


def infer_me(seen: Counter[str], people: People | None = None) -> tuple[str, ...]:
    """The user's own address (or LinkedIn self), when ``me.emails`` does not
    say: the one on most records of those that are not someone on the board
    (you are not on your own board), if it is on at least two records and on
    at least half as many as the most frequent address of all.  Else nobody
    (then no one is taken for the user)."""
    if not seen:
        return ()
    ranked = seen.most_common()
    top = ranked[0][1]
    for key, count in ranked:
        if count < 2 or count * 2 < top:
            break
        if people is None or people.match(who_of(key))[0] is None:
            return (key,)
    return ()


# ------------------------------------------------------------------ planning


@dataclass
class CapturePlan(Plan):
    """What a capture would log; ``importing.apply_plan`` puts it in."""

    record_word: str = "record"
    records: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    people_touched: set[str] = field(default_factory=set)
    #: unknown person key -> (label, how many records)
    unknown: dict[str, list] = field(default_factory=dict)
    unknown_records: int = 0  # records with at least one unknown person
    #: people on a touch who match several on the board (left off it)
    ambiguous: dict[str, list] = field(default_factory=dict)
    me: tuple[str, ...] = ()
    me_inferred: bool = False
    kind_labels: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def _plural(n: int, word: str) -> str:
        return f"{n:,} {word if n == 1 else _PLURALS.get(word, word + 's')}"

    def summary(self) -> str:
        """One line: touches per kind, people touched, what was skipped."""
        total = sum(self.kinds.values())
        per_kind = ", ".join(f"{self.kind_labels.get(k, k).lower()}: {n:,}"
                             for k, n in self.kinds.most_common())
        text = self._plural(total, "touch")
        if per_kind:
            text += f" ({per_kind})"
        text += f" with {self._plural(len(self.people_touched), 'person')}"
        if self.added:
            text += f", {len(self.added):,} of them added to the board"
        text += f"; {self._plural(len(self.skipped_interactions), self.record_word)} skipped"
        if self.unknown_records:
            text += (f"; {self._plural(self.unknown_records, self.record_word)} with "
                     f"{self._plural(len(self.unknown), 'person')} not on your board")
        return text

    def details(self, limit: int = 10) -> list[str]:
        lines: list[str] = []
        if self.me:
            if not self.me_inferred:
                how = "from me.emails"
            elif self.format == "linkedin-messages":
                how = f"inferred: the one on most {self.record_word}s"
            else:
                how = (f"inferred: the address on most {self.record_word}s; set me.emails in "
                       "the config to say")
            me = ", ".join(k.split(":", 1)[1] if k.startswith(("linkedin:", "name:")) else k
                           for k in self.me)
            lines.append(f"you are {me} ({how})")
        groups: dict[str, list[str]] = defaultdict(list)
        for skip in self.skipped_interactions:
            groups[skip.reason].append(skip.where)
        for reason, wheres in groups.items():
            few = wheres if len(wheres) <= max(5, limit) else wheres[:5]
            shown = "; ".join(few) + ("; …" if len(few) < len(wheres) else "")
            lines.append(f"skipped {self._plural(len(wheres), self.record_word)}: {reason} "
                         f"({shown})")
        lines.extend(self.warnings)
        if self.unknown and not self.added:
            shown = sorted(self.unknown.values(), key=lambda u: (-u[1], u[0]))
            if limit >= len(shown):
                for label, n in shown:
                    records = self._plural(n, self.record_word)
                    lines.append(f"not on your board: {label} ({records})")
            else:
                lines.append(f"not on your board: {len(shown):,} people (-v lists them; "
                             "--add-unknown adds them to the first rung)")
        for label, n in sorted(self.ambiguous.values(), key=lambda u: (-u[1], u[0]))[:limit]:
            lines.append(f"matches several people on your board, so left off: {label} "
                         f"({self._plural(n, self.record_word)})")
        if len(self.ambiguous) > limit:
            lines.append(f"{len(self.ambiguous) - limit:,} more match several people")
        for name in self.added[:limit]:
            lines.append(f"added to the first rung: {name}")
        if len(self.added) > limit:
            lines.append(f"added {len(self.added) - limit:,} more")
        return lines


def new_contact(who: Who, rung: str, now: datetime) -> Contact:
    """Someone not on the board, added by ``--add-unknown``."""
    name = clean_name(who.name) if who.name.strip() else ""
    if not name:
        name = who.email.split("@", 1)[0] if who.email else who.profile
    handles: tuple[Handle, ...] = ()
    email = who.email if who.email and is_email(who.email) else ""
    if who.email and not email:
        handles += (Handle("email", who.email),)
    if who.profile:
        handles += (Handle("linkedin", who.profile),)
    return Contact(id=new_id(), name=name or "?", rung=rung, created=now,
                   history=(StageChange(rung, now),), handles=handles, email=email)


def plan_capture(board: Board, parsed: Captured, progress: Progress | None = None) -> Plan:
    """What capturing ``parsed`` into ``board`` would log (nothing is written).

    ``board`` is only read (ladder, clock, contacts, interactions), so a
    snapshot of them does in another thread."""
    options = parsed.options
    word = CAPTURE_FORMATS[parsed.format][1]
    plan = CapturePlan(parsed.source, parsed.format, "merge", record_word=word,
                       records=parsed.records)
    plan.skipped_interactions = list(parsed.skipped)
    plan.warnings = list(parsed.warnings)
    plan.kind_labels = {k.key: k.label for k in board.ladder.kinds}
    now = board.clock()
    people = People(board.contacts.values())
    if options.me_emails and parsed.format != "linkedin-messages":
        me = tuple(email_key(e) for e in options.me_emails)
    else:
        me = infer_me(parsed.seen, people)
        plan.me_inferred = bool(me)
    plan.me = me
    mine = set(me)

    sources: set[str] = set()
    by_hand: dict[frozenset[str], list[tuple[datetime, str]]] = defaultdict(list)
    for i in board.interactions.values():
        if i.source:
            sources.add(i.source)
        else:
            by_hand[frozenset(i.people)].append((i.at, i.kind))
    added: dict[str, str] = {}  # unknown key -> new contact id
    rung = board.ladder.first.key
    skip = plan.skipped_interactions.append
    tick = ticker(progress, "matching", len(parsed.touches))

    def is_me(who: Who) -> bool:
        if who.email:
            return email_key(who.email) in mine
        return who.key in mine

    for n, t in enumerate(parsed.touches, 1):
        tick(n)
        if t.source in sources:
            skip(Skip(t.where, "already imported"))
            continue
        if options.since is not None and t.at < options.since:
            skip(Skip(t.where, "before --since"))
            continue
        if t.at > now:
            skip(Skip(t.where, "in the future"))
            continue
        if any(is_me(w) for w in t.declined):
            skip(Skip(t.where, "you declined it"))
            continue
        declined = {w.key for w in t.declined}
        others = [w for w in dict.fromkeys(t.people) if not is_me(w)]
        # (one person may be named twice: by address and by name)
        others = list({w.key: w for w in others}.values())
        if len(others) > options.max_attendees:
            skip(Skip(t.where, f"more than {options.max_attendees} people "
                               "(capture.max_attendees)"))
            continue
        ids: list[str] = []
        unknown: list[Who] = []
        problems: list[str] = []
        for w in others:
            if w.key in declined:
                continue
            cid, problem = people.match(w)
            if cid is None and w.key in added:
                cid = added[w.key]
            if cid is not None:
                ids.append(cid)
            elif problem:
                problems.append(w.label)
            else:
                unknown.append(w)
        if unknown:
            plan.unknown_records += 1
            for w in unknown:
                entry = plan.unknown.setdefault(w.key, [w.label, 0])
                entry[1] += 1
            if options.add_unknown:
                for w in unknown:
                    c = new_contact(w, rung, now)
                    plan.contacts[c.id] = c
                    plan.added.append(c.name)
                    added[w.key] = c.id
                    people.add(c)
                    ids.append(c.id)
        for label in problems:
            entry = plan.ambiguous.setdefault(label, [label, 0])
            entry[1] += 1
        ids = list(dict.fromkeys(ids))
        if not ids:
            reason = "who is on it matches several people on your board" if problems else (
                "everyone else on it declined" if others and all(
                    w.key in declined for w in others) else "no one on your board")
            skip(Skip(t.where, reason))
            continue
        group = frozenset(ids)
        if any(abs(at - t.at) <= SAME_TOUCH and same_channel(kind, t.kind)
               for at, kind in by_hand.get(group, ())):
            skip(Skip(t.where, "already logged by hand within the hour"))
            continue
        direction = t.direction
        if not direction and t.sender is not None:
            direction = "given" if is_me(t.sender) else "received"
        title = t.title_decoder(t.title) if t.title_decoder else t.title
        touch = Interaction(
            id=new_id(), kind=t.kind, at=t.at, people=tuple(ids),
            duration_min=t.duration_min, place=t.place, title=title[:200],
            notes=t.notes[:CONTENT_CHARS] if options.with_content else "",
            direction=direction, source=t.source)
        plan.interactions[touch.id] = touch
        sources.add(t.source)
        plan.kinds[t.kind] += 1
        plan.people_touched.update(ids)
    _end_snoozes(board, plan)
    if parsed.touches == [] and not parsed.skipped and parsed.records == 0:
        plan.warnings.append(f"{parsed.source}: no {word}s in it")
    return plan


def _end_snoozes(board: Board, plan: CapturePlan) -> None:
    """A touch ends a snooze (as one logged by hand does): someone snoozed
    whose newest touch is now a captured one is snoozed no more."""
    snoozed = {cid for cid in plan.people_touched
               if (c := board.contacts.get(cid)) is not None and c.snoozed_until is not None}
    if not snoozed:
        return
    newest: dict[str, datetime] = {}
    for i in plan.interactions.values():
        for cid in snoozed.intersection(i.people):
            newest[cid] = max(newest.get(cid, i.at), i.at)
    for i in board.interactions.values():
        for cid in snoozed.intersection(i.people):
            if i.at > newest[cid]:
                snoozed.discard(cid)
    for cid in snoozed:
        plan.contacts[cid] = replace(plan.contacts.get(cid) or board.contacts[cid],
                                     snoozed_until=None)


def refuse(source: str, where: str, problem: str) -> ImportFileError:
    """The one line for a file that cannot be read at all."""
    return ImportFileError(f"{source}{', ' + where if where else ''}: {problem}")


__all__ = [
    "CAPTURE_FORMATS",
    "CONTENT_CHARS",
    "CaptureOptions",
    "CapturePlan",
    "Captured",
    "People",
    "Touch",
    "Who",
    "infer_me",
    "plan_capture",
    "read_capture",
    "same_channel",
    "sniff",
]
