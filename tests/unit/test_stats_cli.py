import json
from datetime import timedelta

from board.cli import main
from board.session import Session


def make(db, config, frozen):
    s = Session.open(db, config)
    b = s.board
    ada, bea = b.add_contact("Ada"), b.add_contact("Bea")
    for _ in range(5):
        b.promote(ada.id)
    b.toggle_advocate(ada.id)
    b.log("coffee", [ada.id], duration_min=90)
    b.receive_introduction(ada.id, person=bea.id)
    s.close()
    frozen.shift(timedelta(days=5))


def test_stats_plain(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    make(db, config, frozen)
    assert main(["stats", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "The ladder, last 30 days" in out
    assert "introductions made 0, received 1" in out
    assert "Ada (Friend) 1 introduction" in out
    assert "Hours together, last 12 months: 1.5" in out


def test_stats_json_and_period(tmp_path, config, frozen, capsys):
    db = tmp_path / "b.json"
    make(db, config, frozen)
    assert main(["stats", "--json", "--period", "90", "--db", str(db)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period_days"] == 90
    assert [r["count"] for r in data["funnel"]] == [1, 0, 0, 0, 0, 1]
    assert data["funnel"][0]["moved_up"] == 1  # Ada left follower
    assert data["advocates"][0]["name"] == "Ada"


def test_stats_bad_period(tmp_path, capsys):
    assert main(["stats", "--period", "0", "--db", str(tmp_path / "b.json")]) == 1
    assert "--period" in capsys.readouterr().err
