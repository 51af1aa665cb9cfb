"""``board sync`` with real git: two databases and a bare repository in tmp."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from board.cli import main
from board.formats.backup import export_board
from board.resources import examples_dir
from board.session import Session
from board.store.database import Database
from board.store.journal import journal_path
from board.sync import folder_for


def run(*args) -> int:
    return main([str(a) for a in args])


def git(*args, cwd=None) -> str:
    return subprocess.run(["git", *map(str, args)], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def remote(tmp_path) -> Path:
    path = tmp_path / "remote.git"
    git("init", "-q", "--bare", "-b", "main", path)
    return path


@pytest.fixture
def a(tmp_path, capsys) -> Path:
    """A database holding the demo board."""
    db = tmp_path / "a" / "board.json"
    assert run("import", examples_dir() / "demo.yaml", "--db", db) == 0
    capsys.readouterr()
    return db


@pytest.fixture
def b(tmp_path) -> Path:
    """An empty database (the second machine)."""
    db = tmp_path / "b" / "board.json"
    Database.open(db).close()
    return db


def exported(db: Path, config) -> str:
    return export_board(Session.open_readonly(db, config))


def change(db: Path, config, fn):
    s = Session.open(db, config)
    try:
        return fn(s.board)
    finally:
        s.close()


def on_disk(db: Path) -> tuple[bytes, bytes | None]:
    journal = journal_path(db)
    return db.read_bytes(), journal.read_bytes() if journal.exists() else None


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("board: ")
    return lines[0]


def first_person(db, config, name="Inês Carvalhal"):
    board = Session.open_readonly(db, config)
    return next(c for c in board.contacts.values() if c.name == name)


@pytest.fixture
def both(a, b, remote, capsys):
    """a synced to the remote, then b from it."""
    assert run("sync", "--db", a, "--remote", remote) == 0
    assert run("sync", "--db", b, "--remote", remote) == 0
    capsys.readouterr()
    return a, b


def test_first_sync_sends_the_board_and_a_second_machine_gets_the_same_bytes(
        a, b, remote, config, capsys):
    assert run("sync", "--db", a, "--remote", remote) == 0
    out = capsys.readouterr().out
    assert "new board repository" in out
    assert "board-sync.json" in git("ls-tree", "--name-only", "main", cwd=remote)
    assert run("sync", "--db", b, "--remote", remote) == 0
    assert exported(b, config) == exported(a, config)
    assert len(Session.open_readonly(b, config).contacts) == 40


def test_a_second_machine_with_no_board_yet_starts_one_from_the_remote(
        a, tmp_path, remote, config, capsys):
    assert run("sync", "--db", a, "--remote", remote) == 0
    new = tmp_path / "laptop" / "board.json"
    assert run("sync", "--db", new, "--remote", remote) == 1
    assert "sync --new --remote URL" in one_error_line(capsys)
    assert not new.exists()
    assert run("sync", "--db", new, "--remote", remote, "--new") == 0
    assert exported(new, config) == exported(a, config)


def test_a_sync_new_that_fails_leaves_no_board_behind(tmp_path, capsys):
    new = tmp_path / "laptop" / "board.json"
    assert run("sync", "--db", new, "--new", "--remote", tmp_path / "nothing.git") == 1
    assert "no board was started" in one_error_line(capsys)
    assert not new.exists() and not folder_for(new).exists()
    assert not journal_path(new).exists()


def test_the_sync_folder_is_private(both):
    a, _b = both
    folder = folder_for(a)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.rglob("*"):
        if path.is_symlink():
            continue
        # nobody else may read (git's objects are 0400: only the owner, read only)
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    for path in [*folder.glob("*/*.jsonl"), folder / "board-sync.json"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_remote_is_remembered(both, config, capsys):
    a, b = both
    ines = first_person(a, config)
    change(a, config, lambda board: board.update_contact(ines.id, city="Aveiro"))
    assert run("sync", "--db", a) == 0
    assert run("sync", "--db", b) == 0
    assert first_person(b, config).city == "Aveiro"


def test_changes_on_both_machines_are_merged_both_ways(both, config, capsys):
    a, b = both
    ines = first_person(a, config)
    tobias = first_person(a, config, "Tobias Lindqvist")
    change(a, config, lambda board: board.update_contact(ines.id, company="Mare & Co"))
    change(a, config, lambda board: board.log("call", [ines.id]))
    change(b, config, lambda board: board.update_contact(ines.id, notes="Loves sailing"))
    change(b, config, lambda board: board.promote(tobias.id) if tobias.rung != "friend"
           else board.demote(tobias.id))
    change(b, config, lambda board: board.log("coffee", [tobias.id]))
    for db in (a, b, a):
        assert run("sync", "--db", db) == 0
    assert exported(a, config) == exported(b, config)
    got = first_person(a, config)
    assert (got.company, got.notes) == ("Mare & Co", "Loves sailing")
    assert not got.conflicts
    board = Session.open_readonly(a, config)
    assert len(board.interactions) == 236 + 2
    assert first_person(a, config, "Tobias Lindqvist").rung != tobias.rung


def test_the_same_field_changed_on_both_keeps_the_later_and_shows_the_other(
        both, config, capsys):
    a, b = both
    ines = first_person(a, config)
    change(a, config, lambda board: board.update_contact(ines.id, city="Aveiro"))
    change(b, config, lambda board: board.update_contact(ines.id, city="Coimbra"))
    assert run("sync", "--db", a) == 0
    capsys.readouterr()
    assert run("sync", "--db", b) == 0  # b's change is sent later: it wins
    out = capsys.readouterr().out
    assert "1 conflict" in out
    assert "Inês Carvalhal: city" in out and "'Aveiro'" in out
    assert run("sync", "--db", a) == 0
    assert exported(a, config) == exported(b, config)
    got = first_person(a, config)
    assert got.city == "Coimbra"
    [lost] = got.conflicts
    assert (lost.field, lost.value) == ("city", '"Aveiro"')


def test_an_edit_and_a_delete_of_one_interaction(both, config, capsys):
    a, b = both
    ines = first_person(a, config)
    board = Session.open_readonly(a, config)
    first, second = sorted(board.interaction_log.ids_of(ines.id))[:2]
    # first: edited on a, deleted on b later -> gone; second: deleted on a,
    # edited on b later -> kept with the edit
    change(a, config, lambda board: board.edit_interaction(first, notes="edited on a"))
    change(a, config, lambda board: board.delete_interaction(second))
    assert run("sync", "--db", a) == 0
    change(b, config, lambda board: board.delete_interaction(first))
    change(b, config, lambda board: board.edit_interaction(second, notes="edited on b"))
    assert run("sync", "--db", b) == 0
    assert run("sync", "--db", a) == 0
    assert exported(a, config) == exported(b, config)
    after = Session.open_readonly(a, config)
    assert first not in after.interactions
    assert after.interactions[second].notes == "edited on b"
    conflicts = first_person(a, config).conflicts
    assert {c.record for c in conflicts} == {first, second}


def test_a_second_machine_with_its_own_people_keeps_them(a, tmp_path, remote, config):
    c = tmp_path / "c" / "board.json"
    change(c, config, lambda board: board.add_contact("Only On C"))
    assert run("sync", "--db", a, "--remote", remote) == 0
    assert run("sync", "--db", c, "--remote", remote) == 0
    assert run("sync", "--db", a) == 0
    names = {p.name for p in Session.open_readonly(a, config).contacts.values()}
    assert "Only On C" in names and len(names) == 41
    assert exported(a, config) == exported(c, config)


# ------------------------------------------------------------- failures


def test_no_remote_yet_is_one_line(a, capsys):
    before = on_disk(a)
    assert run("sync", "--db", a) == 1
    assert "--remote" in one_error_line(capsys)
    assert on_disk(a) == before


def test_an_unreachable_remote_changes_nothing_and_the_next_sync_retries(
        both, tmp_path, config, capsys):
    a, b = both
    ines = first_person(a, config)
    change(a, config, lambda board: board.update_contact(ines.id, city="Aveiro"))
    assert run("sync", "--db", a) == 0
    moved = tmp_path / "elsewhere.git"
    (tmp_path / "remote.git").rename(moved)
    before = on_disk(b)
    assert run("sync", "--db", b) == 1
    assert "cannot reach" in one_error_line(capsys)
    assert on_disk(b) == before
    moved.rename(tmp_path / "remote.git")
    assert run("sync", "--db", b) == 0
    assert first_person(b, config).city == "Aveiro"


def test_a_remote_that_is_not_a_board_repository_is_refused(a, tmp_path, capsys):
    other = tmp_path / "other"
    git("init", "-q", "-b", "main", other)
    (other / "README.md").write_text("not a board\n")
    git("add", "README.md", cwd=other)
    git("-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q", "-m", "x", cwd=other)
    before = on_disk(a)
    assert run("sync", "--db", a, "--remote", other) == 1
    assert "not a board sync repository" in one_error_line(capsys)
    assert on_disk(a) == before


def test_a_rejected_push_changes_nothing(both, remote, config, capsys):
    a, b = both
    ines = first_person(a, config)
    tobias = first_person(a, config, "Tobias Lindqvist")
    change(a, config, lambda board: board.update_contact(ines.id, city="Aveiro"))
    assert run("sync", "--db", a) == 0
    change(b, config, lambda board: board.update_contact(tobias.id, city="Uppsala"))
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'read only today' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = on_disk(b)
    assert run("sync", "--db", b) == 1
    assert "refused" in one_error_line(capsys)
    assert on_disk(b) == before  # a's change is not in b: nothing half-done
    hook.unlink()
    assert run("sync", "--db", b) == 0
    assert run("sync", "--db", a) == 0
    assert exported(a, config) == exported(b, config)
    assert first_person(b, config).city == "Aveiro"
    assert first_person(a, config, "Tobias Lindqvist").city == "Uppsala"


def test_changes_that_together_break_a_rule_keep_the_later_record_whole(
        both, config, capsys):
    a, b = both
    ines = first_person(a, config)
    tobias = first_person(a, config, "Tobias Lindqvist")
    iid = change(a, config, lambda board: board.log("call", [ines.id, tobias.id]).id)
    assert run("sync", "--db", a) == 0
    assert run("sync", "--db", b) == 0
    # a makes it an introduction of the two; b takes Tobias out of it: merged
    # field by field it would be an introduction of one person
    change(a, config, lambda board: board.edit_interaction(
        iid, kind="introduction", direction="given"))
    change(b, config, lambda board: board.edit_interaction(iid, people=[ines.id]))
    assert run("sync", "--db", a) == 0
    capsys.readouterr()
    assert run("sync", "--db", b) == 0  # b's is later: it stands
    assert "broke a rule" in capsys.readouterr().out
    assert run("sync", "--db", a) == 0
    assert exported(a, config) == exported(b, config)
    got = Session.open_readonly(a, config).interactions[iid]
    assert (got.kind, got.people) == ("call", (ines.id,))
    [lost] = first_person(a, config).conflicts
    assert lost.record == iid and '"introduction"' in lost.value


def test_a_merge_that_cannot_be_applied_changes_nothing(both, tmp_path, config, capsys):
    """The remote holds a record this board cannot read (a newer board's
    field, say): the sync stops before anything is written."""
    a, b = both
    ines = first_person(a, config)
    change(a, config, lambda board: board.update_contact(ines.id, city="Aveiro"))
    assert run("sync", "--db", a) == 0
    work = folder_for(a)
    [shard] = [p for p in (work / "contacts").iterdir() if '"city":"Aveiro"' in p.read_text()]
    shard.write_text(shard.read_text().replace('"city":"Aveiro"',
                                               '"city":"Aveiro","mood":"new field"'))
    git("-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qam", "newer", cwd=work)
    git("push", "-q", "origin", "main", cwd=work)
    before = on_disk(b)
    assert run("sync", "--db", b) == 1
    assert "cannot be read" in one_error_line(capsys)
    assert on_disk(b) == before


def test_sync_while_the_app_has_the_board_open_is_refused(both, config, capsys):
    a, _b = both
    held = Session.open(a, config)
    try:
        assert run("sync", "--db", a) == 1
        line = one_error_line(capsys)
        assert "already open" in line and "Sync" in line
    finally:
        held.close()


def test_a_damaged_work_tree_is_rewritten_from_git(both, config, capsys):
    a, b = both
    folder = folder_for(a)
    for shard in [*(folder / "contacts").iterdir(), *(folder / "interactions").iterdir()][::3]:
        shard.write_text("garbage\n")
    (folder / "contacts" / "extra.jsonl").write_text("garbage\n")
    (folder / "interactions" / "00.jsonl").unlink(missing_ok=True)
    ines = first_person(a, config)
    change(a, config, lambda board: board.update_contact(ines.id, city="Aveiro"))
    assert run("sync", "--db", a) == 0
    assert run("sync", "--db", b) == 0
    assert exported(a, config) == exported(b, config)


def test_a_damaged_git_folder_is_one_line_and_changes_nothing(both, capsys):
    a, _b = both
    head = folder_for(a) / ".git" / "HEAD"
    head.write_text("garbage\n")
    before = on_disk(a)
    assert run("sync", "--db", a) == 1
    one_error_line(capsys)
    assert on_disk(a) == before


@pytest.mark.parametrize("url, shown", [
    ("https://me:s3cret@127.0.0.1:9/board.git", "https://me:***@127.0.0.1:9/board.git"),
    # a password with an @ of its own; a token as the user name (GitHub's form)
    ("https://me:p@s3cret@127.0.0.1:9/board.git", "https://me:***@127.0.0.1:9/board.git"),
    ("https://ghp_s3cret@127.0.0.1:9/board.git", "https://***@127.0.0.1:9/board.git"),
])
def test_no_network_is_one_line_that_never_shows_a_token(a, capsys, url, shown):
    before = on_disk(a)
    # (port 9 on this machine: nothing listens, the connection is refused at once)
    assert run("sync", "--db", a, "--remote", url) == 1
    line = one_error_line(capsys)
    assert f"cannot reach {shown}" in line
    assert "s3cret" not in line
    assert on_disk(a) == before


def test_fields_added_to_the_schema_sync_with_no_code_of_their_own(both, config):
    """Birthdays and named dates (declared after sync was written) merge as
    every field does: one machine's birthday, the other's named dates."""
    a, b = both
    ines = first_person(a, config)
    change(a, config, lambda board: board.update_contact(ines.id, birthday="1988-03-14"))
    change(b, config, lambda board: board.update_contact(
        ines.id, dates="studio anniversary: 2019-06-01"))
    for db in (a, b, a):
        assert run("sync", "--db", db) == 0
    assert exported(a, config) == exported(b, config)
    got = first_person(b, config)
    assert got.birthday == "1988-03-14"
    assert [d.label for d in got.dates] == ["studio anniversary"]
    assert not got.conflicts


def _drop_the_line(text: bytes) -> bytes:
    return b"\n".join(ln for ln in text.split(b"\n") if b'"city":"Aveiro"' not in ln)


@pytest.mark.parametrize("edit, said", [
    (lambda t: t + b"not json\n", "is not a board sync record"),
    # the line's id no longer the record's, nor in the file its id hashes to
    (lambda t: t.replace(b'{"id":"', b'{"id":"\\u001b[31m', 1), "belongs in"),
    (lambda t: t.replace(b'"city":"Aveiro"', b'"city":"Aveiro","id":"other"'),
     "holds the record of 'other'"),
    # a record gone with no deletion (a deletion keeps its line): taking it
    # for one left the person's interactions naming no one
    (_drop_the_line, "no deletion recorded"),
])
@pytest.mark.parametrize("changed_here", [False, True])
def test_a_hostile_record_on_the_remote_changes_nothing_here(both, config, capsys, edit, said,
                                                             changed_here):
    a, b = both
    ines = first_person(a, config)
    change(a, config, lambda board: board.update_contact(ines.id, city="Aveiro"))
    assert run("sync", "--db", a) == 0
    work = folder_for(a)
    [shard] = [p for p in (work / "contacts").iterdir() if b'"city":"Aveiro"' in p.read_bytes()]
    shard.write_bytes(edit(shard.read_bytes()))
    git("-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qam", "hostile", cwd=work)
    git("push", "-q", "origin", "main", cwd=work)
    if changed_here:  # (then the sync merges rather than takes the remote's)
        change(b, config, lambda board: board.update_contact(
            first_person(b, config).id, company="Elsewhere"))
    capsys.readouterr()
    before = on_disk(b)
    assert run("sync", "--db", b) == 1
    line = one_error_line(capsys)
    assert said in line and "\x1b" not in line
    assert on_disk(b) == before
