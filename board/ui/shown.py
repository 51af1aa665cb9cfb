"""How the UI shows anything that can hold data: as text, never as markup,
and with no control character (``board.core.text.safe``).

Two doors, so nothing can forget them:

- every toast goes through ``BoardApp.notify`` (Textual's ``notify`` on any
  widget or screen calls the app's), which makes its message and title safe
  and never reads markup;
- every widget that shows data is given ``shown(text)`` (a ``Content``, which
  Textual never parses as markup), never a string.

Text that is edited (a name in an ``Input``, notes in a ``TextArea``) is
put in its field as ``board.core.text.editable``; see
``board.ui.widgets.fields``.
"""

from __future__ import annotations

from textual.content import Content

from board.core.text import safe_block


def shown(text: str) -> Content:
    """``text`` as a widget shows it: plain text, line breaks kept, every
    other control character a visible stand-in."""
    return Content(safe_block(text))

