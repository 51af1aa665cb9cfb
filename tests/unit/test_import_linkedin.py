"""LinkedIn's Connections.csv: the notes preamble, odd rows, matching, re-import."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from board.core.board import Board
from board.core.schema import Handle
from board.formats.importing import ImportFileError, apply_plan, plan_import, read_import
from board.formats.linkedin import parse_connected_on, profile_handle, read_connections
from board.resources import examples_dir

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email '
    'addresses are missing. You will only see email addresses for connections who have '
    'allowed their connections to see or download their email address."\r\n'
    "\r\n"
)


def csv_text(*rows: str, preamble: str = PREAMBLE) -> str:
    return preamble + "\r\n".join([HEADER, *rows]) + "\r\n"


@pytest.fixture
def board(config, frozen):
    return Board(config.ladder)


def test_preamble_is_skipped_and_rows_are_read():
    parsed = read_connections(csv_text(
        "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@engines.example,"
        "Analytical Engines,Founder,02 Nov 2026",
    ), "Connections.csv")
    assert parsed.skipped == [] and parsed.warnings == []
    [ada] = parsed.people
    assert ada.where == "line 5"
    assert ada.name == "Ada Lovelace"
    assert ada.emails == ("ada@engines.example",)
    assert (ada.company, ada.position) == ("Analytical Engines", "Founder")
    assert ada.handles == (Handle("linkedin", "ada-lovelace"),)
    assert ada.connected == datetime(2026, 11, 2, 12, tzinfo=UTC)


def test_a_file_without_the_preamble_and_with_a_bom_is_read_too(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_bytes(("\ufeff" + csv_text("Grace,Hopper,,,Navy,Admiral,9 Dec 2025",
                                          preamble="")).encode("utf-8"))
    parsed = read_import(path)
    assert parsed.format == "linkedin"
    assert [p.name for p in parsed.people] == ["Grace Hopper"]


def test_odd_rows_are_skipped_or_kept_with_reasons():
    parsed = read_connections(csv_text(
        "",  # blank line: ignored
        ",,https://www.linkedin.com/in/nobody,,Acme,CEO,01 Jan 2026",  # no name
        "Shifted,Row,https://www.linkedin.com/in/shifted,,Acme, Inc,CEO,01 Jan 2026",
        'Quoted,Comma,https://www.linkedin.com/in/quoted,,"Acme, Inc",CEO,01 Jan 2026',
        "Bad,Date,https://www.linkedin.com/in/bad-date,,Acme,CEO,yesterday",
        "Short,Row,https://www.linkedin.com/in/short-row",  # missing trailing cells
        "Odd,Email,https://www.linkedin.com/in/odd-email,not an email,,,01 Jan 2026",
        "Trailing,Comma,https://www.linkedin.com/in/trailing,,Acme,CEO,01 Jan 2026,",
        "Cher,,,,,,03 Mar 2024",  # one name is enough
    ), "Connections.csv")
    names = [p.name for p in parsed.people]
    assert names == ["Quoted Comma", "Bad Date", "Short Row", "Odd Email", "Trailing Comma",
                     "Cher"]
    reasons = {s.where: s.reason for s in parsed.skipped}
    assert reasons["line 6"] == "no first or last name"
    assert "8 cells but the header has 7" in reasons["line 7"]
    quoted = parsed.people[0]
    assert quoted.company == "Acme, Inc"
    bad_date = parsed.people[1]
    assert bad_date.connected is None
    assert any("'yesterday' is not a date" in w for w in parsed.warnings)
    odd = parsed.people[3]
    assert odd.emails == () and Handle("email", "not an email") in odd.handles


def test_names_are_kept_exactly():
    parsed = read_connections(csv_text(
        "Zoë 🚀,Ångström,,,,,",
        "דנה,לוי,,,,,",
        '"[bold]Eve[/]","\x1b[31mRed",,,,,',
    ), "c.csv")
    assert [p.name for p in parsed.people] == ["Zoë 🚀 Ångström", "דנה לוי",
                                               "[bold]Eve[/] \x1b[31mRed"]


def test_not_a_connections_file_says_so():
    with pytest.raises(ImportFileError, match=r"is not a LinkedIn Connections\.csv"):
        read_connections("name,email\nAda,ada@example.com\n", "people.csv")


@pytest.mark.parametrize("text, expected", [
    ("02 Nov 2026", datetime(2026, 11, 2, 12, tzinfo=UTC)),
    ("2 November 2026", datetime(2026, 11, 2, 12, tzinfo=UTC)),
    ("2026-11-02", datetime(2026, 11, 2, 12, tzinfo=UTC)),
    ("11/2/26", datetime(2026, 11, 2, 12, tzinfo=UTC)),
    ("31 Feb 2026", None),
    ("02 Foo 2026", None),
    ("soon", None),
])
def test_connected_on_dates(text, expected):
    assert parse_connected_on(text) == expected


@pytest.mark.parametrize("url, handle", [
    ("https://www.linkedin.com/in/ada-lovelace", "ada-lovelace"),
    ("https://www.linkedin.com/in/ada-lovelace/", "ada-lovelace"),
    ("http://linkedin.com/in/jos%C3%A9-garc%C3%ADa?trk=x", "josé-garcía"),
    ("www.linkedin.com/in/ada", "ada"),
    ("https://www.linkedin.com/company/acme", "https://www.linkedin.com/company/acme"),
])
def test_profile_urls_become_handles(url, handle):
    assert profile_handle(url) == Handle("linkedin", handle)


def test_people_land_on_the_first_rung_with_a_connected_touch(board):
    parsed = read_connections(csv_text(
        "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Engines,Founder,02 Nov 2026",
    ), "c.csv")
    plan = plan_import(board, parsed)
    apply_plan(board, plan)
    [ada] = board.contacts.values()
    assert ada.rung == board.ladder.first.key
    assert ada.created == ada.history[0].at == datetime(2026, 11, 2, 12, tzinfo=UTC)
    assert (ada.company, ada.position) == ("Engines", "Founder")
    [touch] = board.timeline(ada.id)
    assert (touch.kind, touch.at, touch.place) == (
        "connected", datetime(2026, 11, 2, 12, tzinfo=UTC), "LinkedIn")
    assert board.last_touch(ada.id) == touch.at
    assert plan.summary() == "1 added, 0 merged, 0 skipped; interactions: 1 added"


def test_reimporting_the_same_file_adds_nobody_twice(board):
    text = (examples_dir() / "Connections.csv").read_text(encoding="utf-8")
    parsed = read_connections(text, "Connections.csv")
    apply_plan(board, plan_import(board, parsed))
    before = (dict(board.contacts), dict(board.interactions))
    assert len(before[0]) == 12 and len(before[1]) == 12
    again = plan_import(board, read_connections(text, "Connections.csv"))
    assert not again.changes_anything
    assert again.added == [] and again.merged == []
    assert {s.reason for s in again.skipped} == {"already on the board, nothing new"}
    apply_plan(board, again)
    assert (board.contacts, board.interactions) == before


def test_the_same_person_twice_in_one_file_is_added_once(board):
    parsed = read_connections(csv_text(
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines,,02 Nov 2026",
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines,Founder,02 Nov 2026",
    ), "c.csv")
    plan = plan_import(board, parsed)
    assert plan.added == ["Ada Lovelace"]
    [merge] = plan.merged
    assert merge.added == ("(same person as line 5)", "position")
    assert len(plan.contacts) == 1 and len(plan.interactions) == 1


def test_namesakes_with_different_profiles_are_different_people(board):
    parsed = read_connections(csv_text(
        "John,Smith,https://www.linkedin.com/in/john-smith-1,,Acme,,02 Nov 2026",
        "John,Smith,https://www.linkedin.com/in/john-smith-2,,Globex,,02 Nov 2026",
    ), "c.csv")
    plan = plan_import(board, parsed)
    assert plan.added == ["John Smith", "John Smith"]


def test_someone_already_on_the_board_is_merged_not_duplicated(board):
    ada = board.add_contact("Ada Lovelace", company="Engines Ltd", notes="Met at the RS")
    board.promote(ada.id)
    parsed = read_connections(csv_text(
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,Founder,02 Nov 2026",
    ), "c.csv")
    plan = plan_import(board, parsed)
    [merge] = plan.merged
    assert (merge.name, merge.matched_by) == ("Ada Lovelace", "name")
    assert merge.added == ("position", "linkedin ada", "connected touch")
    apply_plan(board, plan)
    after = board.contacts[ada.id]
    assert len(board.contacts) == 1
    assert after.rung == "engaged"  # a merge never moves anyone
    assert after.company == "Engines Ltd"  # nor overwrites
    assert after.position == "Founder"
    assert Handle("linkedin", "ada") in after.handles
    assert [i.kind for i in board.timeline(ada.id)] == ["connected"]
    board.undo()
    assert board.contacts[ada.id].position == "" and not board.interactions


def test_two_namesakes_on_the_board_are_not_guessed_at(board):
    board.add_contact("Sam Lee")
    board.add_contact("Sam Lee")
    parsed = read_connections(csv_text("Sam,Lee,,,,,02 Nov 2026"), "c.csv")
    plan = plan_import(board, parsed)
    [skip] = plan.skipped
    assert "several people already there are named 'Sam Lee'" in skip.reason
    assert not plan.changes_anything


def test_replace_is_refused_for_people_files(board):
    parsed = read_connections(csv_text("Ada,L,,,,,"), "c.csv")
    with pytest.raises(ImportFileError, match="only for YAML backups"):
        plan_import(board, parsed, "replace")


def test_progress_is_reported(board):
    rows = [f"P{n},Q,https://www.linkedin.com/in/p{n},,,,01 Jan 2026" for n in range(1000)]
    calls = []
    parsed = read_connections(csv_text(*rows), "c.csv", lambda *a: calls.append(a))
    plan_import(board, parsed, progress=lambda *a: calls.append(a))
    phases = {phase for phase, _, _ in calls}
    assert phases == {"reading", "matching"}
    assert ("matching", 1000, 1000) in calls
    assert len(calls) < 600  # now and then, not for every row


def test_a_quote_never_closed_refuses_the_file():
    with pytest.raises(ImportFileError, match=r"c.csv, line 6: a quoted cell is never closed"):
        read_connections(csv_text("Ada,Lovelace,,,Engines,Founder,02 Nov 2026",
                                  'Grace,Hopper,,,"Navy,Admiral,9 Dec 2025',
                                  "Linus,Torvalds,,,,,01 Jan 2026"), "c.csv")
