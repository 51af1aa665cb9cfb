"""Where the shipped data lives, installed or in a source checkout.

A wheel carries ``themes/`` and ``examples/`` inside the package as
``board/_data/``; in a source checkout (or an editable install) they are the
top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = _PKG / "_data" / name
    if installed.is_dir():
        return installed
    return _PKG.parent / name


def examples_dir() -> Path:
    return _shipped("examples")


def themes_dir() -> Path:
    return _shipped("themes")


def defaults_file() -> Path:
    return _PKG / "defaults.yaml"
