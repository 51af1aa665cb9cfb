"""vCard files (``.vcf``): versions 3.0 and 4.0 (and the 2.1 that old phones
still write), several cards per file, folded lines, UTF-8, quoted-printable.

Parsing is vobject's; this module splits the file into cards first, so one
card vobject cannot read is skipped with its line number instead of losing
the rest of the file.  Each card becomes a
:class:`~board.formats.importing.Person`: the name (``FN``, else ``N``, else
``ORG``), every email and phone (the preferred first), the organisation and
title, notes, the city of the first address, categories as tags, and URLs
and social profiles (``URL``, ``X-SOCIALPROFILE``/``SOCIALPROFILE``,
``IMPP``, ``X-TWITTER`` ...) as handles, ``BDAY`` as the birthday and
``ANNIVERSARY`` (``X-ANNIVERSARY`` in vCard 3) as a yearly date.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import unquote, urlsplit

import vobject
from vobject.base import VObjectError

from board.core.dates import day_from_iso
from board.core.schema import Handle, NamedDate
from board.formats.importing import ImportFileError, Parsed, Person, Progress, Skip, ticker

# vobject logs what it skips; this module reports it instead.
logging.getLogger("vobject").setLevel(logging.CRITICAL)
logging.getLogger("vobject.base").setLevel(logging.CRITICAL)

_BEGIN = re.compile(r"^BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END\s*:\s*VCARD\s*$", re.IGNORECASE)

#: How deep parts of a card may nest (a vCard 2.1 ``AGENT`` holds a whole
#: card: two).  vobject reads nested parts recursively, so a card nesting a
#: thousand is refused before it is parsed.
MAX_NESTING = 8
#: The largest card read (text).  vobject joins folded lines in time that
#: grows with the square of a line's length (2 MB: 2 s, 10 MB: a minute).
MAX_CARD_CHARS = 1_000_000

#: A property line as vobject's own pattern reads it (``group.NAME;PARAM=
#: VALUE,VALUE;PARAM:value``), the same lines, but with possessive
#: quantifiers so a check takes time in proportion to the line: vobject's
#: pattern backtracks exponentially on a line it cannot match (25
#: parameters and a stray ``;`` take 20 s, 30 take hours), so a card is only
#: handed to vobject once every line of it matches this.
_NAME = r"[A-Za-z0-9_-]++"
_PROPERTY = re.compile(
    rf'(?:{_NAME}\.)?+(?P<name>{_NAME});?(?:;{_NAME}(?:[=,](?:"[^"]*+"|[^";:,]*+))*+)*+:'
)

#: ``X-TWITTER:…`` style properties and the platform each names.
_X_PLATFORMS = {
    "x-twitter": "x",
    "x-github": "github",
    "x-linkedin": "linkedin",
    "x-mastodon": "mastodon",
    "x-bluesky": "bluesky",
    "x-instagram": "instagram",
    "x-facebook": "facebook",
    "x-skype": "skype",
    "x-skype-username": "skype",
    "x-telegram": "telegram",
    "x-jabber": "xmpp",
}
_HOSTS = {
    "linkedin.com": "linkedin",
    "twitter.com": "x",
    "x.com": "x",
    "github.com": "github",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
}


def url_handle(url: str, platform: str = "") -> Handle:
    """A profile URL as a handle: ``https://github.com/ada`` → ``github:ada``,
    ``https://mastodon.social/@ada`` → ``mastodon:@ada@mastodon.social``; any
    other URL is kept whole (platform ``web``, or the one given)."""
    url = url.strip()
    parts = urlsplit(url)
    host = parts.netloc.lower().split("@")[-1].split(":")[0]
    host = host[4:] if host.startswith("www.") else host
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if parts.scheme in ("http", "https") and segments:
        known = _HOSTS.get(host) or next(
            (p for h, p in _HOSTS.items() if host.endswith("." + h)), None)
        if known == "linkedin" and segments[0] == "in" and len(segments) > 1:
            return Handle("linkedin", segments[1])
        if known and known != "linkedin" and len(segments) == 1:
            return Handle(known, segments[0].lstrip("@"))
        if host == "bsky.app" and segments[0] == "profile" and len(segments) > 1:
            return Handle("bluesky", segments[1])
        if len(segments) == 1 and segments[0].startswith("@") and len(segments[0]) > 1:
            return Handle(platform or "mastodon", f"{segments[0]}@{host}")
    return Handle(platform or "web", url)


def _split_cards(text: str) -> tuple[list[tuple[int, str]], list[Skip]]:
    """The cards in the file, each with the line it starts on."""
    cards: list[tuple[int, str]] = []
    problems: list[Skip] = []
    start = 0
    depth = 0
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        if _BEGIN.match(line):
            if depth == 0:
                start = n
            depth += 1
        elif _END.match(line) and depth:
            depth -= 1
            if depth == 0:
                cards.append((start, "\n".join(lines[start - 1:n]) + "\n"))
    if depth:
        problems.append(Skip(f"card {len(cards) + 1}, line {start}",
                             "never ends (no END:VCARD line)"))
    return cards, problems


def logical_lines(card: str):
    """The card's logical lines and the line each starts on: folded lines
    joined, and quoted-printable soft line breaks kept, as vobject's
    ``getLogicalLines`` does (with ``allowQP``), in linear time."""
    parts: list[str] = []
    start = 0
    seen_qp = False  # "quoted-printable" in the logical line so far
    tail = ""  # its last characters (the word may straddle a fold)
    soft_break = False  # the last line ended with a quoted-printable "="
    for number, line in enumerate(card.split("\n"), 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            if parts:
                yield "".join(parts), start
            parts, seen_qp, tail, soft_break = [], False, "", False
            continue
        if soft_break:
            new = "\n" + line
            soft_break = False
        elif line[0] in " \t":
            new = line[1:]
        else:
            if parts:
                yield "".join(parts), start
            parts, seen_qp, tail = [], False, ""
            new = line
        if not parts:
            start = number
        parts.append(new)
        seen_qp = seen_qp or "quoted-printable" in (tail + new).lower()
        tail = (tail + new)[-16:]
        soft_break = new.endswith("=") and seen_qp
    if parts:
        yield "".join(parts), start


def _unsafe(card: str) -> tuple[int, str] | None:
    """The line (from the card's first) and the reason vobject must not be
    given this card, or None: a line vobject cannot read as a property (its
    pattern could take hours to say so), or parts nested too deeply."""
    depth = 0
    for line, number in logical_lines(card):
        match = _PROPERTY.match(line)
        if match is None:
            return number, "cannot be read: not a vCard property (NAME;PARAM=VALUE:value)"
        name = match.group("name").upper()
        if name == "BEGIN":
            depth += 1
            if depth > MAX_NESTING:
                return number, (f"cannot be read: parts nested more than {MAX_NESTING} deep "
                                "(BEGIN: inside BEGIN:)")
        elif name == "END":
            depth -= 1
    return None


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v).strip() for v in value if str(v).strip())
    return str(value if value is not None else "").strip()


def _lines(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _preferred(lines: list[Any]) -> list[Any]:
    def rank(line: Any) -> int:
        params = {k.upper(): [str(v).lower() for v in vs] for k, vs in line.params.items()}
        types = ",".join(params.get("TYPE", [])).split(",")
        if "pref" in types:
            return 0
        pref = params.get("PREF", [])
        return int(pref[0]) if pref and pref[0].isdigit() else 101

    return sorted(lines, key=rank)


def _name(card: Any) -> str:
    for line in _lines(card, "fn"):
        name = _text(line.value)
        if name:
            return name
    for line in _lines(card, "n"):
        n = line.value
        if isinstance(n, vobject.vcard.Name):
            parts = [n.prefix, n.given, n.additional, n.family, n.suffix]
            name = " ".join(_text(p) for p in parts if _text(p))
        else:
            name = " ".join(p.strip() for p in str(n).split(";") if p.strip())
        if name:
            return name
    for line in _lines(card, "org"):
        name = _text(line.value)
        if name:
            return name
    return ""


def _param(line: Any, key: str) -> str:
    for k, values in line.params.items():
        if k.upper() == key and values:
            return str(values[0]).strip().lower()
    return ""


def _handles(card: Any) -> list[Handle]:
    handles: list[Handle] = []
    for line in _lines(card, "url"):
        url = _text(line.value)
        if url:
            handles.append(url_handle(url))
    for name in ("x-socialprofile", "socialprofile"):
        for line in _lines(card, name):
            value = _text(line.value)
            platform = _param(line, "TYPE") or _param(line, "SERVICE-TYPE")
            platform = {"twitter": "x"}.get(platform, platform)
            user = _param(line, "X-USER") or _param(line, "USERNAME")
            if value.startswith(("http://", "https://")):
                handle = url_handle(value, platform)
                if handle.platform in ("web", platform) and handle.handle == value and user:
                    handle = Handle(platform, user)
                handles.append(handle)
            elif value or user:
                handles.append(Handle(platform, value or user))
    for name, platform in _X_PLATFORMS.items():
        for line in _lines(card, name):
            value = _text(line.value)
            if value.startswith(("http://", "https://")):
                handles.append(url_handle(value, platform))
            elif value:
                handles.append(Handle(platform, value.lstrip("@") if platform == "x" else value))
    for line in _lines(card, "impp"):
        value = _text(line.value)
        scheme, sep, rest = value.partition(":")
        if sep and scheme and rest and " " not in scheme:
            handles.append(Handle(scheme.lower(), rest))
        elif value:
            handles.append(Handle("impp", value))
    return list(dict.fromkeys(handles))


def _phone(value: str) -> str:
    return value[4:] if value.lower().startswith("tel:") else value


def _person(card: Any, where: str) -> Person | None:
    name = _name(card)
    if not name:
        return None
    emails = [_text(line.value) for line in _preferred(_lines(card, "email"))]
    phones = [_phone(_text(line.value)) for line in _preferred(_lines(card, "tel"))]
    company = next((_text(line.value) for line in _lines(card, "org") if _text(line.value)), "")
    position = next(
        (_text(line.value) for key in ("title", "role") for line in _lines(card, key)
         if _text(line.value)), "")
    notes = "\n\n".join(
        str(line.value).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        for line in _lines(card, "note") if str(line.value).strip()
    )
    city = ""
    for line in _lines(card, "adr"):
        value = line.value
        city = _text(getattr(value, "city", "")) if not isinstance(value, str) else ""
        if city:
            break
    tags: list[str] = []
    for line in _lines(card, "categories"):
        value = line.value if isinstance(line.value, list) else str(line.value).split(",")
        tags += [str(t).strip() for t in value if str(t).strip()]
    birthday = next((day for line in _lines(card, "bday") if (day := _day(line))), "")
    dates = tuple(NamedDate("anniversary", day)
                  for key in ("anniversary", "x-anniversary")
                  for line in _lines(card, key) if (day := _day(line)))
    return Person(
        where,
        name,
        emails=tuple(e for e in emails if e),
        phones=tuple(p for p in phones if p),
        company=company,
        position=position,
        city=city,
        notes=notes,
        tags=tuple(tags),
        handles=tuple(_handles(card)),
        birthday=birthday,
        dates=dates,
    )


def _day(line: Any) -> str:
    """A ``BDAY`` or ``ANNIVERSARY`` as a day (a year Apple marks as
    omitted left out), or "" for one that is not a date (text, a time)."""
    omit = next((str(v) for k, vs in line.params.items() if k.upper() == "X-APPLE-OMIT-YEAR"
                 for v in vs), "")
    return day_from_iso(_text(line.value), omit)


def read_vcards(text: str, source: str, progress: Progress | None = None) -> Parsed:
    """Read every card in a ``.vcf`` file; raise ImportFileError if there are none."""
    cards, problems = _split_cards(text)
    if not cards and not problems:
        raise ImportFileError(f"{source}: is not a vCard file (no BEGIN:VCARD … END:VCARD)")
    parsed = Parsed("vcard", source)
    tick = ticker(progress, "reading", len(cards))
    for n, (start, chunk) in enumerate(cards, 1):
        where = f"card {n}, line {start}"
        if len(chunk) > MAX_CARD_CHARS:
            parsed.skipped.append(Skip(where, f"is larger than {MAX_CARD_CHARS // 1_000_000} MB "
                                       "of text (a very large photo?), too large to read"))
            tick(n)
            continue
        unsafe = _unsafe(chunk)
        if unsafe is not None:
            line, why = unsafe
            parsed.skipped.append(Skip(f"card {n}, line {start + line - 1}", why))
            tick(n)
            continue
        try:
            card = vobject.readOne(chunk, allowQP=True)
            person = _person(card, where)
        except VObjectError as exc:
            line = start + max(exc.lineNumber or 1, 1) - 1
            why = str(getattr(exc, "msg", "") or exc).strip()
            parsed.skipped.append(Skip(f"card {n}, line {line}", f"cannot be read: {why}"))
        except (ValueError, TypeError, AttributeError, LookupError) as exc:
            parsed.skipped.append(Skip(where, f"cannot be read: {exc}"))
        else:
            if person is None:
                parsed.skipped.append(Skip(where, "no name (no FN, N or ORG)"))
            else:
                parsed.people.append(person)
        tick(n)
    parsed.skipped += problems
    return parsed
