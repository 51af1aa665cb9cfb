"""Mail → touches: mbox and Maildir, encoded-word headers, quoted-printable
bodies, lists and no-reply senders, Message-ID duplicates, direction."""

from __future__ import annotations

import mailbox
from datetime import UTC, datetime

import pytest

from board.core.board import Board
from board.formats.capture import CaptureOptions
from board.formats.importing import ImportFileError, apply_plan, plan_import, read_import


def message(mid: str, sender: str, to: str, date: str, subject: str = "Hello",
            *extra: str, body: str = "Hi,\nsee you soon.\n", cc: str = "") -> str:
    lines = [f"From: {sender}", f"To: {to}"]
    if cc:
        lines.append(f"Cc: {cc}")
    lines += [f"Date: {date}", f"Subject: {subject}"]
    if mid:
        lines.append(f"Message-ID: {mid}")
    lines += [*extra, "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
              "Content-Transfer-Encoding: quoted-printable", "", body]
    return "\n".join(lines)


ME = "Me Myself <me@home.example>"
ADA = "Ada Lovelace <ADA@engines.example>"
JOSE = "=?utf-8?q?Jos=C3=A9_Sara=C3=A7?= <jose@letras.example>"


def mbox(tmp_path, *messages: str) -> str:
    path = tmp_path / "All mail Including Spam and Trash.mbox"
    text = "".join(f"From 1780000000000000{n}@xxx Mon Mar  2 10:00:00 +0000 2026\n{m}\n"
                   for n, m in enumerate(messages))
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.fixture
def board(config, frozen):
    b = Board(config.ladder)
    b.add_contact("Ada Lovelace", email="ada@engines.example")
    b.add_contact("José Saraç", handles=["email:jose@letras.example"])
    return b


def names(board, i):
    return sorted(board.contacts[p].name for p in i.people)


def capture(board, path, **options):
    return plan_import(board, read_import(path, capture=CaptureOptions(**options)))


def test_messages_sent_and_received_with_encoded_words(board, tmp_path):
    path = mbox(
        tmp_path,
        message("<1@home.example>", ME, ADA, "Mon, 02 Mar 2026 10:00:00 +0100",
                "=?utf-8?b?Q2Fmw6k/?="),
        message("<2@engines.example>", ADA, ME, "Tue, 03 Mar 2026 09:30:00 -0500",
                "Re: Caf=C3=A9?", cc=JOSE),
        message("<3@home.example>", ME, "someone@else.example",
                "Wed, 04 Mar 2026 08:00:00 +0000"),
    )
    plan = capture(board, path, me_emails=("me@home.example",))
    touches = sorted(plan.interactions.values(), key=lambda i: i.at)
    assert [(i.at, i.direction, i.title, names(board, i)) for i in touches] == [
        (datetime(2026, 3, 2, 9, tzinfo=UTC), "given", "Café?", ["Ada Lovelace"]),
        (datetime(2026, 3, 3, 14, 30, tzinfo=UTC), "received", "Re: Caf=C3=A9?",
         ["Ada Lovelace", "José Saraç"]),
    ]
    assert all(i.kind == "email" and i.notes == "" for i in touches)
    assert touches[0].source == "mail:<1@home.example>"
    assert plan.summary() == ("2 touches (email: 2) with 2 people; 1 message skipped; "
                              "1 message with 1 person not on your board")
    assert "you are me@home.example (from me.emails)" in plan.details()


def test_my_address_is_inferred_and_said(board, tmp_path):
    path = mbox(
        tmp_path,
        message("<1@h>", ME, ADA, "Mon, 02 Mar 2026 10:00:00 +0000"),
        message("<2@h>", ADA, ME, "Mon, 02 Mar 2026 12:00:00 +0000"),
        message("<3@h>", JOSE, ME, "Mon, 02 Mar 2026 13:00:00 +0000"),
    )
    plan = capture(board, path)
    assert sorted(i.direction for i in plan.interactions.values()) == [
        "given", "received", "received"]
    assert any(line.startswith("you are me@home.example (inferred")
               for line in plan.details())


def test_lists_bulk_no_reply_duplicates_and_crowds_are_skipped(board, tmp_path):
    crowd = ", ".join(f"p{n}@crowd.example" for n in range(30))
    path = mbox(
        tmp_path,
        message("<l@x>", ADA, ME, "Mon, 02 Mar 2026 10:00:00 +0000", "List",
                "List-Id: <engines.lists.example>"),
        message("<u@x>", ADA, ME, "Mon, 02 Mar 2026 10:00:00 +0000", "News",
                "List-Unsubscribe: <mailto:leave@x>"),
        message("<b@x>", ADA, ME, "Mon, 02 Mar 2026 10:00:00 +0000", "Bulk",
                "Precedence: bulk"),
        message("<n@x>", "GitHub <noreply@github.example>", ME,
                "Mon, 02 Mar 2026 10:00:00 +0000"),
        message("<d@x>", ADA, ME, "Mon, 02 Mar 2026 11:00:00 +0000", "Once"),
        message("<d@x>", ADA, ME, "Mon, 02 Mar 2026 11:00:00 +0000", "Once"),
        message("<c@x>", ME, f"{ADA}, {crowd}", "Mon, 02 Mar 2026 12:00:00 +0000"),
        message("<f@x>", ADA, ME, "Mon, 02 Mar 2027 12:00:00 +0000", "Future"),
        message("<nodate@x>", ADA, ME, "yesterday-ish", "No date"),
    )
    plan = capture(board, path, me_emails=("me@home.example",))
    assert [i.title for i in plan.interactions.values()] == ["Once"]
    reasons = [s.reason for s in plan.skipped_interactions]
    assert reasons.count("a mailing list or bulk mail") == 3
    assert "from a no-reply address" in reasons
    assert any(r.startswith("the same Message-ID again") for r in reasons)
    assert "more than 20 people (capture.max_attendees)" in reasons
    assert "in the future" in reasons
    assert "no readable Date" in reasons


def test_body_only_with_content_quoted_printable_decoded(board, tmp_path):
    body = "Ol=C3=A1 Ada,\n" + "=\n".join(["long line of text " * 3] * 20) + "\n"
    path = mbox(tmp_path, message("<1@h>", ADA, ME, "Mon, 02 Mar 2026 10:00:00 +0000",
                                  body=body))
    [plain] = capture(board, path).interactions.values()
    assert plain.notes == ""
    [kept] = capture(board, path, with_content=True).interactions.values()
    assert kept.notes.startswith("Olá Ada, long line of text")
    assert len(kept.notes) == 500


def test_a_maildir_folder_with_crlf_files(board, tmp_path):
    folder = tmp_path / "Mail" / "INBOX"
    folder.parent.mkdir()
    box = mailbox.Maildir(folder, create=True)
    box.add(message("<m1@x>", ADA, ME, "Mon, 02 Mar 2026 10:00:00 +0000", "One")
            .replace("\n", "\r\n").encode())
    box.add(message("<m2@x>", JOSE, ME, "Tue, 03 Mar 2026 10:00:00 +0000", "Two")
            .replace("\n", "\r\n").encode())
    plan = capture(board, folder, me_emails=("me@home.example",))
    assert plan.format == "maildir"
    assert sorted(i.title for i in plan.interactions.values()) == ["One", "Two"]
    apply_plan(board, plan)
    again = capture(board, folder, me_emails=("me@home.example",))
    assert not again.interactions
    assert [s.reason for s in again.skipped_interactions] == ["already imported"] * 2


def test_a_file_that_is_not_an_mbox_is_refused(tmp_path):
    path = tmp_path / "mail.mbox"
    path.write_text("Dear diary,\nnot mail at all\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as exc:
        read_import(path)
    assert str(exc.value).startswith(f"{path}, line 1: is not an mbox file")
    with pytest.raises(ImportFileError, match="no such file"):
        read_import(tmp_path / "missing.mbox")


def test_someone_who_matches_two_people_is_left_off_and_said(board, tmp_path):
    board.add_contact("Ada Twin", email="twin@engines.example")
    board.add_contact("Ada Twin Again", handles=["email:TWIN@engines.example"])
    path = mbox(tmp_path,
                message("<1@h>", ADA, f"{ME}, Twin <twin@engines.example>",
                        "Mon, 02 Mar 2026 10:00:00 +0000"),
                message("<2@h>", "Twin <twin@engines.example>", ME,
                        "Mon, 02 Mar 2026 11:00:00 +0000"))
    plan = capture(board, path, me_emails=("me@home.example",))
    [touch] = plan.interactions.values()
    assert names(board, touch) == ["Ada Lovelace"]
    assert [s.reason for s in plan.skipped_interactions] == [
        "who is on it matches several people on your board"]
    assert any(line.startswith("matches several people on your board, so left off: Twin "
                               "<twin@engines.example> (2 messages)")
               for line in plan.details())


@pytest.mark.parametrize("text, expected", [
    ("Mon, 02 Mar 2026 10:00:00 +0100", datetime(2026, 3, 2, 9, tzinfo=UTC)),
    ("2 Mar 2026 10:00 -0230", datetime(2026, 3, 2, 12, 30, tzinfo=UTC)),
    ("Mon, 02 Mar 2026 10:00:00 GMT", datetime(2026, 3, 2, 10, tzinfo=UTC)),  # (email.utils)
    ("Mon, 31 Feb 2026 10:00:00 +0000", None),
    ("soon", None),
    ("Mon, 01 Jan 0001 00:00:00 +0100", None),  # year 0 in UTC
    ("Fri, 31 Dec 9999 23:59:59 -0100", None),  # year 10000 in UTC
    ("Fri, 31 Dec 9999 23:59:59 EST", None),  # (email.utils)
])
def test_mail_dates(text, expected):
    from board.formats.mail import mail_date

    assert mail_date(text) == expected


def test_the_user_is_never_someone_on_the_board(board, tmp_path):
    """Inferring the user's address: a person on the board on every message
    is not taken for the user; a stranger on most of them is."""
    from collections import Counter

    from board.formats.capture import People, infer_me

    people = People(board.contacts.values())
    assert infer_me(Counter({"ada@engines.example": 9, "who@else.example": 1}), people) == ()
    assert infer_me(Counter({"ada@engines.example": 9, "me@home.example": 8}), people) == (
        "me@home.example",)
    assert infer_me(Counter({"ada@engines.example": 9, "me@home.example": 3}), people) == ()
    path = mbox(tmp_path, *(message(f"<{n}@h>", ADA, "list@else.example",
                                    f"Mon, 0{n} Mar 2026 10:00:00 +0000") for n in range(1, 4)))
    plan = capture(board, path)
    assert len(plan.interactions) == 3  # Ada is on every one, and she is not the user


def test_a_maildir_file_that_cannot_be_read_is_skipped_with_its_name(board, tmp_path):
    folder = tmp_path / "Mail" / "INBOX"
    folder.parent.mkdir()
    box = mailbox.Maildir(folder, create=True)
    box.add(message("<m1@x>", ADA, ME, "Mon, 02 Mar 2026 10:00:00 +0000", "One").encode())
    (folder / "cur" / "1780000000.gone:2,S").symlink_to(tmp_path / "nowhere")
    plan = capture(board, folder, me_emails=("me@home.example",))
    assert [i.title for i in plan.interactions.values()] == ["One"]
    assert [(s.where, s.reason.startswith("cannot be read (")) for s in plan.skipped_interactions
            ] == [("message 1780000000.gone", True)]
