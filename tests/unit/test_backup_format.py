"""The backup's layout, one record a line: what the emitter writes any YAML
safe loader reads back exactly, and the line-by-line reader never reads a
file otherwise than the YAML loader does."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import msgspec
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.core.schema import Contact, Handle, Interaction, to_dict
from board.formats import backup
from board.formats.backup import BackupError, dump_backup, load_backup
from tests.unit.test_roundtrip import boards

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if backup.HAVE_LIBYAML else [])
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Any character a str read from a UTF-8 file can hold (not lone surrogates),
#: with the ones that matter to YAML or JSON more often.
TRICKY = list(" \t\n\r:#-?'\"\\/|>[]{}!&*%@`,.~0123456789eE+_\x00\x07\x1b\x7f\x85\x9f\xa0"
              "\u200f\u2028\u2029\ufeff\ufffe\uffff😀\U0010ffff")
any_char = st.characters(exclude_categories=("Cs",))
any_text = st.text(st.sampled_from(TRICKY) | any_char, max_size=30)
T = datetime(2026, 1, 1, tzinfo=UTC)


def _loads(text: str) -> list:
    return [yaml.load(text, Loader=loader) for loader in LOADERS]


@SETTINGS
@given(text=any_text)
def test_any_text_in_a_record_line_reads_back_exactly_with_a_yaml_loader(config, text):
    c = Contact("c1", "Ada", "follower", T, notes=text, tags=(text,))
    written = dump_backup(config.ladder, [c], [])
    for loaded in _loads(written):
        assert loaded["contacts"] == [to_dict(c)]
    assert load_backup(written).contacts == [c]


#: Text that a YAML emitter has to quote or escape with care (all of it is
#: JSON strings here, written the same way).
AWKWARD = ["", " ", "NULL", "~", "yes", "No", "on", "0", "0123", "0x10", "1e3", "1_000", "1:20",
           ".NaN", "2026-01-01", "2026-01-01T00:00:00+00:00", "- x", "? x", ": ", "a: b", "# x",
           "a #b", "[a]", "{a: 1}", "&a", "*a", "!tag", "|", ">", "'", '"', "%YAML", "@x",
           "`x", "<<", "trailing ", " leading", "tab\there", "nel\x85next", "line\u2028sep",
           "bom\ufeff", "\ufeffbom", "😀 emoji", "שלום", "\u200fRTL", "\x1b[31mred",
           "[bold]Eve[/]", "\x00nul", "a\r\nb", "\n\n", "x\n", "a\n---\n...", "é\u0301",
           "\U0010FFFF", "w " * 600]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_reads_back_exactly(config, text):
    c = Contact("c1", text.strip() or "x", "follower", T, notes=text, how_we_met=text,
                tags=(text,), handles=(Handle(text, text.strip() or "x"),))
    written = dump_backup(config.ladder, [c], [])
    for loaded in _loads(written):
        assert loaded["contacts"] == [to_dict(c)]
    assert load_backup(written).contacts == [c] == load_backup(written, fast=False).contacts


@pytest.mark.parametrize("char", ["\x7f", "\x85", "\x9f", "\ufffe", "\uffff"])
def test_characters_yaml_does_not_hold_raw_are_escaped(config, char):
    c = Contact("c1", "Ada", "follower", T, notes=f"a{char}b")
    written = dump_backup(config.ladder, [c], [])
    assert char not in written and f'"notes":"a\\u{ord(char):04x}b"' in written
    assert load_backup(written).contacts == [c]


@SETTINGS
@given(data=boards())
def test_a_backup_reads_back_as_its_data_with_any_safe_loader(config, data):
    people, touches = data
    text = dump_backup(config.ladder, people, touches)
    people, touches = backup.sorted_records(people, touches)
    for loaded in _loads(text):
        assert loaded["format"] == "board-backup" and loaded["version"] == 2
        assert loaded["contacts"] == [to_dict(c) for c in people]
        assert loaded["interactions"] == ([to_dict(i) for i in touches] if touches else [])


def test_one_record_is_one_line():
    ada = Contact("c1", "Ada", "follower", T, notes="one\ntwo\n\nthree")
    call = Interaction("i1", "call", T, ("c1",), notes="a\r\nb")
    from board.config import load_config

    text = dump_backup(load_config(use_user_file=False).ladder, [ada], [call])
    lines = text.splitlines()
    assert lines[-4:] == [
        "contacts:",
        '- {"id":"c1","name":"Ada","rung":"follower","created":"2026-01-01T00:00:00Z",'
        '"notes":"one\\ntwo\\n\\nthree"}',
        "interactions:",
        '- {"id":"i1","kind":"call","at":"2026-01-01T00:00:00Z","people":["c1"],'
        '"notes":"a\\r\\nb"}',
    ]


# ---------------------------------------------------------------- reading

RECORD = {"id": "c1", "name": "Ada", "rung": "follower", "created": "2026-01-01T00:00:00Z",
          "notes": "x"}
HEAD = "format: board-backup\nversion: 2\ncontacts:\n"


def _outcome(text: str, fast: bool):
    """The backup read, or the error (a YAML syntax error as just that: where
    the parser notices it depends on what follows the line)."""
    try:
        return ("ok", load_backup(text, "b.yaml", fast=fast))
    except BackupError as exc:
        message = str(exc)
        return ("error", "not valid YAML" if "not valid YAML" in message else message)


#: What a hand (or a damaged disk) might put into a record line.
EDITS = ["\\ud83d\\ude00", "\\/", "\\\\", "\\u2028", "\\u0000", "\t", " ", "null", "1e3",
         "1.5", "-0", "true", '"', ",", ":", "}", "{", "[", "]", "#", " #", "&a", "*a", "!!str ",
         "\x85", "\u2028", "\ufeff", "'", "\\", "\\x41", "\\U0001F600", "0x1F"]


@SETTINGS
@given(data=st.data())
def test_the_line_reader_never_reads_a_line_otherwise_than_yaml(data):
    line = "- " + json.dumps(RECORD, ensure_ascii=False, separators=(",", ":"))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(2, len(line)))
        cut = data.draw(st.integers(0, 3))
        line = line[:at] + data.draw(st.sampled_from(EDITS) | any_text) + line[at + cut:]
    text = HEAD + line.replace("\n", " ") + "\ninteractions: []\n"
    assert _outcome(text, fast=True) == _outcome(text, fast=False)


def test_a_null_or_a_yaml_only_value_reads_as_yaml_reads_it():
    line = '- {"id":"c1","name":1e3,"rung":"follower","created":"2026-01-01T00:00:00Z",' \
           '"notes":null}\n'
    [c] = load_backup(HEAD + line).contacts
    assert c.name == "1e3" and c.notes == ""  # (YAML 1.1: 1e3 is text)


def test_errors_found_line_by_line_name_the_line_the_record_and_the_field():
    good = "- " + msgspec.json.encode(RECORD).decode() + "\n"
    bad = good.replace('"c1"', '"c2"').replace('"Ada"', '""')
    with pytest.raises(BackupError) as exc:
        load_backup(HEAD + good + bad + "interactions: []\n", "b.yaml")
    assert str(exc.value) == "b.yaml, line 5: contact 2 c2: field 'name' is required"
    with pytest.raises(BackupError, match=r"^b.yaml, line 5: duplicate contact id 'c1'$"):
        load_backup(HEAD + good + good, "b.yaml")
    with pytest.raises(BackupError, match=r"^b.yaml, line 5, column \d+: not valid YAML"):
        load_backup(HEAD + good + bad.replace(",", " ", 1), "b.yaml")
    ghost = ('- {"id":"i1","kind":"call","at":"2026-01-01T00:00:00Z","people":["c1","ghost"]}'
             "\n")
    with pytest.raises(BackupError, match=r"^b.yaml, line 6: interaction i1 refers to unknown "
                                          r"contact\(s\) ghost$"):
        load_backup(HEAD + good + "interactions:\n" + ghost, "b.yaml")


LINE = '- {"id":"a","name":"Ada","rung":"follower","created":"2026-01-01T00:00:00Z"}\n'
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
    "version 2, a comment between records": HEAD + "# Ada:\n" + LINE,
    "version 2, a record over two lines": HEAD + LINE.replace(',"rung"', ',\n  "rung"'),
    "version 2, CRLF": (HEAD + LINE).replace("\n", "\r\n"),
    "version 2, no line break at the end": HEAD + LINE[:-1],
    "version 2, records in the header too": "format: board-backup\nversion: 2\ncontacts: []\n"
                                           "interactions: []\ncontacts:\n" + LINE,
}


@pytest.mark.parametrize("name", sorted(HAND_WRITTEN))
def test_hand_written_layouts_still_load(name):
    text = HAND_WRITTEN[name]
    [ada] = load_backup(text).contacts
    assert (ada.id, ada.name, ada.rung) == ("a", "Ada", "follower")
    assert load_backup(text, fast=False).contacts == [ada]
