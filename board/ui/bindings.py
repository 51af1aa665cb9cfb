"""Bindings shared by the screens that show people (the board and a person's
screen), so a keymap entry remaps them everywhere."""

from __future__ import annotations

from textual.binding import Binding

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
        screen.notify(str(exc), severity="error", markup=False)
        return None
    if change is None:
        screen.notify("Nothing to redo." if redo else "Nothing to undo.", timeout=2)
        return None
    text = change.description
    screen.notify(text[:1].upper() + text[1:] + ".", timeout=2, markup=False)
    return change
