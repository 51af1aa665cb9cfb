import os
import signal
import subprocess
import sys
import textwrap

import orjson
import pytest

from board import __version__
from board.cli import main
from board.config import load_config
from board.resources import examples_dir
from board.session import Session

EXAMPLES = examples_dir()


def run(*args):
    return main([str(a) for a in args])


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        run("--version")
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_help_lists_commands(capsys):
    with pytest.raises(SystemExit):
        run("--help")
    out = capsys.readouterr().out
    assert "export" in out and "import" in out and "--demo" in out


def test_damaged_database_is_one_line_and_nonzero(tmp_path, capsys):
    db = tmp_path / "board.json"
    db.write_bytes(b"{broken")
    assert run("export", "--db", db) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(db) in err[0] and "damaged" in err[0]
    assert db.read_bytes() == b"{broken"


def test_locked_database_is_refused(tmp_path, config, capsys):
    db = tmp_path / "board.json"
    s = Session.open(db, config)
    try:
        assert run("import", EXAMPLES / "contacts-vcard3.vcf", "--db", db) == 1
        assert "already open" in capsys.readouterr().err
        assert s.board.contacts == {}  # nothing came in behind the open board's back
    finally:
        s.close()


def test_export_reads_without_the_lock_what_the_open_board_last_saved(tmp_path, config,
                                                                     capsys):
    db = tmp_path / "board.json"
    s = Session.open(db, config)
    try:
        s.board.add_contact("Ada Lovelace")
        s.db.flush()
        assert run("export", "--db", db) == 0  # the board is open (locked) meanwhile
        assert "Ada Lovelace" in capsys.readouterr().out
    finally:
        s.close()


@pytest.mark.parametrize("command", [["export"], ["export", "out.yaml"], ["due"],
                                     ["due", "--json"], ["stats"], ["stats", "--json"]])
def test_a_read_only_command_on_a_missing_board_is_an_error_and_creates_nothing(
        tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "nowhere" / "typo.json"
    assert run(*command, "--db", db) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and str(db) in err and "no board here" in err
    assert not db.parent.exists() and not (tmp_path / "out.yaml").exists()


def test_the_app_on_a_mistyped_db_asks_before_making_anything(tmp_path, capsys, monkeypatch):
    from board.ui.app import BoardApp

    opened = []
    monkeypatch.setattr(BoardApp, "run", lambda self, **kw: opened.append(self.session.path))
    db = tmp_path / "a" / "typo.json"
    # Not at a terminal: one line saying how to make it on purpose.
    assert run("--db", db) == 1
    err = capsys.readouterr().err
    assert str(db) in err and "--new" in err and f"nor is the folder {tmp_path / 'a'}" in err
    assert not (tmp_path / "a").exists() and not opened
    # At a terminal: asked; anything but yes makes nothing.
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    answers = iter(["", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert run("--db", db) == 1
    assert "nothing created" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not opened
    assert run("--db", db) == 0
    assert opened == [db] and db.exists()


def test_new_starts_a_board_without_asking_and_the_default_path_is_made_on_first_run(
        tmp_path, monkeypatch):
    from board.config import default_db_path
    from board.ui.app import BoardApp

    opened = []
    monkeypatch.setattr(BoardApp, "run", lambda self, **kw: opened.append(self.session.path))
    db = tmp_path / "new" / "board.json"
    assert run("--db", db, "--new") == 0
    assert db.exists()
    assert not default_db_path().exists()
    assert run() == 0  # first run, the default board: nothing to ask
    assert opened == [db, default_db_path()] and default_db_path().exists()


def test_export_then_import_into_an_empty_board(tmp_path, config, capsys, frozen):
    db = tmp_path / "a.json"
    s = Session.open(db, config)
    ada = s.board.add_contact("Ada", notes="multi\nline")
    s.board.promote(ada.id)
    s.close()
    backup = tmp_path / "backup.yaml"
    assert run("export", backup, "--db", db) == 0
    assert run("import", backup, "--db", tmp_path / "b.json") == 0
    s = Session.open(tmp_path / "b.json", config)
    try:
        assert s.board.contacts[ada.id].rung == "engaged"
    finally:
        s.close()
    # export to stdout gives the same text
    capsys.readouterr()
    assert run("export", "-", "--db", tmp_path / "b.json") == 0
    assert capsys.readouterr().out == backup.read_text(encoding="utf-8")


def test_import_refuses_a_bad_file_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: board-backup\nversion: 1\ncontacts: 5\n")
    db = tmp_path / "board.json"
    assert run("import", bad, "--db", db) == 1
    assert "'contacts' must be a list" in capsys.readouterr().err
    assert not db.exists()


def test_db_and_config_work_before_the_command_as_after_it(tmp_path, config, monkeypatch, capsys):
    """`board --db work.json export` exports work.json, not the default board
    (argparse let a command's own --db default reset the one given before)."""
    monkeypatch.setenv("BOARD_DB", str(tmp_path / "default.json"))
    work = tmp_path / "work.json"
    s = Session.open(work, config)
    s.board.add_contact("Ada")
    s.close()
    for args in [("--db", work, "export", "-"), ("export", "-", "--db", work)]:
        assert run(*args) == 0
        assert "Ada" in capsys.readouterr().out, args
    assert run("--db", work, "due") == 0
    backup = tmp_path / "b.yaml"
    assert run("--db", work, "export", backup) == 0
    assert run("--db", tmp_path / "copy.json", "import", backup) == 0
    assert (tmp_path / "copy.json").exists() and not (tmp_path / "default.json").exists()
    # after the command wins over before it
    assert run("--db", tmp_path / "nope.json", "export", "-", "--db", work) == 0
    assert "Ada" in capsys.readouterr().out
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text("ladder:\n" + "".join(
        f"  - {{key: {key}, label: Rung{n}}}\n" for n, key in enumerate(
            ["follower", "engaged", "conversation", "call", "met", "friend"])))
    capsys.readouterr()
    assert run("--config", renamed, "--db", work, "stats") == 0
    assert "Rung0" in capsys.readouterr().out  # the config given before the command


def test_a_command_says_what_is_wrong_in_the_config(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ladder: 5\ndue_window_days: \"\\x1b[31mred\"\n")
    Session.open(tmp_path / "b.json", load_config(use_user_file=False)).close()
    assert run("due", "--db", tmp_path / "b.json", "--config", bad) == 0
    err = capsys.readouterr().err
    assert "board: config:" in err and "bad.yaml" in err and "ladder" in err
    assert "\x1b" not in err  # terminal escapes from the file are shown, not obeyed


def test_env_board_db_is_used(tmp_path, monkeypatch, capsys, config):
    s = Session.open(tmp_path / "env.json", config)
    s.board.add_contact("Grace Hopper")
    s.close()
    monkeypatch.setenv("BOARD_DB", str(tmp_path / "env.json"))
    assert run("export", "-") == 0
    assert "Grace Hopper" in capsys.readouterr().out


SCRIPT = textwrap.dedent(
    """
    import sys
    from board import cli
    from board.store import storage
    from board.ui.app import BoardApp

    storage.COALESCE_SECONDS = 3600  # the background writer never gets there first

    real_run = BoardApp.run

    def run(self, **kw):
        def burst():
            for n in range(40):
                self.board.add_contact(f"Person {n}")
            print("ready", flush=True)
        self.call_later(burst)
        return real_run(self, headless=True, **kw)

    BoardApp.run = run
    sys.exit(cli.main(["--db", sys.argv[1], "--new"]))
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_flushes_everything(tmp_path, sig):
    db = tmp_path / "board.json"
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "BOARD_CONFIG": str(tmp_path / "none.yaml")},
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        proc.send_signal(sig)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    data = orjson.loads(db.read_bytes())
    assert len(data["contacts"]) == 40
    assert proc.returncode == 0, proc.stderr.read()


def test_the_app_paints_up_to_120_frames_a_second_unless_told_otherwise():
    import os
    import subprocess
    import sys

    code = "import board.ui.app; from textual import constants; print(constants.MAX_FPS)"
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "120"
    out = subprocess.run([sys.executable, "-c", code], env=env | {"TEXTUAL_FPS": "30"},
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "30"
