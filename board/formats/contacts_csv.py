"""Google Contacts and Outlook contacts, exported as CSV.

**Google** (contacts.google.com → Export → *Google CSV*) writes one of two
layouts, both read by column name:

- the current one: ``First Name, Middle Name, Last Name, …, Nickname, File
  As, Organization Name, Organization Title, …, Birthday, Notes, Photo,
  Labels, E-mail 1 - Label, E-mail 1 - Value, …, Phone 1 - Value, …,
  Address 1 - City, …, Website 1 - Value``;
- the older one: ``Name, Given Name, Additional Name, Family Name, …,
  Birthday, …, Notes, …, Group Membership, E-mail 1 - Type, E-mail 1 -
  Value, …, Organization 1 - Name, Organization 1 - Title, …``.

A cell may hold several values joined by `` ::: `` (two emails in one
``E-mail 1 - Value``, several labels).  A label or type starting with
``* `` marks the primary address, which comes first.  Labels (``Group
Membership`` in the older layout) become tags, without the ``* `` Google
puts before its own labels; ``* myContacts`` (``* My Contacts``), which every
contact has, is not a tag.

**Outlook** (File → Open & Export → Import/Export → *Export to a file* →
*Comma Separated Values*; Outlook.com and Google's *Outlook CSV* write the
same column names in another order): ``First Name, Middle Name, Last Name,
…, Company, Job Title, …, Mobile Phone, Business Phone, Home Phone, …,
Birthday, Categories, E-mail Address, E-mail Type, E-mail Display Name,
E-mail 2 Address, …, Notes, Web Page``.  Categories are separated by ``;``.
An Exchange address (``E-mail Type`` ``EX``, a ``/o=…`` path) is not an
email: the address in the display name's brackets is used if there is one.

Birthdays become ``YYYY-MM-DD``, or ``--MM-DD`` when the year is not known:
Google writes ``1990-03-14`` or `` --03-14``; Outlook writes the date as
Windows shows dates, usually ``3/14/1990`` (month first; day first when the
first number cannot be a month, or with dots: ``14.03.1990``), and
``0/0/00`` for none.  A two-digit year is 19xx from 30 up, 20xx below.  A
birthday that is not a date keeps the person without it, with a warning.

Everyone becomes a :class:`~board.formats.importing.Person` (landing on the
first rung, matched and merged like LinkedIn and vCard people).  A row with
no name at all (no name, nickname, "file as" or organisation) is skipped
with its line, as is a row with more cells than the header.
"""

from __future__ import annotations

import re

from board.core.board import is_email
from board.core.schema import Handle
from board.core.text import preview
from board.formats.csvfile import blank, read_table, shifted
from board.formats.importing import Parsed, Person, Progress, Skip, ticker
from board.formats.vcard import url_handle

MULTI = " ::: "
#: Google's label on every contact, which says nothing about the person.
_EVERYONE = {"mycontacts", "my contacts"}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_NO_YEAR = re.compile(r"--(\d{1,2})-?(\d{1,2})")
_SLASHED = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{1,4})")
#: Apple's year for "no year" (contacts synced from an iPhone keep it).
_UNKNOWN_YEARS = {1604}


def _valid(year: int | None, month: int, day: int) -> bool:
    days = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not 1 <= month <= 12 or not 1 <= day <= days[month - 1]:
        return False
    if year is not None and month == 2 and day == 29:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return True


def parse_birthday(text: str) -> str | None:
    """A birthday cell as ``YYYY-MM-DD`` or ``--MM-DD`` (no year), ``""`` when
    it says there is none, or None when it is not a date."""
    text = text.strip()
    if not text:
        return ""
    year: int | None
    if m := _ISO.fullmatch(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _NO_YEAR.fullmatch(text):
        year, month, day = None, int(m.group(1)), int(m.group(2))
    elif m := _SLASHED.fullmatch(text):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if first == 0 or second == 0:
            return ""  # Outlook's 0/0/00: no birthday
        day_first = m.group(2) == "." or (first > 12 >= second)
        month, day = (second, first) if day_first else (first, second)
        if len(m.group(4)) <= 2:
            year += 1900 if year >= 30 else 2000
    else:
        return None
    if year is not None and (year in _UNKNOWN_YEARS or year == 0):
        year = None
    if year is not None and year < 1800:
        return None
    if not _valid(year, month, day):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"


def _split(value: str, separators: tuple[str, ...] = (MULTI,)) -> list[str]:
    parts = [value]
    for sep in separators:
        parts = [p for part in parts for p in part.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def _notes(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _website(url: str) -> Handle:
    return url_handle(url if "://" in url else f"https://{url}")


def google_tags(cell: str) -> list[str]:
    """``* myContacts ::: * starred ::: Climbing`` → ``["starred", "Climbing"]``."""
    tags = []
    for label in _split(cell):
        label = label.removeprefix("*").strip()
        if label.casefold() not in _EVERYONE:
            tags.append(label)
    return tags


class _Columns:
    """A file's columns, and Google's numbered ones found once per file."""

    def __init__(self, column: dict[str, int]):
        self.column = column
        self._numbered: dict[tuple[str, str], list[tuple[int, str, str]]] = {}

    def numbered(self, kind: str, part: str) -> list[tuple[int, str, str]]:
        """The ``{kind} N - {part}`` columns: (N, its label column, its value
        column), in order of N; the label is ``Label`` (``Type`` in the older
        layout)."""
        key = (kind, part)
        if key not in self._numbered:
            pattern = re.compile(rf"{re.escape(kind)} (\d+) - {re.escape(part)}")
            found = []
            for name in self.column:
                if m := pattern.fullmatch(name):
                    n = int(m.group(1))
                    label = next((f"{kind} {n} - {w}" for w in ("label", "type")
                                  if f"{kind} {n} - {w}" in self.column), "")
                    found.append((n, label, name))
            self._numbered[key] = sorted(found)
        return self._numbered[key]


class _Row:
    def __init__(self, columns: _Columns, row: list[str]):
        self.columns = columns
        self.row = row

    def __call__(self, name: str) -> str:
        n = self.columns.column.get(name)
        return self.row[n].strip() if n is not None and n < len(self.row) else ""

    def numbered(self, kind: str, part: str) -> list[tuple[int, str, str]]:
        """Google's ``{kind} N - {part}`` cells: (N, label, value), in order of N."""
        return [(n, self(label), self(value))
                for n, label, value in self.columns.numbered(kind, part)]


def _primary_first(cells: list[tuple[int, str, str]]) -> list[str]:
    """Every value of the cells, the one labelled ``* …`` (primary) first."""
    ranked = sorted(cells, key=lambda c: not c[1].startswith("*"))
    return [v for _, _, value in ranked for v in _split(value)]


def _name(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _google_person(r: _Row, where: str) -> tuple[Person | None, str]:
    company = r("organization name") or r("organization 1 - name")
    name = (
        r("name")
        or _name(r("first name"), r("middle name"), r("last name"))
        or _name(r("given name"), r("additional name"), r("family name"))
        or r("nickname") or r("file as") or company
    )
    if not name:
        return None, r("birthday")
    handles = [_website(url) for _, _, value in r.numbered("website", "value")
               for url in _split(value)]
    cities = [city for _, _, value in r.numbered("address", "city") for city in _split(value)]
    person = Person(
        where,
        name,
        emails=tuple(_primary_first(r.numbered("e-mail", "value"))),
        phones=tuple(_primary_first(r.numbered("phone", "value"))),
        company=company,
        position=r("organization title") or r("organization 1 - title"),
        city=cities[0] if cities else "",
        notes=_notes(r("notes")),
        tags=tuple(google_tags(r("labels") or r("group membership"))),
        handles=tuple(dict.fromkeys(handles)),
    )
    return person, r("birthday")


#: Outlook's phone columns, the likeliest to reach the person first.
OUTLOOK_PHONES = ("primary phone", "mobile phone", "business phone", "home phone",
                  "business phone 2", "home phone 2", "other phone", "car phone",
                  "company main phone", "callback", "radio phone")
_BRACKETED = re.compile(r"\(([^()\s]+@[^()\s]+)\)")


def _outlook_emails(r: _Row) -> list[str]:
    emails = []
    for prefix in ("e-mail", "e-mail 2", "e-mail 3"):
        value = r(f"{prefix} address")
        if r(f"{prefix} type").upper() == "EX" or (value and not is_email(value)
                                                  and value.startswith("/")):
            m = _BRACKETED.search(r(f"{prefix} display name"))
            value = m.group(1) if m else ""
        if value:
            emails.append(value)
    return emails


def _outlook_person(r: _Row, where: str) -> tuple[Person | None, str]:
    company = r("company")
    name = _name(r("first name"), r("middle name"), r("last name")) or r("name") \
        or r("nickname") or company
    if not name:
        return None, r("birthday")
    handles = [_website(r(col)) for col in ("web page", "personal web page") if r(col)]
    city = next((r(col) for col in ("home city", "business city", "other city") if r(col)), "")
    person = Person(
        where,
        name,
        emails=tuple(_outlook_emails(r)),
        phones=tuple(r(col) for col in OUTLOOK_PHONES if r(col)),
        company=company,
        position=r("job title"),
        city=city,
        notes=_notes(r("notes")),
        tags=tuple(_split(r("categories"), (";", MULTI))),
        handles=tuple(dict.fromkeys(handles)),
    )
    return person, r("birthday")


_READERS = {
    "google": ("a Google Contacts CSV", _google_person),
    "outlook": ("an Outlook contacts CSV", _outlook_person),
}


def read_contacts_csv(
    text: str, source: str, fmt: str, progress: Progress | None = None
) -> Parsed:
    """Read a whole Google (``fmt="google"``) or Outlook (``"outlook"``)
    contacts CSV; raise ImportFileError if it is not one."""
    what, person_of = _READERS[fmt]
    parsed = Parsed(fmt, source)
    column, width, rows = read_table(text, source, fmt, what, parsed.warnings)
    columns = _Columns(column)
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
        person, birthday = person_of(_Row(columns, row), where)
        if person is None:
            parsed.skipped.append(Skip(where, "no name, nickname or organisation"))
            continue
        value = parse_birthday(birthday)
        if value is None:
            parsed.warnings.append(f"{where}: birthday {preview(birthday, 40)!r} is not a "
                                   f"date; {preview(person.name, 80)} is added without it")
        else:
            person.birthday = value
        for email in person.emails:
            if not is_email(email):
                parsed.warnings.append(
                    f"{where}: {preview(email, 80)!r} does not look like an email address; "
                    "kept as a handle")
        parsed.people.append(person)
    return parsed
