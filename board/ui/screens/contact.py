"""One person: who they are, their ladder, their timeline, what you gave them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from board.config import Config
from board.core.board import Board, Change, LadderEnd
from board.core.care import care, warmth, warmth_level
from board.core.dates import local_today, next_occurrence, summary
from board.core.person import summarise
from board.core.relative import ago, duration
from board.core.schema import Interaction
from board.core.text import conflict_line, preview, safe, safe_block
from board.core.when import describe
from board.ui.bindings import (
    HELP_BINDING,
    HISTORY_BINDINGS,
    LOG_BINDINGS,
    MOVE_BINDINGS,
    PassesOnTypeAhead,
    ShowsHelp,
    redo_and_say,
    undo_and_say,
)
from board.ui.screens.confirm import Confirm
from board.ui.screens.contact_form import ContactForm
from board.ui.screens.log_form import open_edit_form, open_log_form
from board.ui.screens.promote_offer import OFFER_BINDINGS, OffersPromotion
from board.ui.screens.snooze import open_snooze
from board.ui.widgets.hanging import Hanging, Line
from board.ui.widgets.key_bar import KeyBar
from board.ui.widgets.timeline import TimelineList

CONTACT_SCREEN = "contact"  # the name the kept contact screen is installed under
DETAIL_LIMIT = 20_000  # characters of notes shown in the detail panel


def open_contact(app: App, board: Board, contact_id: str, config: Config | None = None,
                 callback: Callable[[Any], None] | None = None) -> None:
    """Push the contact screen for ``contact_id``.

    The app keeps one contact screen (installed as ``"contact"``) and fills
    it for each person: composing and styling a screen's twenty widgets and
    footer costs more than filling them.  A second one is made only when the
    kept one is already on the stack (a person opened from a screen above it).
    """
    kept = app.get_screen(CONTACT_SCREEN) if app.is_screen_installed(CONTACT_SCREEN) else None
    if isinstance(kept, ContactScreen) and kept.board is board and kept not in app.screen_stack:
        kept.config = config or kept.config
        kept.show(contact_id)
        app.push_screen(CONTACT_SCREEN, callback)
        return
    screen = ContactScreen(board, contact_id, config)
    if kept is None:
        app.install_screen(screen, CONTACT_SCREEN)
        app.push_screen(CONTACT_SCREEN, callback)
    else:
        app.push_screen(screen, callback)


class ContactScreen(ShowsHelp, OffersPromotion, PassesOnTypeAhead, Screen):
    CSS_PATH = "contact.tcss"
    AUTO_FOCUS = "TimelineList"
    HELP_TITLE = "Keys on a person's screen"

    BINDINGS = [
        *OFFER_BINDINGS,
        Binding("escape,q", "back", "Back", id="contact_back"),
        *LOG_BINDINGS,
        Binding("e", "edit", "Edit", id="edit"),
        *MOVE_BINDINGS,
        Binding("s", "advocate", "Advocate", id="advocate"),
        Binding("enter", "edit_entry", "Edit entry", id="edit_entry"),
        Binding("x,delete", "delete_entry", "Delete entry", id="delete_entry"),
        Binding("o", "read_notes", "Read notes", show=False, id="read_notes"),
        Binding("z", "snooze", "Snooze", id="snooze"),
        Binding("M", "merge_with", "Merge with…", key_display="M", show=False,
                id="merge_with"),
        Binding("C", "clear_conflicts", "Clear sync conflicts", key_display="C", show=False,
                id="clear_conflicts"),
        *HISTORY_BINDINGS,
        HELP_BINDING,
    ]

    def __init__(self, board: Board, contact_id: str, config: Config | None = None) -> None:
        super().__init__()
        self.board = board
        self.contact_id = contact_id
        self.config = config or Config(ladder=board.ladder)
        # The app keeps one contact screen and shows each person on it (see
        # ``open_contact``): composing a screen costs more than filling one.
        # What it last showed, and whether the board changed while hidden.
        self._shown: str | None = None
        self._stale = False
        self._detail_for: object = None

    def show(self, contact_id: str) -> None:
        """Show ``contact_id`` afresh (newest entry, top of the page) next
        time the screen comes up."""
        self.contact_id = contact_id
        self._shown = None

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="person-head")
        with Horizontal(id="person-body"):
            with VerticalScroll(id="person-side"):
                # one widget for every section: fewer widgets to style and lay out
                yield Static(id="side")
            with Vertical(id="person-main"):
                yield Static(id="timeline-title", classes="section-title")
                yield TimelineList(self.describe_entry, id="timeline")
                yield Static(id="entry-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.board.subscribe(self.on_board_change)
        self._bring_up()

    def on_unmount(self) -> None:
        self.board.unsubscribe(self.on_board_change)

    def on_screen_resume(self) -> None:
        self._bring_up()

    def _bring_up(self) -> None:
        """Fill the screen for the person to show, unless it already shows them."""
        if self.contact_id not in self.board.contacts:  # (merged away while covered)
            self.call_later(self._gone)
            return
        if self._shown != self.contact_id:
            self.refresh_all(fresh=True)
        elif self._stale:
            self.refresh_all()

    def _gone(self) -> None:
        if self.app.screen is self:
            self.dismiss()

    def on_board_change(self, change: Change) -> None:
        # change.contacts holds everyone on the interactions it touched too
        if self.contact_id not in change.contacts:
            return
        if self not in self.app.screen_stack:  # kept for later: refresh when shown
            self._stale = True
            return
        if self.contact_id not in self.board.contacts:
            if self.app.screen is self:
                self.dismiss()
            else:  # (a dismiss would close the screen on top): when it comes back
                self._stale = True
            return
        self.refresh_all()

    # ------------------------------------------------------------ content

    @property
    def now(self) -> datetime:
        return self.board.clock()

    @property
    def tz(self) -> str | None:
        return getattr(self.app, "timezone", None)

    def name_of(self, cid: str) -> str:
        c = self.board.contacts.get(cid)
        if c is None:
            return "(unknown)"
        return safe(c.name) + (" (archived)" if c.archived else "")

    def refresh_all(self, fresh: bool = False) -> None:
        """Fill every part of the screen; ``fresh``: a person just opened (the
        newest entry selected, everything scrolled to the top)."""
        self._shown, self._stale = self.contact_id, False
        board = self.board
        c = board.contact(self.contact_id)
        s = summarise(board, c.id)
        now = self.now
        rung = board.ladder.label(board.display_rung(c))

        head = [(safe(c.name), "bold")]
        if c.advocate:
            head += ["  ", ("★ advocate", "bold $warning")]
        if board.is_connector(c.id):
            head += ["  ", ("⇄ connector", "bold $accent")]
        head += ["   ", (rung, "bold $text-primary"),
                 (f"  since {describe(c.entered, self.tz)[:-7]} ({ago(c.entered, now)})", "dim")]
        if c.archived:
            head += ["   ", ("archived", "bold $error")]
        if c.conflicts:  # (their section can be below the fold at 80x24)
            n = len(c.conflicts)
            head += ["   ", (f"⚠ {n} sync conflict{'s' * (n != 1)}", "bold $warning")]
        self.query_one("#person-head", Static).update(Content.assemble(*head))

        facts = []
        for label, value in (
            ("Company", c.company), ("Position", c.position), ("City", c.city),
            ("Email", c.email), ("Phone", c.phone),
            ("Handles", ", ".join(str(h) for h in c.handles)),
            ("Tags", ", ".join(f"#{t}" for t in c.tags)),
            ("How we met", c.how_we_met),
            ("Introduced by", self.name_of(c.introduced_by) if c.introduced_by else ""),
        ):
            if value:
                facts.append((Content.styled(label, "dim"), Content(safe(value))))
        if c.birthday or c.dates:
            today = local_today(now, self.tz)
            if c.birthday:
                facts.append((Content.styled("Birthday", "dim"),
                              self._date(c.birthday, today, True, True)))
            for n, d in enumerate(c.dates):
                facts.append((Content.styled("Dates" if n == 0 else "", "dim"),
                              Content.assemble(f"{safe(d.label)}: ",
                                               self._date(d.date, today, d.yearly, False))))
        # Labelled lines wrap under their value, not under the label (Hanging)
        side: list[Line] = [
            *(facts or [Content.styled("no details yet (e)", "dim")]),
            *self._section("What matters to them", self._notes(c.notes, "not noted yet")),
            *self._section("How I can help", self._notes(c.help, "not noted yet")),
        ]
        if c.conflicts:  # values that lost a sync merge: never dropped, shown here
            side += self._section(
                f"Sync conflicts ({len(c.conflicts)}; C clears them)",
                *(Content.styled(safe(conflict_line(x)), "$warning")
                  for x in reversed(c.conflicts[-5:])))

        rows = []
        for st in s.stages:
            rows.append((Content.styled(safe(st.label), "bold" if st.left is None else ""),
                         Content.assemble(
                (describe(st.entered, self.tz)[4:-7], ""),
                (f"  {duration(st.entered, st.left or now)}"
                 + (" so far" if st.left is None else ""), "dim"),
            )))
        side += self._section("The ladder", *rows)

        kinds = ", ".join(
            f"{n} {board.ladder.kind(k).label.lower()}" for k, n in s.by_kind.most_common()
        )
        cfg = self.config
        k = care(board, c.id, now, cfg.due_window_days)
        heat = warmth(board, c.id, now, cfg.warmth_half_life_days, log=s.timeline)
        if k.status == "none":
            keep = Content.styled("no cadence" + (" (set for this person)" if c.no_cadence
                                                  else f" on {rung}"), "dim")
        else:
            source = "own" if c.cadence_days else rung
            state = {
                "overdue": (k.words(), "bold $error"),
                "due": (k.words(), "bold $warning"),
                "ok": (f"next {describe(k.due_at, self.tz)[:-7]}", ""),
            }[k.status]
            keep = Content.assemble(f"every {k.cadence} days ({source}) · ", state)
            if k.snoozed:
                keep = Content.assemble(keep, (f" · snoozed to {describe(k.due_at, self.tz)[:-7]}",
                                               "italic"))
        dim = Content.styled
        side += self._section(
            "Together",
            (dim("Keep in touch", "dim"), keep),
            (dim("Warmth", "dim"), Content.assemble(
                f"{heat:.1f} ", ("▰" * warmth_level(heat) + "▱" * (5 - warmth_level(heat)),
                                 "$accent"))),
            (dim("Touches", "dim"), Content(f"{s.touches}" + (f" ({kinds})" if kinds else ""))),
            (dim("Time together", "dim"), Content(f"{s.hours_together:.1f} h")),
            (dim("Last touch", "dim"), Content(ago(s.last_touch, now))),
            (dim("First touch", "dim"), Content(ago(s.first_touch, now))),
        )

        intros = []
        for i in s.intros_given_to:
            others = ", ".join(self.name_of(p) for p in i.people if p != c.id)
            intros.append(Content.assemble(("gave  ", "bold $success"), f"introduced to {others}"))
        for i in s.intros_through:
            intros.append(Content.assemble(("got   ", "bold $accent"),
                                           f"they introduced me to {self.name_of(i.people[0])}"))
        for i in s.introduced_to_me:
            intros.append(Content.assemble(("got   ", "bold $accent"),
                                           f"introduced to me by {self.name_of(i.connector)}"))
        side += self._section("Introductions", *(intros or [Content.styled("none yet (i)",
                                                                            "dim")]))
        self.query_one("#side", Static).update(Hanging(side, indent=14))

        timeline = s.timeline
        self.query_one("#timeline-title", Static).update(
            Content.assemble("Timeline ", (f"{len(timeline):,}", "dim"),
                             ("   newest first · enter edit · x delete · o read notes", "dim"))
        )
        widget = self.query_one(TimelineList)
        if fresh:
            self._detail_for = None
            widget.cursor = 0
            widget.scroll_home(animate=False, immediate=True)
            self.query_one("#person-side").scroll_home(animate=False, immediate=True)
            widget.focus()
            keep = None
        else:
            keep = widget.current.id if widget.current else None
        widget.set_entries(timeline, keep=keep)
        # Now rather than on the Highlighted message, so the first frame has it
        self._show_detail(widget.current)

    def _date(self, text: str, today, yearly: bool, birthday: bool) -> Content:
        """A date with the age or years and when it comes next; in the
        theme's date colour when that is within the window."""
        on = next_occurrence(text, today, yearly)
        soon = on is not None and (on - today).days <= self.config.dates_window_days
        return Content.styled(summary(text, today, yearly, birthday),
                              "bold $date" if soon else "")

    @staticmethod
    def _section(title: str, *body: Line) -> list[Line]:
        """A blank line, the title, the body: a section of the side panel."""
        return [Content(""), Content.styled(title, "bold $text-primary"), *body]

    def _notes(self, text: str, empty: str) -> Content:
        if not text.strip():
            return Content.styled(empty, "dim italic")
        if len(text) > 1200:
            return Content.assemble(safe_block(text[:1200]),
                                    (f"… ({len(text):,} characters)", "dim"))
        return Content(safe_block(text))

    def describe_entry(self, i: Interaction) -> tuple[str, str, str, str]:
        kind = self.board.ladder.kind(i.kind).label
        others = [p for p in i.people if p != self.contact_id]
        cls = ""
        if i.kind == "introduction" and i.direction == "given":
            names = ", ".join(self.name_of(p) for p in others)
            head = f"⇄ Introduced {'them' if self.contact_id not in i.people else 'to'} {names}"
            if self.contact_id not in i.people:
                head = "⇄ Introduced " + " and ".join(self.name_of(p) for p in i.people)
            head += " (both agreed)" if i.agreed else ""
            cls = "gave"
        elif i.kind == "introduction" and i.direction == "received":
            if i.connector == self.contact_id:
                head = f"⇐ Introduced me to {self.name_of(i.people[0])}"
            else:
                head = f"⇐ Introduced to me by {self.name_of(i.connector)}"
            cls = "got"
        else:
            bits = [f"● {kind}"]
            if i.title:
                bits.append(safe(i.title))
            if i.direction:  # (a captured message or mail: who wrote it)
                bits.append("sent" if i.direction == "given" else "received")
            if i.duration_min:
                bits.append(f"{i.duration_min} min")
            if i.place:
                bits.append(safe(i.place))
            if others:
                bits.append("with " + ", ".join(self.name_of(p) for p in others))
            head = " · ".join(bits)
        text = i.why if i.kind == "introduction" and i.why else i.notes
        return head, ago(i.at, self.now), preview(text, 300) if text else "", cls

    @on(TimelineList.Highlighted)
    def show_entry(self, event: TimelineList.Highlighted) -> None:
        self._show_detail(event.interaction)

    def _show_detail(self, i: Interaction | None) -> None:
        if i is self._detail_for and i is not None:
            return  # records are never changed in place: the same one reads the same
        self._detail_for = i
        detail = self.query_one("#entry-detail", Static)
        if i is None:
            detail.update(Content.styled("Nothing logged yet: c call · m meet · i intro · "
                                         "t another touch", "dim"))
            return
        parts = [
            (describe(i.at, self.tz), "bold"),
            (f"  {ago(i.at, self.now)}", "dim"),
        ]
        if i.why:
            parts += ["\n", ("why  ", "dim"), safe(i.why)]
        if i.notes:
            shown = i.notes[:DETAIL_LIMIT]
            parts += ["\n", safe_block(shown)]
            if len(i.notes) > DETAIL_LIMIT:
                parts += [(f"\n… {len(i.notes):,} characters in all: press o to read them all",
                           "dim italic")]
        detail.update(Content.assemble(*parts))

    # ------------------------------------------------------------ actions

    def action_snooze(self) -> None:
        open_snooze(self, self.board, self.contact_id, self.config)

    def action_merge_with(self) -> None:
        """Pick someone who is the same person, see the merge, make it."""
        from board.ui.screens.merge import merge_from

        def before(keep: str, drop: str) -> None:
            if drop == self.contact_id:  # (this person is the one folded in)
                self.contact_id = keep

        merge_from(self, self.board, self.contact_id, before=before)

    def action_back(self) -> None:
        self.dismiss()

    def action_log(self, which: str) -> None:
        def show(interaction: Interaction) -> None:
            timeline = self.query_one(TimelineList)
            timeline.set_entries(timeline.entries, keep=interaction.id)
            timeline.focus()

        open_log_form(self, self.board, self.contact_id, which, after=show)

    def action_edit(self) -> None:
        self.app.push_screen(ContactForm(self.board, self.contact_id))

    def _move(self, up: bool) -> None:
        try:
            c = (self.board.promote if up else self.board.demote)(self.contact_id)
        except LadderEnd as exc:
            self.notify(str(exc), timeout=2)
            return
        self.notify(f"{c.name} is now on {self.board.ladder.label(c.rung)}.", timeout=2)

    def action_promote(self) -> None:
        self._move(True)

    def action_demote(self) -> None:
        self._move(False)

    def action_advocate(self) -> None:
        c = self.board.toggle_advocate(self.contact_id)
        self.notify(f"{c.name} {'is now' if c.advocate else 'is no longer'} an advocate.",
                    timeout=2)

    def action_clear_conflicts(self) -> None:
        n = len(self.board.contact(self.contact_id).conflicts)
        if not n:
            self.notify("No sync conflicts to clear.", timeout=2)
            return
        self.board.clear_conflicts(self.contact_id)
        self.notify(f"Cleared {n} sync conflict{'s' * (n != 1)} (u undoes it).", timeout=3)

    def action_edit_entry(self) -> None:
        i = self.query_one(TimelineList).current
        if i is not None:
            open_edit_form(self, self.board, self.contact_id, i)

    def action_delete_entry(self) -> None:
        i = self.query_one(TimelineList).current
        if i is None:
            return
        label = self.board.ladder.kind(i.kind).label.lower()

        def done(yes: bool | None) -> None:
            if yes:
                self.board.delete_interaction(i.id)
                self.notify(f"Deleted the {label}. Press u to undo.", timeout=3)

        self.app.push_screen(
            Confirm(f"Delete this {label} ({describe(i.at, self.tz)})?",
                    "It leaves every timeline it is on.", yes="Delete"),
            done,
        )

    def action_read_notes(self) -> None:
        from board.ui.screens.notes_viewer import NotesViewer

        i = self.query_one(TimelineList).current
        if i is not None and i.notes:
            self.app.push_screen(NotesViewer(i.notes, describe(i.at, self.tz)))

    def action_undo(self) -> None:
        undo_and_say(self)

    def action_redo(self) -> None:
        redo_and_say(self)
