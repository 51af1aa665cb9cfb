"""Text helpers shared by every client: safe display (relative times are
``board.core.relative``).

Untrusted text (names from a CSV, notes pasted from the web) is data: it is
never interpreted as markup by the UI (which renders it as plain text) and
no control character from it ever reaches the terminal.  ``safe`` replaces
control characters with visible stand-ins so "\\x1b[31m" shows as "␛[31m";
``safe_block`` does the same keeping line breaks, ``editable`` keeping what
an editor lays out itself (line breaks, tabs), and ``safe_json`` writes JSON
whose every control character is escaped.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from typing import Any

_C0 = "\x00-\x1f"  # C0 controls (ESC, BEL, CR, LF, …)
_C0_NOT_LAID_OUT = "\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 but tab, LF and CR
_C1 = "\x7f-\x9f"  # DEL and the C1 controls (U+009B is CSI on its own)
_SURROGATES = "\ud800-\udfff"  # a lone one cannot even be written out
# Bidi embeddings, overrides and isolates that could visually reorder the rest of a line.
_BIDI_CHARS = "\u202a-\u202e\u2066-\u2069"

_LINE_BREAKS = "\u2028\u2029"  # Unicode's line and paragraph separators
_CONTROL = re.compile(f"[{_C0}{_C1}{_SURROGATES}{_LINE_BREAKS}]")  # one line
_EDITOR_CONTROL = re.compile(f"[{_C0_NOT_LAID_OUT}{_C1}{_SURROGATES}]")
_BIDI = re.compile(f"[{_BIDI_CHARS}]")
# What json.dumps leaves unescaped that a terminal would obey (it escapes C0
# itself), and the line separators, which break lines in some readers.
_JSON_UNSAFE = re.compile(f"[{_C1}{_SURROGATES}{_BIDI_CHARS}{_LINE_BREAKS}]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def safe(text: str) -> str:
    """One line of untrusted text, safe to show: no control characters (and
    no line break: U+2028/2029 show as U+FFFD, as the C1 controls do)."""
    text = _CONTROL.sub(_picture, text.replace("\t", " "))
    return _BIDI.sub("", text)


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
def editable(text: str) -> str:
    """Untrusted text to put in an editor: line breaks and tabs stay (the
    editor lays them out itself, nothing reaches the terminal), every other
    control character becomes its stand-in and bidi overrides go, as in
    ``safe``."""
    return _BIDI.sub("", _EDITOR_CONTROL.sub(_picture, text))


def safe_json(value: Any, **dumps: Any) -> str:
    """``json.dumps(value)`` for a terminal: DEL, the C1 controls, bidi
    overrides, U+2028/2029 and lone surrogates are written as ``\\uXXXX``
    escapes too (json escapes C0 itself), so ``json.loads`` gives back
    exactly ``value`` and nothing in it is obeyed by a terminal."""
    text = json.dumps(value, ensure_ascii=False, **dumps)
    # Outside its strings json.dumps writes only ASCII: each of these is in
    # a string, where an escape means the same character.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def pages(text: str, size: int) -> list[str]:
    """``text`` cut into pages of at most ``size`` characters, each ending
    just after a line break where one falls in its second half (else after
    a space, else anywhere); ``"".join(pages(text, size)) == text``."""
    out: list[str] = []
    start, end = 0, len(text)
    while end - start > size:
        limit = start + size
        cut = text.rfind("\n", start + size // 2, limit) + 1
        if not cut:
            cut = text.rfind(" ", start + size // 2, limit) + 1
        if not cut:
            cut = limit
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def preview(text: str, limit: int = 200) -> str:
    """A one-line preview of possibly huge text, cut before it is scanned."""
    head = text[: limit * 2]
    line = " ".join(head.split())
    if len(line) > limit or len(text) > len(head):
        return safe(line[:limit].rstrip()) + "…"
    return safe(line)


def plural(n: float, word: str, suffix: str = "s") -> str:
    """'1 touch', '3 touches', '1.5 hours'."""
    return f"{n:g} {word}{'' if n == 1 else suffix}"


def conflict_line(conflict: Any) -> str:
    """One line for a value that lost a sync merge (a ``schema.Conflict``):
    what it was, where and when it was made, shown as text."""
    when = f"{conflict.at.astimezone():%d %b %Y %H:%M}"
    where = f"device {conflict.device}, {when}"
    of = f" of interaction {conflict.record}" if conflict.record else ""
    if conflict.field == "**":
        what = f"interaction {conflict.record}" if conflict.record else "this person"
        return (f"two changes of {what} broke a rule together: the later was kept; the "
                f"other ({where}) was {_value(conflict.value)}")
    if conflict.field == "*":
        if conflict.value == "null":
            return f"a deletion{of} ({where}) lost to a later edit"
        return f"an edit{of} ({where}) lost to a later deletion; it was {_value(conflict.value)}"
    return (f"{conflict.field}{of}: the later change was kept; the other value "
            f"({where}) was {_value(conflict.value)}")


def _value(text: str) -> str:
    """A conflict's JSON value as a person reads it: text as text."""
    try:
        value = json.loads(text)
    except ValueError:
        return preview(text, 80)
    if isinstance(value, str):
        return repr(preview(value, 80)) if value else "empty"
    if value is None or value == [] or value is False:
        return "empty" if value is not False else "no"
    if value is True:
        return "yes"
    return preview(json.dumps(value, ensure_ascii=False), 80)
