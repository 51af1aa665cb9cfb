"""Form fields that edit stored text: shown safe, given back exactly.

A stored value can hold whatever an import brought in: terminal escapes,
C1 controls, bidi overrides.  A field shows it as ``editable`` (each control
a visible stand-in, nothing a terminal would obey) and its ``text`` is the
stored value, byte for byte, until the field is edited; then it is what the
field shows.  Forms save only the fields whose ``text`` changed.

Notes can be very long (a 10 MB paste): Textual's ``TextArea`` takes seconds
to take in that much, so a note longer than ``LONG_TEXT`` is not put in the
form at all.  The form says how long it is, and a button opens it in its own
editor (``NotesEditor``), which edits it a page of ``LONG_TEXT`` at a time.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static, TextArea

from board.core.text import editable, preview, safe
from board.ui.shown import shown

#: The most text a TextArea is given at once: it takes this much in within a
#: frame (10 MB takes it seconds).  Longer notes are edited in their own
#: editor, a page of this size at a time.
LONG_TEXT = 20_000


class DataInput(Input):
    """An ``Input`` for a stored value (a name, a place).  Focusing it puts
    the cursor at the end rather than selecting it all, so no single key
    (the first one typed in a form just opened) replaces what is stored."""

    def __init__(self, stored: str = "", **kwargs) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(safe(stored), **kwargs)
        self.stored = stored
        self._shown = self.value

    @property
    def text(self) -> str:
        """What to save: the stored value while the field still shows it."""
        return self.stored if self.value == self._shown else self.value


class NotesField(Vertical):
    """Notes in a form: a ``TextArea``, or for notes longer than
    ``LONG_TEXT``, how long they are and a button to edit them in their own
    editor."""

    DEFAULT_CSS = """
    NotesField { height: auto; }
    NotesField > .long-notes { height: auto; }
    NotesField .long-summary { width: 1fr; padding: 1 1 0 0; color: $foreground-muted; }
    """

    def __init__(self, stored: str = "", *, title: str = "Notes", id: str | None = None) -> None:
        super().__init__(id=id)
        self.stored = stored
        self.title = title
        self.long = len(stored) > LONG_TEXT
        self._edited: str | None = None  # what the editor gave back (long notes)
        self._shown = ""  # the TextArea's text as it was filled (short notes)

    def compose(self) -> ComposeResult:
        if self.long:
            with Horizontal(classes="long-notes"):
                yield Static(self._summary(), classes="long-summary")
                yield Button("Edit in their own editor", classes="long-edit")
        else:
            yield TextArea(editable(self.stored), classes="notes", soft_wrap=True)

    def on_mount(self) -> None:
        if not self.long:
            self._shown = self.query_one(TextArea).text

    def _summary(self):
        text = self.stored if self._edited is None else self._edited
        state = "edited, " if self._edited is not None else ""
        return shown(f"{len(text):,} characters ({state}too long to edit here): "
                     f"{preview(text, 60)}")

    @property
    def text(self) -> str:
        """What to save: the stored notes, byte for byte, unless edited."""
        if self.long:
            return self.stored if self._edited is None else self._edited
        value = self.query_one(TextArea).text
        return self.stored if value == self._shown else value

    @on(Button.Pressed, ".long-edit")
    def open_editor(self, event: Button.Pressed) -> None:
        from board.ui.screens.notes_viewer import NotesEditor

        event.stop()
        self.app.push_screen(NotesEditor(self.text, self.title), self._back_from_editor)

    def _back_from_editor(self, text: str | None) -> None:
        if text is not None:
            self._edited = text
            self.query_one(".long-summary", Static).update(self._summary())
