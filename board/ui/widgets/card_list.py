"""A column of cards on Textual's Line API.

The column is a ``ScrollView`` four lines a card high (three of card, one of
space): it holds a list of contact ids and ``render_line`` gives the lines in
view from an LRU of rendered cards (Textual's ``LRUCache``), as Textual's own
``Log`` and ``DataTable`` do. Textual does the rest through its public API:
the padding, the scrollbar, the wheel, the layout when a column's height
changes. Only the cards in view cost anything: building a column of 10,000
cards is setting a list, moving a card is a list insert and a repaint of the
columns it left and joined; a card that changes in place is drawn again alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollDown, ScrollUp
from textual.strip import Strip

from board.core.schema import Contact
from board.core.text import safe, short_ago

CARD_HEIGHT = 4  # three lines of card and one of space


#: One line of a card: its text, which gives way (cut with "…") when the
#: line is short, and the pieces drawn at its right, which never do; each
#: with the component class it is drawn in.
CardLine = tuple[str, str, tuple[tuple[str, str], ...]]

#: Column widths (in cells, the bar and the margin included) from which a
#: card shows more.  From FULL_WIDTH: name / context and warmth / last touch
#: and the mark in words ("12d overdue").  From COMPACT_WIDTH: the name with
#: the short mark ("!12d") / context and warmth / the last touch in short
#: ("2mo").  Narrower: the name alone / the last touch and the short mark /
#: the context.  The mark and the ⇄★ badges are never cut: the text beside
#: them gives way.
FULL_WIDTH = 24
COMPACT_WIDTH = 14


@dataclass(frozen=True)
class CardFace:
    """What a card shows; computed by the screen, drawn by the column."""

    name: str
    context: str
    meta: str  # the last touch, in words ("2 weeks ago")
    advocate: bool = False
    connector: bool = False
    meter: str = ""  # warmth meter, drawn at the right of the context line
    mark: str = ""  # the status mark, in words ("12d overdue")
    mark_class: str = ""  # component class for the mark
    meta_short: str = ""  # the last touch in short ("2w"): board.core.text.short_ago
    mark_short: str = ""  # the mark in short ("!12d"): Care.short_mark
    date_mark: str = ""  # a birthday or date coming, in words ("✦ in 3d"): dates.mark
    date_mark_short: str = ""  # and in short ("✦3d")

    @property
    def badges(self) -> str:
        return ("⇄" if self.connector else "") + ("★" if self.advocate else "")

    def lines(self, width: int) -> tuple[CardLine, CardLine, CardLine]:
        """The card's three lines for a column ``width`` cells wide."""
        mark_class = self.mark_class or "card--meta"
        badges = ("card--advocate", self.badges)
        # A coming date sits where it takes nothing from the due mark: by the
        # name on a wide card (in words when the name still fits), on the
        # line of the last touch alone on a compact one, and at the end of
        # the context (the least needed line) on the narrowest.
        date = ("card--date", self.date_mark_short)
        if width >= FULL_WIDTH:
            inner = width - 3
            meta, mark = self.meta, self.mark
            if mark and cell_len(meta) + 1 + cell_len(mark) > inner:
                meta = self.meta_short or meta  # a short last touch, not a cut one
                if cell_len(meta) + 1 + cell_len(mark) > inner:
                    mark = self.mark_short or mark
            if self.date_mark and cell_len(self.name) + 1 + cell_len(
                    " ".join(p for p in (self.date_mark, self.badges) if p)) <= inner:
                date = ("card--date", self.date_mark)
            return (
                (self.name, "card--name", _right(date, badges)),
                (self.context, "card--context", _right(("card--warmth", self.meter))),
                (meta, "card--meta", _right((mark_class, mark))),
            )
        mark = (mark_class, self.mark_short)
        meta = self.meta_short or self.meta
        if width >= COMPACT_WIDTH:
            room = width - 3 - (cell_len(self.date_mark_short) + 1 if self.date_mark_short else 0)
            if cell_len(self.meta) <= room:
                meta = self.meta  # the line is the last touch's alone: in words if it fits
            return (
                (self.name, "card--name", _right(mark, badges)),
                (self.context, "card--context", _right(("card--warmth", self.meter))),
                (meta, "card--meta", _right(date)),
            )
        return (
            (self.name, "card--name", ()),
            (meta, "card--meta", _right(mark, badges)),
            (self.context, "card--context", _right(date)),
        )


def _right(*pieces: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    """The non-empty ``(class, text)`` pieces, as ``(text, class)``, one
    space between them."""
    out: list[tuple[str, str]] = []
    for part, text in pieces:
        if text:
            if out:
                out.append((" ", "card"))
            out.append((text, part))
    return tuple(out)


#: A card's three lines, by (contact id, selected, width).
CardKey = tuple[str, bool, int]


class CardList(ScrollView, can_focus=False):
    """The cards of one rung."""

    COMPONENT_CLASSES = {
        "card",
        "card--selected",
        "card--bar",
        "card--name",
        "card--context",
        "card--meta",
        "card--advocate",
        "card--empty",
        "card--due",
        "card--overdue",
        "card--warmth",
        "card--date",
    }

    DEFAULT_CSS = """
    CardList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;  /* one cell: it lies over the cards' right margin */
    }
    """

    class Clicked(Message):
        """A card was clicked (``double``: a double click, which opens it)."""

        def __init__(self, column: CardList, index: int, double: bool = False) -> None:
            super().__init__()
            self.column = column
            self.index = index
            self.double = double

    def __init__(
        self,
        face: Callable[[str], CardFace],
        *,
        empty_text: str = "no one here yet",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._face = face
        self._empty_text = empty_text
        self.ids: list[str] = []
        self.cursor = 0
        self.active = False
        # Rendered cards, and the widths they were drawn at (a card that
        # changes is forgotten at each).
        self._cards: LRUCache[CardKey, tuple[Strip, Strip, Strip]] = LRUCache(1024)
        self._widths: set[int] = set()
        self._fitting = False  # a new height waits for the next frame (set_ids)
        self._follow = False  # the cursor was scrolled to while it waited
        self._base: Style | None = None  # the column's own style
        self._blank: Strip | None = None  # a line of it, as wide as the column
        self._styles: dict[tuple[str, bool], Style] = {}  # (part, selected) -> style

    # ------------------------------------------------------------ state

    @property
    def empty_text(self) -> str:
        """What an empty column says (\"no match\" under a filter)."""
        return self._empty_text

    @empty_text.setter
    def empty_text(self, text: str) -> None:
        if text != self._empty_text:
            self._empty_text = text
            if not self.ids:
                self.refresh()

    def set_ids(self, ids: list[str]) -> None:
        """Show these cards, in this order.

        The cards from the first that changed down repaint at once. The new
        height goes to Textual only when something on the screen or within
        reach of a scroll depends on it (``_height_matters``): setting
        ``virtual_size`` costs a layout of the whole screen, which repaints
        this column whole and every column's scrollbar. When it does matter
        it goes just after this frame (as ``DataTable`` sets its dimensions
        after the rows it added), so the frame that shows a move or a filter
        keystroke does not wait for it; at once when the view would not
        survive the wait (scrolled past the new end).
        """
        if ids == self.ids:
            return  # the same cards (a filter typed on that left this column be)
        first = self._first_change(self.ids, ids)
        self.ids = ids
        if self.cursor >= len(ids):
            self.cursor = max(0, len(ids) - 1)
        if first is not None:
            top = first * CARD_HEIGHT
            self.refresh_lines(top, max(0, self.scroll_offset.y + self.size.height - top))
        height = len(ids) * CARD_HEIGHT
        if height == self.virtual_size.height:
            return
        if not self.is_mounted or self.scroll_offset.y > max(0, height - self.size.height):
            self._fit()
        elif not self._fitting and self._height_matters():
            self._fitting = True
            self.call_after_refresh(self._fit)

    def _height_matters(self, scroll_y: float | None = None) -> bool:
        """Would anything a user can see or reach differ if Textual had the
        cards' height instead of the one it has (with the view scrolled to
        ``scroll_y``, by default where it is)?

        Textual uses ``virtual_size.height`` for three things: whether the
        scrollbar shows, where its thumb is drawn, and how far the column
        scrolls. Two heights that both fit show no scrollbar and scroll
        nowhere. Two that both overflow draw the same thumb when Textual's
        own ``ScrollBarRender`` draws the same segments for them (a card is
        4 lines in tens of thousands: the thumb moves in eighths of a cell,
        most moves do not move it), and scroll the same until the view comes
        near the end: within two views of it the height goes to Textual, so
        the last card is always reachable and nothing scrolls past it.
        """
        height = len(self.ids) * CARD_HEIGHT
        have = self.virtual_size.height
        if height == have:
            return False
        if not self.is_mounted or not self.size:
            return True
        view = self.container_size.height
        if height <= view and have <= view:
            return False  # no scrollbar either way, nothing to scroll
        if height <= view or have <= view:
            return True  # the scrollbar comes or goes
        if scroll_y is None:
            scroll_y = self.scroll_y
        if scroll_y + 2 * view >= min(height, have):
            return True  # the end of the column is within reach
        bar = self.vertical_scrollbar
        track = bar.size.height
        if not track:
            return True  # the scrollbar is not laid out yet
        window = ceil(bar.window_size)

        def thumb(virtual: int) -> list[Segment]:
            return bar.renderer.render_bar(
                size=track, virtual_size=virtual, window_size=window, position=bar.position
            ).segments

        return thumb(height) != thumb(have)

    def _fit(self) -> None:
        """Give Textual the cards' height (and scroll to the cursor again if
        it was scrolled to meanwhile: the old height may have stopped it)."""
        self._fitting = False
        self.virtual_size = Size(0, len(self.ids) * CARD_HEIGHT)
        if self._follow:
            self._follow = False
            self.scroll_to_cursor()

    def _fit_if_it_matters(self) -> None:
        if not self._fitting and self._height_matters():
            self._fit()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # a scroll moves the thumb and may bring the end within reach
        self._fit_if_it_matters()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_if_it_matters()

    def _first_change(self, old: list[str], new: list[str]) -> int | None:
        """The first card in view that differs between two lists, if any."""
        if not old or not new:
            return 0  # the empty-column text comes or goes
        top = self.scroll_offset.y // CARD_HEIGHT
        for index in range(top, top + self.size.height // CARD_HEIGHT + 2):
            was = old[index] if index < len(old) else None
            now = new[index] if index < len(new) else None
            if was != now:
                return index
        return None

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self._refresh_card(self.cursor)

    @property
    def current(self) -> str | None:
        if 0 <= self.cursor < len(self.ids):
            return self.ids[self.cursor]
        return None

    def select(self, index: int, scroll: bool = True) -> None:
        if not self.ids:
            self.cursor = 0
            return
        index = max(0, min(index, len(self.ids) - 1))
        old = self.cursor
        self.cursor = index
        self._refresh_card(old)
        self._refresh_card(index)
        if scroll:
            self.scroll_to_cursor()

    def select_id(self, cid: str) -> bool:
        try:
            index = self.ids.index(cid)
        except ValueError:
            return False
        self.select(index)
        return True

    def scroll_to_cursor(self, animate: bool = False) -> None:
        """Scroll as little as shows the cursor's card and the space below it."""
        top = self.cursor * CARD_HEIGHT
        scroll_y = self.scroll_offset.y
        height = self.size.height
        if top < scroll_y or height < CARD_HEIGHT:
            y = top
        elif top + CARD_HEIGHT > scroll_y + height:
            y = top + CARD_HEIGHT - height
        else:
            return
        if not self._fitting and self._height_matters(y):
            self._fit()  # Textual's height would stop the scroll short
        self._follow = self._fitting
        self.scroll_to(y=y, animate=animate, force=True, immediate=True)

    def index_at_row(self, row: int) -> int:
        """The card shown at a row of the widget (0 = top of the view)."""
        return (row + self.scroll_offset.y) // CARD_HEIGHT

    def row_of_cursor(self) -> int:
        return self.cursor * CARD_HEIGHT - self.scroll_offset.y

    def invalidate(self, cid: str | None = None) -> None:
        """Forget the rendered look of one card (or all) and repaint it."""
        if cid is None:
            self._cards.clear()
            self._widths.clear()
            self.refresh()
            return
        self.forget(cid)
        try:
            index = self.ids.index(cid)
        except ValueError:
            return
        self._refresh_card(index)

    def forget(self, cid: str) -> None:
        """Drop a card's rendered look (it changed); no repaint by itself."""
        for width in self._widths:
            self._cards.discard((cid, False, width))
            self._cards.discard((cid, True, width))

    def _refresh_card(self, index: int) -> None:
        top = index * CARD_HEIGHT
        scroll_y = self.scroll_offset.y
        if top + CARD_HEIGHT > scroll_y and top < scroll_y + self.size.height:
            self.refresh_lines(top, CARD_HEIGHT)

    # ------------------------------------------------------------ events

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cards.clear()
        self._widths.clear()
        self._base = None
        self._blank = None
        self._styles.clear()

    @on(ScrollUp)
    @on(ScrollDown)
    def _jump(self, message: ScrollUp | ScrollDown) -> None:
        """A click on the scrollbar's track goes to that point of the column
        (Textual's would page: a page is nothing in 10,000 cards)."""
        track = self.vertical_scrollbar.region
        row = self.app.mouse_position.y - track.y
        if not 0 <= row < track.height:
            return  # not a click on the track: Textual's paging
        message.prevent_default()
        if not self._fitting and self.virtual_size.height != len(self.ids) * CARD_HEIGHT:
            self._fit()  # the track maps onto the cards' whole height
        self.scroll_to(y=self.max_scroll_y * row / max(1, track.height - 1), animate=False)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return  # the padding above the cards
        index = self.index_at_row(offset.y)
        if 0 <= index < len(self.ids):
            self.post_message(self.Clicked(self, index, double=event.chain >= 2))

    # ------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        # A ScrollView's ``container_size`` is its view less its padding, as
        # ``size`` is, but stored at layout (ScrollView._size_updated);
        # ``size`` asks the compositor for the region on every call, which
        # cost a third of this method per line.
        width = self.container_size.width
        base = self._base
        if base is None:
            base = self._base = self.rich_style
        if not self.ids:
            if y == 1:
                style = base + self.get_component_rich_style("card--empty", partial=True)
                text = self.empty_text[: max(0, width - 2)]
                left = max(0, (width - len(text)) // 2)
                return Strip([Segment(" " * left, base), Segment(text, style)]).adjust_cell_length(
                    width, base
                )
            return Strip.blank(width, base)
        index, sub = divmod(y + round(self.scroll_y), CARD_HEIGHT)
        if index >= len(self.ids) or sub == CARD_HEIGHT - 1:
            # the space between cards, or below them: one strip for all
            blank = self._blank
            if blank is None or blank.cell_length != width:
                blank = self._blank = Strip.blank(width, base)
            return blank
        cid = self.ids[index]
        key = (cid, self.active and index == self.cursor, width)
        strips = self._cards.get(key)
        if strips is None:
            strips = self._render_card(*key)
            self._cards.set(key, strips)
            self._widths.add(width)
        return strips[sub]

    def _style(self, name: str, selected: bool) -> Style:
        """A card part's style (looked up once per theme: CSS lookups cost
        more than drawing a card)."""
        key = (name, selected)
        style = self._styles.get(key)
        if style is None:
            card = self.get_component_rich_style("card")
            if selected:
                card = card + self.get_component_rich_style("card--selected")
            style = card if name == "card" else card + self.get_component_rich_style(
                name, partial=True)
            self._styles[key] = style
        return style

    def _render_card(self, cid: str, selected: bool, width: int) -> tuple[Strip, Strip, Strip]:
        """A card's three lines; the last cell is a margin, where Textual
        draws the scrollbar when there is one (it lies over the content)."""
        face = self._face(cid)
        card = self._style("card", selected)

        def part(name: str) -> Style:
            return self._style(name, selected)

        bar = part("card--bar")
        inner = max(1, width - 3)  # "▌ " and a right margin

        def line(text: str, style: str, right: tuple[tuple[str, str], ...]) -> Strip:
            segments = [Segment("▌", bar), Segment(" ", card)]
            # what sits at the right is never cut: the text gives way
            room = inner - sum(cell_len(piece) for piece, _ in right)
            if right and room >= 3:
                segments.append(Segment(fit(text, room - 1), part(style)))
                segments.append(Segment(" ", card))
            elif right:
                segments.append(Segment(" " * max(0, room), card))
            else:
                segments.append(Segment(fit(text, inner), part(style)))
            segments += [Segment(piece, part(name)) for piece, name in right]
            segments.append(Segment(" ", card))
            return Strip(segments).adjust_cell_length(width, card)

        first, second, third = face.lines(width)
        return line(*first), line(*second), line(*third)


def fit(text: str, width: int) -> str:
    """Exactly ``width`` cells: cut with an ellipsis, or padded."""
    if width <= 0:
        return ""
    size = cell_len(text)
    if size <= width:
        return text + " " * (width - size)
    return set_cell_size(text, width - 1) + "…"


def card_face(
    contact: Contact,
    meta: str,
    mark: str = "",
    mark_class: str = "",
    connector: bool = False,
    meter: str = "",
    mark_short: str = "",
    date_mark: str = "",
    date_mark_short: str = "",
) -> CardFace:
    """The face of a contact's card, with every piece of text made safe."""
    return CardFace(
        name=safe(contact.name),
        context=safe(contact.context),
        meta=meta,
        advocate=contact.advocate,
        connector=connector,
        meter=meter,
        mark=mark,
        mark_class=mark_class,
        meta_short=short_ago(meta),
        mark_short=mark_short,
        date_mark=date_mark,
        date_mark_short=date_mark_short,
    )


__all__ = ["CARD_HEIGHT", "COMPACT_WIDTH", "FULL_WIDTH", "CardFace", "CardList", "card_face"]
