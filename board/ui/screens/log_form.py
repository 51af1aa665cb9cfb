"""Logging the investment: a call, a coffee, an introduction, another touch.

Each is a short modal form.  The date is read as you type and shown back
("→ Thu 19 Nov 2026, 15:00"), in the success colour only when every word was
understood; otherwise the reason shows there in the error colour and Save
refuses, so a misread date is caught before saving.
After saving, an interaction deeper than a card's rung offers a promotion
(board.ui.screens.promote_offer): a toast, and ``p`` to accept for a few seconds.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from board.core.board import Board, ValidationError
from board.core.relative import ago
from board.core.schema import Interaction
from board.core.text import safe
from board.core.when import Reading, WhenError, describe, read_when
from board.ui.screens.promote_offer import offer_promotion
from board.ui.shown import shown
from board.ui.widgets.fields import DataInput, NotesField
from board.ui.widgets.person_picker import PersonPicker

CALL_KINDS = ("call",)
MEETING_KINDS = ("coffee", "meeting")
TOUCH_KINDS = ("email", "message", "comment", "gift", "article")
TIMED = {"call", "coffee", "meeting"}
PLACED = {"coffee", "meeting"}


class FieldError(Label):
    pass


class _Form(ModalScreen[Interaction | None]):
    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form_save"),
        Binding("escape", "cancel", "Cancel", id="form_cancel"),
    ]

    def __init__(self, board: Board, contact_id: str, interaction: Interaction | None = None):
        super().__init__()
        self.board = board
        self.contact_id = contact_id
        self.editing = interaction
        self.when: datetime | None = interaction.at if interaction else board.clock()

    # -- pieces ---------------------------------------------------------------

    def when_field(self) -> ComposeResult:
        yield Label("When", classes="field-label")
        with Horizontal(classes="pair"):
            yield Input("" if not self.editing else describe(self.editing.at, self.tz),
                        placeholder="now · yesterday 3pm · 2 Nov",
                        id="when", classes="when")
            yield Static("", id="when-read", classes="when-read")
        yield FieldError("", id="when-error", classes="field-error")

    @property
    def tz(self) -> str | None:
        return getattr(self.app, "timezone", None)

    @property
    def date_order(self) -> str:
        """The ``date_order`` setting: how 02/11/2026 reads."""
        session = getattr(self.app, "session", None)
        return session.config.date_order if session else "auto"

    def error(self, key: str, message: str) -> None:
        for label in self.query(FieldError):
            if label.id == f"{key}-error":
                label.update(shown(message))  # may quote what was typed
                label.set_class(bool(message), "-shown")
                if message:  # a tall form scrolls to show it, once it is laid out
                    self.call_after_refresh(label.scroll_visible, animate=False)

    def clear_errors(self) -> None:
        for label in self.query(FieldError):
            label.update("")
            label.remove_class("-shown")

    def read_when(self) -> str | None:
        """Read the date box and show the reading beside it; the problem, if
        it cannot be read in full (``self.when`` is then None)."""
        text = self.query_one("#when", Input).value
        read = self.query_one("#when-read", Static)
        now = self.board.clock()
        try:
            if self.editing and text == describe(self.editing.at, self.tz):
                reading = Reading(self.editing.at)  # as stored, seconds and all
            else:
                reading = read_when(text, now, self.tz, self.date_order)
        except WhenError as exc:
            self.when = None
            problem = safe(str(exc))
            read.update(Content.styled(problem, "$text-error"))
            return problem
        self.when = reading.at
        # How long ago on a line of its own: beside the date it broke in two
        # ("(just" / "now)") when the pair did not fit.
        read.update(Content.assemble(("→ ", "dim"), describe(reading, self.tz),
                                     (f"\n  {ago(self.when, now)}", "dim")))
        self.error("when", "")
        return None

    @on(Input.Changed, "#when")
    def _when_changed(self) -> None:
        self.read_when()

    #: The field one types first, where the form opens (a select, such as
    #: the kind, is never first: typing would vanish into it and ``enter``
    #: would open it instead of saving).
    FIRST_FIELD = "#when"

    def on_mount(self) -> None:
        self.read_when()
        self.query_one(self.FIRST_FIELD).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def when_is_readable(self) -> bool:
        """Before saving: clear old errors; if the date cannot be logged,
        say that it was not saved and put the cursor in the date box."""
        self.clear_errors()
        if self.read_when():
            self.error("when", "Not saved: the date needs fixing (see beside it).")
            self.query_one("#when", Input).focus()
            return False
        return True

    def buttons(self) -> ComposeResult:
        with Horizontal(id="buttons"):
            yield Static("ctrl+s save · esc cancel", id="hint")
            yield Button("Cancel", id="cancel")
            yield Button("Save", variant="primary", id="save")

    def show_validation(self, exc: ValidationError) -> None:
        for key, message in exc.errors.items():
            self.error(key if key != "duration_min" else "duration", message)


class LogForm(_Form):
    """Log (or edit) a call, a coffee / meeting, or another touch."""

    def __init__(self, board: Board, contact_id: str, kinds: tuple[str, ...],
                 interaction: Interaction | None = None):
        super().__init__(board, contact_id, interaction)
        self.kinds = kinds if not interaction or interaction.kind in kinds else (
            interaction.kind, *kinds)

    def compose(self) -> ComposeResult:
        i = self.editing
        kind = i.kind if i else self.kinds[0]
        verb = "Edit" if i else "Log"
        with Vertical(id="dialog"):
            yield Static(shown(f"{verb} {self.board.ladder.kind(kind).label.lower()}"),
                         id="dialog-title")
            with VerticalScroll(id="fields"):
                if len(self.kinds) > 1:
                    yield Label("Kind", classes="field-label")
                    yield Select(
                        [(shown(self.board.ladder.kind(k).label), k) for k in self.kinds],
                        value=kind, allow_blank=False, id="kind",
                    )
                yield from self.when_field()
                yield Label("With", classes="field-label")
                yield PersonPicker(self.board, list(i.people) if i else [self.contact_id],
                                   id="people")
                yield FieldError("", id="people-error", classes="field-error")
                with Horizontal(classes="pair timed"):
                    with Vertical(classes="half"):
                        yield Label("Minutes", classes="field-label")
                        yield Input(str(i.duration_min) if i and i.duration_min else "",
                                    placeholder="e.g. 30", id="duration", type="integer")
                        yield FieldError("", id="duration-error", classes="field-error")
                    with Vertical(classes="half placed"):
                        yield Label("Where", classes="field-label")
                        yield DataInput(i.place if i else "",
                                        placeholder="a café, a city, online", id="place")
                yield Label("Notes", classes="field-label")
                yield NotesField(i.notes if i else "", id="notes", title="Notes")
            yield from self.buttons()

    def on_mount(self) -> None:
        super().on_mount()
        self._kind_changed()

    @property
    def kind(self) -> str:
        if len(self.kinds) > 1:
            return str(self.query_one("#kind", Select).value)
        return self.kinds[0]

    @on(Select.Changed, "#kind")
    def _kind_changed(self) -> None:
        kind = self.kind
        self.query_one(".timed").display = kind in TIMED
        self.query_one(".placed").display = kind in PLACED
        self.query_one("#dialog-title", Static).update(shown(
            f"{'Edit' if self.editing else 'Log'} {self.board.ladder.kind(kind).label.lower()}"))

    def action_save(self) -> None:
        if not self.when_is_readable():
            return
        kind = self.kind
        duration_text = self.query_one("#duration", Input).value.strip()
        duration = None
        if kind in TIMED and duration_text:
            try:
                duration = int(duration_text)
            except ValueError:
                self.error("duration", "Minutes, as a whole number.")
                return
        values = dict(
            kind=kind,
            at=self.when,
            people=self.query_one(PersonPicker).ids,
            duration_min=duration,
            place=self.query_one("#place", DataInput).text if kind in PLACED else "",
            notes=self.query_one("#notes", NotesField).text,
        )
        try:
            if self.editing:
                saved = self.board.edit_interaction(self.editing.id, **values)
            else:
                saved = self.board.log(values.pop("kind"), values.pop("people"), **values)
        except ValidationError as exc:
            self.show_validation(exc)
            return
        self.dismiss(saved)


GIVEN = "given"
FROM_THEM = "from_them"  # they introduced me to someone
TO_THEM = "to_them"  # someone introduced me to them


class IntroForm(_Form):
    """Log an introduction, given or received."""

    FIRST_FIELD = "#other .picker-input"  # who (what happened is a select above it)

    def compose(self) -> ComposeResult:
        name = self.board.contacts[self.contact_id].name
        with Vertical(id="dialog"):
            yield Static("Log an introduction", id="dialog-title")
            with VerticalScroll(id="fields"):
                yield Label("What happened", classes="field-label")
                yield Select(
                    [
                        (shown(f"I introduced {name} to someone"), GIVEN),
                        (shown(f"{name} introduced me to someone"), FROM_THEM),
                        (shown(f"Someone introduced me to {name}"), TO_THEM),
                    ],
                    value=GIVEN, allow_blank=False, id="direction",
                )
                yield Label("", id="other-label", classes="field-label")
                yield PersonPicker(self.board, [], id="other", allow_new=False)
                yield FieldError("", id="people-error", classes="field-error")
                yield FieldError("", id="connector-error", classes="field-error")
                yield from self.when_field()
                yield Label("Why", classes="field-label")
                yield Input(placeholder="what they have in common, what each can offer",
                            id="why")
                yield Checkbox("Both agreed before I introduced them", id="agreed")
                yield Label("Notes", classes="field-label")
                yield NotesField(id="notes", title="Notes")
            yield from self.buttons()

    def on_mount(self) -> None:
        super().on_mount()
        self._direction_changed()

    @property
    def direction(self) -> str:
        return str(self.query_one("#direction", Select).value)

    @on(Select.Changed, "#direction")
    def _direction_changed(self) -> None:
        d = self.direction
        label = {
            GIVEN: "To whom (one or more)",
            FROM_THEM: "Whom they introduced me to (type a new name to add them)",
            TO_THEM: "Who introduced us",
        }[d]
        self.query_one("#other-label", Label).update(label)
        picker = self.query_one("#other", PersonPicker)
        picker.allow_new = d == FROM_THEM
        picker.single = d != GIVEN
        if picker.single and len(picker.chosen) > 1:
            picker.chosen = picker.chosen[:1]
        self.query_one("#agreed").display = d == GIVEN

    def action_save(self) -> None:
        if not self.when_is_readable():
            return
        picker = self.query_one("#other", PersonPicker)
        why = self.query_one("#why", Input).value
        notes = self.query_one("#notes", NotesField).text
        d = self.direction
        try:
            if not picker.chosen:
                raise ValidationError({"people": "Pick the other person."})
            if d == GIVEN:
                saved = self.board.log(
                    "introduction", [self.contact_id, *picker.ids], at=self.when,
                    direction="given", agreed=self.query_one("#agreed", Checkbox).value,
                    why=why, notes=notes,
                )
            elif d == FROM_THEM:
                other = picker.chosen[0]
                saved, _ = self.board.receive_introduction(
                    self.contact_id, person=other.id, new_name=other.new_name, at=self.when,
                    why=why, notes=notes,
                )
            else:
                saved, _ = self.board.receive_introduction(
                    picker.ids[0], person=self.contact_id, at=self.when, why=why, notes=notes,
                )
        except ValidationError as exc:
            self.show_validation(exc)
            return
        self.dismiss(saved)


def open_log_form(screen: Screen, board: Board, contact_id: str, which: str,
                  after=None) -> None:
    """Open the form for ``which`` (call / meeting / intro / touch) and, once
    saved, offer promotions.  ``after(interaction)`` runs at the end."""
    if which == "intro":
        form: _Form = IntroForm(board, contact_id)
    else:
        kinds = {"call": CALL_KINDS, "meeting": MEETING_KINDS, "touch": TOUCH_KINDS}[which]
        form = LogForm(board, contact_id, kinds)

    def saved(interaction: Interaction | None) -> None:
        if interaction is None:
            return
        label = board.ladder.kind(interaction.kind).label.lower()
        names = ", ".join(board.contacts[p].name for p in interaction.people)
        screen.notify(f"Logged {label} with {names}.", timeout=2)
        if after:
            after(interaction)
        suggestions = board.suggestion(interaction)
        if suggestions:
            offer_promotion(screen.app, board, suggestions,
                            after=(lambda: after(interaction)) if after else None)

    screen.app.push_screen(form, saved)


def open_edit_form(screen: Screen, board: Board, contact_id: str,
                   interaction: Interaction) -> None:
    if interaction.kind == "introduction":
        screen.notify("Introductions can be deleted (x) and logged again.", timeout=3)
        return
    kinds = (CALL_KINDS if interaction.kind in CALL_KINDS else MEETING_KINDS
             if interaction.kind in MEETING_KINDS else TOUCH_KINDS)

    def saved(result: Interaction | None) -> None:
        if result is not None:
            screen.notify("Saved.", timeout=2)

    screen.app.push_screen(LogForm(board, contact_id, kinds, interaction), saved)
