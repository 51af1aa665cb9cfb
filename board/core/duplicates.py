"""Likely duplicates, and what merging two people gives.

**Finding pairs** (:func:`find_duplicates`).  Two records are likely the
same person when they share

* an email (the contact's own, or an ``email:`` handle), score 95;
* a profile handle (``linkedin:jane-doe``, ``github:jd``; compared without
  case, a leading ``@`` or a trailing ``/``; ``phone``, ``email`` and ``web``
  handles are not profiles), 90;
* a phone number (the contact's own, or a ``phone:`` handle), 80, compared
  as `phonenumbers <https://pypi.org/project/phonenumbers/>`_ reads it:
  ``+44 20 7946 0018``, ``0044 20 7946 0018`` and, with the config's
  ``phone_region`` set to ``GB``, ``(020) 7946 0018`` are one number.  A
  number that cannot be read as one (no country code and no region) is
  compared by its digits;
* the name, once accents, case, punctuation and spacing are folded away
  (:func:`board.core.search.fold`: "Inês Carvalhal" is "ines carvalhal",
  "ОЛЬГА Шевчёнко" is "ольга шевченко", full-width "Ｔａｎａｋａ" is
  "tanaka"), 70; the same words in another order ("Tanaka Sō"), or the
  same letters spaced otherwise ("山田 太郎" and "山田太郎", "Mei-Lin" and
  "Meilin"), 65; a name of one word alone, 50;
* or names close by rapidfuzz's ratio of their sorted words (at least
  ``FUZZY_CUTOFF`` out of 100: "Jon Smith" and "John Smith" are 95) **and**
  the same company or city, 50-64 by the ratio.

The strongest reason gives the score; each further one of those adds 10,
the same company or the same city 5 each.  A pair found by its names alone
loses 20 when both have emails and share none, or LinkedIn profiles that
differ (most likely two people of one name).  Pairs under ``MIN_SCORE`` are
left out, and so is a pair marked "not the same person" (``Contact.not_same``,
kept on both records, in the data and its backups).

Names in scripts without letter case or accents (Chinese, Japanese, Arabic…)
match themselves exactly; a near miss needs at least ``FUZZY_MIN_LENGTH``
letters, so two short names that share a character ("王伟", "王芳") are not
taken as a typo.  Names are not transliterated: "Ольга" and "Olga" are not
matched by their names (an email, a handle or a phone still finds them).

**Scale.** No pair is compared unless it shares a key: an email, a profile,
a phone, a folded name, or for near misses a company or city *and* the first
two letters of one of their words.  A key held by more than ``MAX_SHARED``
people identifies nobody (a team inbox, a switchboard, a very common name)
and pairs no one.  10,000 people take well under a second
(``benchmarks/duplicates_bench.py``).

**Merging** (:func:`plan_merge`, a pure function of the board as it is, and
``Board.merge``, which commits the plan as one undoable step): one record is
kept, with the other's interactions (a touch with both appears once, with the
kept id), both stage histories (the higher rung stays; see
:func:`merged_history`), handles, tags and emails united, the kept record's
empty fields filled from the other, notes appended after ``NOTE_SEPARATOR``,
advocate if either was; anyone introduced by the removed person, and any
"not the same person" mark naming them, points at the kept one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec.structs import replace

from board.core.schema import Contact, Handle, Interaction, StageChange
from board.core.search import fold

if TYPE_CHECKING:
    from board.core.board import Board
    from board.core.ladder import Ladder

SAME_EMAIL, SAME_PROFILE, SAME_PHONE = 95, 90, 80
SAME_NAME, SAME_NAME_REORDERED, SAME_SINGLE_NAME = 70, 65, 50
FURTHER_REASON, SUPPORTING, CONTRADICTION = 10, 5, 20
#: The lowest rapidfuzz ratio (0-100) of two names taken as close.
FUZZY_CUTOFF = 85
#: Near misses only between names at least this long (folded, no spaces).
FUZZY_MIN_LENGTH = 5
#: Pairs scoring less are not offered.
MIN_SCORE = 40
#: A key (email, phone, profile, name) shared by more people than this pairs no one.
MAX_SHARED = 25

#: Handle platforms that are not profiles (a phone or a web site may be shared,
#: and emails are compared as emails).
NOT_PROFILES = frozenset({"phone", "email", "web", "url", "website"})

#: Between the kept record's notes and the other's, when both have some.
NOTE_SEPARATOR = "\n\n———\n\n"

_NON_WORD = re.compile(r"[\W_]+")


# ------------------------------------------------------------------ keys


def name_words(name: str) -> tuple[str, ...]:
    """A name's folded words, punctuation and spacing aside."""
    folded = fold(name)
    words = _NON_WORD.sub(" ", folded).split()
    return tuple(words)


def email_key(text: str) -> str:
    return text.strip().casefold()


def handle_key(h: Handle) -> tuple[str, str]:
    return h.platform.strip().lower(), fold(h.handle.strip()).lstrip("@").rstrip("/")


@lru_cache(maxsize=65536)
def phone_key(text: str, region: str | None = None) -> str | None:
    """A phone number as compared: E.164 (``+442079460018``) when
    phonenumbers can read it (``region``: how a number without a country
    code is read, e.g. ``GB``), else its digits (``#5550123``); None for
    fewer than 6 digits."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 6:
        return None
    import phonenumbers  # (~30 ms: only once there is a phone to read)

    try:
        number = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return "#" + digits


def emails_of(c: Contact) -> dict[str, str]:
    """Folded email → as written."""
    out = {email_key(h.handle): h.handle for h in c.handles if h.platform.lower() == "email"}
    if c.email:
        out[email_key(c.email)] = c.email
    out.pop("", None)
    return out


def profiles_of(c: Contact) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for h in c.handles:
        key = handle_key(h)
        if key[0] not in NOT_PROFILES and key[1]:
            out[key] = str(h)
    return out


def phones_of(c: Contact, region: str | None) -> dict[str, str]:
    texts = [c.phone] if c.phone else []
    texts += [h.handle for h in c.handles if h.platform.lower() == "phone"]
    out: dict[str, str] = {}
    for text in texts:
        key = phone_key(text, region)
        if key is not None:
            out.setdefault(key, text)
    return out


@dataclass(slots=True)
class _Person:
    """One contact's keys, worked out once."""

    c: Contact
    words: tuple[str, ...]
    emails: dict[str, str]
    profiles: dict[tuple[str, str], str]
    phones: dict[str, str]
    company: str
    city: str
    sorted_name: str = field(init=False)
    compact: str = field(init=False)

    def __post_init__(self) -> None:
        self.sorted_name = " ".join(sorted(self.words))
        self.compact = "".join(self.words)


def _person(c: Contact, region: str | None) -> _Person:
    return _Person(c, name_words(c.name), emails_of(c), profiles_of(c), phones_of(c, region),
                   " ".join(name_words(c.company)), " ".join(name_words(c.city)))


# ------------------------------------------------------------------ pairs


@dataclass(frozen=True, slots=True)
class Pair:
    """Two people who may be one: ``a`` (the record made first, kept by
    default when they are merged) and ``b``, how sure (0-100) and why."""

    a: str
    b: str
    score: int
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "score": self.score, "reasons": list(self.reasons)}


def _ratio(p: _Person, q: _Person) -> float:
    from rapidfuzz import fuzz  # (~25 ms to import: not before it is needed)

    if min(len(p.compact), len(q.compact)) < FUZZY_MIN_LENGTH:
        return 0.0
    return float(fuzz.ratio(p.sorted_name, q.sorted_name, score_cutoff=FUZZY_CUTOFF))


def compare(p: _Person, q: _Person) -> tuple[int, tuple[str, ...]] | None:
    """How likely two people are one (score, reasons), or None if nothing links them."""
    strong: list[tuple[int, str]] = []
    shared = [p.emails[k] for k in p.emails if k in q.emails]
    if shared:
        strong.append((SAME_EMAIL, f"same email ({', '.join(shared)})"))
    profiles = [p.profiles[k] for k in p.profiles if k in q.profiles]
    if profiles:
        strong.append((SAME_PROFILE, f"same profile ({', '.join(profiles)})"))
    phones = [p.phones[k] for k in p.phones if k in q.phones]
    if phones:
        strong.append((SAME_PHONE, f"same phone ({', '.join(phones)})"))
    same_company = bool(p.company) and p.company == q.company
    same_city = bool(p.city) and p.city == q.city
    by_name = 0
    if p.words and p.words == q.words:
        by_name = SAME_NAME if len(p.words) > 1 else SAME_SINGLE_NAME
        strong.append((by_name, "same name" if len(p.words) > 1 else "same one-word name"))
    elif p.words and p.sorted_name == q.sorted_name:
        by_name = SAME_NAME_REORDERED
        strong.append((by_name, "same name, words in another order"))
    elif p.compact and p.compact == q.compact:
        by_name = SAME_NAME_REORDERED
        strong.append((by_name, "same name, spaced differently"))
    elif same_company or same_city:
        ratio = _ratio(p, q)
        if ratio:
            by_name = int(ratio) - 35
            strong.append((by_name, f"similar names ({int(ratio)}%)"))
    if not strong:
        return None
    strong.sort(key=lambda s: -s[0])
    score = strong[0][0] + FURTHER_REASON * (len(strong) - 1)
    reasons = [why for _, why in strong]
    if same_company:
        score += SUPPORTING
        reasons.append(f"same company ({p.c.company})")
    if same_city:
        score += SUPPORTING
        reasons.append(f"same city ({p.c.city})")
    if len(strong) == 1 and by_name:  # the name alone: does anything say otherwise?
        if p.emails and q.emails:  # (and none shared, or it would not be the name alone)
            score -= CONTRADICTION
            reasons.append("but different emails")
        p_in = {h for (platform, h) in p.profiles if platform == "linkedin"}
        q_in = {h for (platform, h) in q.profiles if platform == "linkedin"}
        if p_in and q_in:
            score -= CONTRADICTION
            reasons.append("but different LinkedIn profiles")
    return max(0, min(100, score)), tuple(reasons)


def _first(p: _Person, q: _Person) -> tuple[_Person, _Person]:
    """The pair in order: the record made first is ``a``."""
    return (p, q) if (p.c.created, p.c.id) <= (q.c.created, q.c.id) else (q, p)


def find_duplicates(contacts: Iterable[Contact], region: str | None = None, *,
                    archived: bool = False, min_score: int = MIN_SCORE) -> list[Pair]:
    """Likely duplicate pairs among ``contacts`` (archived people only with
    ``archived``), strongest first (then by name); ``region`` is how phone
    numbers without a country code are read."""
    people = [_person(c, region) for c in contacts if archived or not c.archived]
    buckets: dict[Any, list[int]] = defaultdict(list)
    for n, p in enumerate(people):
        for e in p.emails:
            buckets["e", e].append(n)
        for h in p.profiles:
            buckets["h", h].append(n)
        for t in p.phones:
            buckets["t", t].append(n)
        if p.words:
            buckets["n", p.sorted_name].append(n)
            buckets["c", p.compact].append(n)
    candidates: set[tuple[int, int]] = set()
    for members in buckets.values():
        if 1 < len(members) <= MAX_SHARED:
            candidates.update(_pairs(members))
    candidates |= _near_misses(people)
    found: list[tuple[int, str, str, Pair]] = []
    for i, j in candidates:
        p, q = _first(people[i], people[j])
        if q.c.id in p.c.not_same or p.c.id in q.c.not_same:
            continue
        result = compare(p, q)
        if result is None or result[0] < min_score:
            continue
        score, reasons = result
        found.append((-score, " ".join(p.words), " ".join(q.words),
                      Pair(p.c.id, q.c.id, score, reasons)))
    found.sort(key=lambda row: (row[0], row[1], row[2], row[3].a, row[3].b))
    return [row[3] for row in found]


def _pairs(members: list[int]) -> Iterable[tuple[int, int]]:
    for x, i in enumerate(members):
        for j in members[x + 1:]:
            if i != j:
                yield (i, j) if i < j else (j, i)


def _near_misses(people: list[_Person]) -> set[tuple[int, int]]:
    """Pairs whose names may be near misses: the same company or city and a
    word starting with the same two letters (compared later)."""
    blocks: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for n, p in enumerate(people):
        if len(p.compact) < FUZZY_MIN_LENGTH:
            continue
        starts = {w[:2] for w in p.words}
        for where in (("co", p.company), ("ci", p.city)):
            if where[1]:
                for s in starts:
                    blocks[where[0], where[1], s].append(n)
    from rapidfuzz import fuzz, process

    out: set[tuple[int, int]] = set()
    stretch = 2 * 100 / FUZZY_CUTOFF - 1
    for members in blocks.values():
        if len(members) < 2:
            continue
        # Each name against the longer ones in its block, in rapidfuzz's own
        # loop, up to the length past which no ratio reaches the cutoff
        # (2·short / (short + long)).
        members.sort(key=lambda n: len(people[n].sorted_name))
        names = [people[n].sorted_name for n in members]
        lengths = [len(name) for name in names]
        for x in range(len(members) - 1):
            end = bisect_right(lengths, lengths[x] * stretch, x + 1)
            if end - x > 16:  # (a call of rapidfuzz's loop costs a few plain calls)
                near = [x + 1 + y for _name, _score, y in process.extract(
                    names[x], names[x + 1:end], scorer=fuzz.ratio,
                    score_cutoff=FUZZY_CUTOFF, limit=None)]
            else:
                near = [y for y in range(x + 1, end)
                        if fuzz.ratio(names[x], names[y], score_cutoff=FUZZY_CUTOFF)]
            for y in near:
                i, j = members[x], members[y]
                out.add((i, j) if i < j else (j, i))
    return out


# ------------------------------------------------------------------ merging


def merged_history(keep: Contact, drop: Contact, ladder: Ladder) -> tuple[str, tuple[
        StageChange, ...]]:
    """The rung and stage history of two records merged.

    Both histories are walked together in time order; the merged person is
    at any moment on the higher of the rungs the two records were on, so
    each rung is entered when the first of them entered it (the earlier
    date is kept) and the higher rung stays.  A step of one record that
    changes nothing (it climbed where the other already was) leaves no entry.
    """
    def height(rung: str) -> int:
        return ladder.index(rung) if rung in ladder else -1

    events = sorted([(h.at, 0, h.rung) for h in keep.history]
                    + [(h.at, 1, h.rung) for h in drop.history])
    now: list[str | None] = [None, None]
    out: list[StageChange] = []
    for at, who, rung in events:
        now[who] = rung
        top = max((r for r in now if r is not None), key=height)
        if not out or out[-1].rung != top:
            out.append(StageChange(top, at))
    rung = max((keep.rung, drop.rung), key=height)  # (keep's, when neither is on the ladder)
    if not out or out[-1].rung != rung:
        holder = keep if rung == keep.rung else drop
        out.append(StageChange(rung, max(holder.entered, out[-1].at) if out
                               else holder.entered))
    return rung, tuple(out)


def _joined(a: str, b: str) -> str:
    if not b.strip() or b.strip() in a:
        return a
    if not a.strip():
        return b
    return f"{a}{NOTE_SEPARATOR}{b}"


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


#: The fields merge_records treats each in its own way; any other is filled
#: when the kept record leaves it empty (a tuple: the two united).
_OWN_WAY = frozenset({"id", "name", "rung", "created", "history", "handles", "email", "phone",
                      "introduced_by", "tags", "notes", "help", "advocate", "archived",
                      "cadence_days", "no_cadence", "not_same"})


def merge_records(keep: Contact, drop: Contact, ladder: Ladder) -> tuple[Contact, list[str]]:
    """``keep`` with ``drop`` folded in, and which of its fields were filled."""
    rung, history = merged_history(keep, drop, ladder)
    values: dict[str, Any] = {"rung": rung, "history": history,
                              "created": min(keep.created, drop.created)}
    filled: list[str] = []
    handles = list(keep.handles)
    seen = {handle_key(h) for h in handles}

    def add_handle(h: Handle) -> None:
        if handle_key(h) not in seen:
            seen.add(handle_key(h))
            handles.append(h)

    for h in drop.handles:
        add_handle(h)
    # (the other's email and phone, when the kept record has its own: as handles)
    emails = {email_key(keep.email)} | {email_key(h.handle) for h in handles
                                        if h.platform == "email"}
    if drop.email and keep.email and email_key(drop.email) not in emails:
        add_handle(Handle("email", drop.email))
    phones = {_digits(keep.phone)} | {_digits(h.handle) for h in handles if h.platform == "phone"}
    if drop.phone and keep.phone and _digits(drop.phone) not in phones:
        add_handle(Handle("phone", drop.phone))
    values["handles"] = tuple(handles)
    for name in ("email", "phone"):
        if not getattr(keep, name) and getattr(drop, name):
            values[name] = getattr(drop, name)
            filled.append(name)
    introduced_by = keep.introduced_by if keep.introduced_by not in (drop.id, keep.id) else ""
    if not introduced_by and drop.introduced_by not in ("", keep.id, drop.id):
        introduced_by = drop.introduced_by
        filled.append("introduced_by")
    values["introduced_by"] = introduced_by
    folded = {t.casefold() for t in keep.tags}
    values["tags"] = keep.tags + tuple(dict.fromkeys(
        t for t in drop.tags if t.casefold() not in folded))
    values["notes"] = _joined(keep.notes, drop.notes)
    values["help"] = _joined(keep.help, drop.help)
    values["advocate"] = keep.advocate or drop.advocate
    values["archived"] = keep.archived and drop.archived
    if keep.cadence_days is None and not keep.no_cadence and drop.cadence_days is not None:
        values["cadence_days"] = drop.cadence_days
        filled.append("cadence_days")
    values["not_same"] = tuple(dict.fromkeys(
        cid for cid in (*keep.not_same, *drop.not_same) if cid not in (keep.id, drop.id)))
    for f in msgspec.structs.fields(Contact):
        if f.name in _OWN_WAY:
            continue
        mine, theirs = getattr(keep, f.name), getattr(drop, f.name)
        if isinstance(mine, tuple):
            united = mine + tuple(x for x in theirs if x not in mine)
            if united != mine:
                values[f.name] = united
                filled.append(f.name)
        elif mine in (None, "", False) and theirs not in (None, "", False):
            values[f.name] = theirs
            filled.append(f.name)
    return replace(keep, **values), filled


def repointed(i: Interaction, keep: str, drop: str) -> Interaction:
    """An interaction with ``drop`` replaced by ``keep`` (once).  An
    introduction between the two (now one person) stays, as a plain entry."""
    people = tuple(dict.fromkeys(keep if p == drop else p for p in i.people))
    connector = keep if i.connector == drop else i.connector
    direction = i.direction
    if direction == "given" and len(people) < 2:
        direction = ""
    if direction == "received" and connector in people:
        direction, connector = "", ""
    return replace(i, people=people, connector=connector, direction=direction)


@dataclass(frozen=True)
class MergePlan:
    """What merging ``drop`` into ``keep`` writes, worked out before anything
    is: the merged record, every other record that changes, and a summary."""

    keep: Contact
    drop: Contact
    merged: Contact
    filled: tuple[str, ...]
    #: every contact written: the merged one, the removed one (None), people repointed
    contacts: dict[str, Contact | None]
    interactions: dict[str, Interaction]
    touches_keep: int
    touches_drop: int
    shared: int
    introductions_between: int

    @property
    def touches(self) -> int:
        return self.touches_keep + self.touches_drop - self.shared

    @property
    def repointed_people(self) -> int:
        return len(self.contacts) - 2

    def lines(self, ladder: Ladder, when: Callable[[datetime], str]) -> list[tuple[str, str]]:
        """The preview, as (label, text) lines; ``when`` writes a date."""
        m, k, d = self.merged, self.keep, self.drop

        def label(rung: str) -> str:
            return ladder.label(rung) if rung in ladder else rung

        out = [("keep", f"{k.name} ({k.id})"),
               ("fold in", f"{d.name} ({d.id}), whose record is removed")]
        higher = (f" (the higher of {label(k.rung)} and {label(d.rung)})"
                  if k.rung != d.rung else "")
        out.append(("rung", f"{label(m.rung)} since {when(m.entered)}{higher}"))
        if m.email:
            out.append(("email", m.email))
        if m.phone:
            out.append(("phone", m.phone))
        if m.handles:
            added = sum(h not in k.handles for h in m.handles)
            out.append(("handles", ", ".join(str(h) for h in m.handles)
                        + (f" ({added} added)" if added else "")))
        if self.filled:
            out.append(("filled in", ", ".join(f.replace("_", " ") for f in self.filled)))
        if m.tags:
            added = len(m.tags) - len(k.tags)
            out.append(("tags", ", ".join(m.tags) + (f" ({added} added)" if added else "")))
        for name, what in (("notes", "notes"), ("help", "how to help")):
            if getattr(m, name) != getattr(k, name):
                out.append((what, f"{d.name}'s appended after a separator" if getattr(k, name)
                            else f"taken from {d.name}"))
        if m.advocate:
            out.append(("advocate", "yes" + ("" if k.advocate else f" (as {d.name} was)")))
        if m.archived != k.archived:
            out.append(("archived", "no longer (the other record is on the board)"))
        touches = f"{self.touches} ({self.touches_keep} + {self.touches_drop}"
        touches += f", {self.shared} with both, kept once)" if self.shared else ")"
        out.append(("touches", touches))
        if self.introductions_between:
            out.append(("note", f"{self.introductions_between} introduction(s) between them "
                        "stay as plain entries"))
        if self.repointed_people:
            out.append(("repointed", f"{self.repointed_people} other person(s) now point at "
                        f"{k.name} (introduced by, not the same person)"))
        return out


def plan_merge(board: Board, keep_id: str, drop_id: str) -> MergePlan:
    """What merging ``drop_id`` into ``keep_id`` would do; changes nothing.
    BoardError for an unknown id or the same id twice."""
    from board.core.board import BoardError

    keep, drop = board.contact(keep_id), board.contact(drop_id)
    if keep.id == drop.id:
        raise BoardError(f"{keep_id!r} is the same person twice: give two different people")
    merged, filled = merge_records(keep, drop, board.ladder)
    contacts: dict[str, Contact | None] = {keep.id: merged, drop.id: None}
    for c in board.contacts.values():
        if c.id in contacts:
            continue
        changes: dict[str, Any] = {}
        if c.introduced_by == drop.id:
            changes["introduced_by"] = keep.id
        if drop.id in c.not_same:
            changes["not_same"] = tuple(dict.fromkeys(
                keep.id if x == drop.id else x for x in c.not_same))
        if changes:
            contacts[c.id] = replace(c, **changes)
    mine = {i.id for i in board.interactions_of(keep.id)}
    interactions: dict[str, Interaction] = {}
    shared = between = 0
    theirs = list(board.interactions_of(drop.id))
    for i in theirs:
        if i.id in mine:
            shared += 1
        after = repointed(i, keep.id, drop.id)
        if after.direction != i.direction:
            between += 1
        interactions[i.id] = after
    return MergePlan(keep, drop, merged, tuple(filled), contacts, interactions,
                     len(mine), len(theirs), shared, between)


def not_same_marks(a: Contact, b: Contact) -> dict[str, Contact]:
    """Both records with each other marked "not the same person"."""
    return {a.id: replace(a, not_same=tuple(dict.fromkeys((*a.not_same, b.id)))),
            b.id: replace(b, not_same=tuple(dict.fromkeys((*b.not_same, a.id))))}

