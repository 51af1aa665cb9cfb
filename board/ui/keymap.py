"""The binding ids a config ``keymap`` may name, and checking a keymap."""

from __future__ import annotations

import contextlib
import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

from board.core.text import did_you_mean


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    todo = [cls]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def binding_ids() -> set[str]:
    """Every binding id declared in a ``BINDINGS`` list: the app's, every
    screen's and widget's (board's own modules are imported first, so a
    screen not opened yet counts too)."""
    import board.ui.app
    import board.ui.screens
    import board.ui.widgets

    for package in (board.ui.screens, board.ui.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            with contextlib.suppress(ImportError):
                importlib.import_module(f"{package.__name__}.{module.name}")
    ids: set[str] = set()
    for cls in (DOMNode, *_subclasses(DOMNode)):
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def check_keymap(keymap: dict[str, str], where: str) -> tuple[dict[str, str], list[str]]:
    """The entries that name a real binding, and a warning for each that does not."""
    known = binding_ids()
    valid: dict[str, str] = {}
    warnings: list[str] = []
    for ident, keys in keymap.items():
        if ident in known:
            valid[ident] = keys
            continue
        warnings.append(f"{where}: keymap.{ident}: no binding has this id"
                        f"{did_you_mean(ident, known)}; ignored. "
                        "The ids are listed in the README (Configuration, keymap).")
    return valid, warnings
