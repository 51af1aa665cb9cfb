"""Finding people as they are written: one search for the command palette's
*go to contact*, the log forms' person pickers and the board's ``/`` filter.

**Folding.** Text is compared folded, so "zoe" finds Zoë Ångström, "ines"
Inês Carvalhal and "sō" or "so" Sō Tanaka, however the name was typed
(precomposed NFC or decomposed NFD):

1. Unicode NFKD: accented letters become letter + mark, and compatibility
   forms become plain ones ("ﬁ" → "fi", full-width "Ｔａｎａｋａ" → "Tanaka",
   "①" → "1", half-width "ｱ" → "ア");
2. case folding (``str.casefold``: "ß" and "ẞ" → "ss", "ς" → "σ"), then NFKD
   again (what folding gives is decomposed too);
3. the combining marks are dropped (``unicodedata.combining``: accents,
   cedillas, ogoneks, Arabic and Hebrew vowel points), except the Japanese
   voicing marks ゛゜ (U+3099, U+309A), which make another syllable (が is
   not か);
4. letters that NFKD leaves whole are spelled as on an English keyboard:
   ø → o, ł → l, æ → ae, œ → oe, đ → d, ð → d, þ → th, ħ → h, ı → i,
   ŧ → t (``EXTRA_LETTERS``).

Everything else is kept as it is, so names in Chinese, Japanese, Korean,
Arabic, Hebrew or any other script match themselves (Hangul syllables are
compared as their letters, so a syllable being typed already finds the
names that start with it). Folding works character by character: the fold
of joined text is the join of the folds, which is how a match in folded
text is mapped back to the characters shown (:func:`spans`).

**What is searched.** For *go to* and the pickers: the name, the handles,
the email and the company. The ``/`` filter also looks in the tags, city,
position, notes and how to help (:meth:`PeopleIndex.matching`): it keeps
everyone in whose folded text every word of the query appears.

**Ranking** (:meth:`PeopleIndex.find`), best first:

0. the whole query starts the name ("zoe" → Zoë Ångström);
1. every word of the query starts a word of the name ("angst", "tanaka",
   "laur" in Sarah Kim-Laurent);
2. every word is somewhere in the name;
3. every word is in the name, a handle, the email or the company ("kassaflow"
   finds the people at Kassaflow, "ateliermare" those with an email there);
4. a near miss, for a typo ("carvahlal", "angstorm", "tanka"): rapidfuzz's
   ``fuzz.partial_ratio`` (the best-aligned part of the name, out of 100) at
   least ``FUZZY_CUTOFF``, looked for only when nobody matched the tiers
   above (so a query that matches adds no noise) and the query has at least
   ``FUZZY_MIN_LENGTH`` letters.

Within a tier, shorter names first (closest to the whole name), then in
alphabetical order; near misses by their score. (Measured on the demo's
names and 10,000 generated ones with one typo each: rapidfuzz alone ranks
typos as well but puts an exact prefix first only 92% of the time; the
tiers alone find no typo; together: prefixes first 100%, the meant person
first for 84% of typos and among the first six for 92%, in ~3 ms a
keystroke at 10,000 people. ``fuzz.WRatio`` found fewer typos at any
cutoff and is 3-4 times slower.)

**Freshness.** Each person's folded text is worked out once and kept with
the record it came from. Records are never changed in place (every change
to a contact is a new record), so a person added, renamed or given a new
email is folded again the next time the index looks at them: no listener to
keep in step, and nothing stale whatever order the board's subscribers run
in.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from board.core.model import Contact

#: Letters NFKD does not take apart, and how they are spelled folded.
EXTRA_LETTERS = {
    "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th",
    "ħ": "h", "ı": "i", "ŧ": "t",
}
_EXTRA = str.maketrans(EXTRA_LETTERS)
#: Combining marks that are kept: the kana voicing marks make another syllable.
_KEPT_MARKS = frozenset("\u3099\u309a")

#: The lowest rapidfuzz ``WRatio`` (0-100) taken as a near miss.
FUZZY_CUTOFF = 75
#: Near misses are looked for only for queries at least this long: shorter
#: ones are near misses of almost everyone.
FUZZY_MIN_LENGTH = 3

TIER_START, TIER_WORDS, TIER_NAME, TIER_OTHER, TIER_FUZZY = range(5)

_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """``text`` as it is compared: accents, case and compatibility forms
    folded away (see the module's docstring)."""
    if text.isascii():
        return text.lower()  # casefold and lower agree on ASCII
    text = unicodedata.normalize("NFKD", text).casefold()
    text = unicodedata.normalize("NFKD", text)
    combining = unicodedata.combining
    text = "".join(ch for ch in text if not combining(ch) or ch in _KEPT_MARKS)
    return text.translate(_EXTRA)


def query_words(query: str) -> list[str]:
    """The folded words of what was typed."""
    return fold(query).split()


def _word_starts(folded: str) -> str:
    """A folded name with its punctuation as spaces, after a space: a word
    of the query starts a word of the name if " " + word is in it."""
    return " " + " ".join(_NOT_WORD.sub(" ", folded).split())


@dataclass(slots=True)
class Entry:
    """What is searched for one person, folded once."""

    id: str
    source: Any  # the record this was folded from (records are replaced, never changed)
    name: str  # the folded name, one space between words
    starts: str  # the name for word starts (see _word_starts)
    keys: str  # name, handles, email and company: what go-to and the pickers look in
    hay: str  # keys and the rest the filter looks in


def entry_of(c: Contact) -> Entry:
    name = " ".join(fold(c.name).split())
    keys = "\n".join([name, *(fold(h.handle) for h in c.handles), fold(c.email),
                      fold(c.company)])
    rest = "\n".join([" ".join(c.tags), c.city, c.position, c.notes, c.help])
    return Entry(c.id, c, name, _word_starts(name), keys, keys + "\n" + fold(rest))


@dataclass(frozen=True, slots=True)
class Found:
    """One person found: their id, the tier of the match (``TIER_*``) and a
    score between 0 and 1 (higher is better) for lists that merge results."""

    id: str
    tier: int
    score: float


def _score(tier: int, name: str, fuzzy: float = 100.0) -> float:
    """Tiers 0-3 from 1.0 down by 0.15 a tier, a little less for a longer
    name; near misses under 0.4, by their score."""
    if tier == TIER_FUZZY:
        return round(0.4 * fuzzy / 100, 4)
    return round(1.0 - 0.15 * tier - min(len(name), 100) / 2000, 4)


class PeopleIndex:
    """The search over a live mapping of contacts (a board's ``contacts``)."""

    def __init__(self, contacts: Mapping[str, Contact]):
        self.contacts = contacts
        self._entries: dict[str, Entry] = {}
        self._sources: list[Contact] = []  # the records _rows was made from, in order
        self._rows: list[Entry] = []
        self._names: list[str] = []  # the folded names of _rows, for near misses

    def entry(self, cid: str) -> Entry:
        c = self.contacts[cid]
        e = self._entries.get(cid)
        if e is None or e.source is not c:
            e = self._entries[cid] = entry_of(c)
        return e

    def warm(self, ids: Iterable[str]) -> None:
        """Fold these people now (so a first keystroke later is as fast as the rest)."""
        for cid in ids:
            self.entry(cid)

    def rows(self) -> list[Entry]:
        """Everyone's entry, in the mapping's order. Comparing the records
        with those of the last call is quick (object identity, in C); only
        after a change are the entries looked up again, and only the
        changed people folded again."""
        sources = list(self.contacts.values())
        if sources != self._sources:
            entries = self._entries
            rows = []
            for c in sources:
                e = entries.get(c.id)
                if e is None or e.source is not c:
                    e = entries[c.id] = entry_of(c)
                rows.append(e)
            if len(entries) > len(rows):  # people gone (an undone add, a replace)
                for cid in [cid for cid in entries if cid not in self.contacts]:
                    del entries[cid]
            self._sources, self._rows = sources, rows
            self._names = [e.name for e in rows]
        return self._rows

    # ------------------------------------------------------------ the filter

    def matches(self, cid: str, words: list[str]) -> bool:
        """Whether every one of ``words`` (folded: :func:`query_words`) is in
        what the filter searches for this person."""
        hay = self.entry(cid).hay
        return all(w in hay for w in words)

    def matching(self, ids: Iterable[str], words: list[str]) -> list[str]:
        """Those of ``ids`` the filter keeps, in their order (a keystroke in
        the filter runs this over a whole board)."""
        entries, contacts, build = self._entries, self.contacts, entry_of
        out = []
        for cid in ids:
            c = contacts[cid]
            e = entries.get(cid)
            if e is None or e.source is not c:
                e = entries[cid] = build(c)
            hay = e.hay
            for w in words:
                if w not in hay:
                    break
            else:
                out.append(cid)
        return out

    # ------------------------------------------------------------ go-to, pickers

    def find(self, query: str, limit: int = 50, *, exclude: Collection[str] = (),
             archived: bool = False) -> list[Found]:
        """The best ``limit`` people for ``query``, best first (see the
        module's docstring for the order). Archived people only with
        ``archived``; never anyone in ``exclude``."""
        words = query_words(query)
        if not words or limit <= 0:
            return []
        whole = " ".join(words)
        rows = self.rows()
        longest = max(words, key=len)
        matched = [e for e in rows if longest in e.keys]
        if len(words) > 1:
            matched = [e for e in matched if all(w in e.keys for w in words)]

        def wanted(e: Entry) -> bool:
            return (archived or not e.source.archived) and e.id not in exclude

        starts = [" " + " ".join(_NOT_WORD.sub(" ", w).split()) for w in words]
        ranked: list[tuple[int, int, str, str]] = []
        for e in matched:
            if not wanted(e):
                continue
            name = e.name
            if name.startswith(whole):
                tier = TIER_START
            elif all(s in e.starts for s in starts):
                tier = TIER_WORDS
            elif all(w in name for w in words):
                tier = TIER_NAME
            else:
                tier = TIER_OTHER
            ranked.append((tier, len(name), name, e.id))
        ranked.sort()
        found = [Found(cid, tier, _score(tier, name)) for tier, _, name, cid in ranked[:limit]]
        if not matched and len(whole) >= FUZZY_MIN_LENGTH:  # a typo, perhaps
            near = []
            for name, score, n in process.extract(whole, self._names, scorer=fuzz.partial_ratio,
                                                  limit=None, score_cutoff=FUZZY_CUTOFF):
                e = rows[n]
                if wanted(e):
                    near.append((-score, len(name), name, e.id))
            near.sort()
            found = [Found(cid, TIER_FUZZY, _score(TIER_FUZZY, name, -score))
                     for score, _, name, cid in near[:limit]]
        return found


_INDEXES: weakref.WeakKeyDictionary[Any, PeopleIndex] = weakref.WeakKeyDictionary()


def index_for(board: Any) -> PeopleIndex:
    """The one index of a board (anything with a live ``contacts`` mapping),
    shared by the palette, the pickers and the filter."""
    index = _INDEXES.get(board)
    if index is None:
        index = _INDEXES[board] = PeopleIndex(board.contacts)
    return index


def matched_in(c: Contact, query: str) -> str:
    """What matched the query besides the name, to show beside it: the first
    handle, company or email holding a word the name does not ("" when the
    name holds every word, or for a near miss)."""
    name = fold(c.name)
    missing = [w for w in query_words(query) if w not in name]
    if missing:
        for text in (*(h.handle for h in c.handles), c.company, c.email):
            folded = fold(text)
            if any(w in folded for w in missing):
                return text
    return ""


def same_name(a: str, b: str) -> bool:
    """Whether two names are the same once folded ("Ines  Carvalhal", "Inês Carvalhal")."""
    return fold(a).split() == fold(b).split()


def spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words are in ``text`` (as shown), as ``(start, end)``
    character ranges, for highlighting: each word at the first start of a
    word it matches, else where it first appears; a word not in the text
    (a near miss) has no span."""
    folded: list[str] = []
    owner: list[int] = []  # folded character → index of the character it came from
    for i, ch in enumerate(text):
        f = fold(ch)
        folded.append(f)
        owner.extend([i] * len(f))
    flat = "".join(folded)
    starts = _word_starts_positions(flat)
    out = []
    for word in query_words(query):
        at = next((p for p in starts if flat.startswith(word, p)), -1)
        if at < 0:
            at = flat.find(word)
        if at < 0:
            continue
        first, last = owner[at], owner[at + len(word) - 1] + 1
        while last < len(text) and not folded[last]:  # marks that fold to nothing
            last += 1
        out.append((first, last))
    return sorted(out)


def _word_starts_positions(flat: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<![^\W_])[^\W_]", flat)]
