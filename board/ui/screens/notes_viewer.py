"""Very long notes: read a page at a time (so 10 MB never freezes the UI),
or edited in their own editor (so the form they belong to opens at once)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from board.core.text import editable, pages, safe_block
from board.ui.widgets.fields import LONG_TEXT

PAGE = 32_000  # characters per page


class NotesViewer(ModalScreen[None]):
    CSS_PATH = "contact.tcss"
    BINDINGS = [
        Binding("escape,q,o", "close", "Close", id="notes_close"),
        Binding("n,right", "page(1)", "Next page", id="notes_next"),
        Binding("p,left", "page(-1)", "Previous page", id="notes_previous"),
    ]

    def __init__(self, text: str, title: str) -> None:
        super().__init__()
        self.text = text
        self.title_text = title
        self.pages = max(1, -(-len(text) // PAGE))
        self.page = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-dialog"):
            yield Static(id="notes-title")
            with VerticalScroll(id="notes-scroll"):
                yield Static(id="notes-body")

    def on_mount(self) -> None:
        self.show_page()
        self.query_one("#notes-scroll").focus()

    def show_page(self) -> None:
        start = self.page * PAGE
        self.query_one("#notes-body", Static).update(
            Content(safe_block(self.text[start : start + PAGE]))
        )
        self.query_one("#notes-title", Static).update(
            Content.assemble(
                (self.title_text, "bold"),
                (f"   page {self.page + 1} of {self.pages} · {len(self.text):,} characters"
                 "   n/p pages · esc close", "dim"),
            )
        )
        self.query_one("#notes-scroll", VerticalScroll).scroll_home(animate=False)

    def action_page(self, step: int) -> None:
        page = max(0, min(self.page + step, self.pages - 1))
        if page != self.page:
            self.page = page
            self.show_page()

    def action_close(self) -> None:
        self.dismiss()


class NotesEditor(ModalScreen[str | None]):
    """Edit notes too long for a form, a page at a time.

    Textual's TextArea takes seconds to take in 10 MB and redraws slowly
    with so many lines, so it is given one page (``LONG_TEXT`` characters,
    cut at a line break) at a time: the editor opens at once and keys are
    as quick as in a short note.  Pages left as they were are kept exactly
    as stored.  Returns the whole edited text, or None if it was cancelled
    or nothing was changed.
    """

    CSS_PATH = "contact.tcss"
    BINDINGS = [
        Binding("ctrl+s", "keep", "Keep", priority=True, id="form_save"),
        Binding("escape", "cancel", "Cancel", id="form_cancel"),
        Binding("ctrl+n", "page(1)", "Next page", priority=True, id="editor_next_page"),
        Binding("ctrl+b", "page(-1)", "Previous page", priority=True,
                id="editor_previous_page"),
    ]

    def __init__(self, text: str, title: str) -> None:
        super().__init__()
        self.pages = pages(text, LONG_TEXT)
        self.title_text = title
        self.page = 0
        self.changed = False
        self._loaded = ""  # the editor's text as the page was put in it

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-dialog"):
            yield Static(id="notes-title")
            yield TextArea(id="notes-editor", soft_wrap=True)

    def on_mount(self) -> None:
        self.show_page()

    def show_page(self) -> None:
        area = self.query_one("#notes-editor", TextArea)
        area.load_text(editable(self.pages[self.page]))
        self._loaded = area.text
        keys = ("ctrl+n / ctrl+b pages · " if len(self.pages) > 1 else "")
        self.query_one("#notes-title", Static).update(Content.assemble(
            (safe_block(self.title_text), "bold"),
            (f"   page {self.page + 1} of {len(self.pages)} · "
             f"{sum(map(len, self.pages)):,} characters"
             f"   {keys}ctrl+s keep · esc cancel", "dim"),
        ))
        # At once, not after a refresh: keys typed just after go to the page.
        self.set_focus(area, scroll_visible=False)

    def _take_page(self) -> None:
        """Keep what was typed on this page (a page left alone stays as stored)."""
        text = self.query_one("#notes-editor", TextArea).text
        if text != self._loaded:
            self.pages[self.page] = text
            self._loaded = text
            self.changed = True

    def action_page(self, step: int) -> None:
        page = max(0, min(self.page + step, len(self.pages) - 1))
        if page != self.page:
            self._take_page()
            self.page = page
            self.show_page()

    def action_keep(self) -> None:
        self._take_page()
        self.dismiss("".join(self.pages) if self.changed else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
