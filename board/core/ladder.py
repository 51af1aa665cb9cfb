"""The ladder: ordered rungs from follower to friend, and how deep each
kind of interaction goes.

The shipped defaults live in ``board/defaults.yaml``; ``board.config`` turns
that file (and a user's override) into a :class:`Ladder`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from board.core.text import safe

#: The longest keep-in-touch cadence, in days (a rung's, or a person's own).
MAX_CADENCE_DAYS = 3650


@dataclass(frozen=True, slots=True)
class Rung:
    key: str
    label: str
    cadence_days: int | None = None  # keep-in-touch cadence; None: no cadence
    depth: int = 0  # the interaction depth this rung implies


@dataclass(frozen=True, slots=True)
class Kind:
    key: str
    label: str
    depth: int


class Ladder:
    """An ordered, immutable list of rungs with fast lookups.

    Labels are only ever shown, so they are kept display-safe (``safe``: no
    control character from a config file or a stored kind reaches a terminal).
    """

    def __init__(self, rungs: list[Rung] | tuple[Rung, ...], kinds: tuple[Kind, ...] = ()):
        if not rungs:
            raise ValueError("a ladder needs at least one rung")
        keys = [r.key for r in rungs]
        if len(set(keys)) != len(keys):
            raise ValueError("rung keys must be unique")
        self.rungs: tuple[Rung, ...] = tuple(replace(r, label=safe(r.label)) for r in rungs)
        self._index = {r.key: n for n, r in enumerate(self.rungs)}
        # from the config (defaults.yaml)
        self.kinds: tuple[Kind, ...] = tuple(replace(k, label=safe(k.label)) for k in kinds)
        self._kinds = {k.key: k for k in self.kinds}

    def __len__(self) -> int:
        return len(self.rungs)

    def __iter__(self) -> Iterator[Rung]:
        return iter(self.rungs)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Ladder)
            and self.rungs == other.rungs
            and self.kinds == other.kinds
        )

    @property
    def first(self) -> Rung:
        return self.rungs[0]

    @property
    def last(self) -> Rung:
        return self.rungs[-1]

    def index(self, key: str) -> int:
        """Position of a rung; an unknown rung counts as the first."""
        return self._index.get(key, 0)

    def get(self, key: str) -> Rung:
        return self.rungs[self.index(key)]

    def label(self, key: str) -> str:
        return self.rungs[self._index[key]].label if key in self._index else safe(key)

    def above(self, key: str) -> Rung | None:
        n = self.index(key) if key in self._index else -1
        return self.rungs[n + 1] if n + 1 < len(self.rungs) else None

    def below(self, key: str) -> Rung | None:
        if key not in self._index:
            return None
        n = self._index[key]
        return self.rungs[n - 1] if n > 0 else None

    def kind(self, key: str) -> Kind:
        return self._kinds.get(key) or Kind(key, safe(key.replace("_", " ").title()), 1)

    def suggested_rung(self, kind: str, current: str) -> Rung | None:
        """The rung a logged ``kind`` suggests, if it is above ``current``.

        The suggestion is the highest rung whose implied depth the
        interaction reaches, but never more than one step above the card's
        rung: the ladder is climbed one rung at a time.
        """
        depth = self.kind(kind).depth
        here = self.index(current)
        step = self.above(current)
        if step is None:
            return None
        if depth >= step.depth > self.rungs[here].depth:
            return step
        return None

