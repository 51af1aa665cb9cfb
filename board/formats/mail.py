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
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from board.formats.capture import Captured, CaptureOptions, Touch, Who, refuse
from board.formats.importing import Progress, Skip, email_key, ticker

_NO_REPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?)([-+_.].*)?@",
    re.IGNORECASE)
_BULK = frozenset({"bulk", "list", "junk"})
_headers = BytesHeaderParser(policy=email.policy.compat32)


def decoded(value: object) -> str:
    """A header's text, encoded words decoded, on one line."""
    if value is None:
        return ""
    text = str(value)
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except (ValueError, LookupError, UnicodeError):
            pass  # (an unknown charset: the raw text is still something)
    return " ".join(text.split())


def _head(data: bytes):
    end = data.find(b"\n\n")
    end2 = data.find(b"\r\n\r\n")
    if end2 != -1 and (end == -1 or end2 < end):
        end = end2
    return _headers.parsebytes(data if end == -1 else data[: end + 2])


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


def _messages(path: Path, fmt: str, source: str) -> tuple[int, Iterator[tuple[str, bytes]]]:
    """How many messages, and (where, bytes) of each, one at a time."""
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
                except (OSError, KeyError):
                    continue  # (moved away while we read: another program's business)

        return len(names), each_file()
    if not path.exists():
        raise refuse(source, "", "no such file")
    if path.is_dir():
        raise refuse(source, "", "is a folder, not an mbox file (a Maildir has cur and new)")
    try:
        box = mailbox.mbox(path, factory=None, create=False)
        keys = list(box.iterkeys())
    except OSError as exc:
        raise refuse(source, "", f"cannot be read ({exc.strerror})") from None
    with path.open("rb") as f:
        first = f.read(5)
    if first and first != b"From ":
        raise refuse(source, "line 1", "is not an mbox file (it does not start with a "
                     "'From ' line)")

    def each() -> Iterator[tuple[str, bytes]]:
        for n, key in enumerate(keys, 1):
            yield f"message {n}", box.get_bytes(key)

    return len(keys), each()


def read_mail(path: Path, fmt: str, options: CaptureOptions,
              progress: Progress | None = None) -> Captured:
    source = str(path)
    parsed = Captured(fmt, source, options=options)
    seen: Counter[str] = Counter()
    ids: set[str] = set()
    if progress:
        progress("reading", 0, 1)
    count, messages = _messages(path, fmt, source)
    parsed.records = count
    tick = ticker(progress, "reading", count)
    skip = parsed.skipped.append
    for n, (where, data) in enumerate(messages, 1):
        tick(n)
        head = _head(data)
        message_id = " ".join(str(head.get("Message-ID", "")).split())
        if message_id:
            where = f"{where} {message_id}"
            if message_id in ids:
                skip(Skip(where, "the same Message-ID again (a copy, as Gmail's labels give)"))
                continue
            ids.add(message_id)
        senders = getaddresses([decoded(v) for v in head.get_all("From", [])])
        sender = Who(email=senders[0][1], name=senders[0][0]) if senders and \
            "@" in senders[0][1] else None
        others = getaddresses([decoded(v) for name in ("To", "Cc")
                               for v in head.get_all(name, [])])
        people = [Who(email=a, name=nm) for nm, a in others if "@" in a]
        if sender is not None:
            people.insert(0, sender)
        for key in {email_key(w.email) for w in people}:
            seen[key] += 1
        if head.get("List-Id") or head.get("List-Unsubscribe") or \
                str(head.get("Precedence", "")).strip().lower() in _BULK or \
                str(head.get("Auto-Submitted", "no")).strip().lower() != "no":
            skip(Skip(where, "a mailing list or bulk mail"))
            continue
        if sender is not None and _NO_REPLY.match(sender.email):
            skip(Skip(where, "from a no-reply address"))
            continue
        try:
            at = parsedate_to_datetime(str(head.get("Date", "")))
        except (TypeError, ValueError, IndexError):
            skip(Skip(where, "no readable Date"))
            continue
        at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
        subject = decoded(head.get("Subject"))
        if not message_id:
            digest = hashlib.sha1(f"{sender and sender.email}|{at:%Y%m%dT%H%M%S}|{subject}"
                                  .encode("utf-8", "surrogatepass")).hexdigest()[:16]
        key = f"mail:{message_id}" if message_id else f"mail:#{digest}"
        notes = _body(data) if options.with_content else ""
        parsed.touches.append(Touch(where=where, source=key, kind="email", at=at,
                                    people=people, title=subject[:200], notes=notes,
                                    sender=sender))
    parsed.seen = seen
    return parsed
