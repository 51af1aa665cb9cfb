"""``?``: every key that works on the screen it was opened from, as
currently mapped (keymap included), in a box that scrolls (j/k, arrows,
pgup/pgdn, home/end, the wheel) however short the terminal."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from board.core.text import safe

# binding id -> (group, what it does); bindings without an entry use their
# own description under "Other".
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "cursor_left": ("Move", "previous rung (column)"),
    "cursor_right": ("Move", "next rung (column)"),
    "cursor_up": ("Move", "card above"),
    "cursor_down": ("Move", "card below"),
    "page_up": ("Move", "eight cards up"),
    "page_down": ("Move", "eight cards down"),
    "first_card": ("Move", "first card of the column"),
    "last_card": ("Move", "last card of the column"),
    "promote": ("Cards", "promote one rung up the ladder"),
    "demote": ("Cards", "demote one rung down"),
    "add": ("Cards", "add someone (lands on the first rung)"),
    "open": ("Cards", "open the person"),
    "edit": ("Cards", "edit the person"),
    "advocate": ("Cards", "toggle advocate ★"),
    "archive": ("Cards", "archive (leaves the board, stays in your data)"),
    "log_call": ("Log", "log a call"),
    "log_meeting": ("Log", "log a coffee / meeting in person"),
    "log_intro": ("Log", "log an introduction"),
    "log_touch": ("Log", "log another touch (email, message, gift…)"),
    "undo": ("Board", "undo the last change (several levels)"),
    "redo": ("Board", "redo what the last undo took back"),
    "accept_promotion": ("Cards", "promote as offered after a deep touch (for 8 seconds)"),
    "archived": ("Board", "archived people: open or restore them"),
    "snooze": ("Cards", "snooze: push the next due date by some days"),
    "clear_conflicts": ("Cards", "clear the sync conflicts once read (u undoes it)"),
    "due_first": ("Board", "most urgent first in every column (esc returns)"),
    "insights": ("Board", "insights: funnel, investment, give and take, cooling"),
    "filter": ("Board", "filter by name, tag or note as you type"),
    "clear_filter": ("Board", "clear the filter"),
    "help": ("Board", "this help"),
    "contact_back": ("Board", "back to the board"),
    "edit_entry": ("Timeline", "edit the entry under the cursor"),
    "delete_entry": ("Timeline", "delete the entry under the cursor (asks first)"),
    "read_notes": ("Timeline", "read very long notes page by page"),
    "timeline_up": ("Timeline", "newer entry"),
    "timeline_down": ("Timeline", "older entry"),
    "timeline_page_up": ("Timeline", "eight entries newer"),
    "timeline_page_down": ("Timeline", "eight entries older"),
    "timeline_newest": ("Timeline", "newest entry"),
    "timeline_oldest": ("Timeline", "oldest entry"),
    "insights_period": ("Insights", "next period: 30 / 90 / 365 days"),
    "insights_back": ("Board", "back to the board"),
    "merge_with": ("Cards", "merge someone who is the same person into them (preview first)"),
    "duplicates_merge": ("Duplicates", "merge the pair (see the merged person first)"),
    "duplicates_not_same": ("Duplicates", "not the same person: never offered again"),
    "duplicates_skip": ("Duplicates", "skip the pair for now"),
    "duplicates_back": ("Board", "back to the board"),
    "command_palette": ("Board", "command palette (go to contact, …)"),
    "quit": ("Board", "quit (everything is saved)"),
}
GROUPS = ["Move", "Cards", "Timeline", "Log", "Insights", "Duplicates", "Board", "Other"]


def describe_bindings(screen) -> list[tuple[str, str, str]]:
    """(group, keys, description) for the screen's active bindings, then
    the screen's ``HELP_EXTRA`` rows (keys of Textual's own widgets, such
    as a list's arrows, which have no id to remap)."""
    app = screen.app
    merged: dict[str, tuple[Binding, list[str]]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.action in ("quit", "command_palette"):
            ident = binding.action  # ours and Textual's own (ctrl+q, ctrl+p: no id)
        elif binding.id:
            ident = binding.id
        else:
            continue  # Textual's own focus/copy keys
        display = app.get_key_display(binding.with_key(key))
        if ident in merged:
            if display not in merged[ident][1]:
                merged[ident][1].append(display)
        else:
            merged[ident] = (binding, [display])
    rows = []
    for ident, (binding, keys) in merged.items():
        group, text = DESCRIPTIONS.get(ident, ("Other", binding.description or binding.action))
        rows.append((group, " ".join(keys), text))
    rows += getattr(screen, "HELP_EXTRA", [])
    rows.sort(key=lambda r: GROUPS.index(r[0]))
    return rows


class HelpBody(VerticalScroll):
    """The list of keys; scrolls with j/k and g/G too."""

    BINDINGS = [
        Binding("j", "scroll_down", show=False),
        Binding("k", "scroll_up", show=False),
        Binding("g", "scroll_home", show=False),
        Binding("G", "scroll_end", show=False),
    ]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    AUTO_FOCUS = "HelpBody"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help_close")]

    def __init__(self, rows: list[tuple[str, str, str]], title: str = "Keys") -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        group = None
        for row_group, keys, text in self.rows:
            if row_group != group:
                if group is not None:
                    table.add_row("", "")
                table.add_row(Text(row_group, style="underline"), "")
                group = row_group
            table.add_row(Text(safe(keys)), Text(text))  # keys from the config's keymap
        with Vertical(id="help-dialog"):
            yield Static(self.title_text, id="help-title")
            with HelpBody():
                yield Static(table)
            yield Static("j k pgup pgdn scroll · remap keys by id (config keymap) · "
                         "esc close", id="help-hint")
