"""The fast paths of the record readers accept exactly what the full checks
accept, and build the same records (property tests over mangled records)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from board.core.model import (
    RecordError,
    _contact_from_dict_checked,
    _interaction_from_dict_checked,
    contact_from_dict,
    interaction_from_dict,
)

ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=4), st.just(""),
    st.just("  "), st.lists(st.text(max_size=3), max_size=3), st.just([]),
    st.just("2026-11-02T14:30:00+00:00"), st.just("2026-11-02T14:30:00+01:00"),
    st.just("2026-13-02T14:30:00+00:00"), st.dictionaries(st.text(max_size=3), st.none()),
)

INTERACTION = {
    "id": "i1", "kind": "call", "at": "2026-11-02T14:30:00+00:00", "people": ["a"],
    "duration_min": 30, "place": "Café", "notes": "hi", "direction": "", "connector": "",
    "agreed": False, "why": "",
}
CONTACT = {
    "id": "c1", "name": "Ada", "rung": "call", "created": "2026-01-01T00:00:00+00:00",
    "history": [{"rung": "follower", "at": "2026-01-01T00:00:00+00:00"}],
    "handles": [{"platform": "x", "handle": "@ada"}], "email": "a@b.example",
    "tags": ["maths"], "notes": "", "advocate": True, "cadence_days": 14,
    "snoozed_until": "2026-02-01T00:00:00+00:00",
}


def outcome(reader, d):
    try:
        return ("ok", reader(d))
    except RecordError:
        return ("error", None)


def mangle(base: dict):
    keys = st.sampled_from([*base, "unknown"])
    return st.lists(st.tuples(keys, st.one_of(ODD, st.just("__drop__"))), max_size=4).map(
        lambda changes: _apply(base, changes)
    )


def _apply(base: dict, changes) -> dict:
    d = dict(base)
    for key, value in changes:
        if value == "__drop__":
            d.pop(key, None)
        else:
            d[key] = value
    return d


@settings(max_examples=400, deadline=None)
@given(mangle(INTERACTION))
def test_interaction_fast_path_agrees_with_the_checks(d):
    assert outcome(interaction_from_dict, d) == outcome(
        lambda x: _interaction_from_dict_checked(x, "interaction"), d)


@settings(max_examples=400, deadline=None)
@given(mangle(CONTACT))
def test_contact_fast_path_agrees_with_the_checks(d):
    assert outcome(contact_from_dict, d) == outcome(
        lambda x: _contact_from_dict_checked(x, "contact"), d)


def test_minimal_interaction_takes_the_short_way():
    d = {k: INTERACTION[k] for k in ("id", "kind", "at", "people")}
    assert interaction_from_dict(d) == _interaction_from_dict_checked(d, "i")


# ---------------------------------------------------------------- to dict

from dataclasses import fields  # noqa: E402
from datetime import UTC, datetime, timedelta, timezone  # noqa: E402

from board.core.model import (  # noqa: E402
    Contact,
    Handle,
    Interaction,
    StageChange,
    _is_empty,
    contact_to_dict,
    format_time,
    interaction_to_dict,
    utc,
)


def loop_to_dict(record) -> dict:
    """The loop over the fields that contact_to_dict and interaction_to_dict
    replace (they write each field by hand): the reference they must match."""
    out = {}
    always = ("id", "name", "rung", "created", "history", "kind", "at", "people")
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name not in always and _is_empty(value):
            continue
        if f.name in ("created", "snoozed_until", "at"):
            value = utc(value).isoformat()
        elif f.name == "history":
            value = [{"rung": h.rung, "at": utc(h.at).isoformat()} for h in value]
        elif f.name == "handles":
            value = [{"platform": h.platform, "handle": h.handle} for h in value]
        elif f.name in ("tags", "people"):
            value = list(value)
        out[f.name] = value
    return out


TIMES = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                     timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)),
                                                timezone(timedelta(hours=-8))]))
TEXT = st.one_of(st.just(""), st.text(max_size=5))
MAYBE_INT = st.one_of(st.none(), st.integers(0, 400))


@settings(max_examples=300, deadline=None)
@given(st.builds(
    Contact, id=st.text(min_size=1, max_size=4), name=TEXT, rung=TEXT, created=TIMES,
    history=st.lists(st.builds(StageChange, rung=TEXT, at=TIMES), max_size=3).map(tuple),
    handles=st.lists(st.builds(Handle, platform=TEXT, handle=TEXT), max_size=2).map(tuple),
    email=TEXT, phone=TEXT, company=TEXT, position=TEXT, city=TEXT, how_we_met=TEXT,
    introduced_by=TEXT, tags=st.lists(TEXT, max_size=3).map(tuple), notes=TEXT, help=TEXT,
    advocate=st.booleans(), archived=st.booleans(), cadence_days=MAYBE_INT,
    no_cadence=st.booleans(), snoozed_until=st.one_of(st.none(), TIMES),
))
def test_contact_to_dict_matches_the_loop_over_fields(contact):
    d = contact_to_dict(contact)
    assert d == loop_to_dict(contact) and list(d) == list(loop_to_dict(contact))


@settings(max_examples=300, deadline=None)
@given(st.builds(
    Interaction, id=st.text(min_size=1, max_size=4), kind=TEXT, at=TIMES,
    people=st.lists(TEXT, min_size=1, max_size=3).map(tuple), duration_min=MAYBE_INT,
    place=TEXT, notes=TEXT, direction=TEXT, connector=TEXT, agreed=st.booleans(), why=TEXT,
))
def test_interaction_to_dict_matches_the_loop_over_fields(interaction):
    d = interaction_to_dict(interaction)
    assert d == loop_to_dict(interaction) and list(d) == list(loop_to_dict(interaction))


@given(TIMES)
def test_format_time_is_utc_iso(dt):
    assert format_time(dt) == dt.astimezone(UTC).isoformat()
    assert format_time(utc(dt)) == format_time(dt)
