"""What a card shows at each column width: the mark is never cut."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from board.ui.screens.board import fit_label
from board.ui.widgets.card_list import COMPACT_WIDTH, FULL_WIDTH, CardFace

FACE = CardFace(name="Bartholomew Longfellow-Smythe", context="bart-ls · Acme Widgets",
                meta="2 months ago", meta_short="2mo", mark="126d overdue",
                mark_short="!126d", mark_class="card--overdue", advocate=True,
                connector=True, meter="▰▰▱▱▱")


def drawn(line) -> str:
    return line[0] + "".join(text for text, _ in line[2])


@pytest.mark.parametrize("width", range(12, 40))
def test_the_mark_and_badges_are_whole_at_every_width(width):
    lines = FACE.lines(width)
    rights = ["".join(text for text, _ in line[2]) for line in lines]
    inner = width - 3
    assert all(cell_len(right) <= inner for right in rights)
    marks = [text for line in lines for text, part in line[2] if part == "card--overdue"]
    assert marks in (["126d overdue"], ["!126d"])
    assert any("⇄★" in right for right in rights)
    assert lines[0][0] == FACE.name  # the name is on the first line (the drawing cuts it)


def test_each_width_shows_its_own_layout():
    wide, compact, narrow = (FACE.lines(w) for w in (FULL_WIDTH + 10, COMPACT_WIDTH,
                                                     COMPACT_WIDTH - 1))
    # wide: the mark in words beside the last touch (in short when both do not fit)
    assert wide[2][0] == "2 months ago" and wide[2][2][0][0] == "126d overdue"
    assert FACE.lines(FULL_WIDTH)[2][0] == "2mo"
    # compact: the short mark beside the name
    assert [t for t, _ in compact[0][2]] == ["!126d", " ", "⇄★"]
    assert compact[2][0] == "2mo"  # "2 months ago" does not fit 11 cells
    # narrow: the name alone, then the last touch and the mark
    assert narrow[0][2] == () and narrow[1][0] == "2mo"
    assert [t for t, _ in narrow[1][2]] == ["!126d", " ", "⇄★"]


@pytest.mark.parametrize(("label", "count", "width", "shown"), [
    ("Conversation", "6", 20, "Conversation  6"),
    ("Conversation", "6", 14, "Conversation 6"),
    ("Conversation", "6", 13, "Conversat. 6"),
    ("Conversation", "6", 10, "Convers. 6"),
    ("Follower", "10", 10, "Follow. 10"),
    ("Close friend", "3", 10, "Close f. 3"),
    ("Close ally", "0", 10, "Close a. 0"),
    ("Close ally", "0", 9, "Close. 0"),
    ("Conversation", "12/340", 10, "Co. 12/340"),
    ("Conversation", "12/340", 7, "12/340"),
])
def test_a_column_title_is_whole_or_deliberately_short_and_its_count_whole(
        label, count, width, shown):
    short, gap = fit_label(label, count, width)
    assert short + gap + count == shown
    assert cell_len(short + gap + count) <= width


def test_a_coming_date_takes_no_room_from_the_due_mark():
    from board.ui.widgets.card_list import COMPACT_WIDTH, FULL_WIDTH, CardFace

    face = CardFace(name="Amara", context="amaranwosu · Slow Build", meta="3 weeks ago",
                    mark="12d overdue", mark_short="!12d", mark_class="card--overdue",
                    meta_short="3w", advocate=True, date_mark="✦ in 3d",
                    date_mark_short="✦3d")
    wide = face.lines(30)
    assert wide[0] == ("Amara", "card--name", (("✦ in 3d", "card--date"), (" ", "card"),
                                               ("★", "card--advocate")))
    assert wide[2][2] == (("12d overdue", "card--overdue"),)
    compact = face.lines(COMPACT_WIDTH)
    assert compact[0][2] == (("!12d", "card--overdue"), (" ", "card"), ("★", "card--advocate"))
    assert compact[2] == ("3w", "card--meta", (("✦3d", "card--date"),))
    narrow = face.lines(COMPACT_WIDTH - 1)
    assert narrow[1][2] == (("!12d", "card--overdue"), (" ", "card"), ("★", "card--advocate"))
    assert narrow[2][2] == (("✦3d", "card--date"),)
    # a long name keeps the date short beside it
    long = CardFace(name="Alexandra Montgomery-Smythe", context="", meta="", date_mark="✦ in 3d",
                    date_mark_short="✦3d")
    assert long.lines(FULL_WIDTH)[0][2] == (("✦3d", "card--date"),)
