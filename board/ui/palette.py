"""Command palette providers: go to a contact (fuzzy), and the board's commands."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from board.core.search import NameIndex
from board.core.text import safe


def highlight(matcher, text: str) -> Content:
    """Like ``Matcher.highlight`` but never parses the text as markup."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if offset < len(text) and not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def board_screen(app):
    """The board screen under whatever is on top, if there is one."""
    from board.ui.screens.board import BoardScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, BoardScreen):
            return screen
    return None


class ContactsProvider(Provider):
    """'Go to contact': every active person, by name, fuzzily."""

    def _board_screen(self):
        return board_screen(self.app)

    async def startup(self) -> None:
        screen = self._board_screen()
        self._index = NameIndex(screen.board.active()) if screen is not None else None

    async def search(self, query: str) -> Hits:
        """The best 40 matches only (a fast pre-ranking over every name),
        then Textual's fuzzy score for the order within those."""
        screen = self._board_screen()
        index = getattr(self, "_index", None)
        if screen is None or index is None:
            return
        matcher = self.matcher(query)
        board = screen.board
        ladder = board.ladder
        for cid in index.find(query, limit=40):
            c = board.contacts.get(cid)
            if c is None or c.archived:
                continue
            name = safe(c.name)
            score = matcher.match(name) or 0.01
            rung = ladder.label(board.display_rung(c))
            extra = f" · {safe(c.context)}" if c.context else ""
            yield Hit(
                score,
                highlight(matcher, name),
                partial(screen.goto_contact, c.id),
                text=name,
                help=Content(f"go to contact · {rung}{extra}"),  # type: ignore[arg-type]
            )


class BoardCommands(Provider):
    """The board's own actions, by name."""

    COMMANDS = [
        ("Add contact", "add", "add someone to the first rung"),
        ("Filter the board", "filter", "by name, tag or note text"),
        ("Most urgent first", "urgent_first", "order every column by who is most overdue (D)"),
        ("Only due and overdue", "only_due", "show just the people due for a touch"),
        ("Insights", "insights", "the ladder as a funnel, give and take, who is cooling (I)"),
        ("Archived people", "archived", "everyone archived: open one, or restore them (A)"),
        ("Undo", "undo", "undo the last change (u)"),
        ("Redo", "redo", "put back what the last undo took back (U)"),
        ("Keys", "help", "show every key"),
        ("Export backup", "app.export_backup", "write everything to a timestamped YAML file"),
        ("Import file…", "app.import_file",
         "a YAML backup, LinkedIn's Connections.csv or vCards (.vcf)"),
    ]

    def _screen(self):
        return board_screen(self.app) or self.app.screen_stack[0]

    async def discover(self) -> Hits:
        screen = self._screen()
        for title, action, help_text in self.COMMANDS:
            yield DiscoveryHit(title, partial(screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        screen = self._screen()
        matcher = self.matcher(query)
        for title, action, help_text in self.COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(screen.run_action, action),
                          text=title, help=help_text)
