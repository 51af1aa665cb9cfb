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
alphabetical order; near misses by their score. Measured on 10,000
generated people (``benchmarks/search_quality.py``: one typo in a name, or
a plain prefix): rapidfuzz alone finds typos about as well but puts a
matching prefix first only 91% of the time; the tiers alone find no typo;
together, a prefix is first 100% of the time, and the person meant is
first for 83% of typos and among the first six for 90%, in ~3.5 ms a
query. ``fuzz.WRatio`` instead of ``partial_ratio`` found fewer typos at
every cutoff and took twice as long.

**Freshness.** Each person's folded text is worked out once and kept with
the record it came from. Records are never changed in place (every change
to a contact is a new record), so before each search the index compares
the board's records with those it folded (by identity: ~0.2 ms at 10,000
people) and folds again only the people added or changed: no listener to
keep in step, and nothing stale whatever order the board's subscribers run
in (the board screen's own listener filters the cards a change touched).
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from board.core.schema import Contact

#: Letters NFKD does not take apart, and how they are spelled folded.
EXTRA_LETTERS = {
    "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th",
    "ħ": "h", "ı": "i", "ŧ": "t",
}
_EXTRA = str.maketrans(EXTRA_LETTERS)
#: Combining marks that are kept: the kana voicing marks make another syllable.
_KEPT_MARKS = frozenset("\u3099\u309a")

#: The lowest rapidfuzz ``partial_ratio`` (0-100) taken as a near miss.
FUZZY_CUTOFF = 75
#: Near misses are looked for only for queries at least this long: shorter
#: ones are near misses of almost everyone.
FUZZY_MIN_LENGTH = 3

TIER_START, TIER_WORDS, TIER_NAME, TIER_OTHER, TIER_FUZZY = range(5)

_NOT_WORD = re.compile(r"[\W_]+")  # on ASCII; elsewhere see _in_word


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


def _in_word(ch: str) -> bool:
    """Letters, digits and marks (a Devanagari vowel sign is inside a word)."""
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _word_starts(folded: str) -> str:
    """Folded text with everything but words as single spaces, after a
    space: a word of the query starts a word of the name if the query
    word's own ``_word_starts`` is in the name's."""
    if folded.isascii():
        return " " + " ".join(_NOT_WORD.sub(" ", folded).split())
    return " " + " ".join("".join(ch if _in_word(ch) else " " for ch in folded).split())


@dataclass(slots=True)
class Entry:
    """What is searched for one person, folded once."""

    id: str
    source: Contact  # the record this was folded from (records are replaced, never changed)
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

    #: How near misses are scored (0-100; None: rapidfuzz's
    #: ``fuzz.partial_ratio``), and the lowest score taken (a subclass may
    #: try others: benchmarks/search_quality.py).
    fuzzy_scorer: Callable[..., float] | None = None
    fuzzy_cutoff = FUZZY_CUTOFF

    def __init__(self, contacts: Mapping[str, Contact]):
        self.contacts = contacts
        self._entries: dict[str, Entry] = {}
        self._hay: dict[str, str] = {}  # id → Entry.hay, for the filter's loop
        self._sources: list[Contact] = []  # the records the entries are fresh for, in order
        self._rows: list[Entry] = []  # the entries of _sources, in order (for find)
        self._rows_of: list[Contact] | None = None
        self._names: list[str] = []  # the folded names of _rows, for near misses

    def entry(self, cid: str) -> Entry:
        """One person's entry, fresh."""
        c = self.contacts[cid]
        e = self._entries.get(cid)
        if e is None or e.source is not c:
            e = self._entries[cid] = entry_of(c)
            self._hay[cid] = e.hay
        return e

    def warm(self) -> None:
        """Fold everyone now (so a first keystroke later is as fast as the rest)."""
        self._fresh()

    def _fresh(self) -> dict[str, str]:
        """Make every entry fresh; returns id → what the filter looks in.

        Comparing the list of records with the last one is quick (object
        identity, in C); after a change only the records that differ are
        looked at, and only the changed people folded again."""
        sources = list(self.contacts.values())
        old = self._sources
        if sources != old:
            entries, hay = self._entries, self._hay
            if len(sources) < len(old):  # people gone (an undone add, a replace)
                for cid in [cid for cid in entries if cid not in self.contacts]:
                    del entries[cid]
                    hay.pop(cid, None)
                changed = sources
            else:  # records replaced in place, people added at the end
                changed = [c for c, o in zip(sources, old, strict=False) if c is not o]
                changed += sources[len(old):]
            for c in changed:
                e = entries.get(c.id)
                if e is None or e.source is not c:
                    e = entries[c.id] = entry_of(c)
                hay[c.id] = e.hay
            self._sources = sources
        return self._hay

    def rows(self) -> list[Entry]:
        """Everyone's entry, fresh, in the mapping's order."""
        self._fresh()
        if self._rows_of is not self._sources:
            entries = self._entries
            self._rows = [entries[c.id] for c in self._sources]
            self._names = [e.name for e in self._rows]
            self._rows_of = self._sources
        return self._rows

    # ------------------------------------------------------------ the filter

    def matches(self, cid: str, words: list[str]) -> bool:
        """Whether every one of ``words`` (folded: :func:`query_words`) is in
        what the filter searches for this person."""
        hay = self.entry(cid).hay
        return all(w in hay for w in words)

    def matching(self, ids: Iterable[str], words: list[str]) -> list[str]:
        """Those of ``ids`` the filter keeps, in their order (a keystroke in
        the filter runs this over a whole board: one word, the usual case,
        is a plain scan)."""
        hay = self._fresh()
        if len(words) == 1:
            word = words[0]
            return [cid for cid in ids if word in hay[cid]]
        return [cid for cid in ids if all(w in hay[cid] for w in words)]

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

        starts = [_word_starts(w) for w in words]
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
            # rapidfuzz takes ~25 ms to import: not before a first typo
            from rapidfuzz import fuzz, process

            near = []
            scorer = self.fuzzy_scorer or fuzz.partial_ratio
            for name, score, n in process.extract(whole, self._names, scorer=scorer,
                                                  limit=None, score_cutoff=self.fuzzy_cutoff):
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
    inside = [_in_word(ch) for ch in flat]
    starts = [n for n, yes in enumerate(inside) if yes and (n == 0 or not inside[n - 1])]
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
