"""LinkedIn's ``messages.csv`` (in the same data export as Connections.csv)
→ touches.

Columns are read by their header name (CONVERSATION ID, CONVERSATION TITLE,
FROM, SENDER PROFILE URL, TO, RECIPIENT PROFILE URLS, DATE, SUBJECT,
CONTENT, FOLDER, and in newer exports ATTACHMENTS and IS MESSAGE DRAFT), so
their order does not matter, and older exports without the profile URL
columns are read by names alone.

All the messages of one conversation on one day (in UTC) are one ``message``
touch with everyone in it, at the time of the first; it is *given* if the
user wrote first that day, *received* otherwise.  The user is whoever is on
most rows (LinkedIn does not say), and the import says who that was.  Its
key is ``linkedin-message:`` the conversation id and the day.  Drafts and
spam are not touches.  A row without a readable date is skipped with its
line.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from board.formats.capture import Captured, CaptureOptions, Touch, Who, refuse
from board.formats.importing import Progress, Skip, read_bytes, ticker
from board.formats.linkedin import profile_handle

_REQUIRED = ("from", "date")
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S %Z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M %Z",
                 "%Y-%m-%d %H:%M", "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p",
                 "%m/%d/%Y %H:%M", "%m/%d/%y %H:%M", "%d %b %Y %H:%M")
_SPLIT_URLS = re.compile(r"[\s,;]+")


def parse_date(text: str) -> datetime | None:
    """``2026-03-02 14:05:09 UTC`` (also ISO 8601 and the older
    ``3/2/26, 2:05 PM``) in UTC; None if it is not a date."""
    text = " ".join(text.split())
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text.replace(" UTC", "+00:00"))
    except ValueError:
        dt = None
        for fmt in _DATE_FORMATS:
            try:
                dt = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if dt is None:
            return None
    try:
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except OverflowError:  # (0001-01-01 at +01:00 is year 0 in UTC)
        return None


def _profile(url: str) -> str:
    handle = profile_handle(url)
    return handle.handle if handle is not None else ""


def _people(names: str, urls: str) -> list[Who]:
    """The recipients: names and profile URLs, paired when they pair up."""
    links = [u for u in _SPLIT_URLS.split(urls.strip()) if u]
    split = [n.strip() for n in names.split(",") if n.strip()]
    if len(split) != len(links):  # a name with a comma in it, or URLs missing
        split = [names.strip()] if names.strip() and len(links) <= 1 else split
    if len(split) == len(links):
        return [Who(name=n, profile=_profile(u)) for n, u in zip(split, links, strict=True)]
    if not split and links:
        return [Who(profile=_profile(u)) for u in links]
    return [Who(name=n) for n in split]


def read_messages(path: Path, options: CaptureOptions, progress: Progress | None = None
                  ) -> Captured:
    source = str(path)
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(source, f"line {line}", "is not UTF-8 text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().casefold() for cell in next(reader, [])]
        if "conversation id" not in header or not all(c in header for c in _REQUIRED):
            raise refuse(source, "line 1", "is not a LinkedIn messages.csv (no header with "
                         "CONVERSATION ID, FROM and DATE)")
        column = {name: n for n, name in reversed(list(enumerate(header)))}
        rows: list[tuple[int, list[str]]] = []
        line = reader.line_num + 1
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise refuse(source, f"line {reader.line_num}", f"not valid CSV ({exc})") from None
    if progress:
        progress("reading", 0, 1)
    parsed = Captured("linkedin-messages", source, options=options)
    # (conversation, day) -> [(at, line, sender, recipients, title, content)]
    days: dict[tuple[str, str], list] = defaultdict(list)
    seen: Counter[str] = Counter()
    tick = ticker(progress, "reading", len(rows))
    for n, (line, row) in enumerate(rows, 1):
        tick(n)
        where = f"line {line}"
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            i = column.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        if cell("is message draft").casefold() in ("yes", "true", "1"):
            parsed.skipped.append(Skip(where, "a draft"))
            continue
        if cell("folder").casefold() == "spam":
            parsed.skipped.append(Skip(where, "in the spam folder"))
            continue
        at = parse_date(cell("date"))
        if at is None:
            parsed.skipped.append(Skip(where, f"its DATE {cell('date')!r} is not a date"))
            continue
        sender = Who(name=cell("from"), profile=_profile(cell("sender profile url")))
        recipients = _people(cell("to"), cell("recipient profile urls"))
        if not (sender.name or sender.profile):
            parsed.skipped.append(Skip(where, "no FROM"))
            continue
        for who in {w.key: w for w in (sender, *recipients)}:
            seen[who] += 1
        conversation = cell("conversation id") or "|".join(
            sorted(w.key for w in (sender, *recipients)))
        title = cell("conversation title") or cell("subject")
        days[(conversation, f"{at:%Y-%m-%d}")].append(
            (at, line, sender, recipients, title, cell("content")))
    parsed.records = len(days)
    for (conversation, day), messages in days.items():
        messages.sort(key=lambda m: (m[0], m[1]))
        at, line, sender, _, title, _ = messages[0]
        people = list({w.key: w for m in messages for w in (m[2], *m[3])}.values())
        notes = "\n".join(f"{m[2].name or m[2].profile}: {m[5]}" for m in messages if m[5])
        parsed.touches.append(Touch(
            where=f"line {line} (conversation {conversation[:40]}, {day})",
            source=f"linkedin-message:{conversation}:{day}", kind="message", at=at,
            people=people, title=title[:200], notes=notes, sender=sender))
    parsed.seen = seen
    return parsed
