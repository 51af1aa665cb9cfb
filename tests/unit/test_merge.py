"""The three-way, per-field merge of board.core.merge (pure; no git)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from board.core.merge import Entry, Stamp, merge, stamp_changes
from board.core.schema import Contact, Interaction, StageChange

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
RUNGS = ("follower", "engaged", "conversation", "call", "met", "friend")


def person(cid: str, name: str = "", **values) -> Contact:
    return Contact(id=cid, name=name or cid.upper(), rung="follower", created=T0,
                   history=(StageChange("follower", T0),), **values)


def touch(iid: str, *people: str, notes: str = "") -> Interaction:
    return Interaction(id=iid, kind="call", at=T0, people=people, notes=notes)


ORIGIN = Stamp(0, "")


def synced(records, stamp=ORIGIN) -> dict[str, Entry]:
    return {r.id: Entry(r, stamp) for r in records}


def edit(table, cls, records, when: int, device: str):
    """A device's table after its board became ``records`` (at ``when``)."""
    now = {r.id: r for r in records}
    out = dict(table)
    out.update(stamp_changes(cls, table, now, Stamp(when, device)))
    return out


def both(base_c, a_c, b_c, base_i=None, a_i=None, b_i=None):
    base_i, a_i, b_i = base_i or {}, a_i or {}, b_i or {}
    return (merge((base_c, base_i), (a_c, a_i), (b_c, b_i)),
            merge((base_c, base_i), (b_c, b_i), (a_c, a_i)))


def test_each_field_takes_the_side_that_changed_it():
    ada = person("c1", notes="likes tea")
    base = synced([ada])
    a = edit(base, Contact, [replace(ada, company="Analytical")], 10, "aaa")
    b = edit(base, Contact, [replace(ada, notes="likes coffee")], 5, "bbb")
    for m in both(base, a, b):
        got = m.contacts["c1"].record
        assert (got.company, got.notes) == ("Analytical", "likes coffee")
        assert not got.conflicts and not m.conflicts


def test_the_later_change_of_one_field_wins_and_the_other_is_kept_as_a_conflict():
    ada = person("c1", notes="likes tea")
    base = synced([ada])
    a = edit(base, Contact, [replace(ada, notes="likes coffee")], 10, "aaa")
    b = edit(base, Contact, [replace(ada, notes="likes mate")], 20, "bbb")
    for m in both(base, a, b):
        got = m.contacts["c1"].record
        assert got.notes == "likes mate"
        [lost] = got.conflicts
        assert (lost.field, lost.value, lost.device) == ("notes", '"likes coffee"', "aaa")


def test_a_tie_on_time_breaks_on_the_device_id():
    ada = person("c1")
    base = synced([ada])
    a = edit(base, Contact, [replace(ada, city="Lisbon")], 10, "aaa")
    b = edit(base, Contact, [replace(ada, city="Porto")], 10, "zzz")
    for m in both(base, a, b):
        assert m.contacts["c1"].record.city == "Porto"


def test_stage_history_is_the_union_and_the_rung_is_the_last_by_time():
    ada = person("c1")
    base = synced([ada])
    t1, t2 = T0 + timedelta(days=1), T0 + timedelta(days=2)
    moved_a = replace(ada, rung="call", history=(*ada.history, StageChange("call", t2)))
    moved_b = replace(ada, rung="engaged", history=(*ada.history, StageChange("engaged", t1)))
    # b syncs later, but a's move was made later: the history decides the rung
    a = edit(base, Contact, [moved_a], 10, "aaa")
    b = edit(base, Contact, [moved_b], 99, "bbb")
    for m in both(base, a, b):
        got = m.contacts["c1"].record
        assert [h.rung for h in got.history] == ["follower", "engaged", "call"]
        assert got.rung == "call"


def test_interactions_from_both_sides_are_kept():
    ada = person("c1")
    base_c = synced([ada])
    a_i = edit({}, Interaction, [touch("i1", "c1")], 10, "aaa")
    b_i = edit({}, Interaction, [touch("i2", "c1")], 10, "bbb")
    for m in both(base_c, base_c, base_c, {}, a_i, b_i):
        assert set(m.interactions) == {"i1", "i2"}


def test_a_delete_wins_over_an_edit_only_if_it_is_later():
    ada = person("c1")
    call = touch("i1", "c1", notes="first")
    base_c, base_i = synced([ada]), synced([call])
    edited = edit(base_i, Interaction, [replace(call, notes="edited")], 10, "aaa")
    deleted_later = edit(base_i, Interaction, [], 20, "bbb")
    deleted_earlier = edit(base_i, Interaction, [], 5, "bbb")
    for m in both(base_c, base_c, base_c, base_i, edited, deleted_later):
        assert m.interactions["i1"].record is None
        [lost] = m.contacts["c1"].record.conflicts
        assert lost.record == "i1" and "edited" in lost.value
    for m in both(base_c, base_c, base_c, base_i, edited, deleted_earlier):
        assert m.interactions["i1"].record.notes == "edited"


def test_a_person_an_interaction_names_is_not_deleted():
    ada = person("c1")
    base_c = synced([ada])
    gone = edit(base_c, Contact, [], 50, "aaa")
    logged = edit({}, Interaction, [touch("i9", "c1")], 10, "bbb")
    for m in both(base_c, gone, base_c, {}, {}, logged):
        assert m.contacts["c1"].record is not None


# ------------------------------------------------------------- properties

IDS = ("c1", "c2", "c3")
ops = st.lists(st.tuples(
    st.sampled_from(("name", "notes", "tags", "advocate", "move", "log", "edit_log",
                     "delete_log", "add")),
    st.sampled_from((*IDS, "c4")),
    st.integers(0, 3),
), max_size=6)


def apply_ops(contacts, interactions, steps, device, clock):
    """A device's board after ``steps`` (each at its own moment)."""
    contacts, interactions = dict(contacts), dict(interactions)
    for n, (op, cid, k) in enumerate(steps):
        when = clock + timedelta(minutes=n)
        c = contacts.get(cid)
        if op == "add" and c is None:
            contacts[cid] = person(cid, name=f"{cid} by {device}")
            continue
        if c is None:
            continue
        if op == "name":
            contacts[cid] = replace(c, name=f"{cid} {device}{k}")
        elif op == "notes":
            contacts[cid] = replace(c, notes=f"note {device} {k}")
        elif op == "tags":
            tags = tuple(t for t in c.tags if t != f"t{k}") if f"t{k}" in c.tags \
                else (*c.tags, f"t{k}")
            contacts[cid] = replace(c, tags=tags)
        elif op == "advocate":
            contacts[cid] = replace(c, advocate=not c.advocate)
        elif op == "move":
            contacts[cid] = replace(c, rung=RUNGS[k + 1],
                                    history=(*c.history, StageChange(RUNGS[k + 1], when)))
        elif op == "log":
            iid = f"i-{device}-{n}"
            interactions[iid] = Interaction(id=iid, kind="call", at=when, people=(cid,))
        else:
            mine = sorted(i for i, r in interactions.items() if cid in r.people)
            if not mine:
                continue
            iid = mine[k % len(mine)]
            if op == "edit_log":
                interactions[iid] = replace(interactions[iid], notes=f"{device} {k}")
            else:
                del interactions[iid]
    return contacts, interactions


def start():
    contacts = {cid: person(cid) for cid in IDS}
    interactions = {"i0": touch("i0", "c1", "c2")}
    return contacts, interactions


def records(entries):
    return {k: e.record for k, e in entries.items() if e.record is not None}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops, ops, st.integers(0, 200), st.integers(0, 200))
def test_merge_is_symmetric(steps_a, steps_b, when_a, when_b):
    c0, i0 = start()
    base = (synced(c0.values()), synced(i0.values()))
    sides = []
    for steps, device, when in ((steps_a, "aaa", when_a), (steps_b, "bbb", when_b)):
        c, i = apply_ops(c0, i0, steps, device, T0 + timedelta(days=1))
        sides.append((edit(base[0], Contact, c.values(), when, device),
                      edit(base[1], Interaction, i.values(), when, device)))
    one = merge(base, sides[0], sides[1])
    other = merge(base, sides[1], sides[0])
    assert one.contacts == other.contacts
    assert one.interactions == other.interactions


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ops, min_size=3, max_size=3), st.permutations([0, 1, 2]),
       st.lists(st.integers(0, 50), min_size=3, max_size=3))
def test_syncing_in_any_order_converges_and_loses_no_touch_or_stage_change(
        edits, order, clocks):
    """Three devices edit apart, then sync one after the other through one
    remote (as git's pushes are: one at a time), then all once more."""
    c0, i0 = start()
    server = (synced(c0.values()), synced(i0.values()))
    devices = []
    for n, steps in enumerate(edits):
        device = f"d{n}"
        c, i = apply_ops(c0, i0, steps, device, T0 + timedelta(days=1, hours=n))
        devices.append({"name": device, "base": server, "board": (c, i)})
    added = {iid for d in devices for iid in d["board"][1]} - set(i0)
    stages = {(cid, h) for d in devices for cid, c in d["board"][0].items() for h in c.history}
    now = 1000
    for n in [*order, *order]:
        d = devices[n]
        now += 1 + clocks[n]
        stamp_c = edit(d["base"][0], Contact, d["board"][0].values(), now, d["name"])
        stamp_i = edit(d["base"][1], Interaction, d["board"][1].values(), now, d["name"])
        local = (stamp_c, stamp_i)
        if server == d["base"]:
            result = local
        else:
            m = merge(d["base"], local, server)
            result = ({**local[0], **m.contacts}, {**local[1], **m.interactions})
        server = result
        d["base"] = result
        d["board"] = (records(result[0]), records(result[1]))
    boards = [d["board"] for d in devices]
    assert boards[0] == boards[1] == boards[2]
    contacts, interactions = boards[0]
    assert added <= set(interactions)  # (a device deletes only i0, or its own)
    kept = {(cid, h) for cid, c in contacts.items() for h in c.history}
    assert stages <= kept


def test_applying_a_merge_keeps_what_was_changed_on_the_board_meanwhile(config):
    from board.core.board import Board

    board = Board(config.ladder)
    ada = board.add_contact("Ada", city="London")
    gone = board.add_contact("Gone")
    snapshot = (dict(board.contacts), dict(board.interactions))
    board.update_contact(ada.id, notes="typed while the sync ran")
    merged = {ada.id: replace(ada, city="Aveiro"), gone.id: None}
    board.apply_merged(merged, {}, "sync", since=snapshot)
    got = board.contacts[ada.id]
    assert (got.city, got.notes) == ("Aveiro", "typed while the sync ran")
    assert gone.id not in board.contacts
    board.undo()  # the merge is one step
    assert board.contacts[ada.id].city == "London" and gone.id in board.contacts


def test_any_declared_field_is_merged_by_its_type():
    """A record type (or a field) declared tomorrow needs no merge code."""
    from board.core.merge import merge_entry
    from board.core.schema import Record

    class Pet(Record, frozen=True):
        id: str
        name: str
        toys: tuple[str, ...] = ()
        seen: tuple[StageChange, ...] = ()
        mood: str = ""

    base = Entry(Pet("p1", "Rex", toys=("ball",)), Stamp(0, ""))
    t1, t2 = T0 + timedelta(days=1), T0 + timedelta(days=2)
    a = edit({"p1": base}, Pet, [Pet("p1", "Rex", toys=("ball", "rope"),
                                     seen=(StageChange("park", t2),), mood="happy")], 10, "aaa")
    b = edit({"p1": base}, Pet, [Pet("p1", "Rexy", toys=(), seen=(StageChange("vet", t1),),
                                     mood="sleepy")], 20, "bbb")
    for x, y in ((a, b), (b, a)):
        merged, lost = merge_entry(Pet, base, x["p1"], y["p1"])
        got = merged.record
        assert got.name == "Rexy" and got.mood == "sleepy"  # b's, later
        assert got.toys == ("rope",)  # a added rope, b took the ball out
        assert [s.rung for s in got.seen] == ["vet", "park"]  # by time
        assert {c.field for c in lost} == {"mood"}
