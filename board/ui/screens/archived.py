"""Archived people: who left the board, opened with enter, restored with r."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from board.config import Config
from board.core.board import Board, Change
from board.core.text import safe
from board.ui.bindings import HISTORY_BINDINGS, redo_and_say, undo_and_say
from board.ui.widgets.key_bar import KeyBar


class ArchivedScreen(Screen):
    CSS_PATH = "archived.tcss"
    AUTO_FOCUS = "#archived-list"

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="archived_back"),
        Binding("r", "restore", "Restore", id="archived_restore"),
        Binding("enter", "open", "Open", id="archived_open"),
        *HISTORY_BINDINGS,
    ]

    def __init__(self, board: Board, config: Config | None = None) -> None:
        super().__init__()
        self.board = board
        self.config = config

    def compose(self) -> ComposeResult:
        yield Static(id="archived-head")
        yield OptionList(id="archived-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.board.subscribe(self.on_board_change)
        self.fill()

    def on_unmount(self) -> None:
        self.board.unsubscribe(self.on_board_change)

    def on_board_change(self, change: Change) -> None:
        if any(cid in self.board.contacts or cid in self._shown for cid in change.contacts):
            self.fill()

    @property
    def people(self) -> list[str]:
        archived = [c for c in self.board.contacts.values() if c.archived]
        archived.sort(key=lambda c: (c.name.casefold(), c.id))
        return [c.id for c in archived]

    def fill(self) -> None:
        listing = self.query_one("#archived-list", OptionList)
        current = self.current_id
        index = listing.highlighted or 0
        ids = self.people
        self._shown = set(ids)
        ladder = self.board.ladder
        listing.clear_options()
        for cid in ids:
            c = self.board.contacts[cid]
            extra = f" · {safe(c.context)}" if c.context else ""
            listing.add_option(Option(Content.assemble(
                safe(c.name), (f"  {ladder.label(self.board.display_rung(c))}{extra}", "dim")),
                id=cid))
        if ids:
            listing.highlighted = ids.index(current) if current in ids else min(index,
                                                                                 len(ids) - 1)
        count = len(ids)
        head = (f"{count} archived {'person' if count == 1 else 'people'}" if count
                else "Nobody is archived")
        self.query_one("#archived-head", Static).update(Content.assemble(
            (" Archived ", "bold reverse"), "  ", (head, "bold"),
            ("   enter opens · r restores", "dim")))

    @property
    def current_id(self) -> str | None:
        listing = self.query_one("#archived-list", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def action_back(self) -> None:
        self.dismiss(None)

    def action_restore(self) -> None:
        cid = self.current_id
        if cid is None:
            self.notify("Nobody here to restore.", timeout=2)
            return
        c = self.board.unarchive(cid)
        rung = self.board.ladder.label(self.board.display_rung(c))
        self.notify(f"Restored {c.name} to {rung}. u to undo.", timeout=3, markup=False)

    def action_undo(self) -> None:
        undo_and_say(self)

    def action_redo(self) -> None:
        redo_and_say(self)

    @on(OptionList.OptionSelected, "#archived-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        cid = self.current_id
        if cid is None:
            return
        from board.ui.screens.contact import open_contact

        open_contact(self.app, self.board, cid, self.config)
