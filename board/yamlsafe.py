"""Reading YAML that someone else wrote: a config file, a theme, a backup.

Every reader goes through here, so each one is read the same safe, bounded
way:

* with a safe loader only (libyaml's ``CSafeLoader`` when PyYAML has it):
  ``!!python/...`` tags never build anything;
* aliases are refused, so a "billion laughs" file cannot blow up memory;
* nesting is bounded from the event stream (no recursion, nothing built)
  before any tree is composed; libyaml's own nesting limit and Python's
  recursion limit read as the same "nested too deeply";
* a number too long to be one (a sexagesimal ``1:0:0:…`` costs quadratic
  time to build) is refused before it is built;
* a value YAML resolves but cannot build (``2026-02-30``, ``!!bool maybe``)
  is a complaint naming its line, not a ``ValueError`` from deep inside;
* a file is read bounded (a 50 MB file, ``/dev/zero`` or a named pipe with
  no writer never stalls the reader), and must be UTF-8.

Every refusal is a :class:`YamlError`: one line, without the file's name
(:meth:`YamlError.at` adds it).
"""

from __future__ import annotations

import contextlib
import inspect
import os
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

#: libyaml, when PyYAML was built with it (the pure-Python classes otherwise).
HAVE_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))

#: How deep collections may nest.  A backup nests five deep (the document,
#: the contacts, a contact, its history, an entry), a config or a theme three;
#: this leaves room for hand-edited files and stops a parser from recursing
#: on crafted ones.
MAX_DEPTH = 32

#: The longest plain scalar read as a number.
MAX_NUMBER = 100

#: How large a file :func:`read_file` reads (a config or a theme is a few KB).
MAX_FILE_BYTES = 1 << 20

_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_RESOLVER = yaml.resolver.Resolver()


class YamlError(ValueError):
    """Text that cannot be read as YAML here; ``str()`` is one line without
    the file's name, starting with the line (and column) when known."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None):
        self.problem = problem
        self.line = line
        self.column = column
        where = "" if line is None else f"line {line}" + (
            "" if column is None else f", column {column}")
        super().__init__(f"{where}: {problem}" if where else problem)

    def at(self, source: str | os.PathLike) -> str:
        """The message with the file's name: ``b.yaml, line 4, column 5: …``."""
        text = str(self)
        return f"{source}, {text}" if self.line is not None else f"{source}: {text}"


def _mark(mark: Any) -> tuple[int | None, int | None]:
    return (None, None) if mark is None else (mark.line + 1, mark.column + 1)


def _short(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _too_deep(what: str) -> str:
    return f"nested too deeply to be {what} (more than {MAX_DEPTH} levels)"


def _is_depth_limit(exc: yaml.YAMLError) -> bool:
    """Whether the parser stopped at its own nesting limit (libyaml, since
    PyYAML 6.0.3, refuses more than 1,000 levels while scanning, before the
    event scan sees the depth)."""
    problem = str(getattr(exc, "problem", "") or "")
    return "nesting depth" in problem or "maximum nesting" in problem


def _parser_error(exc: yaml.YAMLError, text: str, what: str) -> YamlError:
    """A parser's (or constructor's) complaint as one line."""
    if _is_depth_limit(exc):  # (its column is where it gave up, not where we would)
        return YamlError(_too_deep(what), _mark(getattr(exc, "problem_mark", None))[0])
    if isinstance(exc, yaml.reader.ReaderError):
        # (its position counts characters or bytes, by parser: find the character)
        code = exc.character if isinstance(exc.character, int) else None
        at = text.find(chr(code)) if code is not None else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        what_char = f"character #x{code:04x}" if code is not None else "a character"
        return YamlError(f"not valid YAML: {what_char} is not allowed", line)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    problem = " ".join(" ".join(str(p) for p in parts if p).split()) or " ".join(
        str(exc).split())
    return YamlError(f"not valid YAML: {problem}", *_mark(mark))


def _is_long_number(event: yaml.ScalarEvent) -> bool:
    if event.tag in _NUMBER_TAGS:
        return True
    if event.tag not in (None, "!") or not event.implicit[0]:
        return False
    return _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False)) in _NUMBER_TAGS


def scan(text: str, what: str, pure: bool = False) -> None:
    """Refuse aliases, nesting deeper than :data:`MAX_DEPTH` and over-long
    numbers from the event stream (no recursion, nothing built).  ``what``
    names the kind of file for the message ("a config file")."""
    depth = 0
    loader = yaml.SafeLoader if pure or not HAVE_LIBYAML else yaml.CSafeLoader
    try:
        for event in yaml.parse(text, Loader=loader):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if len(event.value) > MAX_NUMBER and _is_long_number(event):
                    raise YamlError(f"{_short(event.value, 20)} is too long to be a number "
                                    f"(more than {MAX_NUMBER} characters)",
                                    *_mark(event.start_mark))
            elif kind in _OPEN:
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(_too_deep(what), *_mark(event.start_mark))
            elif kind in _CLOSE:
                depth -= 1
            elif kind is yaml.AliasEvent:
                raise YamlError(f"YAML aliases (*{event.anchor}) are not allowed in {what}",
                                *_mark(event.start_mark))
    except yaml.YAMLError as exc:
        raise _parser_error(exc, text, what) from None


def _checked(tag: str, construct: Any) -> Any:
    """``construct`` for a scalar tag, its failures turned into a
    ConstructorError naming the value and its line."""
    kind = tag.rsplit(":", 1)[-1]

    def build(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            why = f" ({exc})" if isinstance(exc, ValueError) and str(exc) else ""
            raise ConstructorError(None, None, f"{_short(str(node.value))} is not a valid "
                                   f"{kind}{why}", node.start_mark) from None

    return build


def _loader_class(base: type) -> type:
    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    for tag, construct in list(base.yaml_constructors.items()):
        if tag is not None and not inspect.isgeneratorfunction(construct):
            Loader.add_constructor(tag, _checked(tag, construct))
    return Loader


_C_LOADER: type | None = _loader_class(yaml.CSafeLoader) if HAVE_LIBYAML else None
_PY_LOADER: type = _loader_class(yaml.SafeLoader)


def load_tree(text: str, what: str, pure: bool = False) -> tuple[Any, yaml.Node | None]:
    """The document as plain data, and its node tree (for line numbers;
    ``None`` for an empty document).  ``pure``: the pure-Python loader even
    when libyaml is there (same result, slower)."""
    scan(text, what, pure)
    loader = (_PY_LOADER if pure or _C_LOADER is None else _C_LOADER)(text)
    try:
        root = loader.get_single_node()
        return (None if root is None else loader.construct_document(root)), root
    except yaml.YAMLError as exc:
        raise _parser_error(exc, text, what) from None
    except RecursionError:  # (the scan bounds the depth: a parser we do not know)
        raise YamlError(_too_deep(what)) from None
    finally:
        loader.dispose()


def load(text: str, what: str) -> Any:
    """The document in ``text`` as plain data (``None`` if it is empty)."""
    return load_tree(text, what)[0]


def decode(data: bytes) -> str:
    """UTF-8 bytes (a byte-order mark allowed) as text, or a YamlError naming
    the line of the first byte that is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                        line, exc.start - line_start + 1) from None


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """At most ``limit`` bytes of ``path``; a YamlError if it cannot be read or
    is larger.  ``FileNotFoundError`` is left to the caller (a missing file
    may be no problem).  A named pipe with no writer reads as empty instead
    of waiting for one."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise YamlError("is a folder, not a file") from None
    except OSError as exc:
        raise YamlError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        with contextlib.suppress(OSError, AttributeError):
            os.set_blocking(fd, True)  # opened without waiting; now read normally
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except IsADirectoryError:
        raise YamlError("is a folder, not a file") from None
    except OSError as exc:
        raise YamlError(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if size > limit:
        raise YamlError(f"is larger than {limit / (1 << 20):g} MB, too large to be read")
    return b"".join(chunks)


def read_file(path: Path, what: str, limit: int = MAX_FILE_BYTES) -> Any:
    """The YAML document in the file at ``path``, read as :func:`read_bytes`,
    :func:`decode` and :func:`load` do."""
    return load(decode(read_bytes(path, limit)), what)
