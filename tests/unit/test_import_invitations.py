"""LinkedIn's Invitations.csv: the connected touch for people on the board."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.core.board import Board
from board.core.schema import Handle
from board.formats.importing import ImportFileError, apply_plan, plan_import, read_import
from board.formats.linkedin import (
    NOT_ON_BOARD,
    parse_sent_at,
    read_connections,
    read_invitations,
)
from board.resources import examples_dir

HEADER = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
ME = "Sam Rivers,https://www.linkedin.com/in/sam-rivers"


def outgoing(name: str, handle: str, sent: str = '"6/2/25, 9:14 AM"', message: str = "") -> str:
    return (f"Sam Rivers,{name},{sent},{message},OUTGOING,https://www.linkedin.com/in/sam-rivers,"
            f"https://www.linkedin.com/in/{handle}")


def incoming(name: str, handle: str, sent: str = '"7/18/25, 4:02 PM"') -> str:
    return (f"{name},Sam Rivers,{sent},,INCOMING,https://www.linkedin.com/in/{handle},"
            "https://www.linkedin.com/in/sam-rivers")


def csv_text(*rows: str) -> str:
    return "\r\n".join([HEADER, *rows]) + "\r\n"


@pytest.fixture
def board(config, frozen):
    return Board(config.ladder)


def test_the_other_person_is_read_from_either_direction():
    parsed = read_invitations(csv_text(
        outgoing("Amara Nwosu", "amara-nwosu", message='"Hi Amara, loved the episode"'),
        incoming("Yusuf Demir", "yusuf-demir"),
    ), "Invitations.csv")
    amara, yusuf = parsed.people
    assert (amara.where, amara.name, amara.handles) == (
        "line 2", "Amara Nwosu", (Handle("linkedin", "amara-nwosu"),))
    assert amara.connected == datetime(2025, 6, 2, 12, tzinfo=UTC)
    assert (yusuf.name, yusuf.handles) == ("Yusuf Demir", (Handle("linkedin", "yusuf-demir"),))
    assert yusuf.connected == datetime(2025, 7, 18, 12, tzinfo=UTC)
    assert amara.connected_via == yusuf.connected_via == "LinkedIn"
    assert amara.notes == ""  # the invitation's message is not copied


def test_odd_rows_are_skipped_with_reasons():
    parsed = read_invitations(csv_text(
        "Sam Rivers,Ada Lovelace,\"6/2/25, 9:14 AM\",,SIDEWAYS,,",
        "Sam Rivers,,\"6/2/25, 9:14 AM\",,OUTGOING,,",
        outgoing("Grace Hopper", "grace", sent="someday"),
        "",
        outgoing("Older Export", "older", sent="2024-03-01 10:00 UTC"),
    ), "Invitations.csv")
    assert {s.where: s.reason for s in parsed.skipped} == {
        "line 2": "direction 'SIDEWAYS' is neither INCOMING nor OUTGOING",
        "line 3": "no name",
        "line 4": "'Sent At' 'someday' is not a date",
    }
    [older] = parsed.people
    assert older.connected == datetime(2024, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("text, expected", [
    ("1/29/26, 2:37 PM", datetime(2026, 1, 29, 12, tzinfo=UTC)),
    ("12/31/25, 11:59 PM", datetime(2025, 12, 31, 12, tzinfo=UTC)),
    ("2026-01-29 14:37 UTC", datetime(2026, 1, 29, 12, tzinfo=UTC)),
    ("2026-01-29T14:37:00Z", datetime(2026, 1, 29, 12, tzinfo=UTC)),
    ("yesterday", None),
])
def test_sent_at(text, expected):
    assert parse_sent_at(text) == expected


def test_only_people_on_the_board_get_the_touch_and_nobody_is_added(board):
    amara = board.add_contact("Amara Nwosu", handles=[Handle("linkedin", "amara-nwosu")])
    arjun = board.add_contact("Arjun Mehta")  # no profile: matched by name
    other = board.add_contact("John Smith", handles=[Handle("linkedin", "john-smith-1")])
    parsed = read_invitations(csv_text(
        outgoing("Amara Nwosu", "amara-nwosu"),
        incoming("Arjun Mehta", "arjun-mehta-tinyforms"),
        outgoing("John Smith", "john-smith-2"),  # a namesake: another profile
        incoming("Lars Eriksen", "lars-eriksen"),  # pending, ignored or never on the board
    ), "Invitations.csv")
    plan = plan_import(board, parsed)
    assert plan.summary() == "0 added, 2 merged, 2 skipped; interactions: 2 added"
    assert [(m.name, m.matched_by, m.added) for m in plan.merged] == [
        ("Amara Nwosu", "profile", ("connected touch",)),
        ("Arjun Mehta", "name", ("linkedin arjun-mehta-tinyforms", "connected touch")),
    ]
    assert {s.where: s.reason for s in plan.skipped} == {
        "line 4 (John Smith)": NOT_ON_BOARD, "line 5 (Lars Eriksen)": NOT_ON_BOARD}
    apply_plan(board, plan)
    assert len(board.contacts) == 3
    [touch] = board.timeline(amara.id)
    assert (touch.kind, touch.at, touch.place) == (
        "connected", datetime(2025, 6, 2, 12, tzinfo=UTC), "LinkedIn")
    assert [i.kind for i in board.timeline(arjun.id)] == ["connected"]
    assert Handle("linkedin", "arjun-mehta-tinyforms") in board.contacts[arjun.id].handles
    assert board.timeline(other.id) == []


def test_connections_csv_already_gave_the_touch(board):
    connections = read_connections(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Amara,Nwosu,https://www.linkedin.com/in/amara-nwosu,,Slow Build Radio,Host,"
        "03 Jun 2025\r\n", "Connections.csv")
    apply_plan(board, plan_import(board, connections))
    before = dict(board.interactions)
    plan = plan_import(board, read_invitations(csv_text(
        outgoing("Amara Nwosu", "amara-nwosu"),
        outgoing("Amara Nwosu", "amara-nwosu", sent='"5/1/25, 8:00 AM"'),  # sent twice
    ), "Invitations.csv"))
    assert not plan.changes_anything
    assert [s.reason for s in plan.skipped] == ["already on the board, nothing new"] * 2
    apply_plan(board, plan)
    assert board.interactions == before


def test_not_an_invitations_file_says_so():
    with pytest.raises(ImportFileError, match=r"is not a LinkedIn Invitations\.csv"):
        read_invitations("From,To\nAda,Grace\n", "x.csv")


def test_the_example_file_matches_the_demo_board(config, frozen):
    from board.formats.backup import load_backup

    demo = examples_dir() / "demo.yaml"
    backup = load_backup(demo.read_text(encoding="utf-8"), str(demo))
    board = Board(config.ladder)
    board.restore(backup.contacts, backup.interactions, "demo", undoable=False)
    plan = plan_import(board, read_import(examples_dir() / "Invitations.csv"))
    assert plan.added == []
    assert sorted(m.name for m in plan.merged) == [
        "Amara Nwosu", "Arjun Mehta", "Kwame Asante", "Yusuf Demir"]
    assert plan.interactions_added == 4


handles = st.sampled_from(["ada", "grace", "linus", "barbara", "new-person"])
rows = st.lists(st.tuples(st.booleans(), handles, st.integers(1, 12), st.integers(1, 28)),
                max_size=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rows=rows)
def test_importing_the_same_file_twice_adds_nothing_the_second_time(config, rows):
    board = Board(config.ladder)
    for handle in ("ada", "grace", "linus"):
        board.add_contact(handle.title(), handles=[Handle("linkedin", handle)])
    board.add_contact("Barbara")  # by name
    text = csv_text(*[
        (outgoing if out else incoming)(handle.title(), handle, sent=f'"{m}/{d}/25, 9:00 AM"')
        for out, handle, m, d in rows])
    apply_plan(board, plan_import(board, read_invitations(text, "i.csv")))
    assert len(board.contacts) == 4
    touched = [p for i in board.interactions.values() for p in i.people]
    assert len(touched) == len(set(touched))  # one connected touch each, at most
    before = (dict(board.contacts), dict(board.interactions))
    again = plan_import(board, read_invitations(text, "i.csv"))
    assert not again.changes_anything
    apply_plan(board, again)
    assert (board.contacts, board.interactions) == before
