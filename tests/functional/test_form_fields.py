"""Editing keeps what was not edited: a 10 MB note, a name full of escapes.
The edit form opens at once whatever the notes, keys typed while it opens
are kept, and very long notes are edited a page at a time."""

from __future__ import annotations

from msgspec.structs import replace
from textual import events
from textual.widgets import Input

from board.core.text import pages
from board.ui.screens.board import BoardScreen
from board.ui.screens.contact import ContactScreen
from board.ui.screens.contact_form import ContactForm
from board.ui.screens.log_form import LogForm
from board.ui.screens.notes_viewer import NotesEditor
from board.ui.widgets.fields import LONG_TEXT
from tests.functional.conftest import SIZE
from tests.functional.test_journeys import type_text

#: 10 MB of notes with what a form would otherwise change: line breaks at
#: both ends (saving strips them), CRLF and a lone CR (an editor rewrites
#: them), U+2028 (an editor breaks the line there), escapes and a C1 CSI.
TEN_MB = ("\n\r\nfrom a web page\x1b[31m\u2028\x9b7m\r"
          + "a long pasted note, line after line, the way a web page copies in\n" * 152_000
          + "\n\n")


def person_with_notes(board, name: str, notes: str):
    """Someone whose notes are stored exactly as given (an import can do
    that; the form would tidy the line breaks at the ends)."""
    c = board.add_contact(name, company="Acme")
    board.restore([replace(c, notes=notes)], [], undoable=False)
    return board.contacts[c.id]


async def test_the_edit_form_of_someone_with_10mb_of_notes(open_app):
    app, session = open_app()
    eve = person_with_notes(session.board, "Eve", TEN_MB)
    assert len(TEN_MB) > 10_000_000
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ContactForm)
        assert app.focused.id == "name"
        summary = str(app.screen.query_one("#notes .long-summary").render())
        assert f"{len(TEN_MB):,} characters" in summary
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "Ada Lovelace")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BoardScreen)
    saved = session.board.contacts[eve.id]
    assert saved.name == "Ada Lovelace"
    assert saved.notes == TEN_MB  # byte for byte
    assert saved.company == "Acme"


async def test_keys_typed_while_the_form_opens_reach_it_in_order(open_app):
    """``e`` then ``end`` and letters at once, as a fast typist or a paste
    sends them: the name gets every key (none goes to the board, none is
    dropped, the name is not replaced)."""
    app, session = open_app()
    eve = person_with_notes(session.board, "Eve", TEN_MB)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, char in [("e", "e"), ("end", None), ("space", " "), ("x", "x"), ("y", "y")]:
            app.post_message(events.Key(key, char))  # as the terminal driver does
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.focused, Input) and app.focused.value == "Eve xy":
                break
        assert isinstance(app.screen, ContactForm)
        assert app.focused.value == "Eve xy"
        await pilot.press("ctrl+s")
    assert session.board.contacts[eve.id].name == "Eve xy"
    assert session.board.contacts[eve.id].notes == TEN_MB


async def test_very_long_notes_are_edited_a_page_at_a_time(open_app):
    app, session = open_app()
    line = "one line of a long note, pasted from somewhere\n"
    notes = line * (3 * LONG_TEXT // len(line)) + "the end\x1b[7m\r\n"
    eve = person_with_notes(session.board, "Eve", notes)
    parts = pages(notes, LONG_TEXT)
    assert len(parts) >= 3
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        form = app.screen
        button = form.query_one("#notes .long-edit")
        form.set_focus(button)
        await pilot.press("enter")
        assert isinstance(app.screen, NotesEditor)
        await type_text(pilot, "Z")
        await pilot.press("escape")  # drops what was typed in the editor
        assert app.screen is form
        assert "edited" not in str(form.query_one("#notes .long-summary").render())

        form.set_focus(button)
        await pilot.press("enter")
        await type_text(pilot, "X")  # at the start of the first page
        await pilot.press("ctrl+n")
        await type_text(pilot, "Y")  # and of the second
        await pilot.press("ctrl+n", "ctrl+b", "ctrl+n")  # there and back: both kept
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "edited" in str(form.query_one("#notes .long-summary").render())
        await pilot.press("ctrl+s")
    # (edited notes lose the line breaks at their ends, as any edit does)
    expected = ("X" + parts[0] + "Y" + "".join(parts[1:])).strip("\n")
    assert session.board.contacts[eve.id].notes == expected  # the last page as stored


async def test_an_entry_with_a_long_note_is_edited_without_touching_it(open_app):
    app, session = open_app()
    board = session.board
    eve = board.add_contact("Eve")
    notes = "call notes\x1b[2J " * 4000
    call = board.log("call", [eve.id], notes=notes, duration_min=10)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("enter")  # edit the entry under the cursor
        assert isinstance(app.screen, LogForm)
        form = app.screen
        form.set_focus(form.query_one("#duration"))
        await pilot.press("backspace", "backspace", "4", "5", "ctrl+s")
        assert isinstance(app.screen, ContactScreen)
    saved = board.interactions[call.id]
    assert saved.duration_min == 45 and saved.notes == notes


async def test_a_name_with_escapes_is_kept_unless_it_is_edited(open_app):
    app, session = open_app()
    name = "\x1b]2;PWN\x07Eve\x9b7m"
    eve = session.board.add_contact(name)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert app.focused.value == "␛]2;PWN␇Eve\ufffd7m"  # shown safe in the field
        app.screen.set_focus(app.screen.query_one("#company"))
        await type_text(pilot, "Acme")
        await pilot.press("ctrl+s")
        saved = session.board.contacts[eve.id]
        assert (saved.name, saved.company) == (name, "Acme")  # not the stand-ins

        await pilot.press("e")
        await type_text(pilot, "!")  # the cursor is at the end of the name
        await pilot.press("ctrl+s")
    assert session.board.contacts[eve.id].name == "␛]2;PWN␇Eve\ufffd7m!"  # what was shown
