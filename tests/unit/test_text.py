import json
import re

from hypothesis import given
from hypothesis import strategies as st

from board.core.text import editable, pages, preview, safe, safe_json


def test_escape_sequences_become_visible_characters():
    assert safe("\x1b[31mEve\x07") == "␛[31mEve␇"
    assert "\x1b" not in safe("\x1b]0;title\x07")
    assert safe("a\u202ebc") == "abc"
    assert safe("one\u2028two\u2029\x85three") == "one\ufffdtwo\ufffd\ufffdthree"


def test_markup_is_left_as_text():
    assert safe("[bold red]Eve[/]") == "[bold red]Eve[/]"


def test_preview_of_huge_text_is_short():
    text = "word " * 2_000_000
    out = preview(text, 50)
    assert len(out) <= 51 and out.endswith("…")


# ------------------------------------------------------------ editable, pages, JSON

OBEYED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def test_editable_keeps_what_an_editor_lays_out():
    text = "line one\r\n\tindented\nESC\x1b[31m BEL\x07 C1\x9b \u202eRTL\x0b\x0c"
    assert editable(text) == "line one\r\n\tindented\nESC␛[31m BEL␇ C1\ufffd RTL␋␌"
    assert editable("[bold]x[/]") == "[bold]x[/]"


@given(st.text(), st.integers(10, 400))
def test_pages_cut_text_into_pieces_that_join_back(text, size):
    parts = pages(text, size)
    assert "".join(parts) == text
    assert all(len(p) <= size for p in parts)
    assert all(parts[:-1])  # no empty page but (for "") the last


def test_pages_end_after_a_line_break_when_one_is_near():
    text = ("x" * 70 + "\n") * 100
    parts = pages(text, 1000)
    assert all(p.endswith("\n") for p in parts)
    assert len(parts) == len(text) // 994 + 1


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.characters(exclude_categories=["Cs"])),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"])), inner, max_size=4),
    max_leaves=12,
))
def test_safe_json_escapes_every_control_and_round_trips(value):
    for indent in (None, 2):
        text = safe_json(value, indent=indent)
        assert json.loads(text) == value
        assert not OBEYED.search(text.replace("\n", ""))
