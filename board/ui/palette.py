"""Command palette providers: go to a contact, and the board's commands."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from board.core.search import index_for, matched_in, spans
from board.core.text import safe


def board_screen(app):
    """The board screen under whatever is on top, if there is one."""
    from board.ui.screens.board import BoardScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, BoardScreen):
            return screen
    return None


class ContactsProvider(Provider):
    """'Go to contact': everyone, archived people too, by name, handle,
    email or company (board.core.search: accents and case folded, ranked)."""

    LIMIT = 40

    async def search(self, query: str) -> Hits:
        screen = board_screen(self.app)
        if screen is None:
            return
        board = screen.board
        ladder = board.ladder
        style = self.matcher(query).match_style
        for found in index_for(board).find(query, limit=self.LIMIT, archived=True):
            c = board.contacts[found.id]
            name = safe(c.name)
            shown = Content(name)
            for start, end in spans(name, query):
                shown = shown.stylize(style, start, end)
            where = matched_in(c, query)  # an email, say, that the context does not show
            parts = [where] if where and where not in c.context else []
            extra = "".join(f" · {safe(part)}" for part in [*parts, c.context] if part)
            if c.archived:
                help_text = f"archived · open their page{extra}"
                command = partial(self._open, screen, c.id)
            else:
                help_text = f"go to contact · {ladder.label(board.display_rung(c))}{extra}"
                command = partial(screen.goto_contact, c.id)
            yield Hit(found.score, shown, command, text=name,
                      help=Content(help_text))  # type: ignore[arg-type]

    def _open(self, screen, cid: str) -> None:
        """An archived person has no card: their page, where they can be seen whole."""
        from board.ui.screens.contact import open_contact

        open_contact(self.app, screen.board, cid, screen.config)


class BoardCommands(Provider):
    """The board's own actions, by name."""

    COMMANDS = [
        ("Add contact", "add", "add someone to the first rung"),
        ("Filter the board", "filter", "by name, tag or note text"),
        ("Most urgent first", "urgent_first", "order every column by who is most overdue (D)"),
        ("Only due and overdue", "only_due", "show just the people due for a touch"),
        ("Insights", "insights", "the ladder as a funnel, give and take, who is cooling (I)"),
        ("Archived people", "archived", "everyone archived: open one, or restore them (A)"),
        ("Duplicates…", "duplicates",
         "people who may be one person: merge them, or mark them not the same"),
        ("Undo", "undo", "undo the last change (u)"),
        ("Redo", "redo", "put back what the last undo took back (U)"),
        ("Keys", "help", "show every key"),
        ("Export backup", "app.export_backup", "write everything to a timestamped YAML file"),
        ("Import file…", "app.import_file",
         "a backup; people from vCards, LinkedIn, Google or Outlook; touches from a "
         "calendar, mail or LinkedIn messages"),
        ("Sync", "app.sync", "send this board's changes to its git remote and take the others'"),
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
