"""LinkedIn's ``Connections.csv`` (from *Settings → Data privacy → Get a copy
of your data*).

The file may start with a few lines of notes before the header::

    Notes:
    "When exporting your connection data, you may notice that some of the ..."

    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Analytical Engines,Founder,02 Nov 2026

Each row becomes a :class:`~board.formats.importing.Person`: the name, the
company and position, the profile URL as a ``linkedin`` handle (the part
after ``/in/``), the email when LinkedIn gives one, and the connection date
as the first touch.  Rows that cannot be trusted (no name, more cells than
the header: an unquoted comma shifted the columns) are skipped with the
reason; an unreadable date keeps the person and says so.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

from board.core.board import is_email
from board.core.schema import Handle
from board.formats.csvfile import blank, read_table, shifted
from board.formats.importing import (
    Parsed,
    Person,
    Progress,
    Skip,
    ticker,
)

HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
          "Connected On")

_MONTHS = {m: n for n, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DMY = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")


def parse_connected_on(text: str) -> datetime | None:
    """``02 Nov 2026`` (also ``2026-11-02`` and the older ``11/2/26``) as noon
    UTC that day (so the date is the same in every time zone); None if it is
    not a date."""
    text = text.strip()
    try:
        if m := _DMY.fullmatch(text):
            month = _MONTHS.get(m.group(2)[:3].lower())
            if month is None:
                return None
            return datetime(int(m.group(3)), month, int(m.group(1)), 12, tzinfo=UTC)
        if m := _ISO.fullmatch(text):
            return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), 12, tzinfo=UTC)
        if m := _US.fullmatch(text):
            year = int(m.group(3))
            year += 2000 if year < 100 else 0
            return datetime(year, int(m.group(1)), int(m.group(2)), 12, tzinfo=UTC)
    except ValueError:  # 31 Feb
        return None
    return None


def profile_handle(url: str) -> Handle | None:
    """``https://www.linkedin.com/in/ada-lovelace/`` → ``linkedin:ada-lovelace``;
    a URL of another shape is kept whole."""
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url if "://" in url else f"https://{url}")
    segments = [s for s in parts.path.split("/") if s]
    if parts.netloc.lower().endswith("linkedin.com") and len(segments) >= 2 \
            and segments[0] == "in":
        return Handle("linkedin", unquote(segments[1]))
    return Handle("linkedin", url)


def read_connections(text: str, source: str, progress: Progress | None = None) -> Parsed:
    """Read a whole ``Connections.csv``; raise ImportFileError if it is not one."""
    parsed = Parsed("linkedin", source)
    column, width, rows = read_table(
        text, source, "linkedin", f"a LinkedIn Connections.csv ('{','.join(HEADER)}')",
        parsed.warnings)
    tick = ticker(progress, "reading", len(rows))
    for n, (line, row) in enumerate(rows, 1):
        tick(n)
        where = f"line {line}"
        if blank(row):
            continue
        if shifted(row, width):
            parsed.skipped.append(Skip(
                where, f"has {len(row)} cells but the header has {width} (an unquoted comma?)"))
            continue

        def cell(name: str, row: list[str] = row) -> str:
            n = column.get(name)
            return row[n].strip() if n is not None and n < len(row) else ""

        name = " ".join(part for part in (cell("first name"), cell("last name")) if part)
        if not name:
            parsed.skipped.append(Skip(where, "no first or last name"))
            continue
        person = Person(where, name, company=cell("company"), position=cell("position"),
                        connected_via="LinkedIn")
        handle = profile_handle(cell("url"))
        if handle is not None:
            person.handles = (handle,)
        email = cell("email address")
        if email and is_email(email):
            person.emails = (email,)
        elif email:
            person.handles += (Handle("email", email),)
            parsed.warnings.append(
                f"{where}: {email!r} does not look like an email address; kept as a handle")
        connected = cell("connected on")
        if connected:
            person.connected = parse_connected_on(connected)
            if person.connected is None:
                parsed.warnings.append(
                    f"{where}: 'Connected On' {connected!r} is not a date; {name} is added "
                    "without a connected touch")
        parsed.people.append(person)
    return parsed


# ------------------------------------------------------------------ Invitations.csv

INVITATIONS_HEADER = ("From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
                      "inviteeProfileUrl")
#: Why someone in Invitations.csv who is not on the board is not added.
NOT_ON_BOARD = ("not on your board (an invitation does not say whether it was accepted; "
                "import Connections.csv for everyone you are connected with)")


def parse_sent_at(text: str) -> datetime | None:
    """``1/29/26, 2:37 PM`` (also ``2026-01-29 14:37 UTC``) as noon UTC that
    day, like a *Connected On* date; None if it is not a date."""
    text = text.strip()
    day = text.split(",")[0].strip() if "," in text else text.replace("T", " ").split(" ")[0]
    return parse_connected_on(day)


def read_invitations(text: str, source: str, progress: Progress | None = None) -> Parsed:
    """Read a whole ``Invitations.csv``; raise ImportFileError if it is not one.

    The file lists invitations sent and received, with no word on whether
    they were accepted (accepted ones are in Connections.csv, pending and
    ignored ones are not).  So an invitation counts as accepted when the
    other person is already on the board: matched by their LinkedIn profile
    (the ``inviteeProfileUrl`` of an OUTGOING invitation, the
    ``inviterProfileUrl`` of an INCOMING one), then by exact name.  They get
    the ``connected`` touch on the day it was sent, if they have none yet
    (Connections.csv gives one); nobody is added.
    """
    parsed = Parsed("linkedin-invitations", source, skip_unknown=NOT_ON_BOARD)
    column, width, rows = read_table(
        text, source, "linkedin-invitations",
        f"a LinkedIn Invitations.csv ({','.join(INVITATIONS_HEADER)})", parsed.warnings)
    tick = ticker(progress, "reading", len(rows))
    for n, (line, row) in enumerate(rows, 1):
        tick(n)
        where = f"line {line}"
        if blank(row):
            continue
        if shifted(row, width):
            parsed.skipped.append(Skip(
                where, f"has {len(row)} cells but the header has {width} (an unquoted comma?)"))
            continue

        def cell(name: str, row: list[str] = row) -> str:
            n = column.get(name)
            return row[n].strip() if n is not None and n < len(row) else ""

        direction = cell("direction").upper()
        if direction == "OUTGOING":
            name, url = cell("to"), cell("inviteeprofileurl")
        elif direction == "INCOMING":
            name, url = cell("from"), cell("inviterprofileurl")
        else:
            parsed.skipped.append(Skip(
                where, f"direction {cell('direction')!r} is neither INCOMING nor OUTGOING"))
            continue
        if not name:
            parsed.skipped.append(Skip(where, "no name"))
            continue
        sent = parse_sent_at(cell("sent at"))
        if sent is None:
            parsed.skipped.append(Skip(where, f"'Sent At' {cell('sent at')!r} is not a date"))
            continue
        person = Person(where, name, connected=sent, connected_via="LinkedIn")
        handle = profile_handle(url)
        if handle is not None:
            person.handles = (handle,)
        parsed.people.append(person)
    return parsed
