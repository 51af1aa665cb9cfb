"""The footer of key bindings, drawn as one line by one widget.

Textual's ``Footer`` is a container of one widget per key, recomposed
whenever the screen's bindings are re-announced (each focus change, each
time a screen comes back).  Composing and styling those twenty widgets was
a third of the cost of opening a person, and the throwaway widgets fed the
collector.  ``KeyBar`` shows the same thing (the keys the screen shows, one
per action, disabled ones dimmed, the palette key on the right) as a single
line, redrawn only when what it shows changes.  A click on a key presses it.

When the line is too short for every key, whole keys are left out, the
least important first: ``FIRST`` (help, quit) stay, then the keys the
screen names in its ``KEY_PRIORITY`` (binding ids, in order), then the
others in the order they are shown; those kept stay in that order.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from board.core.text import safe


class Key(NamedTuple):
    key: str  # what pressing it sends
    display: str  # how it is shown ("esc", "^p", a remapped key)
    description: str
    enabled: bool
    id: str = ""  # the binding's id


#: Keys kept on every screen when the line is too short for all of them.
FIRST = ("help", "quit")


class KeyBar(Widget):
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--disabled",
        "key-bar--separator",
    }

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--hover {
        background: $block-hover-background;
    }
    KeyBar > .key-bar--disabled {
        text-style: dim;
    }
    KeyBar > .key-bar--separator {
        color: $foreground 20%;
    }
    """

    ALLOW_SELECT = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.keys: tuple[Key, ...] = ()
        self.palette: Key | None = None
        self._spans: list[tuple[int, int, Key]] = []  # where each key was drawn
        self._hover: Key | None = None

    # ------------------------------------------------------------ what it shows

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        keys, palette = self._collect(screen)
        if (keys, palette) != (self.keys, self.palette):
            self.keys, self.palette = keys, palette
            self.refresh()

    @staticmethod
    def _collect(screen: Screen) -> tuple[tuple[Key, ...], Key | None]:
        """The keys a screen shows, as Textual's footer picks them: the first
        shown binding of each action, in order; and the palette key."""
        app = screen.app
        active = screen.active_bindings
        seen: set[str] = set()
        keys = []
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                # a key's display comes from the config's keymap: shown safe
                keys.append(Key(binding.key, safe(app.get_key_display(binding)),
                                binding.description, enabled, binding.id or ""))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = Key(binding.key, app.get_key_display(binding), binding.description,
                          enabled)
        return tuple(keys), palette

    # ------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def _item(self, item: Key, base: Style) -> list[Segment]:
        key_style = base + self.get_component_rich_style("key-bar--key", partial=True)
        text_style = base + self.get_component_rich_style("key-bar--description", partial=True)
        if item is self._hover:
            hover = self.get_component_rich_style("key-bar--hover", partial=True)
            key_style, text_style = key_style + hover, text_style + hover
        if not item.enabled:
            dim = self.get_component_rich_style("key-bar--disabled", partial=True)
            key_style, text_style = key_style + dim, text_style + dim
        segments = [Segment(f" {item.display} ", key_style)]
        if item.description:
            segments.append(Segment(f"{item.description} ", text_style))
        return segments

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0:
            return Strip.blank(width, base)
        right: list[Segment] = []
        if self.palette is not None:
            # not partial: the colour's 20% is blended over the background
            separator = self.get_component_rich_style("key-bar--separator")
            right = [Segment("▏", separator), *self._item(self.palette, base)]
            right[1] = Segment(right[1].text[1:], right[1].style)  # no space after the bar
        items = [(item, self._item(item, base)) for item in self.keys]
        lengths = [sum(cell_len(s.text) for s in segments) for _, segments in items]
        room = width - sum(cell_len(s.text) for s in right)
        kept = self._kept(lengths, room)
        if len(right) > 2 and len(kept) < len(lengths):
            # short of room: the palette's key without its word, if that
            # makes room for one more key
            short_room = room + sum(cell_len(s.text) for s in right[2:])
            more = self._kept(lengths, short_room)
            if len(more) > len(kept):
                right, room, kept = right[:2], short_room, more
        spans: list[tuple[int, int, Key]] = []
        left: list[Segment] = []
        x = 0
        for n, (item, segments) in enumerate(items):
            if n in kept:
                left += segments
                spans.append((x, x + lengths[n], item))
                x += lengths[n]
        if right:
            start = width - sum(cell_len(s.text) for s in right)
            spans.append((start, width, self.palette))
        self._spans = spans
        line = Strip([*left, Segment(" " * max(0, room - x), base)])
        return Strip.join([line, Strip(right)]).crop(0, width).adjust_cell_length(width, base)

    def _kept(self, lengths: list[int], room: int) -> set[int]:
        """Which keys (by index) fit in ``room`` cells, the most important
        first (see the module's docstring); all of them when they all fit."""
        if sum(lengths) <= room:
            return set(range(len(lengths)))
        ranks = {ident: n for n, ident in enumerate(
            (*FIRST, *getattr(self.screen, "KEY_PRIORITY", ())))}
        order = sorted(range(len(lengths)),
                       key=lambda n: (ranks.get(self.keys[n].id, len(ranks)), n))
        kept: set[int] = set()
        used = 0
        for n in order:
            if used + lengths[n] > room:
                break  # the next most important does not fit: nothing after it
            kept.add(n)
            used += lengths[n]
        return kept

    # ------------------------------------------------------------ mouse

    def _key_at(self, x: int) -> Key | None:
        for start, end, item in self._spans:
            if start <= x < end:
                return item
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._key_at(event.x)
        if hover is not self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        item = self._key_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
