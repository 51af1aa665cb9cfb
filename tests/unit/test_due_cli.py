import json
from datetime import timedelta

from board.cli import main
from board.session import Session


def make_board(db, config, frozen):
    s = Session.open(db, config)
    b = s.board
    ada = b.add_contact("Ada")
    b.promote(ada.id)
    b.promote(ada.id)  # conversation: every 30 days
    grace = b.add_contact("Grace")
    b.promote(grace.id)  # engaged: every 60 days
    b.add_contact("Follower Fay")  # no cadence
    s.close()
    return ada, grace


def test_due_lists_most_urgent_first(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    frozen.shift(timedelta(days=58))
    assert main(["due", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Ada") and "4 weeks overdue" in lines[0]
    assert "Conversation" in lines[0] and "last touch never" in lines[0]
    assert lines[1].startswith("Grace") and "due in 2 days" in lines[1]


def test_due_json(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    ada, _ = make_board(db, config, frozen)
    frozen.shift(timedelta(days=40))
    assert main(["due", "--json", "--db", str(db)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [ada.id]
    assert rows[0]["status"] == "overdue" and rows[0]["days_overdue"] == 10
    assert rows[0]["rung"] == "conversation" and rows[0]["cadence_days"] == 30


def test_nobody_due_is_friendly(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    assert main(["due", "--db", str(db)]) == 0
    assert "Nobody is due" in capsys.readouterr().out
    assert main(["due", "--json", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_due_works_while_the_board_is_open(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    make_board(db, config, frozen)
    s = Session.open(db, config)
    try:
        frozen.shift(timedelta(days=40))
        assert main(["due", "--db", str(db)]) == 0
        assert "Ada" in capsys.readouterr().out
    finally:
        s.close()


def test_due_on_a_damaged_file_fails_cleanly(tmp_path, capsys):
    db = tmp_path / "b.json"
    db.write_text("{nope")
    assert main(["due", "--db", str(db)]) == 1
    assert "damaged" in capsys.readouterr().err


def test_due_columns_line_up_with_wide_and_long_names(tmp_path, config, frozen, capsys):
    """Names are measured in terminal cells: a name in CJK (two cells a
    character) or one cut with '…' leaves the rung column where the others
    have it, and no line of the list passes 80 columns."""
    from rich.cells import cell_len

    db = tmp_path / "b.json"
    s = Session.open(db, config)
    for name in ("Ada", "山田 太郎", "高橋 美咲 アレクサンドラ 佐々木 エリザベス", "Grace Hopper"):
        c = s.board.add_contact(name)
        s.board.promote(c.id)
        s.board.promote(c.id)  # conversation: every 30 days
    s.close()
    frozen.shift(timedelta(days=58))
    assert main(["due", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    starts = {cell_len(line[:line.index("Conversation")]) for line in lines}
    assert len(starts) == 1
    assert all(cell_len(line) <= 80 for line in lines)
