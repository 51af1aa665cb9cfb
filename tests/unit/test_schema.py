"""The records' one declaration: their dict and JSON shape, defaults and
validation (messages naming the record and the field), and immutability."""

from datetime import UTC, datetime, timedelta, timezone

import msgspec
import pytest
from msgspec.structs import replace

from board.core.schema import (
    Contact,
    Handle,
    Interaction,
    RecordError,
    StageChange,
    from_dict,
    from_dicts,
    to_dict,
)

T = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
CREATED = "2026-01-01T00:00:00+00:00"


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
    assert from_dict(Contact, to_dict(c)) == c
    assert msgspec.json.decode(msgspec.json.encode(c), type=Contact) == c


def test_empty_fields_are_left_out_and_come_back():
    c = Contact(id="c2", name="A", rung="follower", created=T)
    d = to_dict(c)
    assert d == {"id": "c2", "name": "A", "rung": "follower", "created": "2026-01-02T03:04:05Z"}
    assert from_dict(Contact, d) == c


def test_fields_keep_their_declared_order():
    d = to_dict(full_contact())
    assert list(d) == ["id", "name", "rung", "created", "history", "handles", "email", "tags",
                       "notes", "advocate", "cadence_days", "snoozed_until"]
    assert d["history"][0] == {"rung": "follower", "at": "2026-01-02T03:04:05Z"}


def test_interaction_round_trip():
    i = Interaction("i1", "introduction", T, ("a", "b"), direction="given", agreed=True,
                    why="both into climate", duration_min=0)
    d = to_dict(i)
    assert d["duration_min"] == 0  # (a zero is not left out)
    assert from_dict(Interaction, d) == i


@pytest.mark.parametrize("text", [
    "2026-01-02T03:04:05Z", "2026-01-02T03:04:05+00:00", "2026-01-02T05:04:05+02:00",
    "2026-01-01T22:04:05-05:00", "2026-01-02T03:04:05",
])
def test_timestamps_are_read_with_z_or_any_offset_and_kept_in_utc(text):
    i = from_dict(Interaction, {"id": "i", "kind": "call", "at": text, "people": ["a"]})
    assert i.at == T and i.at.tzinfo is UTC
    assert to_dict(i)["at"] == "2026-01-02T03:04:05Z"


def test_records_made_in_code_are_put_in_utc_too():
    i = Interaction("i", "call", datetime(2026, 1, 2, 5, 4, 5,
                                          tzinfo=timezone(timedelta(hours=2))), ("a",))
    assert i.at == T and i.at.tzinfo is UTC
    assert Contact("c", "A", "f", datetime(2026, 1, 2, 3, 4, 5)).created == T  # naive: UTC


def test_records_are_immutable():
    c = full_contact()
    with pytest.raises(AttributeError):
        c.name = "Other"  # type: ignore[misc]
    i = Interaction("i", "call", T, ("a",))
    with pytest.raises(AttributeError):
        i.notes = "x"  # type: ignore[misc]
    assert replace(i, notes="x").notes == "x" and i.notes == ""


def test_null_fields_read_as_left_out():
    d = {"id": "x", "name": "A", "rung": "a", "created": CREATED, "notes": None, "tags": None}
    assert from_dict(Contact, d) == Contact("x", "A", "a", datetime(2026, 1, 1, tzinfo=UTC))


BASE = {"id": "c2", "name": "A", "rung": "a", "created": CREATED}


@pytest.mark.parametrize(
    "doc, message",
    [
        ("nope", "contact 2: expected a mapping, got 'nope'"),
        ({**BASE, "id": "  "}, "contact 2: field 'id' is required"),
        ({**BASE, "name": ""}, "contact 2 c2: field 'name' is required"),
        ({**BASE, "rung": 5}, "contact 2 c2: field 'rung' must be text, got 5"),
        ({**BASE, "created": "yesterday"},
         "contact 2 c2: field 'created': 'yesterday' is not an ISO 8601 timestamp"),
        ({**BASE, "tags": [1]}, "contact 2 c2: field 'tags' must be a list of text"),
        ({**BASE, "colour": "red"}, "contact 2 c2: unknown field(s) colour"),
        ({**BASE, "advocate": "yes"},
         "contact 2 c2: field 'advocate' must be true or false, got 'yes'"),
        ({**BASE, "cadence_days": 0},
         "contact 2 c2: field 'cadence_days' must be a whole number ≥ 1, got 0"),
        ({**BASE, "history": [{"rung": "a"}]},
         "contact 2 c2: history entry 1: field 'at' is required"),
        ({**BASE, "handles": [{"platform": "x", "handle": " "}]},
         "contact 2 c2: handles entry 1: field 'handle' is required"),
    ],
)
def test_bad_contacts_are_refused_naming_the_record_and_the_field(doc, message):
    with pytest.raises(RecordError) as exc:
        from_dict(Contact, doc, "contact 2")
    assert str(exc.value) == message


GOOD = {"id": "i1", "kind": "call", "at": CREATED, "people": ["a"]}


@pytest.mark.parametrize(
    "doc, message",
    [
        ({**GOOD, "people": []}, "'people' must list at least one contact id"),
        ({**GOOD, "people": "a"}, "field 'people' must be a list of text, got 'a'"),
        ({**GOOD, "kind": "introduction", "direction": "given"},
         "a given introduction links at least two people"),
        ({**GOOD, "kind": "introduction", "direction": "received"},
         "a received introduction needs its 'connector'"),
        ({**GOOD, "direction": "sideways"}, "direction must be 'given' or 'received'"),
        ({**GOOD, "duration_min": -5}, "field 'duration_min' must be a whole number ≥ 0"),
        ({**GOOD, "kind": " "}, "field 'kind' is required"),
    ],
)
def test_bad_interactions_are_refused_naming_the_rule(doc, message):
    with pytest.raises(RecordError) as exc:
        from_dict(Interaction, doc, "interaction")
    assert str(exc.value).startswith(f"interaction i1: {message}")


def test_a_message_or_email_may_be_given_or_received_with_one_person():
    """Direction on a touch that is not an introduction says who wrote it;
    the introduction rules (two people, a connector) are not for it."""
    sent = from_dict(Interaction, {**GOOD, "kind": "message", "direction": "given"})
    got = from_dict(Interaction, {**GOOD, "kind": "email", "direction": "received",
                                  "title": "Lunch?", "source": "mail:<a@b>"})
    assert (sent.direction, got.direction, got.title, got.source) == (
        "given", "received", "Lunch?", "mail:<a@b>")
    assert to_dict(got)["source"] == "mail:<a@b>"
    assert "title" not in to_dict(sent)  # empty: left out of the stored shape
    with pytest.raises(RecordError, match="direction must be"):
        from_dict(Interaction, {**GOOD, "kind": "message", "direction": "sideways"})


def test_the_same_rules_hold_for_records_made_in_code():
    with pytest.raises(RecordError, match="at least two people"):
        Interaction("i", "introduction", T, ("a",), direction="given")
    with pytest.raises(RecordError, match="'name' is required"):
        Contact("c", " ", "f", T)
    with pytest.raises(RecordError, match="at least one contact"):
        replace(Interaction("i", "call", T, ("a",)), people=())


def test_many_records_name_the_first_bad_one_by_key_once():
    docs = {"c1": {**BASE, "id": "c1"}, "c2": {**BASE, "rung": 5}}
    with pytest.raises(RecordError) as exc:
        from_dicts(Contact, docs, "contact")
    assert str(exc.value) == "contact c2: field 'rung' must be text, got 5"
    assert [c.id for c in from_dicts(Contact, [docs["c1"]])] == ["c1"]
    with pytest.raises(RecordError, match=r"^contact 2 c2: "):
        from_dicts(Contact, list(docs.values()), "contact")


def test_context_line_uses_what_is_set():
    c = Contact(id="c", name="A", rung="f", created=T, company="Acme", city="Oslo")
    assert c.context == "Acme · Oslo"
    assert Contact(id="c", name="A", rung="f", created=T).context == ""
