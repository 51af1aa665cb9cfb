"""Any board survives export → import into an empty database → export, byte
for byte (the backup's promise), whichever YAML parser and emitter are used."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.core.schema import Contact, Handle, Interaction, NamedDate, StageChange
from board.formats import backup
from board.formats.backup import dump_backup, export_board, load_backup
from board.formats.importing import apply_plan, plan_import, read_import
from board.session import Session

RUNGS = ["follower", "engaged", "conversation", "call", "met", "friend"]

# Any Unicode (emoji, right-to-left, combining marks, control characters,
# line and paragraph separators...), as people paste it.
text = st.text(max_size=40)
some_text = st.text(min_size=1, max_size=40).filter(str.strip)
notes = st.one_of(text, st.lists(text, min_size=2, max_size=5).map("\n".join))
moments = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
ids = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
# Birthdays and named dates: a day with its year, or without one.
days = st.dates().map(lambda d: d.isoformat()) | st.dates().map(lambda d: d.strftime("--%m-%d"))


@st.composite
def contacts(draw, cid: str) -> Contact:
    return Contact(
        id=cid,
        name=draw(some_text),
        rung=draw(st.one_of(st.sampled_from(RUNGS), some_text)),
        created=draw(moments),
        history=tuple(draw(st.lists(
            st.builds(StageChange, st.sampled_from(RUNGS), moments), min_size=1, max_size=4))),
        handles=tuple(draw(st.lists(st.builds(Handle, text, some_text), max_size=3))),
        email=draw(text),
        phone=draw(text),
        company=draw(text),
        position=draw(text),
        city=draw(text),
        how_we_met=draw(text),
        tags=tuple(draw(st.lists(text, max_size=3))),
        notes=draw(notes),
        help=draw(notes),
        advocate=draw(st.booleans()),
        archived=draw(st.booleans()),
        cadence_days=draw(st.none() | st.integers(1, 3650)),
        no_cadence=draw(st.booleans()),
        snoozed_until=draw(st.none() | moments),
        birthday=draw(st.sampled_from(["", "--02-29", "1986-03-14", "0001-01-01"])
                      | days),
        dates=tuple(draw(st.lists(st.builds(NamedDate, some_text, days, st.just(True)),
                                  max_size=3))),
    )


@st.composite
def interactions(draw, iid: str, people_ids: list[str]) -> Interaction:
    people = draw(st.lists(st.sampled_from(people_ids), min_size=1, max_size=4, unique=True))
    direction = draw(st.sampled_from(["", "given", "received"]))
    if direction == "given" and len(people) < 2:
        direction = ""
    connector = draw(st.sampled_from(people_ids)) if direction == "received" else ""
    return Interaction(
        id=iid,
        kind=draw(st.one_of(st.sampled_from(["call", "coffee", "introduction", "connected"]),
                            some_text)),
        at=draw(moments),
        people=tuple(people),
        duration_min=draw(st.none() | st.integers(0, 1440)),
        place=draw(text),
        notes=draw(notes),
        direction=direction,
        connector=connector,
        agreed=draw(st.booleans()),
        why=draw(text),
    )


@st.composite
def boards(draw) -> tuple[list[Contact], list[Interaction]]:
    contact_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    people = [draw(contacts(cid)) for cid in contact_ids]
    interaction_ids = draw(st.lists(ids, max_size=6, unique=True))
    touches = [draw(interactions(iid, contact_ids)) for iid in interaction_ids]
    return people, touches


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(data=boards())
def test_export_import_export_is_byte_identical(tmp_path_factory, config, data):
    people, touches = data
    text = dump_backup(config.ladder, people, touches)
    folder = tmp_path_factory.mktemp("roundtrip")
    source = folder / "backup.yaml"
    source.write_bytes(text.encode("utf-8"))

    session = Session.open(folder / "board.json", config)
    try:
        plan = plan_import(session.board, read_import(source))
        assert plan.mode == "restore"
        apply_plan(session.board, plan, undoable=False)
    finally:
        session.close()

    session = Session.open(folder / "board.json", config)  # what is on disk
    try:
        assert session.board.contacts == {c.id: c for c in people}
        assert session.board.interactions == {i.id: i for i in touches}
        assert export_board(session.board) == text
    finally:
        session.close()


@SETTINGS
@given(data=boards())
def test_every_reader_reads_the_same_backup(config, data):
    """Read line by line, by the C loader and by the pure-Python loader (a
    PyYAML without libyaml), a backup is the same records."""
    people, touches = data
    text = dump_backup(config.ladder, people, touches)
    lines = load_backup(text)
    assert load_backup(text, fast=False) == lines
    with mock.patch.object(backup, "HAVE_LIBYAML", False):
        assert load_backup(text, fast=False) == lines
