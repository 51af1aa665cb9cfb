"""User configuration and paths.

The shipped defaults (``board/defaults.yaml``) are read first; a user's
config file (``~/.config/board/config.yaml``, ``--config PATH`` or env
``BOARD_CONFIG``) overrides any setting in it.  A bad value never stops the
app: it is reported in ``Config.warnings`` (naming the key) and the default
is used instead.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from board import yamlsafe
from board.core.ladder import MAX_CADENCE_DAYS, Kind, Ladder, Rung
from board.core.text import did_you_mean, preview
from board.core.when import DATE_ORDERS
from board.fsutil import atomic_write_bytes
from board.resources import defaults_file

APP_NAME = "board"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    env = os.environ.get("BOARD_DB")
    return Path(env).expanduser() if env else data_dir() / "board.json"


def default_config_path() -> Path:
    env = os.environ.get("BOARD_CONFIG")
    return Path(env).expanduser() if env else config_dir() / "config.yaml"


@dataclass
class Config:
    ladder: Ladder
    due_window_days: int = 3
    dates_window_days: int = 7  # a birthday or named date shows this many days ahead
    warmth_half_life_days: int = 30
    snooze_days: int = 7
    theme: str = "board"
    date_order: str = "auto"  # how 02/11/2026 reads: auto (the locale), dmy, mdy, ymd
    backup_dir: Path | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # the user file, if any
    warnings: list[str] = field(default_factory=list)

    @property
    def backups(self) -> Path:
        """Where backups go: ``backup_dir``, or ``<user data dir>/backups``."""
        return self.backup_dir or data_dir() / "backups"


class ConfigError(Exception):
    pass


#: What a config file is called in a message about it ("nested too deeply to be …").
_WHAT = "a config file"


def _name(key: Any) -> str:
    """A key from the user's file, as a message shows it: one short line, no
    control characters."""
    return preview(str(key), 60)


def _a(value: Any) -> str:
    """What a YAML value is, for a message: "a list", "a number"."""
    return {list: "a list", str: "text", bool: "true or false", int: "a number",
            float: "a number"}.get(type(value), f"a {type(value).__name__}")


def _unknown(keys: Iterable[Any], known: Iterable[str]) -> str:
    """``'colour', 'snoze_days' (did you mean 'snooze_days'?)``"""
    known = tuple(known)
    return ", ".join(f"'{_name(k)}'{did_you_mean(k, known)}"
                     for k in sorted(keys, key=str))


_RUNG_KEYS = ("key", "label", "cadence_days", "depth")
_KIND_KEYS = ("label", "depth")


def _parse_ladder(value: Any, where: str, warnings: list[str]) -> list[Rung] | None:
    if not isinstance(value, list) or not value:
        warnings.append(f"{where}: 'ladder' must be a non-empty list of rungs")
        return None
    rungs: list[Rung] = []
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            warnings.append(f"{where}: ladder rung {n} must be a mapping")
            return None
        unknown = set(item) - set(_RUNG_KEYS)
        if unknown:
            warnings.append(f"{where}: ladder rung {n}: unknown key(s) "
                            f"{_unknown(unknown, _RUNG_KEYS)}")
        key = item.get("key")
        if not isinstance(key, str) or not key.strip():
            warnings.append(f"{where}: ladder rung {n} needs a 'key'")
            return None
        label = item.get("label", key)
        cadence = item.get("cadence_days")
        if cadence is not None and (isinstance(cadence, bool) or not isinstance(cadence, int)
                                    or not 1 <= cadence <= MAX_CADENCE_DAYS):
            warnings.append(f"{where}: ladder.{_name(key)}.cadence_days must be a whole number "
                            f"from 1 to {MAX_CADENCE_DAYS} or null; using none")
            cadence = None
        depth = item.get("depth", n - 1)
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
            warnings.append(f"{where}: ladder.{_name(key)}.depth must be a whole number ≥ 0")
            depth = n - 1
        rungs.append(Rung(key.strip(), str(label), cadence, depth))
    if len({r.key for r in rungs}) != len(rungs):
        warnings.append(f"{where}: ladder rung keys must be unique")
        return None
    return rungs


def _parse_kinds(value: Any, where: str, warnings: list[str]) -> list[Kind] | None:
    if not isinstance(value, dict) or not value:
        warnings.append(f"{where}: 'kinds' must be a mapping of kind: {{label, depth}}")
        return None
    kinds = []
    for key, item in value.items():
        if not isinstance(item, dict):
            warnings.append(f"{where}: kinds.{_name(key)} must be a mapping")
            continue
        unknown = set(item) - set(_KIND_KEYS)
        if unknown:
            warnings.append(f"{where}: kinds.{_name(key)}: unknown key(s) "
                            f"{_unknown(unknown, _KIND_KEYS)}")
        depth = item.get("depth", 1)
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
            warnings.append(f"{where}: kinds.{_name(key)}.depth must be a whole number ≥ 0")
            depth = 1
        kinds.append(Kind(str(key), str(item.get("label", key)), depth))
    return kinds


_KEY = re.compile(r"[^\s,]+")


def _parse_keymap(value: Any, where: str, warnings: list[str]) -> dict[str, str] | None:
    """``{binding id: "key,other_key"}``; a bad entry is dropped, the rest kept.

    Whether an id exists is checked by the app, which knows its bindings.
    """
    if value is None:
        return {}
    if not isinstance(value, dict):
        warnings.append(f"{where}: 'keymap' must map binding ids to keys, "
                        "e.g. {promote: \"ctrl+right\"}")
        return None
    keymap: dict[str, str] = {}
    for ident, keys in value.items():
        if not isinstance(ident, str) or not ident.strip():
            warnings.append(f"{where}: keymap: '{_name(ident)}' is not a binding id")
            continue
        if isinstance(keys, list) and keys and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        tokens = keys.split(",") if isinstance(keys, str) else []
        if not tokens or not all(_KEY.fullmatch(t.strip()) for t in tokens):
            warnings.append(f"{where}: keymap.{_name(ident)} must be a key such as \"p\" or "
                            "\"ctrl+right\" (several: \"p,ctrl+right\"); keeping its default")
            continue
        keymap[ident.strip()] = ",".join(t.strip() for t in tokens)
    return keymap


_INTS = {"due_window_days": (0, 365), "dates_window_days": (0, 365),
         "warmth_half_life_days": (1, 3650), "snooze_days": (1, 365)}
KNOWN_KEYS = frozenset({"ladder", "kinds", "theme", "date_order", "backup_dir", "keymap",
                        *_INTS})


def _apply(cfg_values: dict[str, Any], data: Any, where: str, warnings: list[str]) -> None:
    if data is None:
        return
    if not isinstance(data, dict):
        warnings.append(f"{where}: expected a mapping of settings (setting: value), not "
                        f"{_a(data)}; using the defaults")
        return
    for key, value in data.items():
        if key not in KNOWN_KEYS:
            warnings.append(f"{where}: unknown setting {_unknown([key], KNOWN_KEYS)}; ignored")
        elif key == "ladder":
            rungs = _parse_ladder(value, where, warnings)
            if rungs:
                cfg_values["ladder"] = rungs
        elif key == "kinds":
            kinds = _parse_kinds(value, where, warnings)
            if kinds:
                merged = {k.key: k for k in cfg_values.get("kinds", [])}
                merged.update({k.key: k for k in kinds})
                cfg_values["kinds"] = list(merged.values())
        elif key in _INTS:
            lo, hi = _INTS[key]
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                warnings.append(f"{where}: '{key}' must be a whole number from {lo} to {hi}; "
                                "using the default")
            else:
                cfg_values[key] = value
        elif key == "theme":
            if not isinstance(value, str) or not value.strip():
                warnings.append(f"{where}: 'theme' must be a theme name")
            else:
                cfg_values["theme"] = value.strip()
        elif key == "date_order":
            order = value.strip().lower() if isinstance(value, str) else None
            if order not in DATE_ORDERS:
                warnings.append(f"{where}: 'date_order' must be one of {', '.join(DATE_ORDERS)}; "
                                "using the default")
            else:
                cfg_values["date_order"] = order
        elif key == "backup_dir":
            if value is not None and not isinstance(value, str):
                warnings.append(f"{where}: 'backup_dir' must be a folder path")
            else:
                cfg_values["backup_dir"] = Path(value).expanduser() if value else None
        elif key == "keymap":
            keymap = _parse_keymap(value, where, warnings)
            if keymap is not None:
                cfg_values["keymap"] = keymap


def load_config(path: Path | None = None, use_user_file: bool = True) -> Config:
    """Defaults, then the user's file if there is one."""
    warnings: list[str] = []
    values: dict[str, Any] = {}
    try:
        shipped = yamlsafe.read_file(defaults_file(), _WHAT)
    except (yamlsafe.YamlError, OSError) as exc:  # the shipped file is ours: a bug
        raise ConfigError(f"{defaults_file()}: {exc}") from None
    _apply(values, shipped, "defaults", warnings)
    if warnings:
        raise ConfigError("; ".join(warnings))
    user_path = path or (default_config_path() if use_user_file else None)
    if user_path is not None:
        try:
            data = yamlsafe.read_file(user_path, _WHAT)
        except FileNotFoundError:
            if path is not None:
                warnings.append(f"{path}: no such config file; using the defaults")
        except yamlsafe.YamlError as exc:
            warnings.append(f"{exc.at(user_path)}; using the defaults")
        else:
            _apply(values, data, str(user_path), warnings)
    ladder = Ladder(values.pop("ladder"), tuple(values.pop("kinds", ())))
    return Config(ladder=ladder, path=user_path, warnings=warnings, **values)


# A top-level ``theme:`` line, its value and any trailing comment.
_THEME_LINE = re.compile(r"^theme[ \t]*:(?P<value>[^\n#]*?)(?P<comment>[ \t]+#[^\n]*)?$",
                         re.MULTILINE)


def _yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain if it reads back the same, else quoted."""
    try:
        if yamlsafe.load(text, _WHAT) == text:
            return text
    except yamlsafe.YamlError:
        pass
    return json.dumps(text, ensure_ascii=False)


def save_theme(path: Path, name: str) -> None:
    """Set ``theme:`` in the config file at ``path``, keeping the rest of it.

    Only the top-level ``theme:`` line is replaced (its comment kept), or one
    is appended; every other line, comments included, stays as it was.  The
    result is checked to read back with the new theme and every other
    setting unchanged before it is written (atomically).  Raises
    :class:`ConfigError` if the file cannot be edited that way, ``OSError`` if
    it cannot be written.
    """
    try:
        text = yamlsafe.decode(yamlsafe.read_bytes(path))
    except FileNotFoundError:
        text = ""
    except yamlsafe.YamlError as exc:
        raise ConfigError(f"{exc.at(path)}; the theme was not saved") from None
    line = f"theme: {_yaml_scalar(name)}"
    matches = list(_THEME_LINE.finditer(text))
    if matches:
        m = matches[-1]
        new = text[: m.start()] + line + (m.group("comment") or "") + text[m.end():]
    else:
        new = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    try:
        before = yamlsafe.load(text, _WHAT) if text.strip() else {}
        after = yamlsafe.load(new, _WHAT)
    except yamlsafe.YamlError as exc:
        raise ConfigError(f"{exc.at(path)}; the theme was not saved") from None
    if not isinstance(before, dict | None) or not isinstance(after, dict):
        raise ConfigError(f"{path}: is not a mapping of settings; the theme was not saved")
    rest = {k: v for k, v in (before or {}).items() if k != "theme"}
    if after.get("theme") != name or {k: v for k, v in after.items() if k != "theme"} != rest:
        raise ConfigError(f"{path}: its 'theme:' line could not be edited safely; "
                          "the theme was not saved")
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o600
        path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, new.encode("utf-8"), mode)


def off_ladder_notice(ladder: Ladder, rungs: Iterable[str]) -> str | None:
    """A notice for people whose stored rung is not on the ladder (renamed or
    removed in the config): they show on the first rung, their stored rung
    untouched until they are moved.  ``None`` if there are none."""
    counts = Counter(r for r in rungs if r not in ladder)
    if not counts:
        return None
    total = sum(counts.values())
    people = "1 person is" if total == 1 else f"{total} people are"
    names = ", ".join(f"'{key}' ({n})" for key, n in sorted(counts.items()))
    return (f"{people} on a rung your ladder does not have: {names}. They show on "
            f"{ladder.first.label} until you move them; their stored rung is kept until then.")
