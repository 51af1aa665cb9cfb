"""Add or edit a contact: a modal form that validates inline."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from board.core.board import Board, ValidationError, parse_handle
from board.core.dates import (
    DATES_HINT,
    dates_text,
    local_today,
    read_birthday,
    read_dates,
    shown_day,
    summary,
)
from board.core.when import read_day
from board.ui.shown import shown
from board.ui.widgets.fields import DataInput, NotesField

# field id -> (label, placeholder)
_INPUTS = {
    "name": ("Name", "required"),
    "company": ("Company", ""),
    "position": ("Position", ""),
    "city": ("City", ""),
    "email": ("Email", "name@example.com"),
    "phone": ("Phone", "+44 20 7946 0000"),
    "handles": ("Handles", "linkedin:jane-doe, x:@jane, mastodon:@jane@social.example"),
    "tags": ("Tags", "comma, separated"),
    "how_we_met": ("How we met", "a talk, an intro, a comment thread…"),
    "birthday": ("Birthday", "14 March or 1990-03-14"),
    "dates": ("Other dates", DATES_HINT),
}
_PAIRS = [("company", "position"), ("city", "email"), ("phone", "handles")]
#: Fields read as days, in the ``date_order`` (board.core.dates).
_DAYS = {"birthday": read_birthday, "dates": read_dates}


class FieldError(Label):
    """An inline error under a field (empty when the field is fine)."""


class ContactForm(ModalScreen[str | None]):
    """Returns the saved contact's id, or None when cancelled.

    Editing someone saves only the fields that were changed: whatever was
    not touched stays exactly as stored (a 10 MB note, a name with escape
    codes from an import, an email an import let through)."""

    CSS_PATH = "forms.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form_save"),
        Binding("escape", "cancel", "Cancel", id="form_cancel"),
    ]

    def __init__(self, board: Board, contact_id: str | None = None,
                 open_existing: Callable[[str], None] | None = None) -> None:
        """``open_existing(id)``: what to do when, adding someone, the user
        chooses to open the person already on the board instead."""
        super().__init__()
        self.board = board
        self.contact_id = contact_id
        self.open_existing = open_existing
        self._added_anyway: tuple | None = None  # the values "add anyway" was said for

    def compose(self) -> ComposeResult:
        c = self.board.contacts.get(self.contact_id) if self.contact_id else None
        values = {
            "name": c.name if c else "",
            "company": c.company if c else "",
            "position": c.position if c else "",
            "city": c.city if c else "",
            "email": c.email if c else "",
            "phone": c.phone if c else "",
            "handles": ", ".join(str(h) for h in c.handles) if c else "",
            "tags": ", ".join(c.tags) if c else "",
            "how_we_met": c.how_we_met if c else "",
            "birthday": shown_day(c.birthday) if c else "",
            "dates": dates_text(c.dates) if c else "",
        }
        title = f"Edit {c.name}" if c else "Add someone"
        with Vertical(id="dialog"):
            yield Static(shown(title), id="dialog-title")
            with VerticalScroll(id="fields"):
                yield from self._field("name", values)
                for left, right in _PAIRS:
                    with Horizontal(classes="pair"):
                        with Vertical(classes="half"):
                            yield from self._field(left, values)
                        with Vertical(classes="half"):
                            yield from self._field(right, values)
                yield from self._field("tags", values)
                yield from self._field("how_we_met", values)
                with Horizontal(classes="pair dates"):
                    with Vertical(classes="birthday"):
                        yield from self._field("birthday", values, error=False)
                    with Vertical(classes="other-dates"):
                        yield from self._field("dates", values, error=False)
                # (under both, at the full width: a reason is longer than a day)
                yield FieldError("", id="birthday-error", classes="field-error")
                yield FieldError("", id="dates-error", classes="field-error")
                yield Static("", id="birthday-read", classes="day-read")
                rung = self.board.ladder.get(self.board.display_rung(c)) if c else (
                    self.board.ladder.first)
                default = (f"{rung.label}: every {rung.cadence_days} days"
                           if rung.cadence_days else f"{rung.label}: none")
                with Horizontal(classes="pair"):
                    with Vertical(classes="half"):
                        yield Label("Keep in touch every (days)", classes="field-label")
                        yield DataInput(str(c.cadence_days) if c and c.cadence_days else "",
                                        placeholder=f"rung default ({default})",
                                        id="cadence_days", type="integer")
                        yield FieldError("", id="cadence_days-error", classes="field-error")
                    with Vertical(classes="half"):
                        yield Label(" ", classes="field-label")
                        yield Checkbox("No keep-in-touch cadence",
                                       c.no_cadence if c else False, id="no_cadence")
                yield Label("What matters to them", classes="field-label")
                yield NotesField(c.notes if c else "", id="notes",
                                 title=f"What matters to {c.name if c else 'them'}")
                yield Label("How I can help", classes="field-label")
                yield NotesField(c.help if c else "", id="help",
                                 title=f"How I can help {c.name if c else 'them'}")
                yield Checkbox("Advocate ★ (speaks up for me; keep warm)",
                               c.advocate if c else False, id="advocate")
            with Horizontal(id="buttons"):
                yield Static("ctrl+s save · esc cancel", id="hint")
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="save")

    def _field(self, key: str, values: dict[str, str], error: bool = True) -> ComposeResult:
        label, placeholder = _INPUTS[key]
        yield Label(label, classes="field-label")
        yield DataInput(values[key], placeholder=placeholder, id=key)
        if error:
            yield FieldError("", id=f"{key}-error", classes="field-error")

    def on_mount(self) -> None:
        # At once (``focus()`` waits for a refresh): a key typed just after
        # the form opened goes to the name.
        self.set_focus(self.query_one("#name", Input), scroll_visible=False)
        self._stored = self._read()

    # ------------------------------------------------------------ saving

    def _read(self) -> dict:
        """Every field as the form has it (a stored value while unedited)."""
        values: dict = {}
        for key in (*_INPUTS, "cadence_days"):
            values[key] = self.query_one(f"#{key}", DataInput).text
        for key in ("notes", "help"):
            values[key] = self.query_one(f"#{key}", NotesField).text
        for key in ("advocate", "no_cadence"):
            values[key] = self.query_one(f"#{key}", Checkbox).value
        return values

    def collect(self) -> dict:
        """What to save: every field for someone new; for someone on the
        board, only the fields that were changed."""
        values = self._read()
        if self.contact_id is not None:
            values = {k: v for k, v in values.items() if v != self._stored[k]}
        if "handles" in values:
            values["handles"] = [parse_handle(h) for h in values["handles"].split(",")
                                 if h.strip()]
        if "tags" in values:
            values["tags"] = values["tags"].split(",")
        if "cadence_days" in values:
            values["cadence_days"] = values["cadence_days"].strip() or None
        return values

    def show_errors(self, errors: dict[str, str]) -> None:
        for label in self.query(FieldError):
            key = (label.id or "").removesuffix("-error")
            label.update(shown(errors.get(key, "")))
            label.set_class(key in errors, "-shown")
        if errors:
            first = next(iter(errors))
            try:
                self.query_one(f"#{first}", Input).focus()
            except Exception:
                pass

    @property
    def date_order(self) -> str:
        """The ``date_order`` setting: how 02/11/1990 reads."""
        session = getattr(self.app, "session", None)
        return session.config.date_order if session else "auto"

    def _read_days(self, values: dict) -> bool:
        """The birthday and dates as typed, read as days in the date order
        (in ``values``); False, with the reason under the field, if one
        cannot be read."""
        errors = {}
        for key, read in _DAYS.items():
            if key in values:
                try:
                    values[key] = read(values[key], self.date_order)
                except ValueError as exc:
                    errors[key] = f"Birthday: {exc}" if key == "birthday" else str(exc)
        if errors:
            self.show_errors(errors)
        return not errors

    def action_save(self) -> None:
        values = self.collect()
        if not self._read_days(values):
            return
        if self.contact_id is None and self._looks_known(values):
            return  # asking first
        try:
            if self.contact_id is None:
                contact = self.board.add_contact(**values)
            else:
                contact = self.board.update_contact(self.contact_id, **values)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.dismiss(contact.id)

    def _looks_known(self, values: dict) -> bool:
        """Whether someone like this is already on the board (and the user
        has not said to add them anyway): if so, ask, and say True."""
        handles = [h for h in values["handles"] if h is not None]
        key = (values["name"], values["email"], tuple(map(str, handles)))
        if key == self._added_anyway or not values["name"].strip():
            return False
        found = self.board.look_alikes(values["name"], values["email"], handles)
        if not found:
            return False

        def answer(choice: str | None) -> None:
            if choice == "add":
                self._added_anyway = key
                self.action_save()
            elif choice == "open":
                self.dismiss(None)
                if self.open_existing is not None:
                    self.open_existing(found[0][0].id)
            else:
                self.query_one("#name", Input).focus()

        from board.ui.screens.look_alike import LookAlike

        self.app.push_screen(LookAlike(self.board, values["name"], found), answer)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def on_submit(self) -> None:
        self.action_save()

    @on(Input.Changed)
    def on_change(self, event: Input.Changed) -> None:
        label = self.query(f"#{event.input.id}-error")
        if label and str(label.first().render()):
            label.first().update("")
            label.first().remove_class("-shown")
        if event.input.id == "birthday":
            self._show_birthday(event.value)

    def _show_birthday(self, text: str) -> None:
        """How the birthday being typed reads, as the person's screen will
        show it (nothing while it cannot be read yet: Save says why)."""
        shown = ""
        if text.strip():
            try:
                reading = read_day(text, order=self.date_order)
            except ValueError:
                pass
            else:
                today = local_today(self.board.clock(), getattr(self.app, "timezone", None))
                shown = f"Birthday: {summary(reading.day, today, True, True)}"
                if reading.notes:  # which way round 02/11/1986 was read, and why
                    shown += f" ({'; '.join(reading.notes)})"
        read = self.query_one("#birthday-read", Static)
        read.update(shown)
        read.set_class(bool(shown), "-shown")

    @on(Button.Pressed, "#save")
    def on_save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def on_cancel_pressed(self) -> None:
        self.action_cancel()
