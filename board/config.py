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
import yaml

from board.core.ladder import Kind, Ladder, Rung
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


def _read_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _parse_ladder(value: Any, where: str, warnings: list[str]) -> list[Rung] | None:
    if not isinstance(value, list) or not value:
        warnings.append(f"{where}: 'ladder' must be a non-empty list of rungs")
        return None
    rungs: list[Rung] = []
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            warnings.append(f"{where}: ladder rung {n} must be a mapping")
            return None
        unknown = set(item) - {"key", "label", "cadence_days", "depth"}
        if unknown:
            names = ", ".join(sorted(unknown))
            warnings.append(f"{where}: ladder rung {n}: unknown key(s) {names}")
        key = item.get("key")
        if not isinstance(key, str) or not key.strip():
            warnings.append(f"{where}: ladder rung {n} needs a 'key'")
            return None
        label = item.get("label", key)
        cadence = item.get("cadence_days")
        if cadence is not None and (isinstance(cadence, bool) or not isinstance(cadence, int)
                                    or cadence < 1):
            warnings.append(f"{where}: ladder.{key}.cadence_days must be a whole number ≥ 1 "
                            "or null; using none")
            cadence = None
        depth = item.get("depth", n - 1)
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
            warnings.append(f"{where}: ladder.{key}.depth must be a whole number ≥ 0")
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
            warnings.append(f"{where}: kinds.{key} must be a mapping")
            continue
        unknown = set(item) - {"label", "depth"}
        if unknown:
            names = ", ".join(sorted(map(str, unknown)))
            warnings.append(f"{where}: kinds.{key}: unknown key(s) {names}")
        depth = item.get("depth", 1)
        if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
            warnings.append(f"{where}: kinds.{key}.depth must be a whole number ≥ 0")
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
            warnings.append(f"{where}: keymap: {ident!r} is not a binding id")
            continue
        if isinstance(keys, list) and keys and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        tokens = keys.split(",") if isinstance(keys, str) else []
        if not tokens or not all(_KEY.fullmatch(t.strip()) for t in tokens):
            warnings.append(f"{where}: keymap.{ident} must be a key such as \"p\" or "
                            "\"ctrl+right\" (several: \"p,ctrl+right\"); keeping its default")
            continue
        keymap[ident.strip()] = ",".join(t.strip() for t in tokens)
    return keymap


_INTS = {"due_window_days": (0, 365), "warmth_half_life_days": (1, 3650), "snooze_days": (1, 365)}
KNOWN_KEYS = {"ladder", "kinds", "theme", "date_order", "backup_dir", "keymap", *_INTS}


def _apply(cfg_values: dict[str, Any], data: Any, where: str, warnings: list[str]) -> None:
    if data is None:
        return
    if not isinstance(data, dict):
        warnings.append(f"{where}: expected a mapping of settings; ignoring the file")
        return
    for key, value in data.items():
        if key not in KNOWN_KEYS:
            warnings.append(f"{where}: unknown setting '{key}' (ignored)")
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
    _apply(values, _read_yaml(defaults_file()), "defaults", warnings)
    if warnings:  # the shipped file is ours: a mistake there is a bug
        raise ConfigError("; ".join(warnings))
    user_path = path or (default_config_path() if use_user_file else None)
    if user_path is not None and user_path.exists():
        try:
            data = _read_yaml(user_path)
        except yaml.YAMLError as exc:
            warnings.append(f"{user_path}: not valid YAML ({exc}); using the defaults")
        except OSError as exc:
            warnings.append(f"{user_path}: cannot be read ({exc.strerror}); using the defaults")
        else:
            _apply(values, data, str(user_path), warnings)
    elif path is not None:
        warnings.append(f"{path}: no such config file; using the defaults")
    ladder = Ladder(values.pop("ladder"), tuple(values.pop("kinds", ())))
    return Config(ladder=ladder, path=user_path, warnings=warnings, **values)


# A top-level ``theme:`` line, its value and any trailing comment.
_THEME_LINE = re.compile(r"^theme[ \t]*:(?P<value>[^\n#]*?)(?P<comment>[ \t]+#[^\n]*)?$",
                         re.MULTILINE)


def _yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain if it reads back the same, else quoted."""
    try:
        if yaml.safe_load(text) == text:
            return text
    except yaml.YAMLError:
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
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text; the theme was not saved") from None
    line = f"theme: {_yaml_scalar(name)}"
    matches = list(_THEME_LINE.finditer(text))
    if matches:
        m = matches[-1]
        new = text[: m.start()] + line + (m.group("comment") or "") + text[m.end():]
    else:
        new = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    try:
        before = yaml.safe_load(text) if text.strip() else {}
        after = yaml.safe_load(new)
    except yaml.YAMLError:
        raise ConfigError(f"{path}: is not valid YAML; the theme was not saved") from None
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
