"""LinkedIn's messages.csv → one message touch per conversation and day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from board.core.board import Board
from board.formats.capture import CaptureOptions
from board.formats.importing import ImportFileError, apply_plan, plan_import, read_import
from board.formats.linkedin_messages import parse_date

NEW_HEADER = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
              "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS,"
              "IS MESSAGE DRAFT")
OLD_HEADER = "CONVERSATION ID,CONVERSATION TITLE,FROM,TO,DATE,SUBJECT,CONTENT,FOLDER"
ME_URL = "https://www.linkedin.com/in/me-myself"
ADA_URL = "https://www.linkedin.com/in/ada-lovelace"


def write(tmp_path, header: str, *rows: str):
    path = tmp_path / "messages.csv"
    path.write_bytes(("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode("utf-8"))
    return path


@pytest.fixture
def board(config, frozen):
    b = Board(config.ladder)
    b.add_contact("Ada L.", handles=["linkedin:ada-lovelace"])  # matched by profile
    b.add_contact("Grace Hopper")  # matched by name
    return b


def capture(board, path, **options):
    return plan_import(board, read_import(path, capture=CaptureOptions(**options)))


def test_one_touch_per_conversation_and_day_given_by_who_wrote_first(board, tmp_path):
    path = write(
        tmp_path, NEW_HEADER,
        f'2-abc,,Me Myself,{ME_URL},Ada Lovelace,{ADA_URL},2026-03-02 09:15:00 UTC,,'
        f'"Hi Ada,\r\nfancy a coffee, next week?",INBOX,,No',
        f'2-abc,,Ada Lovelace,{ADA_URL},Me Myself,{ME_URL},2026-03-02 11:40:00 UTC,,'
        f'Yes!,INBOX,,No',
        f'2-abc,,Ada Lovelace,{ADA_URL},Me Myself,{ME_URL},2026-03-05 08:00:00 UTC,,'
        f'See you Thursday,INBOX,,No',
        f'2-abc,,Me Myself,{ME_URL},Ada Lovelace,{ADA_URL},2026-03-06 08:00:00 UTC,,'
        f'draft,DRAFT,,Yes',
    )
    plan = capture(board, path)
    touches = sorted(plan.interactions.values(), key=lambda i: i.at)
    assert [(i.at, i.direction, i.kind) for i in touches] == [
        (datetime(2026, 3, 2, 9, 15, tzinfo=UTC), "given", "message"),
        (datetime(2026, 3, 5, 8, tzinfo=UTC), "received", "message"),
    ]
    ada = next(c.id for c in board.contacts.values() if c.name == "Ada L.")
    assert all(i.people == (ada,) for i in touches)
    assert [i.source for i in touches] == ["linkedin-message:2-abc:2026-03-02",
                                           "linkedin-message:2-abc:2026-03-05"]
    assert all(i.notes == "" for i in touches)
    assert [s.reason for s in plan.skipped_interactions] == ["a draft"]
    assert any(line.startswith("you are me-myself (inferred") for line in plan.details())


def test_an_older_export_without_urls_matches_by_name_and_keeps_content(board, tmp_path):
    path = write(
        tmp_path, OLD_HEADER,
        "c-1,Talk,Grace Hopper,Me Myself,3/2/26 10:00,,About COBOL,INBOX",
        "c-1,Talk,Me Myself,Grace Hopper,3/2/26 10:30,,Tell me more,INBOX",
        "c-2,,Me Myself,Someone New,3/3/26 10:30,,hello,INBOX",
        "c-3,,Me Myself,Grace Hopper,not a date,,hello,INBOX",
    )
    plan = capture(board, path, with_content=True)
    [touch] = plan.interactions.values()
    assert touch.direction == "received"
    assert touch.title == "Talk"
    assert touch.notes == "Grace Hopper: About COBOL\nMe Myself: Tell me more"
    reasons = {s.where: s.reason for s in plan.skipped_interactions}
    assert reasons["line 5"] == "its DATE 'not a date' is not a date"
    assert "1 conversation with 1 person not on your board" in plan.summary()
    added = capture(board, path, add_unknown=True)
    assert added.added == ["Someone New"]
    assert len(added.interactions) == 2


def test_re_import_adds_nothing(board, tmp_path):
    path = write(tmp_path, NEW_HEADER,
                 f"2-x,,Ada Lovelace,{ADA_URL},Me Myself,{ME_URL},2026-03-02 09:15:00 UTC,"
                 ",hi,INBOX,,No",
                 f"2-x,,Me Myself,{ME_URL},Ada Lovelace,{ADA_URL},2026-03-02 09:16:00 UTC,"
                 ",hi,INBOX,,No")
    apply_plan(board, capture(board, path))
    assert len(board.interactions) == 1
    again = capture(board, path)
    assert not again.changes_anything


def test_not_a_messages_file_is_refused(tmp_path):
    path = write(tmp_path, "a,b,c", "1,2,3")
    with pytest.raises(ImportFileError) as exc:
        read_import(path, "linkedin-messages")
    assert str(exc.value) == (f"{path}, line 1: is not a LinkedIn messages.csv (no header "
                              "with CONVERSATION ID, FROM and DATE)")


def test_dates():
    assert parse_date("2026-03-02 09:15:00 UTC") == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert parse_date("3/2/26, 2:05 PM") == datetime(2026, 3, 2, 14, 5, tzinfo=UTC)
    assert parse_date("2026-03-02T09:15:00+01:00") == datetime(2026, 3, 2, 8, 15, tzinfo=UTC)
    assert parse_date("soon") is None
    assert parse_date("0001-01-01 00:00:00+01:00") is None  # year 0 in UTC
    assert parse_date("9999-12-31 23:59:59-01:00") is None  # year 10000 in UTC
