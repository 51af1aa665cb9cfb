"""Duplicates: the pairs of people who are likely one person, strongest first,
each with why (board.core.duplicates).  m merges the pair under the cursor
(the preview first), n marks them not the same person (never offered again),
s skips them for now, u undoes; enter is m."""

from __future__ import annotations

from contextlib import suppress

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from board.config import Config
from board.core.board import Board, BoardError, Change
from board.core.duplicates import Pair, find_duplicates
from board.core.schema import Contact
from board.core.text import safe
from board.ui.bindings import (
    HELP_BINDING,
    HISTORY_BINDINGS,
    ShowsHelp,
    redo_and_say,
    undo_and_say,
)
from board.ui.widgets.hanging import Hanging, Line
from board.ui.widgets.key_bar import KeyBar


def pair_id(pair: Pair) -> str:
    return f"{pair.a} {pair.b}"


class DuplicatesScreen(ShowsHelp, Screen):
    CSS_PATH = "duplicates.tcss"
    AUTO_FOCUS = "#duplicates-list"
    HELP_TITLE = "Keys on the duplicates screen"

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="duplicates_back"),
        Binding("m", "merge", "Merge…", id="duplicates_merge"),
        Binding("n", "not_same", "Not the same", id="duplicates_not_same"),
        Binding("s", "skip", "Skip", id="duplicates_skip"),
        *HISTORY_BINDINGS,
        HELP_BINDING,
    ]
    KEY_PRIORITY = ("duplicates_merge", "duplicates_not_same", "duplicates_skip",
                    "duplicates_back", "undo")

    def __init__(self, board: Board, config: Config | None = None) -> None:
        super().__init__()
        self.board = board
        self.config = config or Config(ladder=board.ladder)
        #: the pairs found, strongest first (None: still looking)
        self.pairs: list[Pair] | None = None
        self.skipped: set[tuple[str, str]] = set()  # for as long as the screen is open
        self._head_text = ""

    def compose(self) -> ComposeResult:
        yield Static(id="duplicates-head")
        yield OptionList(id="duplicates-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.board.subscribe(self.on_board_change)
        self.look()

    def on_unmount(self) -> None:
        self.board.unsubscribe(self.on_board_change)

    def on_board_change(self, change: Change) -> None:
        self.look()

    # ------------------------------------------------------------ finding

    def look(self) -> None:
        """Find the pairs again, in a thread (10,000 people: a few hundred
        ms); the list shows what it has meanwhile, less anyone gone."""
        if self.pairs is None:
            self._head("looking…")
        else:
            self.fill()
        self._find(list(self.board.contacts.values()), self.config.phone_region)

    @work(thread=True, exclusive=True, group="duplicates")
    def _find(self, contacts: list[Contact], region: str | None) -> None:
        pairs = find_duplicates(contacts, region)
        with suppress(RuntimeError):  # (the app closed meanwhile)
            self.app.call_from_thread(self._found, pairs)

    def _found(self, pairs: list[Pair]) -> None:
        self.pairs = pairs
        self.fill()

    @property
    def shown_pairs(self) -> list[Pair]:
        people = self.board.contacts
        return [p for p in self.pairs or () if p.a in people and p.b in people
                and (p.a, p.b) not in self.skipped
                and p.b not in people[p.a].not_same and p.a not in people[p.b].not_same]

    def _describe(self, c: Contact) -> str:
        where = "archived" if c.archived else self.board.ladder.label(self.board.display_rung(c))
        return " · ".join([where, *([c.context] if c.context else [])])

    #: The most pairs listed at once (the strongest): as they are dealt with,
    #: the next come up.
    LIMIT = 200

    def fill(self) -> None:
        listing = self.query_one("#duplicates-list", OptionList)
        current, index = self.current, listing.highlighted or 0
        every = self.shown_pairs
        pairs = every[:self.LIMIT]
        people = self.board.contacts
        options = []
        for n, p in enumerate(pairs):
            a, b = people[p.a], people[p.b]
            lines: list[Line] = [
                (Content.styled(f"{p.score:>3}", "bold $accent"), Content.assemble(
                    (safe(a.name), "bold"), ("  ·  ", "dim"), (safe(b.name), "bold"))),
                (Content(""), Content(safe("; ".join(p.reasons)))),
                (Content(""), Content.assemble((safe(self._describe(a)), "dim"),
                                               ("   |   ", "dim"),
                                               (safe(self._describe(b)), "dim"))),
            ]
            if n < len(pairs) - 1:
                lines.append(Content(""))
            options.append(Option(Hanging(lines, indent=5), id=pair_id(p)))
        listing.clear_options()
        listing.add_options(options)
        ids = [pair_id(p) for p in pairs]
        if ids:
            listing.highlighted = (ids.index(current) if current in ids
                                   else min(index, len(ids) - 1))
        if self.pairs is None:
            return
        count = len(every)
        skipped = f" ({len(self.skipped)} skipped)" if self.skipped else ""
        more = f", the {self.LIMIT} strongest listed" if count > self.LIMIT else ""
        self._head(f"{count:,} likely pair{'s' if count != 1 else ''}{more}{skipped}" if count
                   else f"No likely duplicates{skipped}")

    def _head(self, text: str) -> None:
        self._head_text = text
        self._show_head()

    def _show_head(self) -> None:
        """The title and the count, then the keys if they fit the width (the
        key bar has them too): never cut mid-word."""
        widget = self.query_one("#duplicates-head", Static)
        head = Content.assemble((" Duplicates ", "bold reverse"), "  ",
                                (self._head_text, "bold"))
        keys = Content.styled("   m merges · n not the same person · s skips", "dim")
        room = widget.content_size.width or self.app.size.width - 4  # (its padding)
        widget.update(head + keys if head.cell_length + keys.cell_length <= room else head)

    def on_resize(self) -> None:
        self._show_head()

    @property
    def current(self) -> str | None:
        listing = self.query_one("#duplicates-list", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def _current_pair(self) -> Pair | None:
        wanted = self.current
        pair = next((p for p in self.shown_pairs if pair_id(p) == wanted), None)
        if pair is None:
            self.notify("No pair here.", timeout=2)
        return pair

    # ------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.dismiss(None)

    def action_merge(self) -> None:
        pair = self._current_pair()
        if pair is not None:
            from board.ui.screens.merge import merge_from

            merge_from(self, self.board, pair.a, pair.b)

    def action_not_same(self) -> None:
        pair = self._current_pair()
        if pair is None:
            return
        try:
            self.board.mark_not_same(pair.a, pair.b)
        except BoardError as exc:
            self.notify(str(exc), severity="error")
            return
        a, b = self.board.contacts[pair.a], self.board.contacts[pair.b]
        self.notify(f"{a.name} and {b.name}: not the same person, never offered again. "
                    "u to undo.", timeout=3)

    def action_skip(self) -> None:
        pair = self._current_pair()
        if pair is not None:
            self.skipped.add((pair.a, pair.b))
            self.fill()

    @on(OptionList.OptionSelected, "#duplicates-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_merge()

    def action_undo(self) -> None:
        undo_and_say(self)

    def action_redo(self) -> None:
        redo_and_say(self)
