"""Hostile vCards, CSVs and database files: nothing reaches a parser that
recurses (or backtracks) without a bound; what cannot be read is one line
naming where, and the rest comes in."""

from __future__ import annotations

import io

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vobject.base import ParseError, getLogicalLines, parseLine

from board.formats.importing import ImportFileError, read_import
from board.formats.linkedin import HEADER, read_connections
from board.formats.vcard import _PROPERTY, MAX_NESTING, logical_lines, read_vcards
from board.session import Session
from board.store.database import StoreError


def card(name: str) -> str:
    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nEND:VCARD\n"


def between_two_good_cards(middle: str) -> str:
    return card("Ada Lovelace") + middle + card("Grace Hopper")


def names(parsed) -> list[str]:
    return [p.name for p in parsed.people]


# --- vCards -------------------------------------------------------------------

def test_a_thousand_nested_cards_are_one_skipped_card_and_the_rest_come_in(tmp_path):
    nested = ("BEGIN:VCARD\nVERSION:3.0\nFN:Nested\n" * 1000) + "END:VCARD\n" * 1000
    path = tmp_path / "contacts.vcf"
    path.write_text(between_two_good_cards(nested), encoding="utf-8")
    parsed = read_import(path)
    assert names(parsed) == ["Ada Lovelace", "Grace Hopper"]
    (skip,) = parsed.skipped
    assert skip.where == f"card 2, line {5 + 3 * MAX_NESTING}" and "nested" in skip.reason


def test_other_parts_nested_a_thousand_deep_are_refused_before_vobject_sees_them():
    nested = "BEGIN:VCARD\nVERSION:3.0\nFN:Deep\n" + "BEGIN:X\n" * 1000 + "END:X\n" * 1000 \
        + "END:VCARD\n"
    parsed = read_vcards(between_two_good_cards(nested), "c.vcf")
    assert names(parsed) == ["Ada Lovelace", "Grace Hopper"]
    assert [s.where for s in parsed.skipped] == [f"card 2, line {7 + MAX_NESTING}"]


def test_an_agent_card_inside_a_card_still_reads():
    """vCard 2.1 nests a whole card in an AGENT property."""
    text = ("BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant\n"
            "END:VCARD\nEND:VCARD\n")
    assert names(read_vcards(text, "c.vcf")) == ["Boss"]


@pytest.mark.parametrize("line", [
    "FN;" + "a=b;" * 40 + ":x",  # vobject's own pattern: 25 of these take 20 s, 40 take days
    "TEL;" + "TYPE=cell;" * 60 + ";:+1 555",
    'FN;X="' + "a" * 10_000 + ":no closing quote",
])
def test_a_line_vobjects_pattern_would_backtrack_on_is_skipped_at_once(line):
    parsed = read_vcards(between_two_good_cards(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Eve\n{line}\nEND:VCARD\n"), "c.vcf")
    assert names(parsed) == ["Ada Lovelace", "Grace Hopper"]
    (skip,) = parsed.skipped
    assert skip.where == "card 2, line 8" and "not a vCard property" in skip.reason


def test_a_card_larger_than_the_limit_is_skipped_and_the_rest_come_in():
    photo = "PHOTO;ENCODING=b:" + "\n ".join(["QUFB" * 18] * 20_000)  # ~1.5 MB, folded
    parsed = read_vcards(between_two_good_cards(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Big\n{photo}\nEND:VCARD\n"), "c.vcf")
    assert names(parsed) == ["Ada Lovelace", "Grace Hopper"]
    (skip,) = parsed.skipped
    assert skip.where == "card 2, line 5" and "too large" in skip.reason


property_lines = st.text(alphabet='aB1_-.;:=,"\n x', max_size=14)


@settings(max_examples=500, deadline=None)
@given(property_lines)
def test_the_property_check_reads_exactly_the_lines_vobject_reads(line):
    """So no card vobject could read is refused by the check (and short
    lines keep vobject's backtracking small enough to ask it)."""
    try:
        parseLine(line)
        theirs = True
    except ParseError:
        theirs = False
    assert (_PROPERTY.match(line) is not None) == theirs


physical_lines = st.lists(
    st.text(alphabet="ab=: \t\r", max_size=6) | st.sampled_from(
        ["NOTE;ENCODING=QUOTED-PRINTABLE:a=", "QUOTED-", "PRINTABLE:x=", "=", " =", ""]),
    max_size=8)


@settings(max_examples=500, deadline=None)
@given(physical_lines)
def test_logical_lines_are_vobjects_logical_lines(lines):
    text = "\n".join(lines)
    theirs = [line for line, _ in getLogicalLines(io.StringIO(text), True)]
    assert [line for line, _ in logical_lines(text)] == theirs


# --- LinkedIn CSV -----------------------------------------------------------

def test_a_csv_cell_larger_than_the_csv_modules_limit_is_one_line():
    text = ",".join(HEADER) + '\nAda,Lovelace,,,,,\n"' + "a" * 200_000 + '",B,,,,,\n'
    with pytest.raises(ImportFileError) as exc:
        read_connections(text, "Connections.csv")
    line = str(exc.value)
    assert line.startswith("Connections.csv, line 3") and "\n" not in line and len(line) < 200


# --- the database file --------------------------------------------------------

META = b'"meta": {"1": {"app": "board", "schema": 1}}'


@pytest.mark.parametrize("raw", [
    b"{" + META + b', "contacts": ' + b"[" * 20_000 + b"]" * 20_000 + b"}",
    b"{" + META[:-2] + b', "x": ' + b"[" * 300 + b"]" * 300 + b"}}}",  # read, never writable
    b"{" + META + b', "notes": ' + b"[" * 300 + b"]" * 300 + b"}",
    b"{\n" + META + b',\n"interactions":' + b"[" * 2000 + b"]" * 2000 + b"\n}",
])
@pytest.mark.parametrize("defer", [(), ("interactions",)])
def test_a_deeply_nested_database_is_refused_as_damaged_and_left_alone(db_path, config, raw,
                                                                        defer):
    db_path.write_bytes(raw)
    with pytest.raises(StoreError) as exc:
        session = Session.open(db_path, config, defer_log=bool(defer))
        try:
            session.load_log()
        finally:
            session.close()
    line = str(exc.value)
    assert line.startswith(str(db_path)) and "damaged" in line and "\n" not in line
    assert db_path.read_bytes() == raw


def database(interactions: dict) -> bytes:
    return orjson.dumps({"meta": {"1": {"app": "board", "schema": 1}}, "contacts": {},
                         "interactions": interactions})


def test_a_damaged_record_names_its_id_once(db_path, config):
    db_path.write_bytes(database({"i1": {"id": "i1", "kind": "call", "at": "soon",
                                         "people": ["c1"]}}))
    with pytest.raises(StoreError) as exc:
        Session.open(db_path, config)
    assert str(exc.value) == (f"{db_path}: is damaged: interaction i1: field 'at': 'soon' is "
                              "not an ISO 8601 timestamp")


def test_a_record_stored_under_another_key_names_both(db_path, config):
    db_path.write_bytes(database({"k9": {"id": "i1", "kind": "call", "at": "soon",
                                         "people": ["c1"]}}))
    with pytest.raises(StoreError, match=r"interaction \(stored under 'k9'\) i1: field 'at'"):
        Session.open(db_path, config)
    db_path.write_bytes(database({"k9": {"kind": "call"}}))
    with pytest.raises(StoreError, match=r"interaction \(stored under 'k9'\): field 'id'"):
        Session.open(db_path, config)
