"""Text helpers shared by every client: safe display and relative dates.

Untrusted text (names from a CSV, notes pasted from the web) is data: it is
never interpreted as markup by the UI (which renders it as plain text) and
no control character from it ever reaches the terminal.  ``safe`` replaces
control characters with visible stand-ins so "\\x1b[31m" shows as "␛[31m".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime

# C0 controls (except none), DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Bidi overrides/isolates that could visually reorder the rest of a line.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def safe(text: str) -> str:
    """One line of untrusted text, safe to show: no control characters."""
    text = _CONTROL.sub(_picture, text.replace("\t", " "))
    return _BIDI.sub("", text)


def fold(text: str) -> str:
    """Text as a search or a comparison sees it: accents dropped (Unicode
    NFKD, without the combining marks), case folded, spaces collapsed:
    "Zoë  Ångström" and "zoe angstrom" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def safe_block(text: str) -> str:
    """Multi-line untrusted text: keeps newlines, neutralises the rest."""
    return "\n".join(safe(line) for line in text.split("\n"))


def did_you_mean(word: object, known: Iterable[str]) -> str:
    """`` (did you mean 'snooze_days'?)`` when ``word`` is close to one of
    ``known`` (a typo in a setting or a binding id), else ``""``."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def preview(text: str, limit: int = 200) -> str:
    """A one-line preview of possibly huge text, cut before it is scanned."""
    head = text[: limit * 2]
    line = " ".join(head.split())
    if len(line) > limit or len(text) > len(head):
        return safe(line[:limit].rstrip()) + "…"
    return safe(line)


#: Under this, no calendar month fits in a difference, so it is worded from
#: the seconds alone; longer ones go to pendulum (months have lengths).
_NO_MONTH = 27 * 86400


def _words(seconds: int) -> str:
    """pendulum's English ``diff_for_humans(absolute=True)`` for a
    difference of 60 s up to 27 days, which needs no calendar (the same
    rounding rules: a week and 4 days is 2 weeks, 22 hours is a day)."""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    weeks, days = divmod(days, 7)
    if weeks:
        unit, count = "week", weeks + (days > 3)
    elif days:
        unit, count = "day", days + (hours >= 22)
    elif hours:
        unit, count = "hour", hours
    else:
        unit, count = "minute", max(1, rest // 60)
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def ago(then: datetime | None, now: datetime) -> str:
    """'3 weeks ago', 'in 2 days', or 'never'."""
    if then is None:
        return "never"
    seconds = (now - then).total_seconds()
    if abs(seconds) < 60:
        return "just now"
    if abs(seconds) < _NO_MONTH and then.utcoffset() == now.utcoffset():
        # A board redraws dozens of these at once; pendulum takes ~80 µs each.
        words = _words(int(abs(seconds)))
    else:
        import pendulum  # ~50 ms to import: not before the first long difference

        words = pendulum.instance(then).diff_for_humans(pendulum.instance(now), absolute=True)
    return f"{words} ago" if seconds >= 0 else f"in {words}"


def plural(n: float, word: str, suffix: str = "s") -> str:
    """'1 touch', '3 touches', '1.5 hours'."""
    return f"{n:g} {word}{'' if n == 1 else suffix}"
