"""Merging two people: the preview (what the merged person will be) that asks
before anything is written, and the picker of who to merge with (``M`` on a
person's screen)."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from board.core.board import Board, BoardError
from board.core.duplicates import MergePlan, plan_merge
from board.core.text import safe
from board.core.when import describe
from board.ui.shown import shown
from board.ui.widgets.hanging import Hanging
from board.ui.widgets.person_picker import PersonPicker


def preview_lines(board: Board, plan: MergePlan) -> Hanging:
    """The plan's summary, label by label, as text (names are data); the
    values start two cells after the longest label, so none is cut."""
    rows = plan.lines(board.ladder, lambda at: describe(at)[:-7])
    indent = max(Content(label).cell_length for label, _ in rows) + 2
    return Hanging([(Content.styled(label, "dim"), Content(safe(text))) for label, text in rows],
                   indent=indent)


class MergePreview(ModalScreen[str | None]):
    """'Merge B into A?' with what A will be.  y merges, w keeps the other
    one instead, esc goes back (nothing is written).  Dismissed with the
    kept id once merged, None if not."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("y", "merge", "Merge", id="merge_confirm"),
        Binding("w", "swap", "Keep the other", id="merge_swap"),
        Binding("escape,n", "cancel", "Cancel", id="merge_cancel"),
    ]

    def __init__(self, board: Board, keep: str, drop: str,
                 before: Callable[[str, str], None] | None = None) -> None:
        super().__init__()
        self.board = board
        self.keep, self.drop = keep, drop
        #: told (kept id, removed id) just before the merge is made: a screen
        #: showing the one removed turns to the one kept
        self.before = before

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="dialog-title")
            with VerticalScroll(id="fields"):
                yield Static(id="merge-preview")
            with Horizontal(id="buttons"):
                yield Static("y merge · w keep the other · esc back", id="hint")
                yield Button("Cancel", id="cancel")
                yield Button("Merge", variant="warning", id="merge")

    def on_mount(self) -> None:
        self.show_plan()
        self.query_one("#merge", Button).focus()

    def show_plan(self) -> None:
        plan = plan_merge(self.board, self.keep, self.drop)
        self.query_one("#dialog-title", Static).update(
            shown(f"Merge {plan.drop.name} into {plan.keep.name}?"))
        self.query_one("#merge-preview", Static).update(preview_lines(self.board, plan))

    def action_swap(self) -> None:
        self.keep, self.drop = self.drop, self.keep
        self.show_plan()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_merge(self) -> None:
        if self.before is not None:
            self.before(self.keep, self.drop)
        try:
            plan = self.board.merge(self.keep, self.drop)
        except BoardError as exc:  # (someone gone meanwhile: an undo elsewhere)
            self.notify(str(exc), severity="error")
            self.dismiss(None)
            return
        self.notify(f"Merged {plan.drop.name} into {plan.keep.name}. u to undo.", timeout=4)
        self.dismiss(plan.keep.id)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "merge":
            self.action_merge()
        else:
            self.action_cancel()


class MergeWith(ModalScreen[str | None]):
    """Who to merge someone with: the log forms' person picker (the same
    search as *go to contact*).  Dismissed with the id picked, or None."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="merge_with_cancel")]

    def __init__(self, board: Board, contact_id: str) -> None:
        super().__init__()
        self.board = board
        self.contact_id = contact_id

    def compose(self) -> ComposeResult:
        name = self.board.contact(self.contact_id).name
        with Vertical(id="dialog"):
            yield Static(shown(f"Merge someone into {name}"), id="dialog-title")
            with Vertical(id="fields"):
                yield Static(shown("Who is the same person? Their record is folded into "
                                   "this one (a preview comes first)."), classes="field-label")
                yield PersonPicker(self.board, [], single=True, id="merge-picker",
                                   placeholder="type their name, email or handle…",
                                   exclude=[self.contact_id])
            with Horizontal(id="buttons"):
                yield Static("enter picks · esc back", id="hint")

    def on_mount(self) -> None:
        self.query_one("#merge-picker .picker-input").focus()

    @on(PersonPicker.Changed)
    def _picked(self, event: PersonPicker.Changed) -> None:
        if event.picker.ids:
            self.dismiss(event.picker.ids[0])

    def action_cancel(self) -> None:
        self.dismiss(None)


def merge_from(screen: Screen, board: Board, keep: str, drop: str | None = None,
               done: Callable[[str | None], None] | None = None,
               before: Callable[[str, str], None] | None = None) -> None:
    """Preview merging ``drop`` into ``keep`` and merge if confirmed; with no
    ``drop``, pick who first.  ``done`` gets the kept id (None: not merged);
    ``before``: see MergePreview."""
    def previewed(kept: str | None) -> None:
        if done is not None:
            done(kept)

    def picked(other: str | None) -> None:
        if other is not None:
            screen.app.push_screen(MergePreview(board, keep, other, before), previewed)

    if drop is None:
        screen.app.push_screen(MergeWith(board, keep), picked)
    else:
        picked(drop)
