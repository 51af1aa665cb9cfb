"""`board due` with birthdays and dates: the lines, --json, --days, the
iCalendar feed (--ics) and the desktop notification (--notify)."""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import date, timedelta

import pendulum
import pytest
from icalendar import Calendar

from board.cli import main
from board.session import Session

# NOW (tests/conftest.py) is Fri 20 Nov 2026, 15:30 UTC.


@pytest.fixture(autouse=True)
def local_zone():
    """The user's zone: London (UTC in November) unless a test says otherwise."""
    pendulum.set_local_timezone(pendulum.timezone("Europe/London"))
    yield pendulum.set_local_timezone
    pendulum.set_local_timezone()


def make_board(db, config, frozen):
    """Amara (conversation, coffee today; birthday on Mon 23 Nov, 40 then;
    work anniversary on 27 Nov), Bo (a birthday today, no year), Cy (a
    birthday on 10 Dec) and Gail (archived, a birthday tomorrow)."""
    s = Session.open(db, config)
    b = s.board
    amara = b.add_contact("Amara Nwosu", birthday="1986-11-23",
                          dates=[("work anniversary", "2019-11-27")])
    b.promote(amara.id)
    b.promote(amara.id)  # conversation: every 30 days
    b.log("coffee", [amara.id])
    bo = b.add_contact("Bo Berg", birthday="--11-20")
    cy = b.add_contact("Cy Dahl", birthday="--12-10")
    gail = b.add_contact("Gone Gail", birthday="--11-21")
    b.archive(gail.id)
    s.close()
    return amara, bo, cy


def add(db, config, name, birthday):
    s = Session.open(db, config)
    c = s.board.add_contact(name, birthday=birthday)
    s.close()
    return c


def _id(b, name):
    return next(c.id for c in b.contacts.values() if c.name == name)


def test_due_lists_the_coming_dates_after_the_touches(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    add(db, config, "Dee Ek", "--12-19")
    frozen.shift(timedelta(days=28))  # Fri 18 Dec: Amara due on 20 Dec
    assert main(["due", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert out[0].startswith("Amara Nwosu") and "due in 2 days" in out[0]
    assert "last touch 4 weeks ago" in out[0]
    assert out[1:] == ["", "Dee Ek: birthday on Sat 19 Dec (tomorrow)"]


def test_dates_within_the_window_are_said_as_the_issue_words_them(tmp_path, config, frozen,
                                                                     capsys):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    assert main(["due", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Nobody is due for a touch.",
        "Bo Berg: birthday on Fri 20 Nov (today)",
        "Amara Nwosu: birthday on Mon 23 Nov (in 3 days, turns 40)",
        "Amara Nwosu: work anniversary on Fri 27 Nov (in 7 days, 7 years)",
    ]


def test_days_sets_the_window_for_this_run(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    assert main(["due", "--days", "3", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "work anniversary" not in out and "turns 40" in out
    assert main(["due", "--days", "20", "--db", str(db)]) == 0
    assert "Cy Dahl: birthday on Thu 10 Dec (in 20 days)" in capsys.readouterr().out
    assert main(["due", "--days", "0", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["Bo Berg: birthday on Fri 20 Nov (today)"]
    assert main(["due", "--days", "-1", "--db", str(db)]) == 1
    assert "--days is a number of days from 0 to 365" in capsys.readouterr().err


def test_the_config_window_is_used_without_days(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    cfg = tmp_path / "config.yaml"
    cfg.write_text("dates_window_days: 2\n")
    assert main(["due", "--db", str(db), "--config", str(cfg)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Nobody is due for a touch.", "Bo Berg: birthday on Fri 20 Nov (today)"]


def test_json_gives_dates_as_objects(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    amara, _, _ = make_board(db, config, frozen)
    frozen.shift(timedelta(days=1))  # Sat 21 Nov
    assert main(["due", "--json", "--days", "6", "--db", str(db)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {"kind": "date", "id": amara.id, "name": "Amara Nwosu", "date": "2026-11-23",
         "label": "birthday", "days_until": 2, "years": 40, "yearly": True},
        {"kind": "date", "id": amara.id, "name": "Amara Nwosu", "date": "2026-11-27",
         "label": "work anniversary", "days_until": 6, "years": 7, "yearly": True},
    ]


def test_json_puts_touches_first_with_their_kind(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    amara, _, _ = make_board(db, config, frozen)
    frozen.shift(timedelta(days=40))
    assert main(["due", "--json", "--days", "0", "--db", str(db)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["id"]) for r in rows] == [("touch", amara.id)]
    assert rows[0]["status"] == "overdue" and rows[0]["days_overdue"] == 10


def test_today_is_the_users_local_day_at_midnight(tmp_path, config, frozen, capsys,
                                                   local_zone):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    frozen.move_to("2026-11-22T15:30:00Z")  # 00:30 on Mon 23 Nov in Tokyo
    local_zone(pendulum.timezone("Asia/Tokyo"))
    assert main(["due", "--days", "0", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "Amara Nwosu: birthday on Mon 23 Nov (today, turns 40)"]
    local_zone(pendulum.timezone("America/New_York"))  # still 10:30 on Sun 22 Nov
    assert main(["due", "--days", "0", "--db", str(db)]) == 0
    assert "Nobody is due for a touch. Nice work." in capsys.readouterr().out


# -- the feed ---------------------------------------------------------------------


def read_feed(path):
    cal = Calendar.from_ical(path.read_bytes())
    return cal, {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_the_feed_has_one_event_per_touch_and_date_each_with_an_alarm(
        tmp_path, config, frozen, capsys):
    db, feed = tmp_path / "b.json", tmp_path / "sync" / "board.ics"
    feed.parent.mkdir()
    amara, _, _ = make_board(db, config, frozen)
    dee = add(db, config, "Dee Ek", "--12-19")
    frozen.shift(timedelta(days=21, hours=1))  # Fri 11 Dec, 16:30: Amara due on 20 Dec
    assert main(["due", "--ics", str(feed), "--days", "8", "--db", str(db)]) == 0
    assert capsys.readouterr().err == f"Wrote 1 event to {feed}\n"  # (Amara not due yet)
    frozen.shift(timedelta(days=7))  # Fri 18 Dec
    assert main(["due", "--ics", str(feed), "--days", "6", "--db", str(db)]) == 0
    assert capsys.readouterr().err == f"Wrote 2 events to {feed}\n"
    cal, events = read_feed(feed)
    assert str(cal["version"]) == "2.0" and "board" in str(cal["prodid"])
    assert set(events) == {f"touch-{amara.id}@board", f"birthday-{dee.id}-2026@board"}
    touch = events[f"touch-{amara.id}@board"]
    assert str(touch["summary"]) == ("Call Amara Nwosu (every 30 days, last: coffee "
                                     "4 weeks ago)")
    assert touch.decoded("dtstart") == date(2026, 12, 20)
    assert touch.decoded("dtend") == date(2026, 12, 21)
    birthday = events[f"birthday-{dee.id}-2026@board"]
    assert str(birthday["summary"]) == "Dee Ek: birthday"
    assert birthday.decoded("dtstart") == date(2026, 12, 19)
    for event, trigger in ((touch, timedelta(hours=9)), (birthday, timedelta(hours=-15))):
        [alarm] = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert str(alarm["description"]) == str(event["summary"])
        assert alarm.decoded("trigger") == trigger
    assert stat.S_IMODE(os.stat(feed).st_mode) == 0o600


def test_dates_in_the_feed_fall_on_their_day_with_the_alarm_the_day_before(
        tmp_path, config, frozen, capsys):
    db, feed = tmp_path / "b.json", tmp_path / "board.ics"
    amara, bo, _ = make_board(db, config, frozen)
    assert main(["due", "--ics", str(feed), "--db", str(db)]) == 0
    _, events = read_feed(feed)
    assert set(events) == {
        f"birthday-{bo.id}-2026@board", f"birthday-{amara.id}-2026@board",
        next(u for u in events if u.startswith("date-"))}
    birthday = events[f"birthday-{amara.id}-2026@board"]
    assert str(birthday["summary"]) == "Amara Nwosu: birthday (turns 40)"
    assert birthday.decoded("dtstart") == date(2026, 11, 23)
    assert birthday.decoded("dtend") == date(2026, 11, 24)
    [alarm] = birthday.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(hours=-15)  # 09:00 the day before
    anniversary = next(e for u, e in events.items() if u.startswith("date-"))
    assert str(anniversary["summary"]) == "Amara Nwosu: work anniversary (7 years)"


def test_uids_are_stable_across_runs_and_an_overdue_touch_is_on_today(
        tmp_path, config, frozen, capsys):
    db, feed = tmp_path / "b.json", tmp_path / "board.ics"
    amara, _, _ = make_board(db, config, frozen)
    dee = add(db, config, "Dee Ek", "--01-05")
    frozen.shift(timedelta(days=35))  # Fri 25 Dec: 5 days overdue
    assert main(["due", "--ics", str(feed), "--days", "30", "--db", str(db)]) == 0
    _, first = read_feed(feed)
    frozen.shift(timedelta(hours=2))
    assert main(["due", "--ics", str(feed), "--days", "30", "--db", str(db)]) == 0
    _, second = read_feed(feed)
    assert set(first) == set(second) == {f"touch-{amara.id}@board",
                                         f"birthday-{dee.id}-2027@board"}
    touch = second[f"touch-{amara.id}@board"]
    assert touch.decoded("dtstart") == date(2026, 12, 25)  # today, not the day gone by
    assert str(first[f"touch-{amara.id}@board"]["summary"]) == str(touch["summary"])


def test_the_feed_is_written_whole_or_not_at_all(tmp_path, config, frozen, capsys, refuse):
    import errno

    db, feed = tmp_path / "b.json", tmp_path / "feeds" / "board.ics"
    feed.parent.mkdir()
    make_board(db, config, frozen)
    feed.write_bytes(b"the old feed")
    refuse(feed.parent, errno.ENOSPC)
    assert main(["due", "--ics", str(feed), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert str(feed) in err and len(err.strip().splitlines()) == 1
    assert feed.read_bytes() == b"the old feed"
    assert [p.name for p in feed.parent.iterdir()] == ["board.ics"]


def test_names_in_the_feed_are_text(tmp_path, config, frozen, capsys):
    db, feed = tmp_path / "b.json", tmp_path / "board.ics"
    s = Session.open(db, config)
    s.board.add_contact("Eve\x1b]0;pwned\x07, Esq; <b>", birthday="--11-21")
    s.close()
    assert main(["due", "--ics", str(feed), "--db", str(db)]) == 0
    raw = feed.read_bytes()
    assert b"\x1b" not in raw and b"\x07" not in raw
    _, events = read_feed(feed)
    [event] = events.values()
    assert str(event["summary"]) == "Eve␛]0;pwned␇, Esq; <b>: birthday"


# -- the notification -------------------------------------------------------------


@pytest.fixture
def no_desktop_notifier(monkeypatch):
    monkeypatch.setitem(sys.modules, "desktop_notifier", None)  # not installed


def fake_notify_send(tmp_path, monkeypatch, code=0):
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "notified.txt"
    script = folder / "notify-send"
    script.write_text(f"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n--\\n' \"$a\"; done "
                      f"> {log}\nexit {code}\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    return log


def test_notify_sends_one_notification_of_who_is_due_today(
        tmp_path, config, frozen, capsys, monkeypatch, no_desktop_notifier):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    log = fake_notify_send(tmp_path, monkeypatch)
    frozen.shift(timedelta(days=31))  # Amara overdue by a day; Mon 21 Dec
    s = Session.open(db, config)
    s.board.update_contact(_id(s.board, "Cy Dahl"), birthday="--12-21")
    s.close()
    assert main(["due", "--notify", "--db", str(db)]) == 0
    args = log.read_text().split("\n--\n")
    assert args[0] == "--"
    title, body = args[1], args[2]
    assert title == "board: 1 person to get in touch with and 1 date today"
    assert body.splitlines() == ["Amara Nwosu (1 day overdue)",
                                 "Cy Dahl: birthday on Mon 21 Dec (today)"]
    assert capsys.readouterr().out.strip() == title


def test_notify_escapes_markup_for_notify_send(tmp_path, config, frozen, capsys, monkeypatch,
                                               no_desktop_notifier):
    db = tmp_path / "b.json"
    s = Session.open(db, config)
    s.board.add_contact("<b>Bold</b> & co", birthday="--11-20")
    s.close()
    log = fake_notify_send(tmp_path, monkeypatch)
    assert main(["due", "--notify", "--db", str(db)]) == 0
    body = log.read_text().split("\n--\n")[2]
    assert body == "&lt;b&gt;Bold&lt;/b&gt; &amp; co: birthday on Fri 20 Nov (today)"


def test_notify_with_nobody_due_today_shows_nothing(tmp_path, config, frozen, capsys,
                                                    monkeypatch, no_desktop_notifier):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    frozen.shift(timedelta(days=1))  # Bo's birthday was yesterday; Amara's is in 2 days
    log = fake_notify_send(tmp_path, monkeypatch)
    assert main(["due", "--notify", "--db", str(db)]) == 0
    assert "Nobody is due today" in capsys.readouterr().out
    assert not log.exists()


def test_notify_without_any_way_to_show_one_says_so_and_exits_2(
        tmp_path, config, frozen, capsys, monkeypatch, no_desktop_notifier):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    assert main(["due", "--notify", "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "no desktop notification could be shown" in err[0]
    assert "desktop-notifier is not installed" in err[0] and "notify-send" in err[0]


def test_notify_send_failing_is_said_too(tmp_path, config, frozen, capsys, monkeypatch,
                                         no_desktop_notifier):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    fake_notify_send(tmp_path, monkeypatch, code=1)
    assert main(["due", "--notify", "--db", str(db)]) == 2
    assert "notify-send failed (exit 1)" in capsys.readouterr().err


@pytest.mark.parametrize("works", [True, False])
def test_notify_uses_desktop_notifier_when_it_is_installed(tmp_path, config, frozen, capsys,
                                                           monkeypatch, works):
    """desktop-notifier logs a failure instead of raising it: only a
    notification it says it dispatched counts as shown."""
    import types

    sent = []

    class DesktopNotifierSync:
        def __init__(self, app_name="Python", **kw):
            sent.append(app_name)

        def send(self, title, message, on_dispatched=None, **kw):
            sent.append((title, message))
            if works:
                on_dispatched()

    monkeypatch.setitem(sys.modules, "desktop_notifier",
                        types.SimpleNamespace(DesktopNotifierSync=DesktopNotifierSync))
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    assert main(["due", "--notify", "--db", str(db)]) == (0 if works else 2)
    assert sent == ["board", ("board: 1 date today", "Bo Berg: birthday on Fri 20 Nov (today)")]
    if not works:
        assert "desktop-notifier could not show it" in capsys.readouterr().err


def test_the_real_desktop_notifier_without_a_session_is_said_in_one_line(
        tmp_path, config, frozen, capfd, monkeypatch):
    pytest.importorskip("desktop_notifier")
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    if sys.platform != "linux":
        pytest.skip("a session bus is only needed on Linux")
    assert main(["due", "--notify", "--db", str(db)]) == 2
    err = capfd.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "desktop-notifier could not show it" in err[0]
    assert "Traceback" not in err[0]
