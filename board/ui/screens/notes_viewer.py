"""Reading very long notes a page at a time, so 10 MB never freezes the UI."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from board.core.text import safe_block

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
