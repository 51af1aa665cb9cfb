"""The board: one column per rung, a cursor, and the keys that move cards."""

from __future__ import annotations

import bisect
import contextlib
import importlib

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from board.config import Config
from board.core import dates
from board.core.board import Board, Change, LadderEnd
from board.core.care import Care, care, urgency, warmth, warmth_level
from board.core.dates import coming_for, local_today
from board.core.relative import ago, ago_short
from board.core.search import index_for, query_words
from board.core.text import safe
from board.ui.bindings import (
    HELP_BINDING,
    HISTORY_BINDINGS,
    LOG_BINDINGS,
    MOVE_BINDINGS,
    PassesOnTypeAhead,
    ShowsHelp,
    redo_and_say,
    undo_and_say,
)
from board.ui.screens.promote_offer import OFFER_BINDINGS, OffersPromotion
from board.ui.widgets.card_list import CardFace, CardList, card_face
from board.ui.widgets.key_bar import KeyBar

#: Screens the board opens, imported just after the first paint.
SCREEN_MODULES = tuple(f"board.ui.screens.{name}" for name in (
    "contact", "contact_form", "log_form", "promote_offer", "snooze", "confirm", "help",
    "insights", "archived", "look_alike", "duplicates", "merge"))


class ColumnHeader(Widget):
    """A rung's label and how many people are on it.

    One line on the Line API (``render_line``), drawn from segments and kept
    until the count, the width or the focus changes: a move changes two
    counts, and a Rich ``Text`` through ``Static`` cost ten times as much a
    frame as the line itself (benchmarks/run.py, move+paint)."""

    def __init__(self, label: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.count = 0
        self.shown: int | None = None  # when filtered: how many match
        self.active = False
        self._line: tuple[tuple, Strip] | None = None  # (what it shows, its strip)

    def set_count(self, count: int, shown: int | None = None) -> None:
        if (count, shown) != (self.count, self.shown):
            self.count, self.shown = count, shown
            self.refresh()

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line = None

    @property
    def text(self) -> str:
        """The line as shown (label, gap, count), e.g. for tests."""
        count = self._count_text()
        label, gap = fit_label(self.label, count, self.content_size.width)
        return label + gap + count

    def _count_text(self) -> str:
        return f"{self.count:,}" if self.shown is None else f"{self.shown:,}/{self.count:,}"

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        key = (self.label, self.count, self.shown, self.active, width)
        if self._line is not None and self._line[0] == key:
            return self._line[1]
        count = self._count_text()
        label, gap = fit_label(self.label, count, width)
        bold = RichStyle(bold=True) if self.active else RichStyle(bold=True, dim=True)
        strip = Strip([
            Segment(label, base + bold),
            Segment(gap, base),
            Segment(count, base + RichStyle(dim=True)),
        ]).adjust_cell_length(width, base)
        self._line = (key, strip)
        return strip


def fit_label(label: str, count: str, width: int) -> tuple[str, str]:
    """A column's label and the gap before its count, in ``width`` cells:
    the whole label when it fits, else its first letters and a "." (never
    cut mid-word without saying so); the count is always shown whole."""
    for gap in ("  ", " "):
        if cell_len(label) + len(gap) + len(count) <= width:
            return label, gap
    room = width - len(count) - 2  # the ".", the space
    if room < 1:
        return "", ""
    short = set_cell_size(label, room).rstrip()
    head, _, last = short.rpartition(" ")
    # a cut word ends on a consonant ("Conversat." rather than "Conversati.")
    trimmed = last.rstrip("aeiouyAEIOUY")
    cut_in_a_word = len(short) < len(label) and not label[len(short)].isspace()
    if cut_in_a_word and len(trimmed) >= 2:
        short = f"{head} {trimmed}" if head else trimmed
    return short + ".", " "


class Column(Vertical):
    def __init__(self, key: str, label: str, position: int, face, **kwargs) -> None:
        super().__init__(**kwargs)
        self.key = key
        self.header = ColumnHeader(label, classes="column-header")
        self.cards = CardList(face, id=f"cards-{position}", classes=f"rung-{position + 1}")
        self.add_class(f"rung-{position + 1}")

    def compose(self) -> ComposeResult:
        yield self.header
        yield self.cards


class Columns(Horizontal):
    """The columns side by side, sharing the width; a ladder too long for
    the terminal scrolls sideways instead of narrowing its cards past use
    (the cursor's column is kept in view: ``BoardScreen.set_column``)."""

    #: The narrowest a column gets (bar and margin included): a name of
    #: nine cells, and "!12d ⇄★" whole.
    MIN_WIDTH = 12

    def on_resize(self) -> None:
        columns = list(self.query_children(Column))
        if not columns:
            return
        share = self.size.width // len(columns) - 1  # each column's right margin
        scrolls = share < self.MIN_WIDTH
        width = f"{self.MIN_WIDTH}" if scrolls else "1fr"
        overflow = "auto" if scrolls else "hidden"
        if self.styles.overflow_x != overflow:
            self.styles.overflow_x = overflow
        for column in columns:
            if str(column.styles.width) != width:
                column.styles.width = width


class TopBar(Static):
    """The line above the columns: counts, the view's modes, the file."""

    _choices: list | None = None
    _contents: list[Content] = []
    _picked = -1

    def show(self, choices: list[list]) -> None:
        """Show the first of ``choices`` (each a list of ``Content.assemble``
        pieces, the fullest first) that fits the line, if they changed.

        A repaint of this full-width line makes Textual redraw every widget
        under the span it crops to: the whole screen.  A card move usually
        leaves the line as it was, and then the frame redraws only the two
        columns the card left and joined.
        """
        if choices == self._choices:
            return
        self._choices = choices
        self._contents = [Content.assemble(*parts) for parts in choices]
        self._picked = -1
        self._pick()

    def on_resize(self) -> None:
        self._pick()

    def _pick(self) -> None:
        contents = self._contents
        if not contents:
            return
        width = self.size.width
        picked = next((n for n, c in enumerate(contents) if c.cell_length <= width),
                      len(contents) - 1)
        if picked != self._picked:
            self._picked = picked
            # one line of fixed height: no layout needed (a layout repaints the screen)
            self.update(contents[picked], layout=False)


class BoardScreen(ShowsHelp, OffersPromotion, PassesOnTypeAhead, Screen):
    """The kanban board."""

    CSS_PATH = "board.tcss"
    AUTO_FOCUS = ""  # keys go to the board, not the (hidden) filter box

    BINDINGS = [
        Binding("left,h", "cursor(-1, 0)", "Left", show=False, id="cursor_left"),
        Binding("right,l", "cursor(1, 0)", "Right", show=False, id="cursor_right"),
        Binding("up,k", "cursor(0, -1)", "Up", show=False, id="cursor_up"),
        Binding("down,j", "cursor(0, 1)", "Down", show=False, id="cursor_down"),
        Binding("pageup", "cursor(0, -8)", "Page up", show=False, id="page_up"),
        Binding("pagedown", "cursor(0, 8)", "Page down", show=False, id="page_down"),
        Binding("home,g", "cursor_end(0)", "First card", show=False, id="first_card"),
        Binding("end,G", "cursor_end(1)", "Last card", show=False, id="last_card"),
        *OFFER_BINDINGS,
        *MOVE_BINDINGS,
        Binding("a", "add", "Add", id="add"),
        # (shown, and working, on an empty board only; the palette always has it)
        Binding("o", "import_file", "Import", id="import_file"),
        *LOG_BINDINGS,
        Binding("enter", "open", "Open", id="open"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("s", "advocate", "Advocate", show=False, id="advocate"),
        Binding("d", "archive", "Archive", show=False, id="archive"),
        Binding("z", "snooze", "Snooze", show=False, id="snooze"),
        Binding("D", "urgent_first", "Due first", key_display="D", id="due_first"),
        Binding("I", "insights", "Insights", key_display="I", id="insights"),
        Binding("A", "archived", "Archived", key_display="A", show=False, id="archived"),
        *HISTORY_BINDINGS,
        Binding("slash", "filter", "Filter", key_display="/", id="filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear_filter"),
        HELP_BINDING,
    ]

    #: The keys the footer keeps first when it cannot show them all (after
    #: help and quit): see board.ui.widgets.key_bar.
    KEY_PRIORITY = ("accept_promotion", "promote", "demote", "add", "open", "undo", "filter",
                    "log_call", "log_meeting", "log_touch", "log_intro", "edit", "due_first",
                    "insights")

    def __init__(self, board: Board, subtitle: str = "", config: Config | None = None,
                 subtitle_short: str = "") -> None:
        super().__init__()
        self.board = board
        self.config = config or Config(ladder=board.ladder)
        self.urgent_first = False  # D: order each column by urgency
        self.only_due = False  # show only due / overdue cards
        self._care: dict[str, Care] = {}
        self._status_counts: dict[str, int] = {}
        self._counted = False
        self._changed_meanwhile: set[str] | None = None
        self._was_empty: bool | None = None  # (whether the footer shows card keys)
        self.subtitle_text = safe(subtitle)  # the database's path
        self.subtitle_short = safe(subtitle_short)  # for a narrow terminal
        self.columns: list[Column] = []
        self.col = 0
        self.filter_text = ""
        self._filter_words: list[str] = []
        self._ids: dict[str, list[str]] = {}  # rung key -> all active ids, sorted
        self._placed: dict[str, str] = {}  # contact id -> rung key it shows on
        self.search = index_for(board)  # what the filter looks in, folded once a person
        self._faces: dict[str, CardFace] = {}

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Columns(id="columns"):
            for n, rung in enumerate(self.board.ladder):
                column = Column(rung.key, rung.label, n, self.face, id=f"column-{n}")
                self.columns.append(column)
                yield column
        filter_input = Input(placeholder="filter by name, tag or note…", id="filter")
        filter_input.display = False
        yield filter_input
        yield KeyBar()

    def on_mount(self) -> None:
        self._settled = False
        self.board.subscribe(self.on_board_change)
        self.rebuild()
        self.set_column(0)
        self.set_interval(60, self.refresh_times)

    def on_unmount(self) -> None:
        self.board.unsubscribe(self.on_board_change)

    # ------------------------------------------------------------ data → columns

    def sort_key(self, cid: str) -> tuple:
        c = self.board.contacts[cid]
        if self.urgent_first:
            return (urgency(self.care(cid)), c.name.casefold(), cid)
        return (-c.entered.timestamp(), c.name.casefold(), cid)

    def care(self, cid: str) -> Care:
        k = self._care.get(cid)
        if k is None:
            k = care(self.board, cid, self.board.clock(), self.config.due_window_days)
            self._care[cid] = k
        return k

    def _count_status(self, cid: str, sign: int) -> None:
        status = self.care(cid).status
        self._status_counts[status] = self._status_counts.get(status, 0) + sign

    def recount(self) -> None:
        self._care.clear()
        self._status_counts = {}
        for cid in self._placed:
            self._count_status(cid, 1)
        self._counted = True

    def _count_after_paint(self) -> None:
        """The log (if it was deferred) and the overdue / due counts, which
        need every person's status: worked out just after the first paint,
        so a large board shows at once.  A deferred log is read, and the
        statuses worked out, in a thread (keys are answered meanwhile); this
        runs again once they are."""
        if not self.board.log_ready:
            ids, now = list(self._placed), self.board.clock()
            self._changed_meanwhile = set()
            self.app.read_log(self._log_read, lambda: self._cares(ids, now))
            return
        if not self._counted:
            self.recount()
            self.update_topbar()
        if not self._settled:
            self._settled = True
            self.call_after_refresh(self._settle)  # once the filled board is painted

    def _cares(self, ids: list[str], now) -> dict[str, Care]:
        """(In the log's thread.)  The status of each of ``ids``; anyone who
        changes meanwhile is worked out again on the UI thread."""
        out: dict[str, Care] = {}
        window = self.config.due_window_days
        for cid in ids:
            with contextlib.suppress(KeyError, RuntimeError):
                out[cid] = care(self.board, cid, now, window)
        return out

    def _log_read(self, cares: dict[str, Care] | None) -> None:
        changed, self._changed_meanwhile = self._changed_meanwhile, None
        self._faces.clear()  # every card's last touch, marks and warmth
        self._care = {cid: k for cid, k in (cares or {}).items() if cid not in changed}
        self._status_counts = {}
        for cid in self._placed:
            self._count_status(cid, 1)  # (from those, or worked out now)
        self._counted = True
        self._show_times()
        self._count_after_paint()

    def _settle(self) -> None:
        """Work for later, done once the board is on screen."""
        # The other screens are imported now rather than at start (their
        # modules and widgets take ~80 ms), so the first of each opens fast;
        # and what the filter searches is gathered (~30 ms at 10,000
        # people), so its first keystroke is as quick as the rest.
        for name in SCREEN_MODULES:
            importlib.import_module(name)
        self.search.warm()

    def rebuild(self) -> None:
        """Place every active contact in its column (open, reload)."""
        self._ids = {rung.key: [] for rung in self.board.ladder}
        self._placed.clear()
        self._faces.clear()
        board = self.board
        for c in board.active():
            key = board.display_rung(c)
            self._ids[key].append(c.id)
            self._placed[c.id] = key
        self._care.clear()
        self._counted = False
        self.call_after_refresh(self._count_after_paint)
        for ids in self._ids.values():
            ids.sort(key=self.sort_key)
        for column in self.columns:
            self.show_column(column)
        self.update_topbar()

    def matches(self, cid: str) -> bool:
        return self.search.matches(cid, self._filter_words)

    def matching(self, ids: list[str]) -> list[str]:
        """Those of ``ids`` the filter matches, in order (board.core.search:
        every word, accents and case folded, in the person's name, handles,
        email, company, tags, city, position, notes or how to help)."""
        return self.search.matching(ids, self._filter_words)

    def show_column(self, column: Column, within: list[str] | None = None) -> None:
        """Fill a column from its rung's people, through the view's filters.
        ``within``: the people it shows now, when the filter only narrowed."""
        ids = self._ids[column.key]
        if within is not None:
            shown = self.matching(within)
            column.header.set_count(len(ids), len(shown))
        elif self.only_due:
            ids_due = [cid for cid in ids if self.care(cid).needs_touch]
            shown = self.matching(ids_due) if self.filter_text else ids_due
            column.header.set_count(len(ids), len(shown))
            column.cards.empty_text = "no one due"
        elif self.filter_text:
            shown = self.matching(ids)
            column.header.set_count(len(ids), len(shown))
            column.cards.empty_text = "no match"
        else:
            shown = ids
            column.header.set_count(len(ids))
            first = column is self.columns[0]
            column.cards.empty_text = "press a to add someone" if first else "no one here yet"
        column.cards.set_ids(list(shown))

    def face(self, cid: str) -> CardFace:
        face = self._faces.get(cid)
        if face is None:
            c = self.board.contacts[cid]
            if not self.board.log_ready:
                # The first frame of a large board comes before its log is
                # read (a moment later): name and context now, the rest then.
                return card_face(c, "…", connector=False)
            now = self.board.clock()
            last = self.board.last_touch(cid)
            k = self.care(cid)
            level = warmth_level(warmth(self.board, cid, now, self.config.warmth_half_life_days))
            date_mark = ("", "")
            if c.birthday or c.dates:
                soon = coming_for(c, local_today(now), self.config.dates_window_days)
                if soon:
                    date_mark = dates.mark(soon[0].days_until)
            face = card_face(
                c, ago(last, now), ago_short(last, now),
                mark=k.mark(), mark_short=k.short_mark(),
                mark_class=f"card--{k.status}" if k.needs_touch else "card--meta",
                connector=self.board.is_connector(cid),
                meter="▰" * level + "▱" * (5 - level),
                date_mark=date_mark[0], date_mark_short=date_mark[1],
            )
            self._faces[cid] = face
        return face

    #: Beyond this many people in one change (an import, its undo), the
    #: columns are rebuilt and sorted once instead of placing cards one by one.
    BULK = 300

    #: What needs a card: left out of the footer (and not run) on an empty
    #: board, which offers Add and Import instead.
    CARD_ACTIONS = frozenset({"promote", "demote", "open", "edit", "advocate", "archive",
                              "snooze", "log", "urgent_first", "filter"})

    def _empty(self) -> bool:
        return not any(True for _ in self.board.active())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.CARD_ACTIONS and self._empty():
            return False
        if action == "import_file":
            return self._empty()
        return super().check_action(action, parameters)

    def on_board_change(self, change: Change) -> None:
        """Repaint only what a change touched."""
        empty = self._empty()
        if empty != self._was_empty:
            self._was_empty = empty
            self.refresh_bindings()  # (the footer: card keys, or Add and Import)
        if self._changed_meanwhile is not None:  # (statuses being worked out)
            self._changed_meanwhile.update(change.contacts)
        for cid in change.contacts:
            self._faces.pop(cid, None)
        if len(change.contacts) > self.BULK:
            current = self.current_id
            self.rebuild()
            if current is not None and current in self._placed:
                self.focus_card(current)
            for column in self.columns:
                column.cards.invalidate()
            return
        touched_columns: set[str] = set()
        # Take everyone who changed out first, then put them back: a column
        # being sorted never holds someone who is gone (a replace, an undo).
        for cid in change.contacts:
            old = self._placed.pop(cid, None)
            if old is not None:
                self._ids[old].remove(cid)
                if self._counted:
                    self._count_status(cid, -1)
                touched_columns.add(old)
            self._care.pop(cid, None)
        for cid in change.contacts:
            c = self.board.contacts.get(cid)
            new = None if c is None or c.archived else self.board.display_rung(c)
            if new is not None:
                bisect.insort(self._ids[new], cid, key=self.sort_key)
                self._placed[cid] = new
                if self._counted:
                    self._count_status(cid, 1)
                touched_columns.add(new)
        for column in self.columns:
            cards = column.cards
            if column.key not in touched_columns:
                for cid in change.contacts:
                    cards.forget(cid)
                continue
            current = cards.current
            self.show_column(column)  # repaints the cards that shifted
            if current is not None and current in cards.ids:
                cards.select_id(current)
            for cid in change.contacts:
                cards.invalidate(cid)  # forgets, and repaints those that changed in place
        self.update_topbar()

    def refresh_times(self) -> None:
        """Time passes: relative dates, due marks and warmth change."""
        self._faces.clear()
        self.recount()
        self._show_times()

    def _show_times(self) -> None:
        if self.urgent_first or self.only_due:
            for ids in self._ids.values():
                ids.sort(key=self.sort_key)
            for column in self.columns:
                self.show_column(column)
        for column in self.columns:
            column.cards.invalidate()
        self.update_topbar()

    def update_topbar(self) -> None:
        """The top bar, in wordings from the fullest to the shortest (the
        bar shows the first that fits): the overdue and due counts are in
        every one, and come first after the board's name."""
        total = len(self._placed)
        head: list = [(" board ", "bold reverse"), "  "]
        counts: list = []
        if self._counted:
            overdue = self._status_counts.get("overdue", 0)
            due = self._status_counts.get("due", 0)
            counts = [(f"{overdue} overdue", "bold $error" if overdue else "dim"),
                      ("  ·  ", "dim"), (f"{due} due", "bold $warning" if due else "dim"),
                      "   "]
        people = [(f"{total:,} {'person' if total == 1 else 'people'}", "bold"), "   "]

        def modes(short: bool) -> list:
            parts: list = []
            if self.urgent_first:
                parts += [("urgent first" if short else "most urgent first", "italic $accent"),
                          "   "]
            if self.only_due:
                parts += [("due only" if short else "only due / overdue", "italic $accent"),
                          "   "]
            if self.filter_text:
                parts += [("/" if short else "filter: ", "italic"),
                          (safe(self.filter_text), "bold $accent"), "   "]
            return parts

        sync_line = getattr(self.app, "sync_line", None)
        synced = sync_line() if sync_line is not None else None
        sync_long: list = [(synced[0], "italic $accent"), "   "] if synced else []
        sync_short: list = [(synced[1], "italic $accent"), "   "] if synced else []
        wordings = [[*head, *people, *counts, *modes(False), *sync_long,
                     (self.subtitle_text, "dim")]]
        if self.subtitle_short:
            wordings.append([*head, *people, *counts, *modes(False), *sync_long,
                             (self.subtitle_short, "dim")])
        wordings += [[*head, *people, *counts, *modes(False), *sync_long],
                     [*head, *people, *counts, *modes(True), *sync_short],
                     [*head, *counts, *modes(True), *sync_short],
                     [*head, *counts, *sync_short],
                     [*head, *counts]]
        self.query_one(TopBar).show(wordings)

    # ------------------------------------------------------------ cursor

    @property
    def column(self) -> Column:
        return self.columns[self.col]

    @property
    def current_id(self) -> str | None:
        return self.column.cards.current

    def set_column(self, index: int, row: int | None = None) -> None:
        index = max(0, min(index, len(self.columns) - 1))
        for n, column in enumerate(self.columns):
            # the header draws itself bold: no CSS class, so no restyle
            column.header.set_active(n == index)
            column.cards.set_active(n == index)
        self.col = index
        if self.is_mounted:
            # sideways, when the columns are wider than the screen
            self.query_one(Columns).scroll_to_widget(self.column, animate=False)
        if row is not None:
            cards = self.column.cards
            cards.select(cards.index_at_row(row))

    def focus_card(self, cid: str) -> None:
        """Put the cursor on a contact's card, wherever it is."""
        key = self._placed.get(cid)
        if key is None:
            return
        for n, column in enumerate(self.columns):
            if column.key == key and cid in column.cards.ids:
                self.set_column(n)
                column.cards.select_id(cid)
                return

    def goto_contact(self, cid: str) -> None:
        """Put the cursor on a person (clearing a filter that hides them)."""
        if self.filter_text and not self.matches(cid):
            self.clear_filter()
        self.focus_card(cid)

    def action_cursor(self, dx: int, dy: int) -> None:
        if dx:
            row = self.column.cards.row_of_cursor()
            self.set_column(self.col + dx, row=max(0, row))
        if dy:
            cards = self.column.cards
            cards.select(cards.cursor + dy)

    def action_cursor_end(self, end: int) -> None:
        cards = self.column.cards
        cards.select(len(cards.ids) - 1 if end else 0)

    @on(CardList.Clicked)
    def on_card_clicked(self, event: CardList.Clicked) -> None:
        for n, column in enumerate(self.columns):
            if column.cards is event.column:
                self.set_column(n)
                column.cards.select(event.index)
                if event.double:
                    self.action_open()

    # ------------------------------------------------------------ actions

    def _need_card(self) -> str | None:
        cid = self.current_id
        if cid is None:
            self.notify("No card here.", severity="warning", timeout=2)
        return cid

    def _move(self, up: bool) -> None:
        cid = self._need_card()
        if cid is None:
            return
        try:
            contact = self.board.promote(cid) if up else self.board.demote(cid)
        except LadderEnd as exc:
            self.notify(str(exc), timeout=2)
            return
        self.focus_card(contact.id)

    def action_promote(self) -> None:
        self._move(True)

    def action_demote(self) -> None:
        self._move(False)

    def action_import_file(self) -> None:
        self.app.action_import_file()

    def action_add(self) -> None:
        def done(cid: str | None) -> None:
            if cid:
                if self.filter_text and not self.matches(cid):
                    self.clear_filter()
                self.focus_card(cid)
                self.notify(f"Added {self.board.contacts[cid].name}.", timeout=2)

        def open_existing(cid: str) -> None:
            self.goto_contact(cid)
            from board.ui.screens.contact import open_contact

            open_contact(self.app, self.board, cid, self.config,
                         lambda _: self.goto_contact(cid))

        from board.ui.screens.contact_form import ContactForm

        self.app.push_screen(ContactForm(self.board, open_existing=open_existing), done)

    def action_edit(self) -> None:
        cid = self._need_card()
        if cid is None:
            return

        def done(saved: str | None) -> None:
            if saved:
                self.focus_card(saved)

        from board.ui.screens.contact_form import ContactForm

        self.app.push_screen(ContactForm(self.board, cid), done)

    def action_open(self) -> None:
        cid = self._need_card()
        if cid is None:
            return
        from board.ui.screens.contact import open_contact

        open_contact(self.app, self.board, cid, self.config, lambda _: self.focus_card(cid))

    def action_log(self, which: str) -> None:
        cid = self._need_card()
        if cid is None:
            return
        from board.ui.screens.log_form import open_log_form

        open_log_form(self, self.board, cid, which, after=lambda _: self.focus_card(cid))

    def action_advocate(self) -> None:
        cid = self._need_card()
        if cid is None:
            return
        c = self.board.toggle_advocate(cid)
        if c.advocate:
            self.notify(f"{c.name} is now marked as an advocate ★.", timeout=2)
        else:
            self.notify(f"{c.name} is no longer an advocate.", timeout=2)

    def action_archive(self) -> None:
        cid = self._need_card()
        if cid is None:
            return
        from board.ui.screens.confirm import Confirm

        name = self.board.contacts[cid].name
        index = self.column.cards.cursor

        def done(yes: bool | None) -> None:
            if yes:
                self.board.archive(cid)
                self.column.cards.select(index)
                self.notify(f"Archived {name}. Press u to undo, A to see everyone archived.",
                            timeout=3)

        self.app.push_screen(
            Confirm(
                f"Archive {name}?",
                "They leave the board but stay in your data (and in backups).",
                yes="Archive",
            ),
            done,
        )

    def action_undo(self) -> None:
        self._show_change(undo_and_say(self))

    def action_redo(self) -> None:
        self._show_change(redo_and_say(self))

    def _show_change(self, change: Change | None) -> None:
        """Put the cursor on someone an undo or redo changed: the card it is
        on if that is one of them, else the first of them on the board (a
        merge undone also changes whoever pointed at the removed person:
        never one of those picked at random)."""
        if change is None:
            return
        shown = [cid for cid in change.contacts if cid in self._placed
                 and not (self.filter_text and not self.matches(cid))]
        if not shown:
            return
        current = self.current_id
        if current not in shown:
            order = {cid: (n, i) for n, column in enumerate(self.columns)
                     for i, cid in enumerate(column.cards.ids) if cid in change.contacts}
            current = min(shown, key=lambda cid: order.get(cid, (len(self.columns), 0)))
        self.focus_card(current)

    # ------------------------------------------------------------ filter

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def on_filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def on_filter_submitted(self, event: Input.Submitted) -> None:
        box = self.query_one("#filter", Input)
        if not box.value.strip():
            box.display = False
        box.blur()

    def apply_filter(self, text: str) -> None:
        current = self.current_id
        before = self._filter_words
        self.filter_text = text.strip()
        self._filter_words = words = query_words(self.filter_text)
        # Typing on narrows the filter: whoever matches now matched before
        # (each earlier word is inside a word typed now), so only the people
        # shown are searched again, not everyone on the board.
        narrower = bool(before) and all(any(old in new for new in words) for old in before)
        for column in self.columns:
            # repaints; the cards' cached looks still hold
            self.show_column(column, list(column.cards.ids) if narrower else None)
        if current is not None and not self.column.cards.select_id(current):
            self.column.cards.select(0)
        if not self.column.cards.ids:
            # no match here: the cursor goes to the nearest column with some,
            # so the card keys act on what the filter shows
            with_cards = [n for n, column in enumerate(self.columns) if column.cards.ids]
            if with_cards:
                self.set_column(min(with_cards, key=lambda n: abs(n - self.col)), row=0)
        self.update_topbar()

    def clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.apply_filter("")

    def action_urgent_first(self) -> None:
        self.set_view(urgent_first=not self.urgent_first)
        if self.urgent_first:
            self.notify("Most urgent first in every column. esc returns to the usual order.",
                        timeout=3)

    def action_only_due(self) -> None:
        self.set_view(only_due=not self.only_due, urgent_first=True)

    def set_view(self, urgent_first: bool | None = None, only_due: bool | None = None) -> None:
        current = self.current_id
        if urgent_first is not None:
            self.urgent_first = urgent_first
        if only_due is not None:
            self.only_due = only_due
        for ids in self._ids.values():
            ids.sort(key=self.sort_key)
        for column in self.columns:
            self.show_column(column)
            column.cards.invalidate()
        if current is None or not self.column.cards.select_id(current):
            self.column.cards.select(0)
        self.update_topbar()

    def action_insights(self) -> None:
        from board.ui.screens.insights import InsightsScreen

        self.app.push_screen(InsightsScreen(self.board, self.config))

    def action_archived(self) -> None:
        from board.ui.screens.archived import ArchivedScreen

        self.app.push_screen(ArchivedScreen(self.board, self.config))

    def action_duplicates(self) -> None:
        from board.ui.screens.duplicates import DuplicatesScreen

        self.app.push_screen(DuplicatesScreen(self.board, self.config))

    def action_snooze(self) -> None:
        cid = self._need_card()
        if cid is None:
            return
        from board.ui.screens.snooze import open_snooze

        open_snooze(self, self.board, cid, self.config)

    def action_clear_filter(self) -> None:
        if self.urgent_first or self.only_due:
            self.set_view(urgent_first=False, only_due=False)
            return
        box = self.query_one("#filter", Input)
        if box.display or self.filter_text:
            current = self.current_id
            self.clear_filter()
            if current is not None:
                self.focus_card(current)
            self.set_focus(None)
