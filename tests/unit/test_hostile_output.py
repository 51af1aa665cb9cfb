"""Data that holds terminal escapes, C1 controls, bidi overrides or markup,
through every command that prints it: nothing a terminal would obey reaches
stdout or stderr, what is printed shows the data literally, and ``--json``
gives back the exact value."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import timedelta
from pathlib import Path

import time_machine
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace
from rich.cells import cell_len

from board.cli import main
from board.core.text import safe, safe_json
from board.session import Session
from tests.conftest import NOW

#: What must never reach a terminal from data: C0 but the line feed, DEL,
#: C1, bidi embeddings/overrides/isolates, lone surrogates.
OBEYED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

PIECES = [
    "\x1b]2;PWNED\x07",  # OSC: set the window title
    "\x1b]8;;http://x.example\x1b\\",  # OSC 8 hyperlink, ended by ST
    "\x1b[2J", "\x1b[7m", "\x1b[1A",  # CSI: clear, reverse, cursor up
    "\x9b31m", "\x9d0;t\x9c", "\x85",  # C1: CSI, OSC … ST, NEL
    "\x07", "\x08", "\r", "\n", "\t", "\x00", "\x7f",
    "\u202e", "\u2066", "\u2069", "\u2028",  # bidi override, isolates; line separator
    "[bold]", "[/]", "[link=http://x.example]", "\\[", "{x}", "%s",  # markup, formats
]
hostile = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(st.characters(exclude_categories=["Cs"]),
                                               max_size=3)),
    min_size=1, max_size=8,
).map("".join).filter(lambda s: s.split())  # a name needs more than spaces

settings_ = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def obeyed(text: str) -> list[str]:
    return OBEYED.findall(text)


def board_with(path: Path, config, name: str, cid: str) -> str:
    """A board whose one contact (id ``cid``) is overdue, an advocate and a
    connector; returns the name as stored."""
    s = Session.open(path, config)
    try:
        b = s.board
        c = b.add_contact(name)
        other = b.add_contact("Bea")
        b.restore([replace(b.contacts[c.id], id=cid), b.contacts[other.id]], [], replace=True)
        b.promote(cid)  # engaged: every 60 days
        b.toggle_advocate(cid)
        b.receive_introduction(cid, person=other.id)
        return b.contacts[cid].name
    finally:
        s.close()


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@settings_
@given(name=hostile, cid=hostile)
def test_due_and_stats_print_data_as_text_and_json_exactly(name, cid, config, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "b.json"
        with time_machine.travel(NOW, tick=False) as clock:
            stored = board_with(db, config, name, cid)
            clock.shift(timedelta(days=90))

            code, out, err = run(capsys, "due", "--db", db)
            assert code == 0 and not obeyed(out) and not obeyed(err)
            shown = safe(stored)
            # the name as text, cut (at 16 to 32 cells) to fit 80 columns
            head = next(shown[:n] for n in range(len(shown), -1, -1)
                        if cell_len(shown[:n]) <= 15)
            assert head in out
            assert len(out.splitlines()) == 1  # a line break in a name starts no line

            code, out, err = run(capsys, "due", "--json", "--db", db)
            assert code == 0 and not obeyed(out)
            rows = json.loads(out)
            assert [(r["id"], r["name"]) for r in rows] == [(cid, stored)]

            code, out, err = run(capsys, "stats", "--db", db)
            assert code == 0 and not obeyed(out) and not obeyed(err)
            assert f"    {shown} (Engaged) warmth" in out  # an advocate, shown literally

            # the introduction was 90 days ago: a connector of the last 365
            code, out, err = run(capsys, "stats", "--json", "--period", "365", "--db", db)
            assert code == 0 and not obeyed(out)
            data = json.loads(out)
            assert [p["name"] for p in data["advocates"]] == [stored]
            assert [p["name"] for p in data["connectors"]] == [stored]


@settings_
@given(field=hostile)
def test_an_import_error_names_a_hostile_field_as_text(field, tmp_path, config, capsys):
    backup = tmp_path / "backup.yaml"
    db = tmp_path / "b.json"
    source = tmp_path / "source.json"
    s = Session.open(source, config)
    s.board.add_contact("Eve")
    s.close()
    assert run(capsys, "export", backup, "--db", source)[0] == 0
    data = yaml.safe_load(backup.read_text(encoding="utf-8"))
    data["contacts"][0][field] = 1  # a field no contact has
    backup.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    # (the field as the file holds it: PyYAML's emitter folds some line
    # breaks, such as U+0085, into spaces, so that is the name to expect)
    [field] = set(yaml.safe_load(backup.read_text(encoding="utf-8"))["contacts"][0]) - {
        "id", "name", "rung", "created", "history"}

    code, out, err = run(capsys, "import", backup, "--db", db)
    assert code == 1 and out == ""
    assert not obeyed(err)
    assert len(err.splitlines()) == 1
    assert "unknown field" in err and safe(field).strip() in err
    assert not db.exists() or run(capsys, "due", "--json", "--db", db)[1].strip() == "[]"


@settings_
@given(name=hostile, company=hostile)
def test_an_import_summary_shows_hostile_names_as_text(name, company, tmp_path, config,
                                                       capsys):
    """A merge is listed with the person's name (from the board and the file)."""
    db = tmp_path / "b.json"
    for path in tmp_path.glob("b.*"):
        path.unlink()
    s = Session.open(db, config)
    stored = s.board.add_contact(name, email="eve@example.org").name
    s.close()
    csv = tmp_path / "Connections.csv"
    quoted = company.replace('"', '""')
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   f'"{quoted}",,,eve@example.org,"{quoted}",,\n', encoding="utf-8")
    code, out, err = run(capsys, "import", csv, "--db", db, "-v", "--dry-run")
    assert not obeyed(out) and not obeyed(err)
    assert code == 0, err
    assert "0 added, 1 merged" in out
    assert f"merged {safe(stored)}" in out


def test_a_damaged_record_with_escapes_in_its_id_is_named_as_text(tmp_path, config, capsys):
    db = tmp_path / "b.json"
    s = Session.open(db, config)
    s.board.add_contact("Eve")
    s.close()
    data = json.loads(db.read_text(encoding="utf-8"))
    data["contacts"]["\x1b]2;PWNED\x07\x9b7m"] = {"name": 5}
    db.write_text(json.dumps(data), encoding="utf-8")
    for command in (("due",), ("stats",), ("due", "--json"), ("export", "-")):
        code, out, err = run(capsys, *command, "--db", db)
        assert code == 1 and out == ""
        assert not obeyed(err) and len(err.splitlines()) == 1
        assert "␛]2;PWNED␇" in err


def test_rung_and_kind_labels_from_the_config_are_shown_as_text(tmp_path, frozen, capsys):
    """Labels are only ever shown: a config's escapes in one print as text."""
    cfg = tmp_path / "config.yaml"
    cfg.write_text('ladder:\n  - {key: lead, label: "\\e]2;PWNED\\aLead\\u009b7m"}\n'
                   '  - {key: client, label: "[bold]Client", cadence_days: 7}\n',
                   encoding="utf-8")
    db = tmp_path / "b.json"
    from board.config import load_config

    s = Session.open(db, load_config(cfg))
    ada = s.board.add_contact("Ada")
    s.board.promote(ada.id)
    s.close()
    frozen.shift(timedelta(days=30))
    code, out, err = run(capsys, "due", "--db", db, "--config", cfg)
    assert code == 0 and not obeyed(out) and not obeyed(err)
    assert "[bold]Client" in out
    code, out, err = run(capsys, "stats", "--db", db, "--config", cfg)
    assert code == 0 and not obeyed(out)
    assert "␛]2;PWNED␇Lead\ufffd7m"[:13] in out  # the funnel cuts labels at 13


def test_json_escapes_every_control_and_gives_the_value_back():
    value = {"\x9b": ["\x1b[7m", "\x07", "\x85\u202e\u2066x\u2028", "\x7f", "[bold]", "é ✓"]}
    text = safe_json(value, indent=2)
    assert not obeyed(text)
    assert "\\u009b" in text and "\\u001b" in text and "\\u202e" in text
    assert "é ✓" in text  # readable text stays as it is
    assert json.loads(text) == value
