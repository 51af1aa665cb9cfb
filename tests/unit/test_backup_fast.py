"""The backup's direct emitter (and fast reader): whatever it writes, any
YAML safe loader reads back as exactly the same data."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.core.model import Contact, Handle, Interaction, StageChange
from board.formats import yaml_backup
from board.formats.yaml_backup import backup_doc, dump_backup, emit, load_backup
from tests.unit.test_roundtrip import boards

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if yaml_backup.HAVE_LIBYAML else [])

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Characters that matter to YAML, mixed with any others (but lone surrogates,
#: which no UTF-8 file can hold).
TRICKY = list(" \t\n\r:#-?'\"\\|>[]{}!&*%@`,.~=<0123456789eExXoOyYnNtTfF+_\x85\u2028\u2029"
              "\ufeff\xa0\x00\x07\x1b\x7f\u200f😀")
any_char = st.characters(exclude_categories=("Cs",))
tricky_text = st.text(st.sampled_from(TRICKY) | any_char, max_size=24)
# Long enough to be folded onto more lines, like PyYAML folds them.
long_text = st.lists(tricky_text, min_size=3, max_size=30).map(" ".join)
scalars = tricky_text | long_text | st.none() | st.booleans() | st.integers(-(10**20), 10**20)
keys = st.from_regex(r"[a-z_]{1,8}", fullmatch=True).filter(yaml_backup._is_plain)  # field names
# The shapes a backup has: mappings, and lists of scalars or of mappings.
mappings = st.deferred(lambda: st.dictionaries(keys, values, max_size=4))
values = st.deferred(lambda: scalars | st.lists(scalars | mappings, max_size=4) | mappings)
docs = st.dictionaries(keys, values, max_size=5)
# Shaped like a backup: top-level lists of records, whose values are
# scalars, lists of scalars or lists of small mappings of scalars.
fields = st.dictionaries(keys, scalars, min_size=1, max_size=3)
records = st.dictionaries(
    keys, scalars | st.lists(scalars, max_size=3) | st.lists(fields, max_size=3), min_size=1,
    max_size=5)
record_docs = st.dictionaries(keys, st.lists(records, min_size=1, max_size=4) | scalars,
                              min_size=1, max_size=3)

AWKWARD = [
    "", " ", "  ", "NULL", "null", "Null", "~", "yes", "No", "on", "OFF", "y", "n", "true",
    "0", "0123", "0x10", "0o17", "0b101", "1e3", "1E+3", "1.5", ".5", "-.inf", ".NaN", "+1",
    "1_000", "1:20", "12e45", "410929e68118", "2026-01-01", "2026-01-01T00:00:00+00:00",
    "- x", "-", "--", "---", "...", "? x", "?", ": ", ":", "a:", "a: b", "a:b", "#", "# x",
    "a #b", "a#b", "[a]", "{a: 1}", "a, b", "&a", "*a", "!tag", "!!str x", "|", ">", "'", '"',
    "%YAML", "@x", "`x", "<<", "=", "trailing ", " leading", "\ttab", "tab\there", "x\t",
    "nel\x85next", "line\u2028sep", "para\u2029sep", "bom\ufeff", "\ufeffbom", "nbsp\xa0",
    "\xa0nbsp", "😀 emoji", "שלום", "\u200fRTL", "\x1b[31mred", "\x00nul", "\x7fdel",
    "a\r\nb", "a\rb", "\n", "\n\n", " \n", "\n ", "x\n", "x\n\n", "x\n\n\n", "\nx", "\n\nx",
    " a\n b\n", "\tx\ny", "a\n \n", "a\n\t\nb", "a \nb ", "a\n# not a comment\n- nor item",
    "a\n---\n...", "é\u0301", "\U0010FFFF", "\ue000",
    *(word.join(["x" * 85, "y" * 3, "z" * 90, ""]) for word in (" ", "  ", " - ", " # ", " ' ")),
    "w " * 60, " w" * 60, "'" + "w " * 60 + "'", "x" * 87 + " '" + " y" * 10,
    "x" * 86 + " - y - z" * 10, "x" * 86 + " ? y : z" * 10, "x" * 86 + " --- ...",
]


def _loads(text: str) -> list:
    return [yaml.load(text, Loader=loader) for loader in LOADERS]


@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_text_reads_back_exactly(value):
    doc = {"a": value, "b": [value, {"c": value, "d": [value]}], "e": value}
    text = emit(doc)
    for loaded in _loads(text):
        assert loaded == doc


@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_text_in_records_reads_back_exactly(value):
    doc = {"r": [{"a": value, "b": [value, value], "c": [{"d": value, "e": value}]}, {"f": 1}]}
    text = emit(doc)
    assert yaml_backup._fast_read(text)[0] == doc
    for loaded in _loads(text):
        assert loaded == doc


def test_plain_when_nothing_else_could_be_meant():
    text = emit({"a": "Ada Lovelace", "b": "yes", "c": "2026-01-01", "d": "a: b",
                 "e": "it's", "f": "x\ny", "g": " x\ny\n", "h": "tab\t", "i": 3, "j": None,
                 "k": True, "l": [], "m": ["u", "v"]})
    assert text == (
        "a: Ada Lovelace\nb: 'yes'\nc: '2026-01-01'\nd: 'a: b'\ne: it's\n"
        "f: |-\n  x\n  y\ng: |2\n   x\n  y\nh: \"tab\\t\"\ni: 3\nj: null\nk: true\nl: []\n"
        "m:\n- u\n- v\n"
    )


@SETTINGS
@given(doc=docs)
def test_any_document_reads_back_exactly(doc):
    text = emit(doc)
    for loaded in _loads(text):
        assert loaded == doc


@SETTINGS
@given(data=boards())
def test_a_backup_reads_back_as_its_data(config, data):
    people, touches = data
    doc = backup_doc(config.ladder, people, touches)
    text = dump_backup(config.ladder, people, touches)
    assert text.startswith(yaml_backup.HEADER)
    for loaded in _loads(text):
        assert loaded == doc


def _written_through_dicts(ladder, contacts, interactions) -> str | None:
    try:
        return emit(backup_doc(ladder, contacts, interactions))
    except TypeError:
        return None


def _written_directly(ladder, contacts, interactions) -> str | None:
    contacts, interactions = yaml_backup.sorted_records(contacts, interactions)
    try:
        return yaml_backup.emit_backup(ladder, contacts, interactions)
    except TypeError:
        return None


def test_the_records_fields_are_the_ones_written_directly():
    assert yaml_backup.DIRECT_RECORDS  # (else: tell the direct writers about the new fields)


@SETTINGS
@given(data=boards())
def test_records_are_written_as_their_dicts_would_be(config, data):
    people, touches = data
    text = _written_directly(config.ladder, people, touches)
    assert text is not None
    assert text == _written_through_dicts(config.ladder, people, touches)


class Label(str):
    pass


ODD = [
    {"people": ()},
    {"people": ("a", Label("b"))},
    {"duration_min": True},
    {"duration_min": 0},
    {"agreed": 1},
    {"kind": Label("call")},
    {"at": datetime(2026, 1, 1)},  # naive
    {"at": datetime(2026, 1, 1, 9, tzinfo=timezone(timedelta(hours=-5)))},
    {"at": datetime(1, 1, 1, tzinfo=UTC)},
    {"at": datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)},
    {"notes": "x" * 95 + " y", "why": "a\nb", "place": "it's " * 30},
]
ODD_CONTACTS = [
    {"history": ()},
    {"history": (StageChange(Label("met"), datetime(2026, 1, 1, tzinfo=UTC)),)},
    {"handles": (Handle("", "x" * 90 + " y"),), "tags": ("a", "b c")},
    {"tags": ["a"]},
    {"cadence_days": 0, "no_cadence": True, "snoozed_until": datetime(2026, 1, 2)},
    {"created": datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=3)))},
    {"advocate": None},
    {"name": "Ada\nLovelace", "email": "", "introduced_by": "x"},
]


@pytest.mark.parametrize("odd", ODD)
def test_odd_interactions_are_written_as_their_dicts_would_be(config, odd):
    ada = Contact("a", "Ada", "met", datetime(2026, 1, 1, tzinfo=UTC))
    touch = replace(Interaction("i", "call", datetime(2026, 1, 1, tzinfo=UTC), ("a",)), **odd)
    assert (_written_directly(config.ladder, [ada], [touch])
            == _written_through_dicts(config.ladder, [ada], [touch]))


@pytest.mark.parametrize("odd", ODD_CONTACTS)
def test_odd_contacts_are_written_as_their_dicts_would_be(config, odd):
    ada = replace(Contact("a", "Ada", "met", datetime(2026, 1, 1, tzinfo=UTC)), **odd)
    assert _written_directly(config.ladder, [ada], []) == _written_through_dicts(
        config.ladder, [ada], [])


def test_long_text_is_folded_like_pyyaml():
    doc = {"a": ["word " * 40 + "end", "it's " * 30], "b": {"c": "word " * 40 + "end"}}
    text = emit(doc)
    assert max(map(len, text.splitlines())) < 100
    assert text == yaml.dump(doc, Dumper=yaml.SafeDumper, sort_keys=False, width=88,
                             allow_unicode=True, default_flow_style=False)


def test_values_it_does_not_know_go_to_pyyaml():
    with pytest.raises(TypeError):
        emit({"a": 1.5})
    with pytest.raises(TypeError):
        emit({"a": [[1]]})  # (a backup has no list in a list)
    assert yaml_backup._pyyaml_dump({"a": 1.5}, fast=True) == "a: 1.5\n"


def _is_plain_by_definition(text: str) -> bool:
    """What yaml_backup._is_plain computes more quickly: a plain scalar that
    reads back as this text (the definition, one resolver at a time)."""
    printable = yaml_backup._PRINTABLE
    shape = f"(?![-?:,\\[\\]{{}}#&*!|>'\"%@` ])(?:[{printable}](?<!: )(?<! #))*(?<![: ])"
    if not text or not re.fullmatch(shape, text) or text != text.strip():
        return False
    if text[0] in "0123456789+." and (re.match(r"[0-9]{4}-", text)
                                      or yaml_backup._YAML12_NUMBER.fullmatch(text)):
        return False
    resolvers = yaml.SafeLoader.yaml_implicit_resolvers.get(text[0], ())
    return not any(regexp.match(text) for _tag, regexp in resolvers)


@SETTINGS
@given(text=tricky_text | long_text | st.sampled_from(AWKWARD))
def test_is_plain_keeps_to_its_definition(text):
    assert yaml_backup._is_plain(text) == _is_plain_by_definition(text)


# ------------------------------------------------------------------ the fast reader


@SETTINGS
@given(doc=docs)
def test_the_fast_reader_reads_what_the_emitter_writes(doc):
    text = emit(doc)
    read = yaml_backup._fast_read(text)
    if doc:
        assert read is not None and read[0] == doc


@SETTINGS
@given(data=boards())
def test_fast_reader_and_safe_loader_give_the_same_backup(config, data):
    people, touches = data
    text = dump_backup(config.ladder, people, touches)
    read = yaml_backup._fast_read(text)
    assert read is not None  # (else the fast reader is never used)
    assert read[0] == yaml.safe_load(text)
    backup = load_backup(text)
    assert backup == load_backup(text, fast=False)
    assert {c.id: c for c in backup.contacts} == {c.id: c for c in people}


@SETTINGS
@given(doc=record_docs)
def test_records_are_read_as_the_line_reader_reads_them(doc):
    """A record read field by field is what the line reader reads (which is
    what the safe loaders read: the tests above and below)."""
    text = emit(doc)
    assert yaml_backup._fast_read(text)[0] == doc
    for key, value in doc.items():
        if not isinstance(value, list):
            continue
        start = text.index(f"\n{key}:\n- ") if not text.startswith(f"{key}:\n") else -1
        body = text[start + len(key) + 5:]
        items = yaml_backup._NEXT_TOP_KEY.split(body[:-1])[0].split("\n- ")
        assert len(items) == len(value)
        for item, expected in zip(items, value, strict=True):
            reader = yaml_backup._FastReader()
            line_by_line = reader.lines_of("- " + item, lambda r=reader: r.sequence(0, 2))
            assert line_by_line == [expected]
            record = yaml_backup._FastReader().record(item)
            assert record is None or record == expected


EDITS = list(" \t\n:#-'\"\\|>[]{}&*!?,0+2")


def _damaged_reads_as_the_safe_loaders_read(doc: dict, data: st.DataObject) -> None:
    """Whatever it accepts (even a damaged file) reads as the safe loader reads it."""
    text = emit(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 2))
        text = text[:at] + data.draw(st.sampled_from([*EDITS, ""])) + text[at + cut:]
    read = yaml_backup._fast_read(text)
    if read is not None:
        for loaded in _loads(text):
            assert loaded == read[0]


@SETTINGS
@given(doc=docs, data=st.data())
def test_the_fast_reader_never_reads_text_differently(doc, data):
    _damaged_reads_as_the_safe_loaders_read(doc, data)


@SETTINGS
@given(doc=record_docs, data=st.data())
def test_the_fast_reader_never_reads_damaged_records_differently(doc, data):
    _damaged_reads_as_the_safe_loaders_read(doc, data)


def test_an_item_with_nothing_after_its_dash_is_not_a_crash():
    for text in ("a:\n- \n", "a:\n- x\n- \n", "format: board-backup\ncontacts:\n- \n"):
        assert yaml_backup._fast_read(text) is None
        with pytest.raises(yaml_backup.BackupError):
            load_backup(text)


HAND_WRITTEN = {
    "flow style": "format: board-backup\nversion: 1\ncontacts: [{id: a, name: Ada, rung: "
                  "follower, created: '2026-01-01T00:00:00+00:00', history: []}]\n",
    "comments": "# mine\nformat: board-backup  # the format\nversion: 1\n\ncontacts:\n"
                "# Ada\n- id: a\n  name: Ada  # the first\n  rung: follower\n"
                "  created: '2026-01-01T00:00:00+00:00'\n  history: []\n",
    "indented lists": "format: board-backup\nversion: 1\ncontacts:\n    -   id: a\n"
                      "        name: Ada\n        rung: follower\n"
                      "        created: 2026-01-01T00:00:00+00:00\n        history: []\n",
    "CRLF": "format: board-backup\r\nversion: 1\r\ncontacts:\r\n- id: a\r\n  name: Ada\r\n"
            "  rung: follower\r\n  created: '2026-01-01T00:00:00+00:00'\r\n  history: []\r\n",
    "document markers": "---\nformat: board-backup\nversion: 1\ncontacts:\n- id: a\n"
                        "  name: \"Ada\"\n  rung: 'follower'\n"
                        "  created: '2026-01-01T00:00:00+00:00'\n  history:\n...\n",
    "folded notes": "format: board-backup\nversion: 1\ncontacts:\n- id: a\n  name: Ada\n"
                    "  rung: follower\n  created: '2026-01-01T00:00:00+00:00'\n  history: []\n"
                    "  notes: >\n    one\n    two\n",
}


@pytest.mark.parametrize("name", sorted(HAND_WRITTEN))
def test_hand_written_layouts_still_load(name):
    text = HAND_WRITTEN[name]
    assert yaml_backup._fast_read(text) is None
    [ada] = load_backup(text).contacts
    assert (ada.id, ada.name, ada.rung) == ("a", "Ada", "follower")
    assert load_backup(text, fast=False).contacts == [ada]


def test_errors_found_by_the_fast_reader_name_the_line():
    text = ("format: board-backup\nversion: 1\ncontacts:\n- id: a\n  name: Ada\n"
            "  rung: follower\n  created: '2026-01-01T00:00:00+00:00'\n  history: []\n"
            "- id: b\n  name: ''\n  rung: follower\n  created: '2026-01-01T00:00:00+00:00'\n"
            "  history: []\n")
    assert yaml_backup._fast_read(text) is not None
    for fast in (True, False):
        with pytest.raises(yaml_backup.BackupError, match=r"^b.yaml, line 9: "):
            load_backup(text, "b.yaml", fast=fast)
