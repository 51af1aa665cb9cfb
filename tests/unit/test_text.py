from datetime import UTC, datetime, timedelta

from board.core.text import ago, preview, safe

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def test_escape_sequences_become_visible_characters():
    assert safe("\x1b[31mEve\x07") == "␛[31mEve␇"
    assert "\x1b" not in safe("\x1b]0;title\x07")
    assert safe("a\u202ebc") == "abc"


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
