"""Importing a YAML backup: exact restore, merge, replace, and refusing bad or
malicious files before anything is written."""

from __future__ import annotations

import tracemalloc
from datetime import timedelta

import pytest
from msgspec.structs import replace

from board.core.board import Board
from board.core.schema import Handle
from board.formats import FORMATS, backup
from board.formats.backup import BackupError, export_board, load_backup
from board.formats.importing import (
    BoardNotEmpty,
    ImportFileError,
    apply_plan,
    plan_import,
    read_import,
)


@pytest.fixture
def source(config, frozen):
    """A board to back up: an introduction, a group coffee, an archived person."""
    b = Board(config.ladder)
    ada = b.add_contact("Ada Lovelace", email="ada@engines.example", notes="Engines.\nPoetry.")
    grace = b.add_contact("Grace Hopper", handles=["github:grace"])
    alan = b.add_contact("Alan Turing")
    b.promote(ada.id)
    b.log("coffee", [ada.id, grace.id], duration_min=45, place="Lisbon")
    b.receive_introduction(ada.id, alan.id, why="Both love machines")
    b.update_contact(alan.id, introduced_by=ada.id)
    b.archive(grace.id)
    return b


def backup_file(tmp_path, board, name="backup.yaml"):
    path = tmp_path / name
    path.write_text(export_board(board), encoding="utf-8")
    return path


def test_into_an_empty_board_everything_comes_back_exactly(tmp_path, config, source):
    target = Board(config.ladder)
    plan = plan_import(target, read_import(backup_file(tmp_path, source)))
    assert plan.mode == "restore"
    apply_plan(target, plan)
    assert target.contacts == source.contacts
    assert target.interactions == source.interactions
    assert plan.summary() == "3 people and 2 interactions restored"


def test_into_a_board_with_people_it_is_refused_without_a_mode(tmp_path, config, source):
    target = Board(config.ladder)
    target.add_contact("Someone")
    with pytest.raises(BoardNotEmpty, match="already holds 1 person; add --merge"):
        plan_import(target, read_import(backup_file(tmp_path, source)))


def test_merge_matches_by_id_email_and_name_and_adds_what_is_new(tmp_path, config, source,
                                                                   frozen):
    target = Board(config.ladder)
    # the same Ada under another id (matched by email), with a company already
    ada2 = target.add_contact("Ada L.", email="ADA@engines.example", company="Engines Ltd")
    # Alan by name (extra spaces do not matter); a stranger stays as they are
    alan2 = target.add_contact("Alan Turing", notes="Enigma.")
    target.restore([replace(alan2, name="Alan  Turing")], [])
    stranger = target.add_contact("Stranger")
    # a touch already there (same kind, time and people once remapped)
    coffee = next(i for i in source.interactions.values() if i.kind == "coffee")

    plan = plan_import(target, read_import(backup_file(tmp_path, source)), "merge")
    merged = {m.name: m for m in plan.merged}
    assert merged["Ada L."].matched_by == "email"
    assert merged["Ada L."].added == ("notes",)
    assert merged["Alan  Turing"].matched_by == "name"
    assert merged["Alan  Turing"].added == ("how we met", "introduced by")
    assert plan.added == ["Grace Hopper"]
    assert plan.interactions_added == 2
    apply_plan(target, plan)

    ada = target.contacts[ada2.id]
    assert ada.company == "Engines Ltd"  # kept
    assert ada.email == "ADA@engines.example"  # kept
    assert ada.notes == "Engines.\nPoetry."  # was empty: filled
    alan = target.contacts[alan2.id]
    assert alan.notes == "Enigma."
    assert alan.how_we_met == "Introduced by Ada Lovelace"
    assert alan.introduced_by == ada2.id  # remapped to the board's Ada
    assert target.contacts[stranger.id].name == "Stranger"
    grace = next(c for c in target.contacts.values() if c.name == "Grace Hopper")
    assert grace.archived
    # interactions point at the board's people
    new_coffee = target.interactions[coffee.id]
    assert set(new_coffee.people) == {ada2.id, grace.id}
    intro = next(i for i in target.interactions.values() if i.kind == "introduction")
    assert intro.connector == ada2.id and intro.people == (alan2.id,)

    # merging the same file again changes nothing
    again = plan_import(target, read_import(backup_file(tmp_path, source)), "merge")
    assert not again.changes_anything
    assert {s.reason for s in again.skipped} == {"already on the board, nothing new"}
    assert {s.reason for s in again.skipped_interactions} == {"already on the board"}

    # and the whole merge is one undoable step
    target.undo()
    assert set(target.contacts) == {ada2.id, alan2.id, stranger.id}
    assert target.contacts[ada2.id].notes == "" and not target.interactions


def test_merge_into_the_same_board_is_a_no_op(tmp_path, source):
    plan = plan_import(source, read_import(backup_file(tmp_path, source)), "merge")
    assert not plan.changes_anything
    assert len(plan.skipped) == 3


def test_merge_skips_ambiguous_people_and_their_interactions(tmp_path, config, source):
    target = Board(config.ladder)
    target.add_contact("Grace Hopper")
    target.add_contact("Grace Hopper")
    plan = plan_import(target, read_import(backup_file(tmp_path, source)), "merge")
    [skip] = [s for s in plan.skipped if "Grace" in s.reason]
    assert "several people already there are named 'Grace Hopper'" in skip.reason
    [coffee] = plan.skipped_interactions
    assert coffee.reason == "involves Grace Hopper, who was skipped"
    lines = plan.details()
    assert any(line.startswith("skipped interactions: involves Grace Hopper") for line in lines)


def test_replace_puts_the_backup_in_place_of_everything(tmp_path, config, source):
    target = Board(config.ladder)
    old = target.add_contact("Old Friend")
    target.log("call", [old.id])
    plan = plan_import(target, read_import(backup_file(tmp_path, source)), "replace")
    assert plan.replaced == (1, 1)
    apply_plan(target, plan)
    assert target.contacts == source.contacts
    assert target.interactions == source.interactions
    target.undo()
    assert set(target.contacts) == {old.id} and len(target.interactions) == 1


def test_replace_over_the_board_it_came_from_writes_only_what_changed(tmp_path, source):
    path = backup_file(tmp_path, source)
    ada = next(c for c in source.contacts.values() if c.name == "Ada Lovelace")
    source.update_contact(ada.id, city="London")  # since the backup
    changes = []
    source.subscribe(changes.append)
    apply_plan(source, plan_import(source, read_import(path), "replace"))
    [change] = changes
    assert change.contacts == {ada.id} and not change.interactions
    assert source.contacts[ada.id].city == ""
    apply_plan(source, plan_import(source, read_import(path), "replace"))
    assert not changes[1].contacts and not changes[1].interactions
    source.undo()
    source.undo()
    assert source.contacts[ada.id].city == "London"


def test_a_rung_the_ladder_does_not_have_is_kept_and_noted(tmp_path, config, source):
    ada = next(c for c in source.contacts.values() if c.name == "Ada Lovelace")
    source.contacts[ada.id] = replace(ada, rung="mentor")
    target = Board(config.ladder)
    plan = plan_import(target, read_import(backup_file(tmp_path, source)))
    apply_plan(target, plan)
    assert target.contacts[ada.id].rung == "mentor"
    assert any("mentor (1)" in w for w in plan.warnings)


# ---------------------------------------------------------------- bad files

GOOD_CONTACT = (
    "  - id: c1\n"
    "    name: Ada\n"
    "    rung: follower\n"
    "    created: '2026-01-01T00:00:00+00:00'\n"
    "    history:\n"
    "    - rung: follower\n"
    "      at: '2026-01-01T00:00:00+00:00'\n"
)
HEAD = "format: board-backup\nversion: 1\ncontacts:\n"


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("text, message", [
    (HEAD + GOOD_CONTACT + "  - id: c2\n    name: Bob\n    rung: follower\n"
     "    created: 'last tuesday'\n",
     r"line 11: contact 2 c2: field 'created': 'last tuesday' is not"),
    (HEAD + GOOD_CONTACT + "  - id: c2\n    name: Bob\n    rung: 5\n"
     "    created: '2026-01-01T00:00:00+00:00'\n", r"line 11: contact 2 c2: field 'rung' must "
     "be text"),
    (HEAD + GOOD_CONTACT + "    shoe_size: 42\n", r"line 4: contact 1 c1: unknown field"),
    (HEAD + GOOD_CONTACT + GOOD_CONTACT, r"line 11: duplicate contact id 'c1'"),
    ("format: board-backup\nversion: 1\ncontacts: []\ninteractions:\n  - id: i1\n"
     "    kind: call\n    at: '2026-01-01T00:00:00+00:00'\n    people: [ghost]\n",
     r"line 5: interaction i1 refers to unknown contact\(s\) ghost"),
    ("format: board-backup\nversion: 1\ncontacts:\n"
     "  - !!python/object/apply:os.system ['touch /tmp/board-pwned']\n",
     r"line 4, column 5: not valid YAML: could not determine a constructor for the tag"),
    ("format: board-backup\nversion: 1\ncontacts: !!python/name:os.system\n",
     r"not valid YAML"),
    ("a: &a [x, y]\nb: *a\n", r"line 2, column 4: YAML aliases \(\*a\) are not allowed"),
    ("people:\n  - Ada\n", r"is not a board backup \(no 'format: board-backup'\)"),
    ("format: board-backup\nversion: 3\n", r"backup version 3 is not supported"),
    ("format: board-backup\nversion: 1\ncontacts: [\n", r"not valid YAML"),
    ("", r"is empty"),
])
def test_bad_files_are_refused_with_where_and_why(text, message, fast):
    with pytest.raises(BackupError, match=message) as exc:
        load_backup(text, "b.yaml", fast=fast)
    assert str(exc.value).startswith("b.yaml")
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("depth", [40, 999, 1_001, 100_000])
@pytest.mark.parametrize("shape", ["flow list", "flow map", "block list", "inside a backup"])
def test_deep_nesting_is_refused_as_too_deep(fast, depth, shape):
    """However deep, and whichever parser layer stops first, the user reads
    one line saying the file is nested too deeply."""
    text = {
        "flow list": "[" * depth + "]" * depth,
        "flow map": "{a: " * depth + "1" + "}" * depth,
        "block list": "- " * depth + "x\n",
        "inside a backup": "format: board-backup\nversion: 1\ncontacts:\n  - notes: "
                           + "[" * depth + "]" * depth + "\n",
    }[shape]
    with pytest.raises(BackupError) as exc:
        load_backup(text, "b.yaml", fast=fast)
    line = str(exc.value)
    assert line.startswith("b.yaml") and "\n" not in line
    assert "nested too deeply to be a board backup" in line


@pytest.mark.parametrize("fast", [True, False])
def test_billion_laughs_is_refused_at_once(fast):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 12):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    tracemalloc.start()
    try:
        with pytest.raises(BackupError, match="aliases"):
            load_backup("\n".join(lines), fast=fast)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # refused before expanding: 9**12 items would need terabytes


def test_python_tags_never_run(tmp_path):
    marker = tmp_path / "pwned"
    text = (f"format: board-backup\nversion: 1\ncontacts:\n"
            f"  - !!python/object/apply:os.system ['touch {marker}']\n")
    for fast in (True, False):
        with pytest.raises(BackupError):
            load_backup(text, fast=fast)
    assert not marker.exists()


def test_import_errors_name_the_file(tmp_path):
    with pytest.raises(ImportFileError, match=r"missing.yaml: no such file"):
        read_import(tmp_path / "missing.yaml")
    with pytest.raises(ImportFileError, match="is a folder"):
        read_import(tmp_path)
    odd = tmp_path / "data.bin"
    odd.write_text("hello")
    with pytest.raises(ImportFileError, match="cannot tell what kind of file") as refused:
        read_import(odd)
    assert all(fmt in str(refused.value) for fmt in FORMATS)
    yaml_file = tmp_path / "backup.txt"
    yaml_file.write_text("format: board-backup\nversion: 1\n")
    assert read_import(yaml_file).format == "yaml"  # told by its content
    assert read_import(yaml_file, "yaml").backup is not None


def test_timestamps_with_other_offsets_are_read_as_the_same_moment(config):
    text = HEAD + GOOD_CONTACT.replace("'2026-01-01T00:00:00+00:00'",
                                       "'2026-01-01T01:00:00+01:00'")
    [c] = load_backup(text).contacts
    assert c.created.utcoffset() == timedelta(0) and c.created.hour == 0
    again = backup.dump_backup(config.ladder, [c], [])
    assert '"created":"2026-01-01T00:00:00Z"' in again


def test_awkward_text_survives(config, frozen):
    b = Board(config.ladder)
    names = ["NULL", "yes", "~", "- dash", "# hash", "key: value", "'quoted'", '"double"',
             "trailing ", " leading", "tab\there", "nel\x85next", "line\u2028sep", "😀 emoji",
             "שלום", "\x1b[31mred", "[bold]Eve[/]", "a\r\nb", "0123", "1e3", "2026-01-01"]
    for name in names:
        b.add_contact("x", notes=name + "\nmore", help=name)
        c = b.add_contact("x")
        b.contacts[c.id] = replace(c, name=name)  # exactly as given
    text = export_board(b)
    back = load_backup(text)
    assert {c.id: c for c in back.contacts} == b.contacts
    assert load_backup(text, fast=False).contacts == back.contacts
    assert Handle  # (imported for readers of this file: handles are covered above)
