"""vCard 3.0 and 4.0 files: several cards, folding, UTF-8, quoted-printable."""

from __future__ import annotations

import pytest

from board.core.board import Board
from board.core.schema import Handle
from board.formats.importing import ImportFileError, apply_plan, plan_import, read_import
from board.formats.vcard import read_vcards, url_handle
from board.resources import examples_dir


@pytest.fixture
def board(config, frozen):
    return Board(config.ladder)


def read_example(name: str):
    return read_import(examples_dir() / name)


def test_vcard3_sample():
    parsed = read_example("contacts-vcard3.vcf")
    assert parsed.format == "vcard" and parsed.skipped == []
    zoe, lea, kunle, mans = parsed.people
    assert zoe.name == "Zoë Ångström"
    assert zoe.emails == ("zoe@kassaflow.example",)
    assert zoe.phones == ("+46 70 555 01 23",)
    assert (zoe.company, zoe.position, zoe.city) == ("Kassaflow", "Head of brand", "Göteborg")
    # a folded line (two spaces: one is the fold) and an escaped newline
    assert zoe.notes == ("Met at Brand Days in Malmö. Cares about small brands that stay "
                         "honest as they grow.\nAsk about the Kassaflow redesign in January.")
    assert zoe.handles == (Handle("bluesky", "zoeangstrom.bsky.social"),)

    assert lea.emails == ("lea@ateliersable.example", "lea.baptiste@mail.example")
    assert lea.phones == ("+33 1 55 50 12 34", "+33 6 55 50 98 76")
    assert lea.company == "Atelier Sable, Studio"
    assert lea.tags == ("design", "paris")
    assert lea.handles == (Handle("web", "https://ateliersable.example"),
                           Handle("linkedin", "lea-baptiste"), Handle("x", "leabaptiste"))

    assert kunle.name == "Dr. Kunle Oyelaran"
    assert kunle.notes.startswith("Long conversation about community clinics, data sharing")
    assert "Wants an introduction" in kunle.notes  # folded mid-word
    assert set(kunle.handles) == {Handle("x", "kunleo"), Handle("skype", "kunle.oyelaran")}

    # vCard 2.1 from an old phone: quoted-printable, with a soft line break
    assert mans.name == "Måns Sjöberg"
    assert mans.notes == "Exported from an old phone.\nBuilds boats in Smögen."


def test_vcard4_sample():
    parsed = read_example("contacts-vcard4.vcf")
    assert parsed.skipped == []
    aroha, sara, ben = parsed.people
    assert aroha.emails == ("aroha@teawa.example", "aroha.ngata@mail.example")
    assert aroha.phones == ("+64-21-555-0142",)  # tel: URI
    assert aroha.city == "Auckland"
    assert aroha.handles == (Handle("github", "arohangata"),
                             Handle("mastodon", "@aroha@mastodon.nz"))
    assert aroha.tags == ("founders", "nz")
    assert sara.name == "سارا رضایی"
    assert sara.position == "طراح محصول"
    assert sara.notes.endswith("🎨")
    assert ben.handles == (Handle("linkedin", "ben-okafor"),
                           Handle("xmpp", "ben@loopwise.example"))


def test_a_bad_card_is_skipped_with_its_line_and_the_rest_are_read():
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Good One\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Broken\nthis line is not a property\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nEMAIL:nameless@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nN:Lovelace;Ada;;Countess;\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Never Ends\n"
    )
    parsed = read_vcards(text, "x.vcf")
    assert [p.name for p in parsed.people] == ["Good One", "Countess Ada Lovelace"]
    assert [(s.where, s.reason.split(":")[0]) for s in parsed.skipped] == [
        ("card 2, line 8", "cannot be read"),
        ("card 3, line 10", "no name (no FN, N or ORG)"),
        ("card 5, line 18", "never ends (no END"),
    ]


def test_a_file_without_cards_is_refused(tmp_path):
    path = tmp_path / "notes.vcf"
    path.write_text("just some text\n")
    with pytest.raises(ImportFileError, match="is not a vCard file"):
        read_import(path)


def test_not_utf8_is_refused_with_the_line(tmp_path):
    path = tmp_path / "latin1.vcf"
    path.write_bytes(b"BEGIN:VCARD\nVERSION:3.0\nFN:Bj\xf6rn\nEND:VCARD\n")
    with pytest.raises(ImportFileError, match=r"latin1.vcf, line 3: is not UTF-8 text"):
        read_import(path)


@pytest.mark.parametrize("url, handle", [
    ("https://twitter.com/ada", Handle("x", "ada")),
    ("https://x.com/@ada", Handle("x", "ada")),
    ("https://github.com/ada/", Handle("github", "ada")),
    ("https://bsky.app/profile/ada.bsky.social", Handle("bluesky", "ada.bsky.social")),
    ("https://hachyderm.io/@ada", Handle("mastodon", "@ada@hachyderm.io")),
    ("https://www.linkedin.com/in/ada", Handle("linkedin", "ada")),
    ("https://ada.example/about", Handle("web", "https://ada.example/about")),
    ("https://github.com/ada/engine", Handle("web", "https://github.com/ada/engine")),
])
def test_urls_become_handles(url, handle):
    assert url_handle(url) == handle


def test_import_and_reimport(board):
    ben = board.add_contact("Ben Okafor", handles=["linkedin:ben-okafor"])
    plan = plan_import(board, read_example("contacts-vcard4.vcf"))
    assert sorted(plan.added) == ["Aroha Ngata", "سارا رضایی"]
    [merge] = plan.merged
    assert (merge.name, merge.matched_by) == ("Ben Okafor", "profile")
    assert merge.added == ("email", "xmpp ben@loopwise.example")
    apply_plan(board, plan)
    assert board.contacts[ben.id].email == "ben@loopwise.example"
    aroha = next(c for c in board.contacts.values() if c.name == "Aroha Ngata")
    assert aroha.rung == board.ladder.first.key
    assert aroha.email == "aroha@teawa.example"
    assert Handle("email", "aroha.ngata@mail.example") in aroha.handles  # nothing lost
    assert not board.timeline(aroha.id)  # a vCard says nothing about when we met

    again = plan_import(board, read_example("contacts-vcard4.vcf"))
    assert not again.changes_anything
    assert len(again.skipped) == 3


def test_imported_people_follow_the_boards_field_rules(tmp_path, config):
    """A card the board's own form would refuse still comes in, tidied, and
    the person stays editable: what the rules refuse is kept as a handle."""
    from board.core.board import Board
    from board.formats.importing import apply_plan, plan_import, read_import

    path = tmp_path / "odd.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada   Lovelace\r\nN:Lovelace;Ada;;;\r\n"
        "EMAIL:not an email\r\nTEL:call me\r\nCATEGORIES:Friends,friends,#vip\r\n"
        "END:VCARD\r\n", encoding="utf-8")
    board = Board(config.ladder)
    apply_plan(board, plan_import(board, read_import(str(path)), None), undoable=True)
    (ada,) = board.contacts.values()
    assert ada.name == "Ada Lovelace"
    assert ada.email == "" and ada.phone == ""
    assert {str(h) for h in ada.handles} >= {"email:not an email", "phone:call me"}
    assert ada.tags == ("Friends", "vip")
    board.update_contact(ada.id, city="London")  # still editable


def test_bday_and_anniversary_become_the_birthday_and_a_yearly_date(board):
    from board.core.schema import NamedDate

    text = "\r\n".join([
        "BEGIN:VCARD", "VERSION:4.0", "FN:Amara Nwosu", "BDAY:19860314",
        "ANNIVERSARY:20100601", "END:VCARD",
        "BEGIN:VCARD", "VERSION:4.0", "FN:Bo Berg", "BDAY:--0229", "END:VCARD",
        "BEGIN:VCARD", "VERSION:3.0", "FN:Cy Dahl", "BDAY;VALUE=date:1990-03-14T00:00:00Z",
        "X-ANNIVERSARY:2015-09-12", "END:VCARD",
        "BEGIN:VCARD", "VERSION:3.0", "FN:Dee Ek", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-07-04",
        "END:VCARD",
        "BEGIN:VCARD", "VERSION:4.0", "FN:Eve Fox", "BDAY;VALUE=text:circa 1800",
        "END:VCARD", ""])
    parsed = read_vcards(text, "people.vcf")
    assert [(p.name, p.birthday) for p in parsed.people] == [
        ("Amara Nwosu", "1986-03-14"), ("Bo Berg", "--02-29"), ("Cy Dahl", "1990-03-14"),
        ("Dee Ek", "--07-04"), ("Eve Fox", "")]
    plan = plan_import(board, parsed)
    apply_plan(board, plan)
    by_name = {c.name: c for c in board.contacts.values()}
    assert by_name["Amara Nwosu"].birthday == "1986-03-14"
    assert by_name["Amara Nwosu"].dates == (NamedDate("anniversary", "2010-06-01"),)
    assert by_name["Cy Dahl"].dates == (NamedDate("anniversary", "2015-09-12"),)
    assert by_name["Eve Fox"].birthday == ""  # text, not a day: left out, the rest kept


def test_a_birthday_from_a_file_fills_an_empty_one_and_never_overwrites(board):
    amara = board.add_contact("Amara Nwosu", email="amara@slowbuild.example")
    bo = board.add_contact("Bo Berg", email="bo@example.org", birthday="--05-01")
    text = "\r\n".join([
        "BEGIN:VCARD", "VERSION:4.0", "FN:Amara Nwosu", "EMAIL:amara@slowbuild.example",
        "BDAY:19860314", "END:VCARD",
        "BEGIN:VCARD", "VERSION:4.0", "FN:Bo Berg", "EMAIL:bo@example.org",
        "BDAY:19800601", "END:VCARD", ""])
    plan = plan_import(board, read_vcards(text, "people.vcf"))
    apply_plan(board, plan)
    assert board.contacts[amara.id].birthday == "1986-03-14"
    assert board.contacts[bo.id].birthday == "--05-01"
    assert any("birthday" in m.added for m in plan.merged)
