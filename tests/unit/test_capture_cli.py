"""``board import`` of calendars, mail and LinkedIn messages: the summary,
the options, refusals, and that a re-import adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.cli import main
from board.core.board import Board
from board.formats.capture import CaptureOptions
from board.formats.importing import apply_plan, plan_import, read_import
from board.resources import examples_dir
from board.session import Session

EXAMPLES = examples_dir()


def run(*args):
    return main([str(a) for a in args])


@pytest.fixture
def demo_db(tmp_path, capsys, frozen):
    db = tmp_path / "board.json"
    assert run("import", EXAMPLES / "demo.yaml", "--db", db) == 0
    capsys.readouterr()
    return db


def count(db, config) -> tuple[int, int]:
    s = Session.open_readonly(db, config)
    return len(s.contacts), len(s.interactions)


@pytest.mark.parametrize("name, summary", [
    ("calendar.ics", "8 touches (call: 5, meeting in person: 3) with 6 people; 4 events "
     "skipped; 1 event with 1 person not on your board"),
    ("mail.mbox", "4 touches (email: 4) with 4 people; 3 messages skipped; 1 message with "
     "1 person not on your board"),
    ("messages.csv", "5 touches (message: 5) with 3 people; 2 conversations skipped; "
     "1 conversation with 1 person not on your board"),
])
def test_the_examples_import_then_import_again_adds_nothing(demo_db, capsys, config, name,
                                                            summary):
    before = count(demo_db, config)
    assert run("import", EXAMPLES / name, "--db", demo_db, "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Would import {EXAMPLES / name} into {demo_db}: {summary}\n")
    assert count(demo_db, config) == before
    assert run("import", EXAMPLES / name, "--db", demo_db) == 0
    assert capsys.readouterr().out.startswith(f"Imported {EXAMPLES / name} into {demo_db}: "
                                              f"{summary}\n")
    n = int(summary.split()[0])
    assert count(demo_db, config) == (before[0], before[1] + n)
    assert run("import", EXAMPLES / name, "--db", demo_db) == 0
    out = capsys.readouterr().out
    assert ": 0 touches with 0 people;" in out
    assert "already imported" in out
    assert count(demo_db, config) == (before[0], before[1] + n)


def test_unknown_people_listed_with_v_and_added_with_add_unknown(demo_db, capsys, config):
    assert run("import", EXAMPLES / "mail.mbox", "--db", demo_db, "--dry-run", "-v") == 0
    assert "not on your board: Helena Brandt <helena@brandt-lab.example> (1 message)" \
        in capsys.readouterr().out
    people = count(demo_db, config)[0]
    assert run("import", EXAMPLES / "mail.mbox", "--db", demo_db, "--add-unknown") == 0
    out = capsys.readouterr().out
    assert "1 of them added to the board" in out
    assert "added to the first rung: Helena Brandt" in out
    s = Session.open_readonly(demo_db, config)
    [helena] = [c for c in s.contacts.values() if c.name == "Helena Brandt"]
    assert helena.email == "helena@brandt-lab.example"
    assert helena.rung == config.ladder.first.key
    assert len(s.contacts) == people + 1


def test_since_and_with_content_and_me_emails_from_the_config(demo_db, capsys, config,
                                                              tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("me: {emails: [marta@sousa-strategy.example]}\n", encoding="utf-8")
    assert run("import", EXAMPLES / "mail.mbox", "--db", demo_db, "--config", cfg,
               "--since", "2026-10-20", "--with-content") == 0
    out = capsys.readouterr().out
    assert ": 2 touches (email: 2) with 2 people;" in out
    assert "you are marta@sousa-strategy.example (from me.emails)" in out
    assert "before --since" in out
    s = Session.open_readonly(demo_db, config)
    mails = sorted((i for i in s.interactions.values() if i.source.startswith("mail:")),
                   key=lambda i: i.at)
    assert [i.direction for i in mails] == ["received", "given"]
    assert mails[1].notes.startswith("Mei-Lin, meet Helena")


@pytest.mark.parametrize("content, where", [
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\n", "line 2"),
    (b"BEGIN:VCALENDAR\r\nSUMMARY;broken\r\nEND:VCALENDAR\r\n", "line 2"),
])
def test_a_broken_file_is_one_line_and_the_board_is_untouched(demo_db, capsys, tmp_path,
                                                              content, where):
    bad = tmp_path / "cal.ics"
    bad.write_bytes(content)
    before = demo_db.read_bytes()
    assert run("import", bad, "--db", demo_db) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"board: {bad}, {where}: ")
    assert demo_db.read_bytes() == before


def test_a_bad_since_is_a_usage_error(demo_db, capsys):
    with pytest.raises(SystemExit) as exc:
        run("import", EXAMPLES / "mail.mbox", "--db", demo_db, "--since", "last tuesday")
    assert exc.value.code == 2
    assert "is not a date (YYYY-MM-DD)" in capsys.readouterr().err


# ------------------------------------------------------------ property

PEOPLE = [("Ada Lovelace", "ada@engines.example"), ("Grace Hopper", "grace@navy.example"),
          ("Alan Turing", "alan@bletchley.example"), ("Unknown One", "who@else.example")]
MOMENTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 11, 1),
                       timezones=st.just(UTC))
EVENTS = st.lists(st.tuples(
    st.sampled_from(["a", "b", "c", "d", "e"]),  # UIDs repeat: overrides and duplicates
    MOMENTS,
    st.lists(st.sampled_from(range(len(PEOPLE))), min_size=1, max_size=3),
    st.sampled_from(["", "RRULE:FREQ=WEEKLY;COUNT=3", "RRULE:FREQ=MONTHLY;COUNT=2"]),
), max_size=8)


def ics_of(events) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    done = set()
    for uid, at, who, rule in events:
        if uid in done:
            continue  # (one series per UID; a second one would be an override)
        done.add(uid)
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:{at:%Y%m%dT%H%M%SZ}"]
        if rule:
            lines.append(rule)
        lines += [f"ATTENDEE;CN={PEOPLE[p][0]}:mailto:{PEOPLE[p][1]}" for p in who]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines).encode() + b"\r\n"


def mbox_of(events) -> bytes:
    out = []
    for n, (uid, at, who, _) in enumerate(events):
        sender = PEOPLE[who[0]]
        out.append(f"From x Mon Jan  1 00:00:00 2024\nFrom: {sender[0]} <{sender[1]}>\n"
                   f"To: me@home.example\nDate: {at:%a, %d %b %Y %H:%M:%S +0000}\n"
                   f"Message-ID: <{uid}{n % 3}@x>\nSubject: s\n\nbody\n")
    return "\n".join(out).encode()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=EVENTS, kind=st.sampled_from(["ics", "mbox"]), add=st.booleans())
def test_a_re_import_adds_nothing(tmp_path, config, frozen, events, kind, add):
    board = Board(config.ladder)
    for name, address in PEOPLE[:3]:
        board.add_contact(name, email=address)
    path = tmp_path / f"file.{kind}"
    path.write_bytes(ics_of(events) if kind == "ics" else mbox_of(events))
    options = CaptureOptions(add_unknown=add, me_emails=("me@home.example",))
    apply_plan(board, plan_import(board, read_import(path, capture=options)))
    people, touches = dict(board.contacts), dict(board.interactions)
    again = plan_import(board, read_import(path, capture=options))
    assert not again.interactions and not again.contacts
    apply_plan(board, again)
    assert board.contacts == people and board.interactions == touches
