"""A person's timeline, newest first, rendered line by line.

Only the entries on screen are drawn, so a person with thousands of
interactions opens at once; each entry shows a one-line preview of its
notes, however long they are.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from board.core.schema import Interaction
from board.ui.widgets.card_list import fit

ENTRY_HEIGHT = 3


class TimelineList(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "entry",
        "entry--selected",
        "entry--kind",
        "entry--when",
        "entry--notes",
        "entry--gave",
        "entry--got",
    }

    DEFAULT_CSS = """
    TimelineList { scrollbar-size-vertical: 1; overflow-x: hidden; }
    """

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="timeline_up"),
        Binding("down,j", "move(1)", "Down", show=False, id="timeline_down"),
        Binding("pageup", "move(-8)", show=False, id="timeline_page_up"),
        Binding("pagedown", "move(8)", show=False, id="timeline_page_down"),
        Binding("home,g", "move(-1000000)", show=False, id="timeline_newest"),
        Binding("end,G", "move(1000000)", show=False, id="timeline_oldest"),
    ]

    class Highlighted(Message):
        def __init__(self, timeline: TimelineList, interaction: Interaction | None) -> None:
            super().__init__()
            self.timeline = timeline
            self.interaction = interaction

    def __init__(self, describe: Callable[[Interaction], tuple[str, str, str, str]], **kw):
        """``describe(i)`` gives (icon+kind headline, relative when, notes preview, class)."""
        super().__init__(**kw)
        self._describe = describe
        self.entries: list[Interaction] = []
        self.cursor = 0
        self._cache: dict[tuple[str, bool, int], list[Strip]] = {}

    def set_entries(self, entries: list[Interaction], keep: str | None = None) -> None:
        self.entries = entries
        self._cache.clear()
        if keep is not None:
            for n, i in enumerate(entries):
                if i.id == keep:
                    self.cursor = n
                    break
        self.cursor = max(0, min(self.cursor, len(entries) - 1))
        self.virtual_size = Size(self.size.width, len(entries) * ENTRY_HEIGHT)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    @property
    def current(self) -> Interaction | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def action_move(self, step: int) -> None:
        if not self.entries:
            return
        self.cursor = max(0, min(self.cursor + step, len(self.entries) - 1))
        self.refresh()
        self.scroll_to_region(
            Region(0, self.cursor * ENTRY_HEIGHT, self.size.width, ENTRY_HEIGHT),
            animate=False, force=True, immediate=True,
        )
        self.post_message(self.Highlighted(self, self.current))

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.entries) * ENTRY_HEIGHT)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_click(self, event) -> None:
        index = (event.y + int(self.scroll_offset.y)) // ENTRY_HEIGHT
        if 0 <= index < len(self.entries):
            self.cursor = index
            self.refresh()
            self.post_message(self.Highlighted(self, self.current))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index, sub = divmod(y + int(self.scroll_offset.y), ENTRY_HEIGHT)
        base = self.rich_style
        if index >= len(self.entries) or sub == ENTRY_HEIGHT - 1:
            return Strip.blank(width, base)
        i = self.entries[index]
        selected = index == self.cursor and self.has_focus
        key = (i.id, selected, width)
        strips = self._cache.get(key)
        if strips is None:
            if len(self._cache) > 256:
                self._cache.clear()
            strips = self._render_entry(i, selected, width)
            self._cache[key] = strips
        return strips[sub]

    def _render_entry(self, i: Interaction, selected: bool, width: int) -> list[Strip]:
        head, when, notes, cls = self._describe(i)
        entry = self.get_component_rich_style("entry")
        if selected:
            entry = entry + self.get_component_rich_style("entry--selected")

        def part(name: str) -> Style:
            return entry + self.get_component_rich_style(name, partial=True)

        kind_style = part(f"entry--{cls}") if cls else part("entry--kind")
        inner = max(1, width - 2)
        when_len = cell_len(when)
        head_space = max(1, inner - when_len - 1)
        line1 = Strip([
            Segment(" ", entry),
            Segment(fit(head, head_space), kind_style),
            Segment(" ", entry),
            Segment(when, part("entry--when")),
        ]).adjust_cell_length(width, entry)
        line2 = Strip([
            Segment("   ", entry),
            Segment(fit(notes, max(1, inner - 2)), part("entry--notes")),
        ]).adjust_cell_length(width, entry)
        return [line1, line2]
