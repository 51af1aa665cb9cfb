"""A column of cards, rendered line by line.

Only the cards in view cost anything: the column holds a list of contact
ids, and ``render_line`` draws the few lines the terminal shows, from a
small cache of rendered cards.  Building a column of 10,000 cards is
setting a list; moving a card is a list insert and a repaint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.style import Style as TextualStyle

from board.core.schema import Contact
from board.core.text import safe

CARD_HEIGHT = 4  # three lines of card and one of space


@dataclass(frozen=True)
class CardFace:
    """What a card shows; computed by the screen, drawn by the column."""

    name: str
    context: str
    meta: str
    advocate: bool = False
    connector: bool = False
    meter: str = ""  # warmth meter, drawn at the right of the context line
    mark: str = ""  # a short status mark drawn at the right of the meta line
    mark_class: str = ""  # component class for the mark


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
    }

    DEFAULT_CSS = """
    CardList {
        scrollbar-size-vertical: 0;  /* the column draws its own (_bar_cells) */
        overflow-x: hidden;
    }
    """

    class Clicked(Message):
        def __init__(self, column: CardList, index: int) -> None:
            super().__init__()
            self.column = column
            self.index = index

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
        self._cache: dict[tuple[str, bool, int], list[Strip]] = {}
        self._base_style: Style | None = None
        self._styles: dict[tuple[str, bool], Style] = {}  # (part, selected) → style
        # a card's line with the scrollbar's cell, and the card line it was made of
        self._lines: dict[tuple, tuple[Strip | None, Strip]] = {}
        self._bar: tuple[tuple, list[Segment]] | None = None  # scrollbar cells, by state
        self._frame: tuple[int, Strip, Color] | tuple[()] | None = None  # see _plain_frame

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
        if ids == self.ids:
            return  # the same cards (a filter typed on that left this column be)
        old = self.ids
        self.ids = ids
        if self.cursor >= len(ids):
            self.cursor = max(0, len(ids) - 1)
        if self._update_size():
            return  # laid out again: everything repaints
        first = self._first_change(old, ids)
        if first is not None:
            # Cards above the first that changed stay where they were: only
            # the rest of the view repaints (a move redraws half a column on
            # average, not the whole of two).
            top = max(0, first * CARD_HEIGHT - int(self.scroll_offset.y))
            self.refresh(Region(0, top, self.size.width, max(0, self.size.height - top)))

    def _first_change(self, old: list[str], new: list[str]) -> int | None:
        """The first card in view that differs between two lists, if any."""
        if not old or not new:
            return 0  # the empty-column text comes or goes
        top = int(self.scroll_offset.y) // CARD_HEIGHT
        for index in range(top, top + self.size.height // CARD_HEIGHT + 2):
            was = old[index] if index < len(old) else None
            now = new[index] if index < len(new) else None
            if was != now:
                return index
        return None

    def _update_size(self) -> bool:
        """Fit the scrollable height to the cards; whether that repainted
        the whole widget."""
        new = Size(self.size.width, len(self.ids) * CARD_HEIGHT)
        old = self.virtual_size
        if new == old:
            return False
        height = self.size.height
        overflows = new.height > height
        theirs = self.styles.scrollbar_size_vertical  # Textual's scrollbar, not ours
        if not self.is_mounted or old.width != new.width or (
                theirs and overflows != (old.height > height)):
            self.virtual_size = new  # a new layout
            self.refresh()
            return True
        # No new layout (it would repaint the whole screen): nothing around
        # the column moves, even when its scrollbar comes or goes.
        before = self._thumb()
        self.set_reactive(CardList.virtual_size, new)
        if overflows != self.show_vertical_scrollbar and not theirs:
            self.set_reactive(CardList.show_vertical_scrollbar, overflows)  # (wheel scrolls)
            self.scroll_y = self.validate_scroll_y(self.scroll_y)
            self.refresh()  # the last cell of every line changes
            return True
        if theirs:
            self._scroll_update(new)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)
        if self._thumb() != before:
            self.refresh(Region(self.size.width - 1, 0, 1, height))
        return False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # ScrollView's; the column draws its own scrollbar (_bar_cells).
        if self.styles.scrollbar_size_vertical and self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = new_value
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)

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
            self.refresh()
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
        region = Region(0, self.cursor * CARD_HEIGHT, self.size.width, CARD_HEIGHT)
        self.scroll_to_region(region, animate=animate, force=True, immediate=True)

    def index_at_row(self, row: int) -> int:
        """The card shown at a row of the widget (0 = top of the view)."""
        return (row + int(self.scroll_offset.y)) // CARD_HEIGHT

    def row_of_cursor(self) -> int:
        return self.cursor * CARD_HEIGHT - int(self.scroll_offset.y)

    def invalidate(self, cid: str | None = None) -> None:
        """Forget the rendered look of one card (or all) and repaint."""
        if cid is None:
            self._cache.clear()
            self._lines.clear()
            self.refresh()
            return
        for key in [k for k in self._cache if k[0] == cid]:
            del self._cache[key]
        try:
            index = self.ids.index(cid)
        except ValueError:
            return
        self._refresh_card(index)

    def forget(self, cid: str) -> None:
        """Drop a card's cached look (it changed); no repaint by itself."""
        for key in [k for k in self._cache if k[0] == cid]:
            del self._cache[key]

    def _refresh_card(self, index: int) -> None:
        top = index * CARD_HEIGHT - int(self.scroll_offset.y)
        if top + CARD_HEIGHT < 0 or top > self.size.height:
            return
        self.refresh(Region(0, max(0, top), self.size.width, CARD_HEIGHT))

    # ------------------------------------------------------------ events

    def on_resize(self) -> None:
        self._cache.clear()
        self._lines.clear()
        self._frame = None
        self._update_size()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._lines.clear()
        self._bar = None
        self._frame = None
        self._base_style = None
        self._styles.clear()

    def on_click(self, event) -> None:
        if self._bar_width() and event.x == self.size.width - 1:
            # On the scrollbar: scroll to that point of the column.
            height = max(1, self.size.height - 1)
            row = max(0, min(event.y, height))  # (mouse events count from the content)
            self.scroll_to(y=self.max_scroll_y * row / height, animate=False)
            return
        index = self.index_at_row(event.y)
        if 0 <= index < len(self.ids):
            self.post_message(self.Clicked(self, index))

    # ------------------------------------------------------------ drawing

    def render_lines(self, crop: Region) -> list[Strip]:
        """The widget's lines, straight from the cards' cached strips.

        Textual's general path (its styles cache: borders, tint, opacity…)
        costs ~40 µs a line, several times drawing a cached card: a filter
        that changes six columns spent ~20 ms there. A column has none of
        those looks, only a top padding, so it draws its lines itself; it
        takes the general path for anything else a stylesheet gives it.
        """
        frame = self._frame
        if frame is None:
            frame = self._frame = self._plain_frame()
        if not frame:
            return super().render_lines(crop)
        top, blank, background = frame
        view = self._view()
        content_height = view[1]
        line = self._line
        lines = [line(y - top, view) if 0 <= y - top < content_height else blank
                 for y in crop.line_range]
        for line_filter in self.get_line_filters():
            lines = [line.apply_filter(line_filter, background) for line in lines]
        width = self.region.width
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            lines = [line.crop(x1, x2) for line in lines]
        return lines

    def _plain_frame(self) -> tuple[int, Strip, Color] | tuple[()]:
        """(top padding, a padding line, background) if nothing but a top
        padding surrounds the cards, else ``()``: Textual draws the rest."""
        styles = self.styles
        top, right, bottom, left = styles.padding
        if (right or bottom or left or any(edge for edge, _ in styles.border)
                or any(edge for edge, _ in styles.outline) or styles.tint.a
                or self.opacity != 1 or styles.text_opacity != 1
                or (styles.has_rule("hatch") and styles.hatch != "none")):
            return ()
        base_background, background = self.background_colors
        inner = TextualStyle(background=base_background + background).rich_style
        return top, Strip.blank(self.region.width, inner), background

    def _bar_width(self) -> int:
        """1 when the cards overflow the column: its last cell is a scrollbar
        (unless a stylesheet gives it Textual's, ``scrollbar-size``)."""
        if self.virtual_size.height <= self.size.height:
            return 0
        return 0 if self.styles.scrollbar_size_vertical else 1

    def _thumb(self) -> tuple[int, int] | None:
        if not self._bar_width():
            return None
        height = self.size.height
        return _thumb(height, self.virtual_size.height, height, int(self.scroll_y * 8) / 8)

    def _bar_cells(self) -> list[Segment]:
        """The scrollbar's cell on each line, as Textual's ``ScrollBar`` would
        draw them (its colours, through ``ScrollBarRender.render_bar``)."""
        height = self.size.height
        virtual = self.virtual_size.height
        position = int(self.scroll_y * 8) / 8  # a ScrollBar keeps eighths of a cell
        key = (height, virtual, position)
        if self._bar is not None and self._bar[0] == key:
            return self._bar[1]
        styles = self.styles
        back, color = styles.scrollbar_background, styles.scrollbar_color
        if back.a < 1:
            back = self.background_colors[0] + back
        color = back + color
        window = height if height < virtual else 0
        if self.screen.styles.scrollbar_color.a == 0:
            virtual, window = 100, 0  # Textual draws a bare track then
        cells = ScrollBarRender.render_bar(
            size=height, virtual_size=virtual, window_size=window, position=position,
            thickness=1, vertical=True, back_color=back.rich_color, bar_color=color.rich_color,
        ).segments
        base = self._base_style or self.rich_style
        cells = [Segment(text, base + style) for text, style, _ in cells]
        self._bar = (key, cells)
        return cells

    def _view(self) -> tuple[int, int, int, list[Segment] | None]:
        """(width, height, scroll offset, scrollbar cells or None): what
        every line of one paint shares (Textual's geometry lookups cost more
        than drawing a cached line)."""
        width, height = self.size
        return width, height, int(self.scroll_offset.y), (
            self._bar_cells() if self._bar_width() else None)

    def render_line(self, y: int) -> Strip:
        return self._line(y, self._view())

    def _line(self, y: int, view: tuple[int, int, int, list[Segment] | None]) -> Strip:
        width, _height, scroll, bar = view
        index, sub = divmod(y + scroll, CARD_HEIGHT)
        base = self._base_style
        if base is None:  # computing it costs more than drawing a cached line
            base = self._base_style = self.rich_style
        if not self.ids:
            if y == 1:
                style = base + self.get_component_rich_style("card--empty", partial=True)
                text = self.empty_text[: max(0, width - 2)]
                left = max(0, (width - len(text)) // 2)
                return Strip([Segment(" " * left, base), Segment(text, style)]).adjust_cell_length(
                    width, base
                )
            return Strip.blank(width, base)
        strip: Strip | None = None
        if index >= len(self.ids) or sub == CARD_HEIGHT - 1:
            key: tuple = ("", False, width)  # the space between cards, or below them
        else:
            cid = self.ids[index]
            key = (cid, self.active and index == self.cursor, width)
            strips = self._cache.get(key)
            if strips is None:
                if len(self._cache) > 512:
                    self._cache.clear()
                strips = self._render_card(cid, key[1], width)
                self._cache[key] = strips
            strip = strips[sub]
        if bar is None:
            return strip if strip is not None else Strip.blank(width, base)
        # The scrollbar takes the last cell, as Textual's lies over it.
        # Made again when the card's own line was (a card changed, forgotten).
        cell = bar[y]
        made = self._lines.get((key, sub, cell))
        if made is None or made[0] is not strip:
            if len(self._lines) > 2048:
                self._lines.clear()
            under = strip.crop(0, width - 1) if strip is not None else Strip.blank(width - 1, base)
            made = self._lines[(key, sub, cell)] = (strip, Strip([*under, cell], width))
        return made[1]

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

    def _render_card(self, cid: str, selected: bool, width: int) -> list[Strip]:
        face = self._face(cid)
        card = self._style("card", selected)

        def part(name: str) -> Style:
            return self._style(name, selected)

        bar = part("card--bar")
        inner = max(1, width - 3)  # "▌ " and a right margin

        def line(text: str, style: Style, right: str = "", right_style: Style | None = None):
            segments = [Segment("▌", bar), Segment(" ", card)]
            if right and cell_len(right) < inner - 3:
                space = inner - cell_len(right) - 1
                segments.append(Segment(fit(text, space), style))
                segments.append(Segment(" ", card))
                segments.append(Segment(right, right_style or style))
            else:
                segments.append(Segment(fit(text, inner), style))
            segments.append(Segment(" ", card))
            return Strip(segments).adjust_cell_length(width, card)

        return [
            line(face.name, part("card--name"),
                 ("⇄" if face.connector else "") + ("★" if face.advocate else ""),
                 part("card--advocate")),
            line(face.context, part("card--context"), face.meter, part("card--warmth")),
            line(face.meta, part("card--meta"), face.mark,
                 part(face.mark_class or "card--meta")),
        ]


def _thumb(size: int, virtual: int, window: int, position: float) -> tuple[int, int] | None:
    """Where a vertical scrollbar of ``size`` cells draws its thumb, in the
    eighths of a cell its glyphs resolve (``ScrollBarRender.render_bar``'s
    sums, from what ``ScrollBar`` passes it)."""
    window = window if window < virtual else 0
    if not (window and size and virtual and size != virtual):
        return None
    eighths = len(ScrollBarRender.VERTICAL_BARS)
    thumb = max(1, window / (virtual / size))
    start = int((size - thumb) * (position / (virtual - window)) * eighths)
    return start, start + ceil(thumb * eighths)


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
    )


__all__ = ["CARD_HEIGHT", "CardFace", "CardList", "card_face"]
