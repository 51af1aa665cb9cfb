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
