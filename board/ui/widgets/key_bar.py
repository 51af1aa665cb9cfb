"""The footer of key bindings, rebuilt only when what it shows changes.

Textual's ``Footer`` recomposes (one new widget per key) whenever the
screen's bindings are re-announced: each focus change, each time a screen
comes back.  On the board that is every move between columns and every
return from a person; the throwaway widgets cost a frame's worth of time and
feed the collector.  ``KeyBar`` compares what it would show (keys as
displayed, descriptions, enabled, tooltips) with what it shows and keeps its
keys when nothing changed.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyBar(Footer):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = self._keys(screen)
        if shown == self._shown and self._bindings_ready:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # what the recompose it asked for will show

    @staticmethod
    def _keys(screen: Screen) -> tuple:
        app = screen.app
        palette = app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, app.get_key_display(binding), binding.description, binding.action,
             enabled, tooltip, binding.group)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
