"""Google Contacts and Outlook CSV exports: both Google layouts, Outlook's
Windows code page, multi-value cells, birthdays, odd rows, re-import."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.core.board import Board
from board.core.schema import Handle
from board.formats.contacts_csv import parse_birthday, read_contacts_csv
from board.formats.importing import ImportFileError, apply_plan, plan_import, read_import
from board.resources import examples_dir

EXAMPLES = examples_dir()


def columns(header: str) -> list[str]:
    return header.split(",")


# Google's current export (contacts.google.com → Export → Google CSV), the
# columns as it writes them for contacts with up to two emails and phones.
GOOGLE = columns(
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,"
    "Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,"
    "Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
    "Address 1 - Extended Address,Website 1 - Label,Website 1 - Value"
)
# The older layout (Google Contacts before 2021; still written by some tools).
GOOGLE_OLD = columns(
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,"
    "Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,"
    "Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,"
    "Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,"
    "Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,"
    "Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,"
    "Organization 1 - Title,Organization 1 - Department,Organization 1 - Symbol,"
    "Organization 1 - Location,Organization 1 - Job Description,Website 1 - Type,"
    "Website 1 - Value"
)
# Outlook for Windows (Export to a file → Comma Separated Values), abridged
# to the columns it writes in this order (the full header has 92).
OUTLOOK = columns(
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
    "Business Street,Business City,Home City,Business Fax,Business Phone,Home Phone,"
    "Mobile Phone,Other Phone,Primary Phone,Anniversary,Birthday,Categories,"
    "E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,E-mail 2 Type,"
    "E-mail 2 Display Name,Gender,Notes,Priority,Private,Sensitivity,Web Page"
)
# Outlook.com and Google's "Outlook CSV" export: the same names, another order.
OUTLOOK_COM = columns(
    "First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,"
    "E-mail Address,E-mail 2 Address,E-mail 3 Address,Home Phone,Home Phone 2,"
    "Business Phone,Business Phone 2,Mobile Phone,Car Phone,Other Phone,Primary Phone,"
    "Pager,Business Fax,Home Fax,Other Fax,Company Main Phone,Callback,Radio Phone,Telex,"
    "TTY/TDD Phone,IMAddress,Job Title,Department,Company,Office Location,"
    "Manager's Name,Assistant's Name,Assistant's Phone,Company Yomi,Business Street,"
    "Business City,Business State,Business Postal Code,Business Country/Region,"
    "Home Street,Home City,Home State,Home Postal Code,Home Country/Region,Other Street,"
    "Other City,Other State,Other Postal Code,Other Country/Region,Personal Web Page,"
    "Spouse,Schools,Hobby,Location,Web Page,Birthday,Anniversary,Notes,Categories"
)


def table(header: list[str], *rows: dict[str, str], quote_all: bool = False) -> str:
    """A CSV file as the exporter writes it (CRLF, quoted where needed)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        assert set(row) <= set(header), set(row) - set(header)
        writer.writerow([row.get(h, "") for h in header])
    return out.getvalue()


@pytest.fixture
def board(config, frozen):
    return Board(config.ladder)


def test_google_current_layout_is_read_whole():
    text = table(GOOGLE, {
        "First Name": "Marguerite", "Middle Name": "A.", "Last Name": "Okoye",
        "Organization Name": "Okoye & Daughters, Ltd", "Organization Title": "MD",
        "Birthday": "1986-11-30",
        "Notes": "Met at the Leeds breakfast.\r\nWants an intro.\r\n\"Call after 10\".",
        "Labels": "* myContacts ::: * starred ::: Leeds ::: Founders",
        "E-mail 1 - Label": "Home", "E-mail 1 - Value": "m.okoye@mail.example",
        "E-mail 2 - Label": "* Work",
        "E-mail 2 - Value": "marguerite@okoye.example ::: mo@okoye.example",
        "Phone 1 - Label": "Work", "Phone 1 - Value": "+44 113 496 0321 ::: +44 7700 900888",
        "Address 1 - City": "Leeds",
        "Website 1 - Value": "https://www.linkedin.com/in/marguerite-okoye",
    }, {"First Name": "Kofi", "Phone 1 - Value": "+233 20 123 4567"})
    parsed = read_contacts_csv(text, "contacts.csv", "google")
    assert parsed.skipped == [] and parsed.warnings == []
    marguerite, kofi = parsed.people
    assert marguerite.where == "line 2"
    assert marguerite.name == "Marguerite A. Okoye"
    # the primary ("* Work") first, every ::: value kept
    assert marguerite.emails == ("marguerite@okoye.example", "mo@okoye.example",
                                 "m.okoye@mail.example")
    assert marguerite.phones == ("+44 113 496 0321", "+44 7700 900888")
    assert (marguerite.company, marguerite.position) == ("Okoye & Daughters, Ltd", "MD")
    assert marguerite.city == "Leeds"
    assert marguerite.notes == 'Met at the Leeds breakfast.\nWants an intro.\n"Call after 10".'
    assert marguerite.tags == ("starred", "Leeds", "Founders")  # not myContacts
    assert marguerite.handles == (Handle("linkedin", "marguerite-okoye"),)
    assert marguerite.birthday == "1986-11-30"
    assert kofi.where == "line 5"  # the note above spans three lines
    assert (kofi.name, kofi.phones, kofi.birthday) == ("Kofi", ("+233 20 123 4567",), "")


def test_google_older_layout_is_read_by_its_own_column_names():
    text = table(GOOGLE_OLD, {
        "Name": "Kwame Asante", "Given Name": "Kwame", "Family Name": "Asante",
        "Birthday": "--05-09", "Group Membership": "* My Contacts ::: * Friends ::: Fintech",
        "E-mail 1 - Type": "* Work", "E-mail 1 - Value": "kwame@susupay.example",
        "Phone 1 - Type": "Mobile", "Phone 1 - Value": "+233 24 555 0199",
        "Organization 1 - Name": "Susu Pay", "Organization 1 - Title": "Co-founder",
        "Notes": "Fintech Week, Accra",
    }, {"Given Name": "Hélène", "Family Name": "Dupré"})
    kwame, helene = read_contacts_csv(text, "old.csv", "google").people
    assert kwame.name == "Kwame Asante"
    assert kwame.emails == ("kwame@susupay.example",)
    assert kwame.phones == ("+233 24 555 0199",)
    assert (kwame.company, kwame.position) == ("Susu Pay", "Co-founder")
    assert kwame.tags == ("Friends", "Fintech")
    assert kwame.birthday == "--05-09"
    assert kwame.notes == "Fintech Week, Accra"
    assert helene.name == "Hélène Dupré"  # no Name cell: Given + Family


def test_outlook_export_in_the_windows_code_page(tmp_path):
    text = table(OUTLOOK, {
        "Title": "Dr.", "First Name": "Søren", "Last Name": "Kierkegård",
        "Company": "Fjordlys ApS", "Job Title": "Research lead",
        "Business Phone": "+45 33 12 34 56", "Mobile Phone": "+45 20 55 01 77",
        "Home City": "København", "Birthday": "5/14/1977", "Anniversary": "0/0/00",
        "Categories": "Research;Copenhagen", "E-mail Address":
        "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=s",
        "E-mail Type": "EX", "E-mail Display Name": "Søren Kierkegård (soren@fjordlys.example)",
        "E-mail 2 Address": "soren.k@mail.example", "E-mail 2 Type": "SMTP",
        "Notes": "Prefers mornings.\r\nAsk about the Malmö offsite — in May.",
        "Web Page": "www.fjordlys.example", "Gender": "Unspecified", "Priority": "Normal",
        "Private": "False", "Sensitivity": "Normal",
    }, {
        "First Name": "Renée", "Last Name": "Fontaine", "Birthday": "0/0/00",
        "Company": "Café Crème", "E-mail Address": "renee@cafecreme.example",
        "E-mail Type": "SMTP", "Gender": "Unspecified",
    }, quote_all=True)
    path = tmp_path / "contacts.CSV"
    path.write_bytes(text.encode("cp1252"))
    parsed = read_import(path)
    assert parsed.format == "outlook"
    assert parsed.warnings == [f"{path}: not UTF-8; read as Windows-1252 (as Outlook and "
                               "Excel save CSV files)"]
    soren, renee = parsed.people
    assert soren.name == "Søren Kierkegård"  # not "SÃ¸ren", no title
    # the Exchange path is not an address; the one in the display name is
    assert soren.emails == ("soren@fjordlys.example", "soren.k@mail.example")
    assert soren.phones == ("+45 20 55 01 77", "+45 33 12 34 56")  # mobile first
    assert (soren.company, soren.position, soren.city) == (
        "Fjordlys ApS", "Research lead", "København")
    assert soren.tags == ("Research", "Copenhagen")
    assert soren.birthday == "1977-05-14"
    assert soren.notes == "Prefers mornings.\nAsk about the Malmö offsite — in May."
    assert soren.handles == (Handle("web", "https://www.fjordlys.example"),)
    assert (renee.name, renee.birthday, renee.tags) == ("Renée Fontaine", "", ())


def test_outlook_com_layout_is_outlook_too(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("\ufeff" + table(OUTLOOK_COM, {
        "First Name": "Ellie", "Last Name": "Marchetti", "E-mail Address":
        "ellie@pricepoint.example", "Company": "Price Point", "Birthday": "1991-07-04",
        "Categories": "Newsletter ::: Pricing",
    }), encoding="utf-8")
    parsed = read_import(path)
    assert parsed.format == "outlook" and parsed.warnings == []
    [ellie] = parsed.people
    assert (ellie.name, ellie.emails, ellie.birthday, ellie.tags) == (
        "Ellie Marchetti", ("ellie@pricepoint.example",), "1991-07-04",
        ("Newsletter", "Pricing"))


@pytest.mark.parametrize("text, expected", [
    ("1990-03-14", "1990-03-14"),
    (" --03-14", "--03-14"),  # Google: no year
    ("--0314", "--03-14"),
    ("1604-03-14", "--03-14"),  # Apple's "no year"
    ("3/14/1990", "1990-03-14"),  # Outlook, month first
    ("03/04/1990", "1990-03-04"),
    ("14/3/1990", "1990-03-14"),  # the first number cannot be a month
    ("14.03.1990", "1990-03-14"),  # dots: day first
    ("3/14/90", "1990-03-14"),
    ("3/14/05", "2005-03-14"),
    ("0/0/00", ""),  # Outlook: none
    ("0/0/0000", ""),
    ("", ""),
    ("2/29/2024", "2024-02-29"),
    ("--02-29", "--02-29"),
    ("2/29/2023", None),
    ("13/13/1990", None),
    ("1990-02-30", None),
    ("1990-03-14T00:00:00Z", "1990-03-14"),
    ("next spring", None),
    ("0014-03-14", None),
])
def test_birthdays(text, expected):
    assert parse_birthday(text) == expected


def test_odd_rows_are_skipped_or_kept_with_reasons():
    header = ",".join([*GOOGLE[:3], "Organization Name", "Birthday", "E-mail 1 - Value"])
    text = "\r\n".join([
        header,
        "Ada,,Lovelace,,1815-12-10,ada@engines.example",
        ",,,,,",  # blank: ignored
        ",,,,,someone@example.com",  # only an email: no name
        "Shifted,,Row,Acme, Inc,,x@acme.example",  # an unquoted comma
        ",,,Acme Plumbing,,",  # an organisation only: its name
        "Bad,,Birthday,,the 5th,",
        "Odd,,Email,,,not an email",
        "Short,,Row",
    ]) + "\r\n"
    parsed = read_contacts_csv(text, "c.csv", "google")
    assert [p.name for p in parsed.people] == ["Ada Lovelace", "Acme Plumbing", "Bad Birthday",
                                              "Odd Email", "Short Row"]
    reasons = {s.where: s.reason for s in parsed.skipped}
    assert reasons == {"line 4": "no name, nickname or organisation",
                       "line 5": "has 7 cells but the header has 6 (an unquoted comma?)"}
    assert parsed.people[2].birthday == ""
    assert parsed.warnings == [
        "line 7: birthday 'the 5th' is not a date; Bad Birthday is added without it",
        "line 8: 'not an email' does not look like an email address; kept as a handle",
    ]


@pytest.mark.parametrize("name, fmt", [
    ("google-contacts.csv", "google"),
    ("google-contacts-old.csv", "google"),
    ("outlook-contacts.csv", "outlook"),
    ("Connections.csv", "linkedin"),
    ("Invitations.csv", "linkedin-invitations"),
])
def test_every_csv_export_is_told_by_its_header(name, fmt, tmp_path):
    assert read_import(EXAMPLES / name).format == fmt
    # by content, whatever the file is called
    renamed = tmp_path / "export.txt"
    renamed.write_bytes((EXAMPLES / name).read_bytes())
    assert read_import(renamed).format == fmt


def test_format_option_names_the_reader(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,E-mail 1 - Value\nAda,ada@example.com\n", encoding="utf-8")
    assert read_import(path).format == "google"
    with pytest.raises(ImportFileError, match="is not an Outlook contacts CSV"):
        read_import(path, "outlook")


def test_utf16_with_a_bom_is_read(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes(table(GOOGLE, {"First Name": "Zoë", "Last Name": "Ångström"})
                     .encode("utf-16"))
    assert [p.name for p in read_import(path).people] == ["Zoë Ångström"]


def test_a_file_that_cannot_be_read_is_refused_whole(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(table(GOOGLE, {"First Name": "Ada"}) + 'Grace,,,,,,,,,,,,,,"never closed\r\n'
                    "Linus,,Torvalds\r\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"contacts.csv, line 3: a quoted cell is never "
                       "closed"):
        read_import(path)
    huge = tmp_path / "huge.csv"
    huge.write_text(table(GOOGLE, {"First Name": "Ada", "Notes": "x" * 200_000}),
                    encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"huge.csv, line 2: not valid CSV"):
        read_import(huge)
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x81\x8d")
    with pytest.raises(ImportFileError, match=r"photo.csv, line 1: is not UTF-8 text"):
        read_import(binary)


def test_people_land_on_the_first_rung_and_merge_with_the_board(board):
    ada = board.add_contact("Ada Lovelace", email="ada@engines.example", company="Engines")
    board.promote(ada.id)
    text = table(GOOGLE, {
        "First Name": "Ada", "Last Name": "King", "Organization Name": "Analytical Engines",
        "Organization Title": "Founder", "Labels": "* myContacts ::: Maths",
        "E-mail 1 - Value": "ADA@engines.example ::: ada@home.example",
        "Phone 1 - Value": "+44 20 7946 0001",
    }, {"First Name": "Grace", "Last Name": "Hopper", "Organization Name": "Navy"})
    plan = plan_import(board, read_contacts_csv(text, "google.csv", "google"))
    assert plan.summary() == "1 added, 1 merged, 0 skipped"
    [merge] = plan.merged
    assert (merge.name, merge.matched_by) == ("Ada Lovelace", "email")
    assert merge.added == ("phone", "position", "email ada@home.example", "tags")
    apply_plan(board, plan)
    after = board.contacts[ada.id]
    assert (after.name, after.company, after.rung) == ("Ada Lovelace", "Engines", "engaged")
    assert after.tags == ("Maths",)
    [grace] = [c for c in board.contacts.values() if c.name == "Grace Hopper"]
    assert grace.rung == board.ladder.first.key and grace.company == "Navy"
    assert not board.interactions  # people, not touches


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                min_size=1, max_size=12).filter(lambda s: s.strip() and ":::" not in s)
people = st.lists(st.fixed_dictionaries({
    "First Name": names,
    "Last Name": names | st.just(""),
    "E-mail 1 - Value": st.sampled_from(["", "a@x.example", "b@y.example", "A@X.example"]),
    "Phone 1 - Value": st.sampled_from(["", "+1 555 0100", "020 7946 0001"]),
    "Organization Name": names | st.just(""),
    "Labels": st.sampled_from(["", "* myContacts", "* myContacts ::: Friends ::: x"]),
    "Notes": st.sampled_from(["", "line one\r\nline two", "a, \"quoted\" note"]),
    "Birthday": st.sampled_from(["", "1990-03-14", " --03-14", "soon"]),
}), max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rows=people, outlook=st.booleans())
def test_importing_the_same_file_twice_adds_nothing_the_second_time(config, rows, outlook):
    if outlook:
        renamed = {"E-mail 1 - Value": "E-mail Address", "Phone 1 - Value": "Mobile Phone",
                   "Organization Name": "Company", "Labels": "Categories"}
        rows = [{renamed.get(k, k): v.replace(" ::: ", ";") for k, v in row.items()}
                for row in rows]
        text, fmt = table(OUTLOOK, *rows, quote_all=True), "outlook"
    else:
        text, fmt = table(GOOGLE, *rows), "google"
    board = Board(config.ladder)
    apply_plan(board, plan_import(board, read_contacts_csv(text, "c.csv", fmt)))
    before = (dict(board.contacts), dict(board.interactions))
    again = plan_import(board, read_contacts_csv(text, "c.csv", fmt))
    assert not again.changes_anything and again.added == [] and again.merged == []
    apply_plan(board, again)
    assert (board.contacts, board.interactions) == before


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(tmp_path, delimiter):
    # Excel re-saves a CSV with ";" where the decimal mark is a comma; Outlook
    # can also export tab-separated values.
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(OUTLOOK)
    writer.writerow(["Herr" if h == "Title" else "Jörg" if h == "First Name" else
                     "Müller; Söhne, GmbH" if h == "Company" else
                     "Kunden;Berlin" if h == "Categories" else
                     "14.03.1975" if h == "Birthday" else "" for h in OUTLOOK])
    path = tmp_path / "Kontakte.csv"
    path.write_bytes(out.getvalue().encode("cp1252"))
    parsed = read_import(path)
    assert parsed.format == "outlook"
    [jorg] = parsed.people
    assert (jorg.name, jorg.company, jorg.tags, jorg.birthday) == (
        "Jörg", "Müller; Söhne, GmbH", ("Kunden", "Berlin"), "1975-03-14")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2029, 12, 31)))
def test_every_date_reads_back_in_each_way_it_is_written(day):
    iso = day.isoformat()
    assert parse_birthday(iso) == iso  # Google
    assert parse_birthday(f" --{day:%m-%d}") == f"--{day:%m-%d}"  # Google, no year
    assert parse_birthday(f"{day.month}/{day.day}/{day.year}") == iso  # Outlook
    assert parse_birthday(f"{day:%d.%m.%Y}") == iso  # Outlook, German Windows
    if day.day > 12:
        assert parse_birthday(f"{day.day}/{day.month}/{day.year}") == iso  # day first


header_lines = st.sampled_from([",".join(GOOGLE), ",".join(GOOGLE_OLD), ",".join(OUTLOOK),
                                "From,To,Sent At,Message,Direction,inviterProfileUrl,"
                                "inviteeProfileUrl"])
junk = st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8"))


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=header_lines, body=junk, crlf=st.booleans())
def test_any_bytes_after_a_header_are_read_or_refused_in_one_line(tmp_path, header, body,
                                                                   crlf):
    path = tmp_path / "contacts.csv"
    path.write_bytes(header.encode() + (b"\r\n" if crlf else b"\n") + body)
    try:
        parsed = read_import(path)
    except ImportFileError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
    else:
        assert all(p.name.strip() for p in parsed.people)
        assert all(s.where.startswith("line ") for s in parsed.skipped)


def test_a_huge_cell_is_cut_in_the_line_that_warns_of_it():
    header = ",".join([*GOOGLE[:3], "Birthday", "E-mail 1 - Value"])
    text = f"{header}\r\nAda,,{'L' * 50_000},{'9' * 100_000},{'x' * 100_000}\r\n"
    parsed = read_contacts_csv(text, "c.csv", "google")
    assert len(parsed.people[0].name) > 50_000  # (kept whole)
    assert len(parsed.warnings) == 2
    assert all(len(w) < 300 and w.startswith("line 2: ") for w in parsed.warnings)


def test_a_column_named_twice_is_said_and_its_first_is_read():
    text = ("First Name,Last Name,E-mail 1 - Value,E-mail 1 - Value\r\n"
            "Ada,Lovelace,ada@engines.example,ada@other.example\r\n")
    parsed = read_contacts_csv(text, "c.csv", "google")
    assert [p.emails for p in parsed.people] == [("ada@engines.example",)]
    assert parsed.warnings == ["line 1: the column 'e-mail 1 - value' is there 2 times; only "
                               "the first is read"]
