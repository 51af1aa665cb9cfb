"""CSV exports: which one a file is (by its header row), and reading one whole.

Every CSV export board reads is a ``.csv`` (LinkedIn's Connections.csv and
Invitations.csv, Google's and Outlook's contacts), so the extension says
nothing: the header row does.  :func:`sniff` looks at the first rows (a
LinkedIn file may start with a few lines of notes) and names the format;
:func:`read_table` reads the whole file into its header and rows, each with
the line it starts on (a quoted note may span several lines), or refuses it
with one line naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable

from board.core.text import preview
from board.formats.importing import ImportFileError

#: How many rows may come before the header (LinkedIn's notes).
PREAMBLE_ROWS = 30

#: Google's numbered columns: ``E-mail 1 - Value``, ``Phone 2 - Label``,
#: ``Organization 1 - Name`` (older exports), ``Address 1 - City`` ...
_GOOGLE_NUMBERED = re.compile(
    r"(e-mail|phone|address|organization|website|relation|event|im|custom field) \d+ - \w+")
_GOOGLE = {"labels", "group membership", "given name", "family name", "additional name",
           "organization name", "organization title", "file as", "phonetic first name"}
_OUTLOOK = {"e-mail address", "e-mail 2 address", "e-mail type", "mobile phone",
            "business phone", "home phone", "primary phone", "job title", "categories"}

Header = list[str]  # the header cells, stripped and lower-cased


def _google(names: Header) -> bool:
    return any(n in _GOOGLE or _GOOGLE_NUMBERED.fullmatch(n) for n in names)


def _outlook(names: Header) -> bool:
    return any(n in _OUTLOOK for n in names)


def _invitations(names: Header) -> bool:
    return {"from", "to", "sent at", "direction"} <= set(names)


def _linkedin(names: Header) -> bool:
    return {"first name", "last name"} <= set(names)


#: Each CSV format and how its header row looks, most particular first
#: (Google's and Outlook's headers also have First Name and Last Name).
SIGNATURES: tuple[tuple[str, Callable[[Header], bool]], ...] = (
    ("linkedin-invitations", _invitations),
    ("google", _google),
    ("outlook", _outlook),
    ("linkedin", _linkedin),
)
CSV_FORMATS = tuple(name for name, _ in SIGNATURES)


def _names(row: list[str]) -> Header:
    return [cell.strip().lower() for cell in row]


#: The cell separators tried, in order: Excel saves "CSV" with ``;`` where the
#: decimal mark is a comma (much of Europe), and Outlook also exports
#: tab-separated values.
DELIMITERS = (",", ";", "\t")


def _header(
    text: str, formats: tuple[tuple[str, Callable[[Header], bool]], ...]
) -> tuple[str, str, int] | None:
    """(format, delimiter, the header's row number counting from 1) of the
    first of ``formats`` whose header is among the first rows, or None."""
    head = text[:1_000_000]
    for delimiter in DELIMITERS:
        if delimiter != "," and delimiter not in head:
            continue
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        try:
            for n in range(1, PREAMBLE_ROWS + 1):
                row = next(reader, None)
                if row is None:
                    break
                names = _names(row)
                for fmt, looks_like in formats:
                    if looks_like(names):
                        return fmt, delimiter, n
        except csv.Error:
            continue
    return None


def sniff(text: str) -> str | None:
    """The CSV format whose header is among the first rows of ``text``, or None."""
    found = _header(text, SIGNATURES)
    return found[0] if found else None


def read_table(
    text: str, source: str, fmt: str, what: str, warnings: list[str] | None = None
) -> tuple[dict[str, int], int, list[tuple[int, list[str]]]]:
    """A whole CSV export: its columns (lower-cased name → index, the first of
    a repeated name), the header's width, and every row after the header with
    the line it starts on.  ``what`` names the export for the refusal when
    the header is not found (``"a Google Contacts CSV"``); a repeated column
    name is said in ``warnings`` (only its first column is read)."""
    found = _header(text, ((fmt, dict(SIGNATURES)[fmt]),))
    if found is None:
        raise ImportFileError(f"{source}: is not {what} (no header line with its columns)")
    _, delimiter, at = found
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for _ in range(at):
            header = _names(next(reader))
        rows: list[tuple[int, list[str]]] = []
        line = reader.line_num + 1
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"{source}, line {reader.line_num}: not valid CSV ({exc})") \
            from None
    if rows:
        check_closed(text, source, rows[-1][0], delimiter)
    column = {name: n for n, name in reversed(list(enumerate(header))) if name}
    if warnings is not None:
        for name, times in Counter(name for name in header if name).items():
            if times > 1:
                warnings.append(f"line {at}: the column {preview(name, 40)!r} is there "
                                f"{times} times; only the first is read")
    return column, len(header), rows


def check_closed(text: str, source: str, line: int, delimiter: str = ",") -> None:
    """Refuse the file if its last row (starting on ``line``) opens a quote it
    never closes: the csv module would quietly take the rest of the file as
    one cell."""
    lines = io.StringIO(text, newline="")
    for _ in range(line - 1):
        lines.readline()
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        raise ImportFileError(
            f"{source}, line {line}: a quoted cell is never closed (a quote missing?), so "
            "the rest of the file cannot be read") from None


def shifted(row: list[str], width: int) -> bool:
    """True if ``row`` has cells beyond the header's (an unquoted comma)."""
    return len(row) > width and any(cell.strip() for cell in row[width:])


def blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)
