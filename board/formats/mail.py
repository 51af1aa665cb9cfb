"""Mail → touches: an mbox file (Gmail Takeout, Thunderbird) or a Maildir
folder, read with the standard library's ``mailbox`` and ``email``.

Each message is one ``email`` touch with everyone on it (From, To, Cc; the
user left out), at its Date, its subject as the title, and its key
``mail:`` the Message-ID (a message without one is keyed by its sender, date
and subject).  It is *given* when the user sent it (From is one of
``me.emails``, or of the address inferred: the one on most messages) and
*received* otherwise.

Only the headers are read (fast, and private): the body only with
``--with-content``.  Headers may be RFC 2047 encoded words
(``=?utf-8?q?Jos=C3=A9?=``); they are decoded.

Skipped, with the reason: mailing lists and bulk mail (a List-Id or
List-Unsubscribe header, Precedence bulk / list / junk, Auto-Submitted),
mail from a no-reply address, the same Message-ID a second time (Gmail's
labels put one message in the export once per label), and messages without
a readable Date.  (The capture rules skip crowds, the future and messages
with no one on the board.)
"""

from __future__ import annotations

import email.policy
import hashlib
import mailbox
import mmap
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from pathlib import Path

from board.formats.capture import Captured, CaptureOptions, Touch, Who, refuse
from board.formats.importing import Progress, Skip, email_key, ticker

_NO_REPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?)([-+_.].*)?@",
    re.IGNORECASE)
_BULK = frozenset({"bulk", "list", "junk"})
#: The headers a touch needs (lower case).
WANTED = frozenset({"from", "to", "cc", "date", "subject", "message-id", "list-id",
                    "list-unsubscribe", "precedence", "auto-submitted"})


@lru_cache(maxsize=65536)
def decoded(value: str) -> str:
    """A header's text, encoded words decoded, on one line."""
    text = value
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except (ValueError, LookupError, UnicodeError):
            pass  # (an unknown charset: the raw text is still something)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def addresses(value: str) -> tuple[Who, ...]:
    """The people a From, To or Cc header names (names decoded).  (Cached:
    the same few headers come back on message after message.)"""
    out = []
    for name, address in getaddresses([value]):
        if "@" in address:
            out.append(Who(email=address, name=decoded(name)))
    return tuple(out)


_DATE = re.compile(r"(?:[A-Za-z]{3}, *)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{1,2}):(\d\d)"
                   r"(?::(\d\d))? *([+-])(\d\d)(\d\d)")
_MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec"), 1)}


def mail_date(text: str) -> datetime | None:
    """A Date header in UTC (``Mon, 02 Mar 2026 10:00:00 +0100`` read at
    once; any other form by ``email.utils``), or None."""
    m = _DATE.match(text.strip())
    if m and m.group(2).lower() in _MONTHS:
        day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
        offset = timedelta(hours=int(m.group(8)), minutes=int(m.group(9)))
        try:
            local = datetime(year, month, day, int(m.group(4)), int(m.group(5)),
                             int(m.group(6) or 0), tzinfo=UTC)
            return local - offset if m.group(7) == "+" else local + offset
        except (ValueError, OverflowError):  # (1 Jan 0001 at +0100 is year 0 in UTC)
            return None
    try:
        at = parsedate_to_datetime(text)
        return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


_FIELD = re.compile(
    r"^(" + "|".join(sorted(WANTED)) + r")[ \t]*:[ \t]*(.*(?:\r?\n[ \t].*)*)",
    re.IGNORECASE | re.MULTILINE)


def header_block(data: bytes) -> dict[str, list[str]]:
    """The wanted header fields of a message (RFC 5322: ``Name: value``,
    continuation lines folded back), read from the bytes up to the first
    blank line.  Text that is not UTF-8 is kept as Latin-1 (never lost)."""
    end = data.find(b"\n\n")
    crlf = data.find(b"\r\n\r\n", 0, len(data) if end == -1 else end)
    if crlf != -1:
        end = crlf
    block = data if end == -1 else data[:end]
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        text = block.decode("latin-1")
    fields: dict[str, list[str]] = {}
    for name, value in _FIELD.findall(text):
        value = value.strip()
        if "\n" in value:
            value = " ".join(value.split())
        fields.setdefault(name.lower(), []).append(value)
    return fields


@lru_cache(maxsize=65536)
def address_keys(value: str) -> tuple[str, ...]:
    """The addresses a header names, as matched (cached, as addresses)."""
    return tuple(email_key(w.email) for w in addresses(value))


def _body(data: bytes) -> str:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, ValueError):
        return ""
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(str(text).split())


def _messages(path: Path, fmt: str, source: str, skip: Callable[[Skip], None]
              ) -> tuple[int, Iterator[tuple[str, bytes]]]:
    """How many messages, and (where, bytes) of each, one at a time (a
    message file that cannot be read is given to ``skip``)."""
    if fmt == "maildir":
        try:
            folder = mailbox.Maildir(path, factory=None, create=False)
            names = sorted(folder.iterkeys())
        except OSError as exc:
            raise refuse(source, "", f"cannot be read as a Maildir folder ({exc.strerror})") \
                from None

        def each_file() -> Iterator[tuple[str, bytes]]:
            for key in names:
                try:
                    yield f"message {key}", folder.get_bytes(key)
                except KeyError:
                    continue  # (moved away while we read: another program's business)
                except OSError as exc:  # (no permission, a link to nowhere)
                    skip(Skip(f"message {key}", f"cannot be read ({exc.strerror})"))

        return len(names), each_file()
    if not path.exists():
        raise refuse(source, "", "no such file")
    if path.is_dir():
        raise refuse(source, "", "is a folder, not an mbox file (a Maildir has cur and new)")
    try:
        f = path.open("rb")
    except OSError as exc:
        raise refuse(source, "", f"cannot be read ({exc.strerror})") from None
    with f:
        first = f.read(5)
        if first and first != b"From ":
            raise refuse(source, "line 1", "is not an mbox file (it does not start with a "
                         "'From ' line)")
        if not first:
            return 0, iter(())
        whole = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    starts = [0]
    find = whole.find
    at = find(b"\nFrom ")
    while at != -1:
        starts.append(at + 1)
        at = find(b"\nFrom ", at + 6)
    starts.append(len(whole))

    def each() -> Iterator[tuple[str, bytes]]:
        line = 1
        try:
            for n in range(len(starts) - 1):
                chunk = whole[starts[n]:starts[n + 1]]
                # (the message starts after its From_ line)
                yield f"message {n + 1} (line {line})", chunk[chunk.find(b"\n") + 1:]
                line += chunk.count(b"\n")
        finally:
            whole.close()

    return len(starts) - 1, each()


def read_mail(path: Path, fmt: str, options: CaptureOptions,
              progress: Progress | None = None) -> Captured:
    source = str(path)
    parsed = Captured(fmt, source, options=options)
    seen: Counter[str] = Counter()
    ids: set[str] = set()
    if progress:
        progress("reading", 0, 1)
    count, messages = _messages(path, fmt, source, parsed.skipped.append)
    parsed.records = count
    tick = ticker(progress, "reading", count)
    skip = parsed.skipped.append
    for n, (where, data) in enumerate(messages, 1):
        tick(n)
        head = header_block(data)
        one = {name: values[0] for name, values in head.items()}.get
        message_id = one("message-id", "")
        if message_id:
            where = f"{where} {message_id}"
            if message_id in ids:
                skip(Skip(where, "the same Message-ID again (a copy, as Gmail's labels give)"))
                continue
            ids.add(message_id)
        sender_field = one("from", "")
        senders = addresses(sender_field)
        sender = senders[0] if senders else None
        people = list(senders[:1])
        keys = set(address_keys(sender_field)[:1])
        for name in ("to", "cc"):
            for value in head.get(name, ()):
                people += addresses(value)
                keys.update(address_keys(value))
        seen.update(keys)
        if "list-id" in head or "list-unsubscribe" in head or \
                one("precedence", "").lower() in _BULK or \
                one("auto-submitted", "no").lower() != "no":
            skip(Skip(where, "a mailing list or bulk mail"))
            continue
        if sender is not None and _NO_REPLY.match(sender.email):
            skip(Skip(where, "from a no-reply address"))
            continue
        at = mail_date(one("date", ""))
        if at is None:
            skip(Skip(where, "no readable Date"))
            continue
        subject = one("subject", "")
        if not message_id:
            digest = hashlib.sha1(f"{sender and sender.email}|{at:%Y%m%dT%H%M%S}|{subject}"
                                  .encode("utf-8", "surrogatepass")).hexdigest()[:16]
        key = f"mail:{message_id}" if message_id else f"mail:#{digest}"
        notes = _body(data) if options.with_content else ""
        # (the subject is decoded only for the touches logged: see Touch.title_decoder)
        parsed.touches.append(Touch(where=where, source=key, kind="email", at=at,
                                    people=people, title=subject, notes=notes,
                                    sender=sender, title_decoder=decoded))
    parsed.seen = seen
    return parsed
