"""Themes: YAML files turned into :class:`textual.theme.Theme` objects.

The shipped themes live in the top-level ``themes/`` folder (``board/_data/
themes`` in a wheel); a user's own themes are ``*.yaml`` files in the config
directory's ``themes/`` folder (e.g. ``~/.config/board/themes/``).  A theme
file looks like this (every colour is checked with ``Color.parse``)::

    name: board                # letters, digits, - and _; default: the file name
    dark: true
    ansi: false                # true: use the terminal's own 16 colours
    primary: "#5b9cf0"         # Textual's colours: primary (required), secondary,
    secondary: "#8fa8d8"       # accent, background, surface, panel, boost,
    ...                        # warning, error, success, foreground
    ladder: ["#7f8fc4", ...]   # the rungs, first (cold) to last (warm)
    marks: {due: "#f0a04b", overdue: "#ff6b5e", advocate: "#f5d76e", date: "#c792ea"}
    variables: {footer-key-foreground: "#5b9cf0"}   # any other Textual variable

The ``ladder`` ramp is mapped onto the configured ladder: with as many
colours as rungs each rung gets its own; otherwise the ramp is resampled
(interpolated in Lab for true colours, nearest stop for ANSI colours) so
the first rung is always the ramp's first colour and the last rung its last.

A broken file never stops the app: :func:`load_themes` skips it and returns
one problem line naming the file and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError, Lab, lab_to_rgb, rgb_to_lab
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.theme import Theme

from board import yamlsafe
from board.config import config_dir
from board.core.text import did_you_mean, preview
from board.resources import themes_dir

# Textual's own theme colours (``primary`` is the only one Textual requires).
TEXTUAL_COLOURS = (
    "primary", "secondary", "accent", "background", "surface", "panel", "boost",
    "warning", "error", "success", "foreground",
)
MARKS = ("due", "overdue", "advocate", "date")
DEFAULT_THEME = "board"
MAX_RUNGS = 8  # the board's CSS styles rung-1 … rung-8
KNOWN_KEYS = frozenset(
    {"name", "dark", "ansi", "luminosity_spread", "text_alpha", "ladder", "marks",
     "variables", *TEXTUAL_COLOURS}
)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_VARIABLE = re.compile(r"[a-z0-9][a-z0-9-]*")
_TEXT_STYLES = frozenset(
    {"none", "not", "bold", "b", "dim", "d", "italic", "i", "underline", "u", "underline2",
     "uu", "reverse", "r", "strike", "s", "blink", "overline", "o"}
)


class ThemeFileError(ValueError):
    """A theme file that cannot be used; the message names the problem."""


@dataclass
class LoadedThemes:
    themes: dict[str, Theme] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)  # theme name -> file
    problems: list[str] = field(default_factory=list)  # one line per skipped file


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def _colour(value: Any, key: str) -> Color:
    if not isinstance(value, str) or not value.strip():
        raise ThemeFileError(f"'{key}' must be a colour such as \"#5b9cf0\" or \"ansi_red\"")
    try:
        return Color.parse(value.strip())
    except ColorParseError:
        raise ThemeFileError(f"'{key}': {value!r} is not a colour") from None


def _variable_value(value: Any, key: str) -> str:
    """A CSS value for an extra variable: a text style for a ``…-style…``
    variable (Textual's convention: ``block-cursor-text-style``,
    ``link-style-hover``), a colour (optionally ``NN%``) for any other, so the
    value always fits where the stylesheet uses it."""
    style = "style" in key.split("-")
    kind = "a text style such as \"bold\" or \"none\"" if style else "a colour"
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ThemeFileError(f"variables.{key} must be {kind}")
    text = str(value).strip()
    words = text.split()
    if style:
        if words and all(w in _TEXT_STYLES for w in words):
            return text
        raise ThemeFileError(f"variables.{key}: {preview(text, 40)!r} is not {kind}")
    colour = text
    if len(words) == 2 and re.fullmatch(r"\d{1,3}(\.\d+)?%", words[1]):
        colour = words[0]
    try:
        Color.parse(colour)
    except ColorParseError:
        raise ThemeFileError(f"variables.{key}: {preview(text, 40)!r} is not {kind}") from None
    return text


def _number(value: Any, key: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise ThemeFileError(f"'{key}' must be a number from {lo} to {hi}")
    return float(value)


def ramp(colours: list[Color], n: int) -> list[Color]:
    """``n`` colours along the ramp, first to last.

    The stops themselves are used where they fit exactly; otherwise true
    colours are interpolated in Lab and ANSI colours (which cannot be mixed)
    take the nearest stop.
    """
    if n <= 0 or not colours:
        return []
    if n == len(colours):
        return list(colours)
    if len(colours) == 1 or n == 1:
        return [colours[0]] * n
    ansi = any(c.ansi is not None for c in colours)
    out = []
    last = len(colours) - 1
    for i in range(n):
        t = i * last / (n - 1)
        lo = int(t)
        frac = t - lo
        if ansi or frac < 1e-9 or lo >= last:
            out.append(colours[min(last, round(t))])
            continue
        a, b = rgb_to_lab(colours[lo]), rgb_to_lab(colours[lo + 1])
        mixed = Lab(a.L + (b.L - a.L) * frac, a.a + (b.a - a.a) * frac,
                    a.b + (b.b - a.b) * frac)
        out.append(lab_to_rgb(mixed).clamped)
    return out


def parse_theme(data: Any, default_name: str, rungs: int = 6) -> Theme:
    """A Theme from a theme file's mapping; ``rungs`` is the ladder's length."""
    if not isinstance(data, dict):
        raise ThemeFileError("expected a mapping of theme settings")
    unknown = sorted(set(data) - KNOWN_KEYS, key=str)
    if unknown:
        raise ThemeFileError("unknown key(s) " + ", ".join(
            f"'{preview(str(k), 60)}'{did_you_mean(k, KNOWN_KEYS)}" for k in unknown))
    name = data.get("name", default_name)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ThemeFileError(
            f"'name' must be letters, digits, '-' and '_' (got {name!r})")
    if "primary" not in data:
        raise ThemeFileError("'primary' is required")
    colours: dict[str, str] = {}
    for key in TEXTUAL_COLOURS:
        if data.get(key) is not None:
            _colour(data[key], key)
            colours[key] = data[key].strip()
    extra: dict[str, Any] = {}
    for key in ("dark", "ansi"):
        if key in data:
            if not isinstance(data[key], bool):
                raise ThemeFileError(f"'{key}' must be true or false")
            extra[key] = data[key]
    if "luminosity_spread" in data:
        extra["luminosity_spread"] = _number(data["luminosity_spread"], "luminosity_spread",
                                             0, 1)
    if "text_alpha" in data:
        extra["text_alpha"] = _number(data["text_alpha"], "text_alpha", 0, 1)

    variables: dict[str, str] = {}
    stops = data.get("ladder")
    if stops is not None:
        if not isinstance(stops, list) or not stops:
            raise ThemeFileError("'ladder' must be a list of colours, first rung to last")
        parsed = [_colour(c, f"ladder[{n}]") for n, c in enumerate(stops, 1)]
        originals = [c.strip() for c in stops]
        n = max(1, min(rungs, MAX_RUNGS))
        picked = originals if n == len(parsed) else [c.hex for c in ramp(parsed, n)]
        for i, colour in enumerate(picked, 1):
            variables[f"rung-{i}"] = colour
    marks = data.get("marks")
    if marks is not None:
        if not isinstance(marks, dict):
            raise ThemeFileError("'marks' must map due / overdue / advocate / date to colours")
        unknown = sorted(set(marks) - set(MARKS), key=str)
        if unknown:
            raise ThemeFileError("marks: unknown key(s) " + ", ".join(
                f"'{preview(str(k), 60)}'{did_you_mean(k, MARKS)}" for k in unknown))
        for key, value in marks.items():
            _colour(value, f"marks.{key}")
            variables[key] = value.strip()
    own = data.get("variables")
    if own is not None:
        if not isinstance(own, dict):
            raise ThemeFileError("'variables' must be a mapping of variable: value")
        for key, value in own.items():
            if not isinstance(key, str) or not _VARIABLE.fullmatch(key):
                raise ThemeFileError(f"variables: {key!r} is not a variable name")
            variables[key] = _variable_value(value, key)
    return Theme(name=name, variables=variables, **colours, **extra)


def load_theme_file(path: Path, rungs: int = 6) -> Theme:
    """One theme file; raises :class:`ThemeFileError` (message without the
    file name).  Read as every YAML file from outside is (``board.yamlsafe``):
    bounded in size and nesting, no aliases, UTF-8."""
    try:
        data = yamlsafe.read_file(path, "a theme")
    except FileNotFoundError:
        raise ThemeFileError("cannot be read (it is gone)") from None
    except yamlsafe.YamlError as exc:
        raise ThemeFileError(str(exc)) from None
    return parse_theme(data, path.stem, rungs)


def theme_files(folder: Path) -> list[Path]:
    """The theme files in ``folder`` (none if there is no such folder);
    OSError if it cannot be listed."""
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(p for p in entries
                  if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def load_themes(folders: Iterable[Path], rungs: int = 6) -> LoadedThemes:
    """Every theme in ``folders``, in order (a later theme of the same name wins)."""
    loaded = LoadedThemes()
    for folder in folders:
        try:
            paths = theme_files(folder)
        except OSError as exc:
            loaded.problems.append(f"{folder}: cannot be read ({exc.strerror or exc}); "
                                   "its themes are skipped")
            continue
        for path in paths:
            try:
                theme = load_theme_file(path, rungs)
            except ThemeFileError as exc:
                loaded.problems.append(f"{path}: {exc}; skipped")
                continue
            earlier = loaded.sources.get(theme.name)
            if earlier is not None and earlier.parent == path.parent:
                loaded.problems.append(
                    f"{path}: theme name '{theme.name}' is also used by {earlier.name}; "
                    f"using {path.name}")
            loaded.themes[theme.name] = theme
            loaded.sources[theme.name] = path
    return loaded


def board_themes(rungs: int = 6, user_dir: Path | None = None) -> LoadedThemes:
    """The shipped themes, then the user's (which may replace a shipped one by name)."""
    return load_themes([themes_dir(), user_dir or user_themes_dir()], rungs)


class ThemeProvider(Provider):
    """The "Change theme" palette: every registered theme, by name.

    Choosing one calls the app's ``choose_theme`` (which remembers it in the
    config); highlighting one previews it (see ``BoardApp``)."""

    async def startup(self) -> None:
        self._shipped = themes_dir()  # looked up once, not on every keystroke

    def _choose(self, name: str) -> None:
        self.app.choose_theme(name)

    def _help(self, name: str) -> str:
        where = self.app.theme_sources.get(name)
        current = " · current" if name == self.app.previewing_from else ""
        if where is None:
            return f"built into Textual{current}"
        if where.parent == self._shipped:
            return f"shipped with board{current}"
        return f"{where}{current}"

    def _names(self) -> list[str]:
        return sorted(self.app.available_themes)

    async def discover(self) -> Hits:
        # The current theme first: the palette highlights (so previews) the
        # first entry as it opens, and that should change nothing.
        current = self.app.previewing_from or self.app.theme
        names = self._names()
        if current in names:
            names.remove(current)
            names.insert(0, current)
        for name in names:
            yield DiscoveryHit(name, partial(self._choose, name), help=self._help(name))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._names():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._choose, name),
                          text=name, help=self._help(name))
