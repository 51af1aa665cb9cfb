from datetime import UTC, datetime

from board.core.schema import Contact
from board.core.search import NameIndex

T = datetime(2026, 1, 1, tzinfo=UTC)


def index(*names):
    return NameIndex(Contact(id=n, name=n, rung="f", created=T) for n in names)


def test_ranking():
    idx = index("Anna Karenina", "Hanna Schmidt", "Joanna Newsom", "Ann", "Banana Bob")
    assert idx.find("ann") == ["Ann", "Anna Karenina", "Hanna Schmidt", "Joanna Newsom",
                               "Banana Bob"][:5]
    assert idx.find("anna k") == ["Anna Karenina"]
    assert idx.find("ak")[:1] == ["Anna Karenina"]  # a scattered subsequence
    assert idx.find("zz") == []
    assert idx.find("   ") == []


def test_limit_and_exclude():
    idx = index(*[f"Person {n}" for n in range(100)])
    assert len(idx.find("person", limit=10)) == 10
    assert "Person 1" not in idx.find("person 1", exclude={"Person 1"})


def test_case_and_accents_as_typed():
    idx = index("Zoë Ångström")
    assert idx.find("zoë") == ["Zoë Ångström"]
    assert idx.find("ÅNG") == ["Zoë Ångström"]
