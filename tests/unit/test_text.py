import json
import re
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from board.core.text import ago, editable, pages, preview, safe, safe_json

NOW = datetime(2026, 11, 20, tzinfo=UTC)


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


def test_ago():
    assert ago(None, NOW) == "never"
    assert ago(NOW, NOW) == "just now"
    assert ago(NOW - timedelta(days=21), NOW) == "3 weeks ago"
    assert ago(NOW - timedelta(days=1), NOW) == "1 day ago"
    assert ago(NOW + timedelta(days=2), NOW) == "in 2 days"


def _pendulum_ago(then, now):
    import pendulum

    a, b = pendulum.instance(then), pendulum.instance(now)
    if abs((b - a).total_seconds()) < 60:
        return "just now"
    words = a.diff_for_humans(b, absolute=True)
    return f"{words} ago" if a <= b else f"in {words}"


@settings(max_examples=400, deadline=None)
@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1),
                 timezones=st.just(UTC)),
    st.integers(-40 * 86400, 40 * 86400),
    st.sampled_from([0, 1, 59, 60, 3599, 3600, 79199, 79200, 86399, 86400, 4 * 86400,
                     7 * 86400 - 1, 7 * 86400, 11 * 86400 - 1, 11 * 86400, 27 * 86400 - 1]),
)
def test_ago_words_the_difference_as_pendulum_does(then, offset, edge):
    """ago() words short differences itself (pendulum is slow); it says
    exactly what pendulum says, near every rounding edge too."""
    for delta in (offset, edge, -edge):
        now = then + timedelta(seconds=delta)
        assert ago(then, now) == _pendulum_ago(then, now), delta


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


def test_short_ago_is_the_long_wording_in_a_few_cells():
    from board.core.text import short_ago

    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    cases = {
        None: "never",
        now - timedelta(seconds=10): "now",
        now - timedelta(minutes=5): "5min",
        now - timedelta(hours=3): "3h",
        now - timedelta(days=5): "5d",
        now - timedelta(days=15): "2w",
        now - timedelta(days=62): "2mo",
        now - timedelta(days=800): "2y",
        now + timedelta(days=2): "in 2d",
    }
    for then, short in cases.items():
        assert short_ago(ago(then, now)) == short
    # each short form says one unit: minutes and months never look alike
    assert {short_ago(ago(now - timedelta(minutes=2), now)),
            short_ago(ago(now - timedelta(days=61), now))} == {"2min", "2mo"}
