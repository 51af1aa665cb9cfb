"""Hostile disks and paths: a symlinked database, a disk that refuses to
write (full, read-only, immutable, permissions, a path too long, a file in
the way of a folder), a folder where no lock can be taken.

CI runs as root, where chmod does not stop a write and chattr or a full
tmpfs may not be at hand: the disk's refusals are os.replace raising the
errno the kernel would."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

import board.store.database as database_module
from board.cli import main
from board.config import default_db_path, load_config
from board.resources import examples_dir
from board.session import Session
from board.store.database import Database, LockedError
from board.ui.app import BoardApp

EXAMPLES = examples_dir()
ERRNOS = [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENAMETOOLONG,
          errno.ENOTDIR]


def run(*args):
    return main([str(a) for a in args])


def one_error_line(capsys, *names) -> str:
    """The one line on stderr: 'board: ...', naming each of ``names``, no
    traceback, nothing on stdout."""
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("board: ") and "Traceback" not in captured.err
    for name in names:
        assert str(name) in lines[0]
    assert captured.out == ""
    return lines[0]


@pytest.fixture
def no_app(monkeypatch):
    """The app must not start (it would need a terminal)."""
    monkeypatch.setattr(BoardApp, "run", lambda self, **kw: pytest.fail("the app started"))


@pytest.fixture
def disk(tmp_path, config):
    """A folder holding a board with one person."""
    folder = tmp_path / "disk"
    s = Session.open(folder / "b.json", config)
    s.board.add_contact("Ada Lovelace", email="ada@example.org")
    s.close()
    return folder


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- a disk that refuses ------------------------------------------------------------


@pytest.mark.parametrize("code", ERRNOS)
def test_an_import_the_disk_refuses_is_one_line_and_changes_nothing(
        disk, refuse, capsys, config, code):
    db = disk / "b.json"
    before, files = db.read_bytes(), names_in(disk)
    refuse(disk, code)
    assert run("import", EXAMPLES / "contacts-vcard3.vcf", "--db", db) == 1
    line = one_error_line(capsys, db)
    assert "Nothing was imported" in line
    refuse.stop()
    assert db.read_bytes() == before and names_in(disk) == files  # no temporary file left
    s = Session.open(db, config)
    try:
        assert [c.name for c in s.board.contacts.values()] == ["Ada Lovelace"]
    finally:
        s.close()


def test_a_replace_whose_copy_cannot_be_kept_imports_nothing(disk, refuse, capsys):
    db = disk / "b.json"
    before = db.read_bytes()
    refuse(disk, errno.ENOSPC)
    assert run("import", EXAMPLES / "demo.yaml", "--replace", "--db", db) == 1
    line = one_error_line(capsys, "b.before-import-")
    assert "Nothing was imported" in line
    assert db.read_bytes() == before


@pytest.mark.parametrize("code", ERRNOS)
def test_a_new_board_the_disk_refuses_is_one_line_and_leaves_no_file(
        tmp_path, refuse, no_app, capsys, code):
    refuse(tmp_path, code)
    assert run("--db", tmp_path / "new.json") == 1
    one_error_line(capsys, tmp_path / "new.json")
    assert not (tmp_path / "new.json").exists()


@pytest.mark.parametrize("code", ERRNOS)
def test_an_export_the_disk_refuses_is_one_line_and_writes_nothing(
        disk, refuse, tmp_path, capsys, code):
    out = tmp_path / "out"
    out.mkdir()
    refuse(out, code)
    assert run("export", out / "b.yaml", "--db", disk / "b.json") == 1
    one_error_line(capsys, out / "b.yaml")
    assert names_in(out) == []


def test_a_folder_where_a_file_is_says_so(tmp_path, no_app, capsys):
    (tmp_path / "file").write_text("x")
    assert run("--db", tmp_path / "file" / "b.json") == 1
    one_error_line(capsys, tmp_path / "file" / "b.json")
    Session.open(default_db_path(), load_config(use_user_file=False)).close()
    assert run("export", tmp_path / "file" / "b.yaml") == 1
    one_error_line(capsys, tmp_path / "file" / "b.yaml")


def test_a_path_too_long_says_so(tmp_path, no_app, capsys):
    db = tmp_path / ("n" * 300 + ".json")
    assert run("--db", db) == 1
    one_error_line(capsys, db)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_an_export_to_a_full_stdout_is_one_line(disk, tmp_path):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "board", "export", "-", "--db", str(disk / "b.json")],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
            env={**os.environ, "BOARD_CONFIG": str(tmp_path / "none.yaml")})
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert lines[0].startswith("board: ") and "standard output" in lines[0]


class _NoLockHere:
    """A FileLock in a folder that takes no new file (read-only, not ours)."""

    def __init__(self, path, timeout=0):
        self.path = path

    def acquire(self):
        raise PermissionError(errno.EACCES, "Permission denied", self.path)

    def release(self):
        pass


def test_reading_commands_take_no_lock(disk, monkeypatch, capsys):
    db = disk / "b.json"
    monkeypatch.setattr(database_module, "FileLock", _NoLockHere)
    assert run("export", "-", "--db", db) == 0
    assert "Ada Lovelace" in capsys.readouterr().out
    for command in (["due"], ["stats"], ["due", "--json"]):
        assert run(*command, "--db", db) == 0
    capsys.readouterr()
    assert run("import", EXAMPLES / "contacts-vcard3.vcf", "--db", db) == 1  # writing does
    assert "cannot be locked" in one_error_line(capsys, db)


# -- one file, many names -------------------------------------------------------------


@pytest.fixture
def names(tmp_path, monkeypatch):
    """A board file and other names for it: a symlink, a path through a
    linked folder, a relative path, a path with '..'."""
    real = tmp_path / "data" / "real.json"
    real.parent.mkdir()
    (tmp_path / "link.json").symlink_to(real)
    (tmp_path / "data-link").symlink_to(real.parent)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    return real, [tmp_path / "link.json", tmp_path / "data-link" / "real.json",
                  Path("../data/real.json"), tmp_path / "elsewhere" / ".." / "link.json",
                  Path("../data-link/../link.json")]


def test_a_second_board_is_refused_whichever_name_it_uses(names, config, capsys):
    real, others = names
    for first in [real, *others]:
        s = Session.open(first, config)
        try:
            for other in [real, *others]:
                with pytest.raises(LockedError):
                    Database.open(other)
            assert run("import", EXAMPLES / "contacts-vcard3.vcf", "--db", others[0]) == 1
            assert "already open" in capsys.readouterr().err
        finally:
            s.close()


def test_a_change_through_a_link_reaches_the_one_file_and_the_link_stays(names, config):
    real, others = names
    for n, name in enumerate(others):
        s = Session.open(name, config)
        s.board.add_contact(f"P{n}")
        s.close()
    assert others[0].is_symlink() and not real.is_symlink()
    s = Session.open(real, config)
    try:
        assert sorted(c.name for c in s.board.contacts.values()) == [
            f"P{n}" for n in range(len(others))]
    finally:
        s.close()
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.json", "real.json.lock"]
