"""Finding likely duplicates (scores and reasons) and merging two people."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from board.core.board import Board, BoardError
from board.core.duplicates import (
    MIN_SCORE,
    NOTE_SEPARATOR,
    find_duplicates,
    phone_key,
    plan_merge,
)
from board.core.schema import Contact, Handle, Interaction, StageChange

T0 = datetime(2025, 1, 1, 12, tzinfo=UTC)


def person(cid: str, name: str, day: int = 0, rung: str = "follower",
           history: tuple[tuple[str, int], ...] | None = None, **values) -> Contact:
    created = T0 + timedelta(days=day)
    steps = history or ((rung, day),)
    return Contact(id=cid, name=name, rung=rung, created=created,
                   history=tuple(StageChange(r, T0 + timedelta(days=d)) for r, d in steps),
                   **values)


def pairs(*contacts: Contact, region: str | None = None) -> list[tuple[str, str, int, tuple]]:
    return [(p.a, p.b, p.score, p.reasons) for p in find_duplicates(contacts, region)]


def ids(*contacts: Contact, region: str | None = None) -> set[frozenset[str]]:
    return {frozenset((p.a, p.b)) for p in find_duplicates(contacts, region)}


# ------------------------------------------------------------------ scoring


def test_the_same_email_in_any_case_or_as_an_extra_handle_is_a_pair():
    a = person("a", "Ada Lovelace", email="ada@engine.example")
    b = person("b", "A. King", 1, handles=(Handle("email", "ADA@Engine.example"),))
    (found,) = pairs(a, b)
    assert found[:2] == ("a", "b")  # the record made first is a
    assert found[2] >= 95
    assert found[3] == ("same email (ada@engine.example)",)


def test_the_same_profile_handle_without_case_at_or_slash():
    a = person("a", "Jane Doe", handles=(Handle("x", "@JaneDoe"),))
    b = person("b", "JD", 1, handles=(Handle("x", "janedoe/"), Handle("phone", "+1 555 0100")))
    (found,) = pairs(a, b)
    assert found[3] == ("same profile (x:@JaneDoe)",)
    # the same handle on another platform is somebody else's
    c = person("c", "J. Doe", 2, handles=(Handle("github", "janedoe"),))
    assert ids(a, c) == set()


@pytest.mark.parametrize(("one", "other", "region"), [
    ("+44 20 7946 0018", "0044 (20) 7946-0018", "GB"),
    ("+44 20 7946 0018", "+44 (0)20 7946-0018", None),
    ("+44 20 7946 0018", "020 7946 0018", "GB"),
    ("(020) 7946 0018", "020-7946-0018", None),  # no region: the digits
    ("+1 (415) 555-0132", "415.555.0132", "US"),
    ("+81 3-1234-5678", "03 1234 5678", "JP"),
])
def test_phones_written_differently_are_one_number(one, other, region):
    a = person("a", "Someone", phone=one)
    b = person("b", "Another", 1, handles=(Handle("phone", other),))
    (found,) = pairs(a, b, region=region)
    assert found[3] == (f"same phone ({one})",)


def test_phones_that_differ_or_are_too_short_are_not_a_pair():
    assert phone_key("12-34") is None
    a = person("a", "Someone", phone="+44 20 7946 0018")
    b = person("b", "Another", 1, phone="+44 20 7946 0019")
    c = person("c", "Third", 2, phone="020 7946 0018")  # no region: not the +44 one
    assert ids(a, b, c) == set()


@pytest.mark.parametrize(("one", "other"), [
    ("Inês Carvalhal", "ines  CARVALHAL"),
    ("Zoë Ångström", "Zoe Angstrom"),
    ("Łukasz Wiśniewski", "Lukasz Wisniewski"),
    ("François Müller", "Francois Muller"),
    ("Ольга Шевчёнко", "ОЛЬГА ШЕВЧЕНКО"),  # Cyrillic: case, and ё as е
    ("Ｔａｎａｋａ Ｓō", "Tanaka So"),  # full-width letters
    ("ليلى حدّاد", "ليلى حداد"),  # Arabic: the shadda is a mark
    ("Mei-Lin Chou", "Mei Lin Chou"),
])
def test_names_equal_once_accents_case_and_punctuation_are_folded(one, other):
    (found,) = pairs(person("a", one), person("b", other, 1))
    assert found[3] == ("same name",)
    assert found[2] == 70


def test_names_in_another_order_or_spaced_otherwise():
    (found,) = pairs(person("a", "Sō Tanaka"), person("b", "TANAKA So", 1))
    assert found[3] == ("same name, words in another order",)
    (found,) = pairs(person("a", "山田 太郎"), person("b", "山田太郎", 1))
    assert found[3] == ("same name, spaced differently",)


def test_names_in_other_scripts_are_not_near_misses_of_each_other():
    # two Chinese names sharing a family name, at one company: not a typo
    a = person("a", "王伟", company="Kumo")
    b = person("b", "王芳", 1, company="Kumo")
    # different people of one Cyrillic name... and a transliteration is not guessed
    c = person("c", "Ольга Шевченко", 2, city="Kyiv")
    d = person("d", "Olga Shevchenko", 3, city="Kyiv")
    assert ids(a, b, c, d) == set()


def test_close_names_need_the_same_company_or_city():
    a = person("a", "Jon Smith", company="Kassaflow")
    b = person("b", "John Smith", 1, company="kassaflow ")
    c = person("c", "John Smith", 2, company="Other")
    found = {frozenset((p.a, p.b)): p for p in find_duplicates([a, b, c])}
    ab = found[frozenset("ab")]
    assert ab.reasons[0].startswith("similar names (9")
    assert ab.reasons[1] == "same company (Kassaflow)"
    assert MIN_SCORE <= ab.score < 70
    assert frozenset("ac") not in found  # close, but nothing else in common
    assert frozenset("bc") in found  # (the same name)


def test_the_same_name_with_different_emails_scores_lower_and_says_so():
    a = person("a", "Maria Garcia", email="maria@one.example")
    b = person("b", "Maria Garcia", 1, email="mgarcia@two.example")
    c = person("c", "Maria Garcia", 2)
    found = {frozenset((p.a, p.b)): p for p in find_duplicates([a, b, c])}
    assert found[frozenset("ab")].reasons == ("same name", "but different emails")
    assert found[frozenset("ab")].score == 50
    assert found[frozenset("ac")].score == 70


def test_strongest_first_and_several_reasons_add_up():
    a = person("a", "Amara Nwosu", email="amara@slow.example", phone="+44 7700 900417",
               city="London")
    b = person("b", "Amara Nwosu", 1, email="amara@slow.example", city="london")
    c = person("c", "Tom Ashworth", 2)
    d = person("d", "Tom Ashworth", 3)
    found = find_duplicates([d, c, b, a])
    assert [(p.a, p.b) for p in found] == [("a", "b"), ("c", "d")]
    assert found[0].score == 100
    assert found[0].reasons == ("same email (amara@slow.example)", "same name",
                                "same city (London)")


def test_a_pair_marked_not_the_same_is_never_offered_again(config, frozen):
    board = Board(config.ladder, [person("a", "Ada Lovelace"), person("b", "Ada Lovelace", 1),
                                  person("c", "Ada Lovelace", 2)])
    assert len(find_duplicates(board.contacts.values())) == 3
    board.mark_not_same("a", "b")
    assert board.contacts["a"].not_same == ("b",) and board.contacts["b"].not_same == ("a",)
    assert ids(*board.contacts.values()) == {frozenset("ac"), frozenset("bc")}
    board.undo()
    assert len(find_duplicates(board.contacts.values())) == 3


def test_archived_people_are_left_out_unless_asked_for():
    a = person("a", "Ada Lovelace")
    b = person("b", "Ada Lovelace", 1, archived=True)
    assert find_duplicates([a, b]) == []
    assert len(find_duplicates([a, b], archived=True)) == 1


def test_a_key_shared_by_very_many_people_pairs_nobody():
    team = [person(f"p{n}", f"Person {n}", n, email="team@office.example") for n in range(40)]
    assert find_duplicates(team) == []


def word(n: int, salt: str) -> str:
    """A made-up word, unlike any other (letters of a hash)."""
    return hashlib.sha1(f"{salt}{n}".encode()).hexdigest()[:8].translate(
        str.maketrans("0123456789", "ghijklmnop")).capitalize()


def test_thousands_of_people_give_only_the_pairs_that_share_something():
    # 3,000 different people at one company in one city, and three twins
    people = [person(f"p{n}", f"{word(n, 'a')} {word(n, 'b')}", city="Lisbon", company="Acme",
                     email=f"p{n}@mail.example") for n in range(3000)]
    p7, p12 = people[7].name, people[12].name
    twins = [person("t1", p7.upper(), 9),
             person("t2", p12[:3] + p12[4:], 9, company="acme"),  # a letter dropped
             person("t3", "Someone Else", 9, email="P99@mail.example")]
    found = ids(*people, *twins)
    assert found == {frozenset(("p7", "t1")), frozenset(("p12", "t2")), frozenset(("p99", "t3"))}


# ------------------------------------------------------------------ merging


@pytest.fixture
def two(config, frozen):
    """Two records of one person, a third who points at the second, and their log."""
    keep = person("k", "Inês Carvalhal", 0, rung="call",
                  history=(("follower", 0), ("engaged", 10), ("call", 40)),
                  email="ines@atelier.example", handles=(Handle("linkedin", "ines-c"),),
                  tags=("design",), notes="Runs a studio.", company="Atelier Maré")
    drop = person("d", "Ines Carvalhal", 5, rung="met",
                  history=(("follower", 5), ("engaged", 6), ("conversation", 20), ("met", 60)),
                  email="ines.c@gmail.example", phone="+351 912 345 678", city="Lisbon",
                  handles=(Handle("linkedin", "INES-C"), Handle("x", "@inesc")),
                  tags=("Design", "lisbon"), notes="Two kids.", advocate=True,
                  not_same=("z",), cadence_days=21)
    other = person("o", "Rui Costa", 1, introduced_by="d", not_same=("d",))
    z = person("z", "Inês Other", 2, not_same=("d",))
    log = [
        Interaction("i1", "call", T0 + timedelta(days=41), ("k",)),
        Interaction("i2", "coffee", T0 + timedelta(days=61), ("d",)),
        Interaction("i3", "meeting", T0 + timedelta(days=70), ("k", "d", "o")),  # shared
        Interaction("i4", "introduction", T0 + timedelta(days=80), ("o",),
                    direction="received", connector="d"),
        Interaction("i5", "introduction", T0 + timedelta(days=90), ("k", "d"),
                    direction="given", why="They are one person."),
    ]
    return Board(config.ladder, [keep, drop, other, z], log)


def test_merge_keeps_one_record_with_both_timelines_a_shared_touch_once(two):
    plan = two.merge("k", "d")
    assert "d" not in two.contacts
    assert sorted(i.id for i in two.timeline("k")) == ["i1", "i2", "i3", "i4", "i5"]
    assert two.interactions["i3"].people == ("k", "o")
    assert two.interactions["i4"].connector == "k"
    # an introduction between the two records stays, as a plain entry
    assert two.interactions["i5"].people == ("k",) and two.interactions["i5"].direction == ""
    assert two.interactions["i5"].why == "They are one person."
    assert (plan.touches_keep, plan.touches_drop, plan.shared, plan.touches) == (3, 4, 2, 5)


def test_merge_walks_both_stage_histories_the_higher_rung_stays(two):
    m = two.merge("k", "d").merged
    assert m.rung == "met"
    assert [(h.rung, (h.at - T0).days) for h in m.history] == [
        ("follower", 0), ("engaged", 6), ("conversation", 20), ("call", 40), ("met", 60)]
    assert m.created == T0
    assert m.entered == T0 + timedelta(days=60)


def test_the_earlier_entry_date_on_the_same_rung_is_kept(config):
    a = person("a", "A", 0, rung="friend", history=(("follower", 0), ("friend", 50)))
    b = person("b", "A", 1, rung="friend", history=(("follower", 1), ("friend", 30)))
    board = Board(config.ladder, [a, b])
    m = board.merge("a", "b").merged
    assert m.rung == "friend" and m.entered == T0 + timedelta(days=30)


def test_merge_unites_handles_tags_emails_fills_and_appends(two):
    m = two.merge("k", "d").merged
    assert m.name == "Inês Carvalhal" and m.id == "k"
    assert m.email == "ines@atelier.example"
    assert m.handles == (Handle("linkedin", "ines-c"), Handle("x", "@inesc"),
                         Handle("email", "ines.c@gmail.example"))
    assert m.tags == ("design", "lisbon")
    assert m.phone == "+351 912 345 678" and m.city == "Lisbon"
    assert m.company == "Atelier Maré"
    assert m.notes == "Runs a studio." + NOTE_SEPARATOR + "Two kids."
    assert m.advocate is True
    assert m.cadence_days == 21
    assert m.not_same == ("z",)


def test_merge_repoints_the_people_who_pointed_at_the_removed_record(two):
    two.merge("k", "d")
    assert two.contacts["o"].introduced_by == "k"
    assert two.contacts["o"].not_same == ("k",)
    assert two.contacts["z"].not_same == ("k",)


def test_the_preview_is_what_the_merge_makes_and_changes_nothing(two):
    before = (dict(two.contacts), dict(two.interactions))
    plan = plan_merge(two, "k", "d")
    assert (dict(two.contacts), dict(two.interactions)) == before
    assert not two.can_undo
    lines = dict(plan.lines(two.ladder, lambda at: at.date().isoformat()))
    assert lines["rung"] == "Met since 2025-03-02 (the higher of Call and Met)"
    assert lines["touches"] == "5 (3 + 4, 2 with both, kept once)"
    assert "Two kids" not in str(lines) and "appended" in lines["notes"]
    two.merge("k", "d")
    assert two.contacts["k"] == plan.merged


def test_undo_of_a_merge_restores_both_people_exactly_and_redo_merges_again(two):
    contacts, interactions = dict(two.contacts), dict(two.interactions)
    timeline = [i.id for i in two.timeline("d")]
    two.merge("k", "d")
    change = two.undo()
    assert change.description == "undo merge Ines Carvalhal into Inês Carvalhal"
    assert two.contacts == contacts and two.interactions == interactions
    assert [i.id for i in two.timeline("d")] == timeline
    assert not two.can_undo  # one step
    two.redo()
    assert "d" not in two.contacts and two.interactions["i3"].people == ("k", "o")


def test_merge_refuses_the_same_id_twice_and_unknown_ids(two):
    with pytest.raises(BoardError, match="same person"):
        two.merge("k", "k")
    with pytest.raises(BoardError, match="nope"):
        two.merge("k", "nope")
    with pytest.raises(BoardError):
        two.mark_not_same("k", "k")
    assert not two.can_undo


def test_merging_an_archived_record_into_one_on_the_board_keeps_it_on_the_board(config):
    board = Board(config.ladder, [person("a", "A B"), person("b", "A B", 1, archived=True)])
    assert board.merge("a", "b").merged.archived is False
    board2 = Board(config.ladder, [person("a", "A B", archived=True), person("b", "A B", 1)])
    assert board2.merge("a", "b").merged.archived is False


def test_not_the_same_marks_survive_a_backup_round_trip(config, frozen, tmp_path):
    from board.formats.backup import export_board, load_backup

    board = Board(config.ladder, [person("a", "Ada Lovelace"), person("b", "Ada Lovelace", 1)])
    board.mark_not_same("a", "b")
    text = export_board(board)
    assert '"not_same":["b"]' in text
    back = load_backup(text, "backup.yaml")
    assert {c.id: c for c in back.contacts} == board.contacts
    assert find_duplicates(back.contacts) == []


def test_who_introduced_whom_between_the_two_is_not_kept_as_a_self_reference(config):
    a = person("a", "A B", introduced_by="b")
    b = person("b", "A B", 1, introduced_by="c", position="CTO", how_we_met="At a meetup")
    c = person("c", "C D", 2)
    board = Board(config.ladder, [a, b, c])
    plan = board.merge("a", "b")
    assert plan.merged.introduced_by == "c"
    assert plan.merged.position == "CTO" and plan.merged.how_we_met == "At a meetup"
    assert set(plan.filled) == {"introduced_by", "position", "how_we_met"}


RUNGS = ("follower", "engaged", "conversation", "call", "met", "friend")


@st.composite
def boards(draw):
    def record(cid: str, day: int) -> Contact:
        steps = sorted(draw(st.lists(st.tuples(st.sampled_from(RUNGS), st.integers(0, 99)),
                                     min_size=1, max_size=4)), key=lambda s: s[1])
        return person(cid, draw(st.sampled_from(["Ada", "Ada L", "Bo"])), day,
                      rung=draw(st.sampled_from(RUNGS)), history=tuple(steps),
                      introduced_by=draw(st.sampled_from(["", "a", "b", "c"])),
                      not_same=tuple(draw(st.lists(st.sampled_from("abc"), unique=True))),
                      notes=draw(st.sampled_from(["", "x", "y"])))

    contacts = [record("a", 0), record("b", 1), record("c", 2)]
    log = []
    for n in range(draw(st.integers(0, 6))):
        people = tuple(draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=3,
                                     unique=True)))
        direction = draw(st.sampled_from(["", "given", "received"]))
        connector = ""
        if direction == "given" and len(people) < 2:
            direction = ""
        if direction == "received":
            others = [x for x in "abc" if x not in people]
            if not others:
                direction = ""
            else:
                connector = draw(st.sampled_from(others))
        log.append(Interaction(f"i{n}", "introduction" if direction else "call",
                               T0 + timedelta(days=n), people, direction=direction,
                               connector=connector))
    return contacts, log


@settings(max_examples=150, deadline=None)
@given(boards())
def test_any_merge_is_valid_leaves_no_trace_of_the_removed_id_and_undoes_exactly(data):
    from board.core.ladder import Ladder, Rung

    ladder = Ladder([Rung(r, r.title()) for r in RUNGS])
    contacts, log = data
    board = Board(ladder, contacts, log)
    before = (dict(board.contacts), dict(board.interactions))
    plan = board.merge("a", "b")
    assert "b" not in board.contacts
    for c in board.contacts.values():
        assert c.introduced_by != "b" and "b" not in c.not_same
    for i in board.interactions.values():
        assert "b" not in board.involved(i)
        assert len(set(i.people)) == len(i.people)
    m = board.contacts["a"]
    assert m == plan.merged
    assert m.history[-1].rung == m.rung and m.introduced_by != "a"
    heights = {r: n for n, r in enumerate(RUNGS)}
    assert heights[m.rung] == max(heights[contacts[0].rung], heights[contacts[1].rung])
    assert sorted(i.id for i in board.timeline("a")) == sorted(
        {i.id for i in log if {"a", "b"} & set(Board.involved(i))})
    board.undo()
    assert (dict(board.contacts), dict(board.interactions)) == before
