"""Pick one or several people: chips, and a type-ahead list of matches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from board.core.board import Board
from board.core.search import index_for, matched_in, same_name
from board.core.text import safe

NEW = "\x00new"  # option id of "create this person"


@dataclass
class Picked:
    """A chosen person: an existing contact id, or a new name to create."""

    id: str | None = None
    new_name: str | None = None


class PersonPicker(Vertical):
    DEFAULT_CSS = """
    PersonPicker { height: auto; }
    PersonPicker > .chips { height: auto; color: $text-primary; text-style: bold; }
    PersonPicker > OptionList { height: auto; max-height: 8; display: none; }
    PersonPicker > OptionList.-shown { display: block; }
    """

    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    class Changed(Message):
        def __init__(self, picker: PersonPicker) -> None:
            super().__init__()
            self.picker = picker

    def __init__(
        self,
        board: Board,
        chosen: list[str] | None = None,
        *,
        allow_new: bool = False,
        single: bool = False,
        placeholder: str = "type a name to add someone…",
        exclude: Iterable[str] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.exclude = frozenset(exclude)  # never offered
        self.board = board
        self.chosen: list[Picked] = [Picked(cid) for cid in (chosen or [])]
        self.allow_new = allow_new
        self.single = single
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Static(classes="chips")
        yield Input(placeholder=self.placeholder, classes="picker-input")
        yield OptionList()

    def on_mount(self) -> None:
        self._show_chips()

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.chosen if p.id]

    def _label(self, p: Picked) -> str:
        if p.id:
            return safe(self.board.contacts[p.id].name)
        return f"{safe(p.new_name or '')} (new)"

    def _show_chips(self) -> None:
        chips = self.query_one(".chips", Static)
        if self.chosen:
            text = "  ".join(f"● {self._label(p)}" for p in self.chosen)
            hint = "   (backspace removes the last)" if not self.single else ""
            chips.update(Content.assemble(text, (hint, "dim")))
        else:
            chips.update(Content.styled("nobody yet", "dim italic"))

    @on(Input.Changed, ".picker-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        options = self.query_one(OptionList)
        options.clear_options()
        text = event.value.strip()
        search = index_for(self.board)  # names, handles, email, company; accents folded
        ids = [found.id for found in search.find(text, limit=6,
                                                 exclude=self.exclude | set(self.ids))]
        for cid in ids:
            c = self.board.contacts[cid]
            rung = self.board.ladder.label(self.board.display_rung(c))
            where = matched_in(c, text)  # "Ledgerline", when that is what matched
            extra = f"  {rung}" + (f" · {safe(where)}" if where else "")
            options.add_option(Option(Content.assemble(safe(c.name), (extra, "dim")), id=cid))
        exact = any(same_name(self.board.contacts[cid].name, text) for cid in ids)
        if self.allow_new and text and not exact:
            options.add_option(Option(Content.assemble(("＋ new person: ", "dim"), safe(text)),
                                      id=NEW))
        options.set_class(options.option_count > 0, "-shown")
        if options.option_count:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            index = options.highlighted or 0
            options.highlighted = (index + step) % options.option_count

    @on(Input.Submitted, ".picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if not event.value.strip() or not options.option_count:
            return  # let the form save
        event.stop()
        self._pick(options.get_option_at_index(options.highlighted or 0).id, event.value)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id, self.query_one(".picker-input", Input).value)

    def _pick(self, option_id: str | None, typed: str) -> None:
        picked = Picked(new_name=" ".join(typed.split())) if option_id == NEW else Picked(option_id)
        if self.single:
            self.chosen = [picked]
        else:
            self.chosen.append(picked)
        box = self.query_one(".picker-input", Input)
        box.value = ""
        self._show_chips()
        self.post_message(self.Changed(self))

    def on_key(self, event) -> None:
        box = self.query_one(".picker-input", Input)
        if event.key == "backspace" and box.has_focus and not box.value and self.chosen:
            self.chosen.pop()
            self._show_chips()
            self.post_message(self.Changed(self))
            event.stop()
