"""Birthdays and named dates: the stored shape, the next occurrence, 29
February, year-less days, ages, the user's local day, and the form's reader."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from board.core.board import Board, ValidationError
from board.core.dates import (
    age,
    coming,
    coming_for,
    dates_text,
    describe,
    local_today,
    next_occurrence,
    read_birthday,
    read_dates,
    shown_day,
)
from board.core.schema import Contact, NamedDate, RecordError, from_dict, to_dict
from board.core.when import WhenError, read_day

T = datetime(2026, 3, 1, tzinfo=UTC)


def person(**values) -> Contact:
    return Contact(id="c1", name="Amara Nwosu", rung="friend", created=T, **values)


# -- the record ---------------------------------------------------------------------


def test_a_birthday_and_dates_round_trip_exactly_through_the_dict():
    c = person(birthday="--02-29", dates=(NamedDate("work anniversary", "2019-05-01"),
                                          NamedDate("conference", "2026-09-12", yearly=False)))
    d = to_dict(c)
    assert d["birthday"] == "--02-29"
    assert d["dates"] == [{"label": "work anniversary", "date": "2019-05-01"},
                          {"label": "conference", "date": "2026-09-12", "yearly": False}]
    assert from_dict(Contact, d) == c
    assert "birthday" not in to_dict(person())  # empty fields stay out of the file


@pytest.mark.parametrize(("change", "said"), [
    ({"birthday": "1990-02-30"}, "contact c1: field 'birthday': '1990-02-30' is not a day"),
    ({"birthday": "14 March"}, "field 'birthday': '14 March' is not a day"),
    ({"birthday": "2001-02-29"}, "field 'birthday': '2001-02-29' is not a day"),
    ({"dates": [{"label": "x", "date": "--03-01", "yearly": False}]},
     "dates entry 1: field 'date': a date that happens once needs its year"),
    ({"dates": [{"label": " ", "date": "2001-03-01"}]}, "dates entry 1: field 'label'"),
    ({"dates": [{"label": "x", "date": "13/03"}]}, "dates entry 1: field 'date': '13/03'"),
])
def test_a_bad_day_in_a_file_is_refused_naming_the_field(change, said):
    d = {**to_dict(person()), **change}
    with pytest.raises(RecordError) as err:
        from_dict(Contact, d, "contact")
    assert said in str(err.value)


# -- the next occurrence -------------------------------------------------------------


def test_the_next_occurrence_is_today_or_the_first_after_it():
    today = date(2026, 3, 14)
    assert next_occurrence("1990-03-14", today) == date(2026, 3, 14)
    assert next_occurrence("1990-03-13", today) == date(2027, 3, 13)
    assert next_occurrence("--12-31", today) == date(2026, 12, 31)


def test_29_february_is_28_february_in_a_year_without_one():
    assert next_occurrence("2000-02-29", date(2026, 2, 1)) == date(2026, 2, 28)
    assert next_occurrence("--02-29", date(2026, 3, 1)) == date(2027, 2, 28)
    assert next_occurrence("--02-29", date(2027, 3, 1)) == date(2028, 2, 29)
    # the day after 28 February in a common year it is not coming again until next year
    assert next_occurrence("--02-29", date(2026, 3, 1)).year == 2027
    assert age("2000-02-29", date(2026, 2, 27)) == 25
    assert age("2000-02-29", date(2026, 2, 28)) == 26


def test_a_date_that_happens_once_is_gone_once_it_has_passed():
    assert next_occurrence("2026-09-12", date(2026, 9, 1), yearly=False) == date(2026, 9, 12)
    assert next_occurrence("2026-09-12", date(2026, 9, 13), yearly=False) is None


def test_a_first_year_still_to_come_is_not_anticipated():
    # a wedding planned for 2027: no "anniversary" in 2026
    assert next_occurrence("2027-06-01", date(2026, 5, 30)) == date(2027, 6, 1)


def test_year_less_birthdays_come_without_an_age():
    c = person(birthday="--03-17")
    [k] = coming_for(c, date(2026, 3, 14), 7)
    assert (k.on, k.days_until, k.years) == (date(2026, 3, 17), 3, None)
    assert describe(k) == "Amara Nwosu: birthday on Tue 17 Mar (in 3 days)"


def test_ages_and_years_when_the_year_is_known():
    c = person(birthday="1986-03-14", dates=(NamedDate("work anniversary", "2019-03-15"),
                                             NamedDate("conference", "2026-03-16", False)))
    ks = coming_for(c, date(2026, 3, 11), 7)
    assert [describe(k) for k in ks] == [
        "Amara Nwosu: birthday on Sat 14 Mar (in 3 days, turns 40)",
        "Amara Nwosu: work anniversary on Sun 15 Mar (in 4 days, 7 years)",
        "Amara Nwosu: conference on Mon 16 Mar (in 5 days)",
    ]
    assert age("1986-03-14", date(2026, 3, 13)) == 39
    assert age("1986-03-14", date(2026, 3, 14)) == 40
    assert age("--03-14", date(2026, 3, 14)) is None


def test_the_window_is_inclusive_and_archived_people_are_left_out():
    today = date(2026, 3, 7)
    a = person(birthday="--03-14")
    b = Contact(id="c2", name="Bo", rung="friend", created=T, birthday="--03-15")
    gone = Contact(id="c3", name="Cy", rung="friend", created=T, birthday="--03-08",
                   archived=True)
    assert [k.contact.id for k in coming([a, b, gone], today, 7)] == ["c1"]
    assert [k.contact.id for k in coming([a, b, gone], today, 8)] == ["c1", "c2"]
    assert coming([a], today, 0) == []
    assert [k.days_until for k in coming([a], date(2026, 3, 14), 0)] == [0]


# -- the user's local day ------------------------------------------------------------


def test_today_is_the_local_day_at_midnight_in_another_zone():
    # 15:30 UTC on 13 March is 00:30 on 14 March in Tokyo: the birthday is today there
    now = datetime(2026, 3, 13, 15, 30, tzinfo=UTC)
    assert local_today(now, "Asia/Tokyo") == date(2026, 3, 14)
    assert local_today(now, "UTC") == date(2026, 3, 13)
    assert local_today(now, "America/Los_Angeles") == date(2026, 3, 13)
    c = person(birthday="--03-14")
    assert coming_for(c, local_today(now, "Asia/Tokyo"), 0)[0].days_until == 0
    assert coming_for(c, local_today(now, "UTC"), 0) == []


def test_the_machine_zone_is_used_by_default_with_the_clock_frozen():
    with time_machine.travel(datetime(2026, 3, 13, 23, 59, 59, tzinfo=UTC), tick=False):
        now = datetime.now(UTC)
        assert local_today(now, "Europe/Berlin") == date(2026, 3, 14)  # 00:59:59 there
        assert local_today(now, "Europe/London") == date(2026, 3, 13)


# -- reading what is typed -----------------------------------------------------------


@pytest.mark.parametrize(("typed", "day"), [
    ("14 March", "--03-14"),
    ("March 14th", "--03-14"),
    ("1990-03-14", "1990-03-14"),
    ("--03-14", "--03-14"),
    ("--0314", "--03-14"),
    ("14 March 1990", "1990-03-14"),
    ("March 14, 1990", "1990-03-14"),
    ("Sat 14 Mar 2026", "2026-03-14"),
    ("14/03/1990", "1990-03-14"),
    ("14/03", "--03-14"),
    ("29 Feb", "--02-29"),
    ("2000-02-29", "2000-02-29"),
])
def test_the_date_reader_reads_a_day_with_or_without_its_year(typed, day):
    assert read_day(typed, date(2026, 11, 20), "dmy").day == day


def test_a_numeric_day_follows_the_date_order():
    assert read_day("02/11", order="dmy").day == "--11-02"
    assert read_day("02/11", order="mdy").day == "--02-11"
    assert read_day("02/11/1990", order="mdy").day == "1990-02-11"


@pytest.mark.parametrize(("typed", "said"), [
    ("30 Feb", "February has no day 30"),
    ("2001-02-29", "February 2001 has no day 29"),
    ("Fri 14 Mar 2026", "is a Saturday"),
    ("pizza", "Did not understand 'pizza'"),
    ("yesterday", "Did not understand 'yesterday'"),
    ("2026-03-14 10:00", "as a day"),
    ("31/4", "April has no day 31"),
])
def test_what_is_not_a_day_is_refused_with_the_reason(typed, said):
    with pytest.raises(WhenError) as err:
        read_day(typed, date(2026, 11, 20), "dmy")
    assert said in str(err.value)


def test_the_when_box_still_reads_a_day_without_a_year_as_the_last_one():
    from board.core.when import read_when

    now = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    assert read_when("14 March", now, "UTC").at == datetime(2026, 3, 14, 12, tzinfo=UTC)
    assert read_when("02/11", now, "UTC", "dmy").at.date() == date(2026, 11, 2)


def test_the_forms_line_of_named_dates_reads_back_as_it_shows():
    dates = read_dates("work anniversary: 1 May 2019; conference: 12 Sep 2026 once; "
                       "kid's birthday: --06-02", "dmy")
    assert dates == (NamedDate("work anniversary", "2019-05-01"),
                     NamedDate("conference", "2026-09-12", yearly=False),
                     NamedDate("kid's birthday", "--06-02"))
    assert dates_text(dates) == ("work anniversary: 1 May 2019; conference: 12 September "
                                 "2026 once; kid's birthday: 2 June")
    assert read_dates(dates_text(dates)) == dates
    assert shown_day("--06-02") == "2 June" and read_birthday(shown_day("1990-03-14")) == (
        "1990-03-14")


@pytest.mark.parametrize(("typed", "said"), [
    ("work anniversary", "Date 1 ('work anniversary'): say 'label: day'"),
    ("a: 1 May 2019; conference: 12 Sep once", "Date 2 ('conference'): a date that happens "
                                               "once needs its year"),
    ("a: pizza", "Date 1 ('a'): Did not understand 'pizza'"),
    ("a:", "Date 1 ('a'): which day?"),
])
def test_a_bad_named_date_is_refused_naming_which(typed, said):
    with pytest.raises(ValueError) as err:
        read_dates(typed)
    assert said in str(err.value)


def test_the_board_saves_a_birthday_and_dates_and_refuses_a_bad_one_by_field(config):
    b = Board(config.ladder)
    c = b.add_contact("Amara", birthday="14 March 1986",
                      dates=[("work anniversary", "2019-05-01")])
    assert (c.birthday, c.dates) == ("1986-03-14", (NamedDate("work anniversary",
                                                              "2019-05-01"),))
    with pytest.raises(ValidationError) as err:
        b.update_contact(c.id, birthday="31 June")
    assert set(err.value.errors) == {"birthday"}
    assert "June has no day 31" in err.value.errors["birthday"]
    with pytest.raises(ValidationError) as err:
        b.update_contact(c.id, dates="a: 1 May 2019; b")
    assert set(err.value.errors) == {"dates"}
    assert b.contacts[c.id] == c  # nothing saved
    cleared = b.update_contact(c.id, birthday="", dates=())
    assert (cleared.birthday, cleared.dates) == ("", ())
    b.undo()
    assert b.contacts[c.id] == c


@pytest.mark.parametrize(("written", "day"), [
    ("1990-03-14", "1990-03-14"), ("19900314", "1990-03-14"), ("--0314", "--03-14"),
    ("--03-14", "--03-14"), ("1990-03-14T00:00:00Z", "1990-03-14"), ("--0229", "--02-29"),
    ("1990-02-30", ""), ("circa 1990", ""), ("---14", ""), ("", ""),
])
def test_days_as_files_write_them(written, day):
    from board.core.dates import day_from_iso

    assert day_from_iso(written) == day
    assert day_from_iso("1604-07-04", omit_year="1604") == "--07-04"


@pytest.mark.parametrize(("day", "yearly", "birthday", "shown"), [
    ("1990-03-14", True, True, "14 March 1990 · 36, turns 37 on Sun 14 Mar, in 102 days"),
    ("1990-12-02", True, True, "2 December 1990 · turns 36 today"),
    ("--03-14", True, True, "14 March · Sun 14 Mar, in 102 days"),
    ("2019-05-01", True, False, "1 May 2019 · 8 years on Sat 1 May, in 150 days"),
    ("2019-12-03", True, False, "3 December 2019 · 7 years on Thu 3 Dec, tomorrow"),
    ("2026-12-12", False, False, "12 December 2026 · Sat 12 Dec, in 10 days"),
    ("2026-09-12", False, False, "12 September 2026 · passed"),
])
def test_the_persons_screen_says_the_day_the_years_and_when_it_comes(day, yearly, birthday,
                                                                      shown):
    from board.core.dates import summary

    assert summary(day, date(2026, 12, 2), yearly, birthday) == shown
