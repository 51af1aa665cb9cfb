"""Labelled lines whose values wrap under themselves, not under the label.

    How we met    a long story that goes on and
                  wraps back here, under its value

A Textual ``Visual`` (a ``Static`` shows it): the lines are laid out for the
width the widget is given, so they rewrap when the terminal is resized.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

# A labelled line (label, value) or a line of its own (wraps from the left).
Line = tuple[Content, Content] | Content


class Hanging(Visual):
    """``lines`` with every label padded to ``indent`` cells and each value
    wrapped to the width left beside it."""

    def __init__(self, lines: list[Line], indent: int = 14) -> None:
        self.lines = lines
        self.indent = indent
        self._laid_out: tuple[int, Content] | None = None

    def layout(self, width: int) -> Content:
        """The lines wrapped for ``width`` cells, as one Content."""
        if self._laid_out and self._laid_out[0] == width:
            return self._laid_out[1]
        indent = self.indent if width > self.indent + 8 else 0  # too narrow: no indent
        out: list[Content] = []
        for line in self.lines:
            if isinstance(line, Content):
                out.extend(_wrap(line, max(width, 1)))
                continue
            label, value = line
            if not indent:
                out.extend(_wrap(Content.assemble(label, " ", value), max(width, 1)))
                continue
            head = label.truncate(indent - 1).pad_right(indent - label.truncate(
                indent - 1).cell_length)
            for n, part in enumerate(_wrap(value, width - indent) or [Content("")]):
                out.append(Content.assemble(head if n == 0 else " " * indent, part))
        content = Content("\n").join(out)
        self._laid_out = (width, content)
        return content

    def __str__(self) -> str:
        """The lines unwrapped, labels padded (as ``str`` of a Content)."""
        return self.layout(1_000_000).plain

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        return self.layout(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.layout(container_width).get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.layout(width).get_height(rules, width)


def _wrap(content: Content, width: int) -> list[Content]:
    lines: list[Content] = []
    for paragraph in content.split("\n"):
        lines.extend(paragraph.wrap(width) if paragraph.cell_length > width else [paragraph])
    return lines
