from datetime import UTC, datetime

import pytest

from board.core.model import (
    Contact,
    Handle,
    Interaction,
    RecordError,
    StageChange,
    contact_from_dict,
    contact_to_dict,
    interaction_from_dict,
    interaction_to_dict,
)

T = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def full_contact() -> Contact:
    return Contact(
        id="c1",
        name="Zoë Ångström",
        rung="call",
        created=T,
        history=(StageChange("follower", T), StageChange("call", T)),
        handles=(Handle("x", "@zoe"),),
        email="zoe@example.com",
        tags=("design", "b2b"),
        notes="line one\nline two",
        advocate=True,
        cadence_days=14,
        snoozed_until=T,
    )


def test_contact_round_trip():
    c = full_contact()
    assert contact_from_dict(contact_to_dict(c)) == c


def test_empty_fields_are_left_out_and_come_back():
    c = Contact(id="c2", name="A", rung="follower", created=T)
    d = contact_to_dict(c)
    assert set(d) == {"id", "name", "rung", "created", "history"}
    assert contact_from_dict(d) == c


def test_interaction_round_trip():
    i = Interaction("i1", "introduction", T, ("a", "b"), direction="given", agreed=True,
                    why="both into climate")
    assert interaction_from_dict(interaction_to_dict(i)) == i


@pytest.mark.parametrize(
    "doc, message",
    [
        ("nope", "expected a mapping"),
        ({"id": "x", "name": "", "rung": "a", "created": "2026-01-01T00:00:00+00:00"},
         "'name' is required"),
        ({"id": "x", "name": "A", "rung": "a", "created": "yesterday"}, "ISO 8601"),
        ({"id": "x", "name": "A", "rung": "a", "created": "2026-01-01T00:00:00+00:00",
          "tags": [1]}, "tags must be text"),
        ({"id": "x", "name": "A", "rung": "a", "created": "2026-01-01T00:00:00+00:00",
          "colour": "red"}, "unknown field"),
        ({"id": "x", "name": "A", "rung": "a", "created": "2026-01-01T00:00:00+00:00",
          "advocate": "yes"}, "true or false"),
    ],
)
def test_bad_contacts_are_refused_with_the_field(doc, message):
    with pytest.raises(RecordError, match=message):
        contact_from_dict(doc)


def test_context_line_uses_what_is_set():
    c = Contact(id="c", name="A", rung="f", created=T, company="Acme", city="Oslo")
    assert c.context == "Acme · Oslo"
    assert Contact(id="c", name="A", rung="f", created=T).context == ""
