"""Bindings shared by the screens that show people (the board and a person's
screen), so a keymap entry remaps them everywhere, and what else they share."""

from __future__ import annotations

import asyncio

from textual import events
from textual.binding import Binding
from textual.widgets import Input

from board.core.board import BoardError, Change

MOVE_BINDINGS = [
    Binding(
        "right_square_bracket,shift+right", "promote", "Promote", key_display="]", id="promote"
    ),
    Binding("left_square_bracket,shift+left", "demote", "Demote", key_display="[", id="demote"),
]

LOG_BINDINGS = [
    Binding("c", "log('call')", "Call", id="log_call"),
    Binding("m", "log('meeting')", "Meet", id="log_meeting"),
    Binding("i", "log('intro')", "Intro", id="log_intro"),
    Binding("t", "log('touch')", "Touch", id="log_touch"),
]


HISTORY_BINDINGS = [
    Binding("u", "undo", "Undo", id="undo"),
    Binding("U,ctrl+r", "redo", "Redo", key_display="U", id="redo"),
]


def undo_and_say(screen) -> Change | None:
    """Undo the last change on ``screen.board`` and say what was undone."""
    return _step_and_say(screen, redo=False)


def redo_and_say(screen) -> Change | None:
    """Redo what the last undo took back, and say what was redone."""
    return _step_and_say(screen, redo=True)


def _step_and_say(screen, redo: bool) -> Change | None:
    try:
        change = screen.board.redo() if redo else screen.board.undo()
    except BoardError as exc:
        screen.notify(str(exc), severity="error")
        return None
    if change is None:
        screen.notify("Nothing to redo." if redo else "Nothing to undo.", timeout=2)
        return None
    text = change.description
    screen.notify(text[:1].upper() + text[1:] + ".", timeout=2)
    return change


class PassesOnTypeAhead:
    """Keys typed ahead of a screen this one opens are passed on to it.

    Textual sends a key to the screen on top when the key is read, and runs
    a screen's bindings later, once the key has gone through that screen:
    ``e`` and the keys typed straight after it (``end``, a letter) all reach
    the board before ``e`` has opened the form, and would then be dropped.
    So each key that reaches this screen first waits for the app to have
    dealt with the keys before it; if one of them opened another screen, the
    key is held until that screen is mounted (and has focused its first
    field), then sent again, in order, to wherever the app now sends keys.
    """

    async def on_key(self, event: events.Key) -> None:
        if isinstance(self.focused, Input):
            return  # typing in the filter box opens nothing: no wait
        app = self.app
        caught_up = asyncio.Event()
        app.call_later(caught_up.set)  # runs after the keys this screen passed on
        await caught_up.wait()
        top = app.screen
        if top is self:
            return  # the usual case: this screen's bindings take it
        event.stop()
        event.prevent_default()
        for _ in range(5000):  # a screen opens within a second: wait at most five
            if top.is_mounted:
                break
            await asyncio.sleep(0.001)
        if app.screen is top:
            app.post_message(events.Key(event.key, event.character))
