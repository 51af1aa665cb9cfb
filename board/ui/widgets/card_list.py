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
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.visual import Visual

from board.core.model import Contact
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
        scrollbar-size-vertical: 1;
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
        """Fit the scrollable height to the cards; whether that meant a new
        layout (which repaints the whole widget)."""
        new = Size(self.size.width, len(self.ids) * CARD_HEIGHT)
        old = self.virtual_size
        if new == old:
            return False
        height = self.size.height
        if self.is_mounted and old.width == new.width and (
            (old.height > height) == (new.height > height)
        ):
            # The scrollbar neither appears nor goes: update it in place
            # rather than re-laying out the whole screen (a card moved
            # between two long columns repaints two columns, not everything).
            self.set_reactive(CardList.virtual_size, new)
            self._update_scrollbar(new.height)
            self.scroll_y = self.validate_scroll_y(self.scroll_y)
            return False
        self.virtual_size = new
        return True

    def _update_scrollbar(self, virtual_height: int) -> None:
        """Tell the scrollbar the new height (see ``_set_bar``)."""
        if self.show_vertical_scrollbar and self.styles.scrollbar_size_vertical:
            _set_bar(self.vertical_scrollbar, "window_virtual_size", virtual_height)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # ScrollView's, but the scrollbar repaints only if its thumb moves.
        if self.show_vertical_scrollbar:
            _set_bar(self.vertical_scrollbar, "position", new_value)
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

    def on_mount(self) -> None:
        self.vertical_scrollbar.renderer = _BarLook

    def on_resize(self) -> None:
        self._cache.clear()
        self._update_size()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._base_style = None
        self._styles.clear()

    def on_click(self, event) -> None:
        index = self.index_at_row(event.y)
        if 0 <= index < len(self.ids):
            self.post_message(self.Clicked(self, index))

    # ------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        line = y + int(self.scroll_offset.y)
        index, sub = divmod(line, CARD_HEIGHT)
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
        if index >= len(self.ids) or sub == CARD_HEIGHT - 1:
            return Strip.blank(width, base)
        cid = self.ids[index]
        selected = self.active and index == self.cursor
        key = (cid, selected, width)
        strips = self._cache.get(key)
        if strips is None:
            if len(self._cache) > 512:
                self._cache.clear()
            strips = self._render_card(cid, selected, width)
            self._cache[key] = strips
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


class _BarLook(ScrollBarRender, Visual):
    """Textual's own scrollbar, drawn straight to strips.

    ``ScrollBar`` draws its bar through a Rich console, ~2.5 ms for a column's
    height: a filter that changes six columns spent more on their scrollbars
    than on their cards. Being a ``Visual`` as well, this renderer gives the
    same cells (``render_bar``'s, on the widget's base style) without it.
    Set per scrollbar through ``ScrollBar.renderer``, Textual's public hook.
    """

    def render_strips(self, width, height, style, options) -> list[Strip]:
        base = style.rich_style
        look = self.style if isinstance(self.style, Style) else Style.parse(str(self.style))
        size = height if height is not None else 1
        bar = self.render_bar(
            size=size,
            window_size=self.window_size,
            virtual_size=self.virtual_size,
            position=self.position,
            vertical=self.vertical,
            thickness=width,
            back_color=look.bgcolor or RichColor.parse("#555555"),
            bar_color=look.color or RichColor.parse("bright_magenta"),
        )
        add = base.__add__
        return [Strip([Segment(text, add(seg_style))], width)
                for text, seg_style, _ in bar.segments][:size]

    def get_optimal_width(self, rules, container_width: int) -> int:
        return self.thickness

    def get_height(self, rules, width: int) -> int:
        return 1


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


def _set_bar(bar: ScrollBar, name: str, value: float) -> None:
    """Set one of a scrollbar's reactives, repainting it only if its thumb
    moves. At 10,000 cards a card more or a step down moves the thumb by
    nothing, and Textual's scrollbar costs as much to draw as a column."""
    def thumb() -> tuple[int, int] | None:
        return _thumb(bar.size.height, bar.window_virtual_size, bar.window_size, bar.position)

    before = thumb()
    validate = getattr(bar, f"validate_{name}", None)
    bar.set_reactive(getattr(ScrollBar, name), validate(value) if validate else value)
    if thumb() != before:
        bar.refresh()


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
