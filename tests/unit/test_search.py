"""board.core.search: folding, ranking on the demo's names, the filter, freshness."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from board.config import load_config
from board.core.board import Board
from board.core.schema import Contact, Handle
from board.core.search import (
    TIER_FUZZY,
    TIER_NAME,
    TIER_START,
    TIER_WORDS,
    PeopleIndex,
    fold,
    index_for,
    matched_in,
    query_words,
    same_name,
    spans,
)
from board.formats.backup import load_backup

T = datetime(2026, 1, 1, tzinfo=UTC)
DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo.yaml"


def person(name: str, **values) -> Contact:
    return Contact(id=values.pop("id", name), name=name, rung="follower", created=T, **values)


def index(*people: Contact) -> PeopleIndex:
    return PeopleIndex({c.id: c for c in people})


@pytest.fixture(scope="module")
def demo():
    contacts = load_backup(DEMO.read_text(encoding="utf-8"), str(DEMO)).contacts
    by_name = {c.name: c for c in contacts}
    return index(*contacts), by_name


def names(idx: PeopleIndex, query: str, limit: int = 50, **kw) -> list[str]:
    return [idx.contacts[f.id].name for f in idx.find(query, limit, **kw)]


# ---------------------------------------------------------------- folding

@given(st.text())
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(), st.text())
def test_folding_goes_character_by_character(a, b):
    """What lets a match in folded text be mapped back to what is shown."""
    assert fold(a + b) == fold(a) + fold(b)


@given(st.text())
def test_composed_and_decomposed_text_fold_alike(text):
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


ACCENTS = "\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u030a\u030b\u030c\u0327\u0328"
plain_words = st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9),
                       min_size=1, max_size=3)


@given(plain_words, st.data(), st.sampled_from(["NFC", "NFD"]), st.booleans())
def test_a_name_with_accents_is_found_by_its_plain_form(words, data, form, capital):
    plain = " ".join(w.capitalize() if capital else w for w in words)
    accented = "".join(
        ch + (data.draw(st.sampled_from(ACCENTS)) if ch.isalpha() and data.draw(st.booleans())
              else "")
        for ch in plain)
    name = unicodedata.normalize(form, accented)
    # (the other person's name starts with no letter a query here can start with)
    idx = index(person(name, id="them"), person("Ωmega Ωther", id="other"))
    for query in (plain, plain.lower(), words[0], plain.upper()):
        found = idx.find(query)
        assert found and found[0].id == "them" and found[0].tier == TIER_START, (name, query)
    assert same_name(name, plain)


@given(st.text(st.characters(categories=["L", "N", "M"]), min_size=1, max_size=12))
def test_a_name_in_any_script_finds_itself(name):
    if not fold(name).split():  # only marks that fold away: nothing to find by
        return
    found = index(person(name, id="them")).find(name)
    assert [(f.id, f.tier) for f in found] == [("them", TIER_START)]


def test_what_folding_does():
    assert fold("Zoë Ångström") == "zoe angstrom"
    assert fold("Zoe\u0308 A\u030angstro\u0308m") == "zoe angstrom"  # typed decomposed
    assert fold("Straße ẞ") == "strasse ss"
    assert fold("Jørgen Łukasz Æsa Œuvre Đorđe Þór Ħal ıi Ŧ") == (
        "jorgen lukasz aesa oeuvre dorde thor hal ii t")
    assert fold("Ｔａｎａｋａ ﬁn ①") == "tanaka fin 1"
    assert fold("ليلى حداد") == "ليلى حداد"
    assert fold("لَيْلَى") == "ليلى"  # Arabic vowel points are dropped
    assert fold("田中 宗") == "田中 宗"
    assert fold("が") != fold("か")  # the kana voicing mark makes another syllable
    # Hangul as its letters: the syllable being typed (기 on the way to 김) finds 김민준
    assert names(index(person("김민준"), person("이서연")), "기") == ["김민준"]


# ---------------------------------------------------------------- ranking, demo names

def test_zoe_finds_zoe_first(demo):
    idx, _ = demo
    assert names(idx, "zoe")[0] == "Zoë Ångström"
    assert names(idx, "ZOË")[0] == "Zoë Ångström"
    assert names(idx, "angst") == ["Zoë Ångström"]
    assert names(idx, "ångström")[0] == "Zoë Ångström"


def test_ine_offers_ines_first(demo):
    idx, _ = demo
    assert names(idx, "Ine")[0] == "Inês Carvalhal"
    assert names(idx, "ines carv") == ["Inês Carvalhal"]
    assert names(idx, "carvalhal ines") == ["Inês Carvalhal"]  # any order of words


def test_so_and_tanaka_find_so_tanaka(demo):
    idx, _ = demo
    assert names(idx, "tanaka") == ["Sō Tanaka"]
    assert names(idx, "so")[0] == "Sō Tanaka"
    assert names(idx, "sō")[0] == "Sō Tanaka"


def test_word_starts_rank_above_the_middle_of_a_word(demo):
    idx, _ = demo
    # "el idrissi" starts two words of Fatima Zahra El Idrissi's name
    assert names(idx, "el idrissi")[0] == "Fatima Zahra El Idrissi"
    assert names(idx, "laurent") == ["Sarah Kim-Laurent"]  # a hyphen starts a word
    assert names(idx, "jorgen") == ["Jørgen Vik"]
    assert names(idx, "wisniewski") == ["Bartosz Wiśniewski"]


def test_a_company_finds_its_people(demo):
    idx, people = demo
    assert names(idx, "kassaflow") == ["Zoë Ångström"]
    assert names(idx, "atelier mare") == ["Inês Carvalhal"]
    assert names(idx, "kumo energy") == ["Sō Tanaka"]
    at_kassaflow = {n for n, c in people.items() if "kassaflow" in fold(c.company + c.email)}
    assert set(names(idx, "kassaflow")) == at_kassaflow


def test_an_email_domain_finds_its_people(demo):
    idx, _ = demo
    assert names(idx, "ateliermare.example") == ["Inês Carvalhal"]
    assert names(idx, "kumo-energy") == ["Sō Tanaka"]


def test_a_name_match_ranks_above_a_company_or_email_match():
    idx = index(person("Rita Ocampo", id="a", company="Kim & Co"),
                person("Kim Novak", id="b"),
                person("Joakim Berg", id="c"),
                person("Lee Park", id="d", email="kimlee@mail.example"))
    assert [f.id for f in idx.find("kim")] == ["b", "c", "d", "a"]  # then shorter names first


def test_typos_are_near_misses_only_when_nothing_matches(demo):
    idx, _ = demo
    for typo, meant in [("carvahlal", "Inês Carvalhal"), ("angstorm", "Zoë Ångström"),
                        ("tanka", "Sō Tanaka"), ("wisnewski", "Bartosz Wiśniewski"),
                        ("ferreira", "Lucía Ferreyra")]:
        found = idx.find(typo)
        assert found[0].tier == TIER_FUZZY, typo
        assert idx.contacts[found[0].id].name == meant, typo
    # a query that matches someone brings no near misses along
    assert all(f.tier != TIER_FUZZY for f in idx.find("zoe"))
    assert idx.find("xq") == []  # too short to guess at


def test_scores_follow_the_ranking(demo):
    idx, _ = demo
    for query in ("zoe", "so", "a", "kassaflow", "tanka"):
        scores = [f.score for f in idx.find(query)]
        assert scores == sorted(scores, reverse=True)
        assert all(0 < s <= 1 for s in scores)


def test_limit_exclude_and_blank():
    idx = index(*[person(f"Person {n}") for n in range(100)])
    assert len(idx.find("person", limit=10)) == 10
    assert "Person 1" not in names(idx, "person 1", exclude={"Person 1"})
    assert idx.find("   ") == []


def test_archived_people_only_when_asked():
    idx = index(person("Zoë Ångström", id="z", archived=True), person("Zoe Ball", id="b"))
    assert [f.id for f in idx.find("zoe")] == ["b"]
    assert [f.id for f in idx.find("zoe", archived=True)] == ["b", "z"]


# ---------------------------------------------------------------- the filter

def test_the_filter_folds_and_looks_further():
    zoe = person("Zoë Ångström", id="z", tags=("fintech",), notes="Answers email at 6 a.m.",
                 city="Malmö", handles=(Handle("bluesky", "zoeangstrom.bsky.social"),))
    idx = index(zoe, person("Ada", id="a"))
    for text in ("zoe", "ZOË", "Angström", "angstrom zoe", "fintech", "malmo", "6 a.m", "bsky"):
        assert idx.matching(["z", "a"], query_words(text)) == ["z"], text
    assert idx.matching(["z", "a"], query_words("zoe ada")) == []
    assert idx.matches("a", query_words("ADA"))


# ---------------------------------------------------------------- freshness

def test_the_index_follows_the_board():
    board = Board(load_config(use_user_file=False).ladder)
    idx = index_for(board)
    assert index_for(board) is idx  # one index a board
    ines = board.add_contact("Ines Carvalho")
    assert names(idx, "ines") == ["Ines Carvalho"]
    board.update_contact(ines.id, name="Inês Carvalhal")
    assert names(idx, "carvalhal") == ["Inês Carvalhal"]
    assert idx.find("carvalho") == [] or idx.find("carvalho")[0].tier == TIER_FUZZY
    assert idx.matching([ines.id], query_words("carvalhal")) == [ines.id]
    board.update_contact(ines.id, email="ines@ateliermare.example")
    assert names(idx, "ateliermare") == ["Inês Carvalhal"]
    board.archive(ines.id)
    assert idx.find("ines") == []
    assert names(idx, "ines", archived=True) == ["Inês Carvalhal"]
    board.undo()
    board.undo()
    board.undo()
    board.undo()  # the add: she is gone
    assert idx.find("ines", archived=True) == []


# ---------------------------------------------------------------- highlighting

def test_spans_point_at_what_is_shown():
    assert spans("Zoë Ångström", "zoe") == [(0, 3)]
    assert spans("Zoë Ångström", "angst") == [(4, 9)]
    assert spans("Zoë Ångström", "strom zo") == [(0, 2), (7, 12)]
    nfd = unicodedata.normalize("NFD", "Zoë Ångström")
    assert spans(nfd, "zoe") == [(0, 4)]  # the mark goes with its letter
    assert spans("Sarah Kim-Laurent", "lau") == [(10, 13)]  # the start of Laurent
    assert spans("Straße", "strass") == [(0, 5)]
    assert spans("Inês Carvalhal", "carvahlal") == []  # a near miss: nothing to point at


def test_what_matched_besides_the_name(demo):
    _, people = demo
    assert matched_in(people["Inês Carvalhal"], "ines") == ""
    assert matched_in(people["Inês Carvalhal"], "ines ateliermare") == "ines@ateliermare.example"
    assert matched_in(people["Zoë Ångström"], "kassaflow") == "Kassaflow"
    assert matched_in(people["Nikolai Petrov"], "ine") == "Ledgerline"
    assert matched_in(people["Inês Carvalhal"], "carvahlal") == ""  # a near miss


def test_marks_that_stay_are_inside_words():
    """A Devanagari vowel sign does not start a new word: "मार" is inside
    "कुमार", not at a word start, while "कुमार" itself is."""
    idx = index(person("अनिल कुमार", id="k"))
    (found,) = idx.find("मार")
    assert found.tier == TIER_NAME  # in the name, not at a word start
    (found,) = idx.find("कुमार")
    assert found.tier == TIER_WORDS
    assert spans("अनिल कुमार", "कुमार") == [(5, 10)]


def test_fresh_inside_a_change_and_after_a_swap():
    """Whoever listens to the board sees the change in the search at once,
    whatever order listeners run in; a change that removes one person and
    adds another (a replace) leaves neither stale."""
    board = Board(load_config(use_user_file=False).ladder)
    ada, bea = board.add_contact("Ada"), board.add_contact("Bea")
    seen = []
    board.subscribe(lambda change: seen.append(
        index_for(board).matching(list(change.contacts), query_words("ádá lovelace"))))
    idx = index_for(board)
    idx.warm()
    board.update_contact(ada.id, name="Ada Lovelace")
    assert seen == [[ada.id]]
    cy = Contact(id="cy", name="Cy Twombly", rung="follower", created=T)
    board.restore([board.contacts[ada.id], cy], [], replace=True)
    assert bea.id not in board.contacts
    assert names(idx, "cy") == ["Cy Twombly"]
    assert idx.find("bea") == []
    assert idx.matching(["cy"], query_words("twombly")) == ["cy"]
