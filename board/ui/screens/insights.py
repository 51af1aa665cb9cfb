"""Insights: the ladder as a funnel, investment over time, give and take,
who is cooling.  Every number comes from ``core.insights``; this screen only
lays them out.  The computation runs in a thread, so a large board never
blocks the UI."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from board.config import Config
from board.core.board import Board
from board.core.insights import GROUPS, PERIODS, Insights, Person, compute, year_axis
from board.core.text import plural, safe
from board.ui.bindings import HELP_BINDING, ShowsHelp
from board.ui.shown import shown
from board.ui.widgets.key_bar import KeyBar

BARS = " ▁▂▃▄▅▆▇█"
FUNNEL_BAR = 16  # cells of the longest bar in the ladder's table



class PeopleList(OptionList):
    """A short list of people; enter opens the person."""

    def show(self, people: list[Person], fmt, empty: str) -> None:
        self.clear_options()
        # An empty list is not a stop for tab (or for the first focus): keys
        # there would move nothing (an empty connectors list of the period
        # took the first focus and down did nothing).
        self.can_focus = bool(people)
        if not people:
            self.add_option(Option(Content.styled(empty, "dim italic"), disabled=True))
            return
        for p in people:
            self.add_option(Option(fmt(p), id=p.id))
        self.highlighted = 0


class InsightsScreen(ShowsHelp, Screen):
    CSS_PATH = "insights.tcss"
    AUTO_FOCUS = "PeopleList"
    HELP_TITLE = "Keys in insights"
    # The lists' own keys (Textual's OptionList: not remappable)
    HELP_EXTRA = [
        ("Move", "tab shift+tab", "next / previous list"),
        ("Move", "↑ ↓ home end", "person above / below, first / last"),
        ("Insights", "enter", "open the person"),
    ]

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="insights_back"),
        Binding("p", "period", "Period", id="insights_period"),
        HELP_BINDING,
    ]

    def __init__(self, board: Board, config: Config | None = None) -> None:
        super().__init__()
        self.board = board
        self.config = config or Config(ladder=board.ladder)
        self.period = PERIODS[0]
        self.insights: Insights | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="insights-head")
        with VerticalScroll(id="insights-body"):
            with Horizontal(classes="row"):
                with Vertical(classes="box", id="funnel-box"):
                    yield Static("The ladder", classes="box-title")
                    yield Static(id="funnel")
                with Vertical(classes="box", id="invest-box"):
                    yield Static("Touches per week, last 52 weeks", classes="box-title")
                    for group in GROUPS:
                        with Horizontal(classes="spark-row"):
                            yield Static(group, classes="spark-label")
                            yield Sparkline([], id=f"spark-{group.replace(' ', '-')}",
                                            summary_function=max)
                            yield Static(classes="spark-total",
                                         id=f"total-{group.replace(' ', '-')}")
                    yield Static("Hours together per month", classes="box-title")
                    yield Static(id="hours")
            with Grid(id="lists"):
                with Vertical(classes="box"):
                    yield Static(id="give-title", classes="box-title")
                    yield Static(id="give")
                    yield Static("Connectors (introduced me to people)", classes="sub-title")
                    yield PeopleList(id="connectors")
                    yield Static("Advocates, warmest first", classes="sub-title")
                    yield PeopleList(id="advocates")
                with Vertical(classes="box"):
                    yield Static("Cooling: warmth fell most", classes="box-title")
                    yield PeopleList(id="cooling")
                    yield Static("Overdue, top rungs first", classes="box-title")
                    yield PeopleList(id="overdue")
                with Vertical(classes="box"):
                    yield Static(id="most-title", classes="box-title")
                    yield PeopleList(id="most")
                    yield Static(id="least-title", classes="box-title")
                    yield PeopleList(id="least")
        yield KeyBar()

    def on_mount(self) -> None:
        self.recompute()

    def recompute(self) -> None:
        self.query_one("#insights-head", Static).update(
            Content.assemble(("Insights", "bold"), (f"   last {self.period} days", "bold $accent"),
                             ("   computing…", "dim"))
        )
        self._compute(self.period)

    @work(thread=True, exclusive=True)
    def _compute(self, period: int) -> None:
        cfg = self.config
        result = compute(self.board, self.board.clock(), period, cfg.due_window_days,
                         cfg.warmth_half_life_days)
        self.app.call_from_thread(self.show, result)

    def label(self, key: str) -> str:
        return self.board.ladder.label(key)

    def show(self, ins: Insights) -> None:
        first = self.insights is None
        # Filling the lists highlights their first rows: that is not the
        # user moving, so it scrolls nothing (see on_highlighted).
        with self.prevent(OptionList.OptionHighlighted):
            self._fill(ins)
        focused = self.focused
        if not (isinstance(focused, PeopleList) and focused.can_focus):
            lists = [p for p in self.query(PeopleList) if p.can_focus]
            if lists:
                lists[0].focus(scroll_visible=False)
        if first:  # open at the top, whichever list has the focus
            self.query_one("#insights-body").scroll_home(animate=False)

    @on(OptionList.OptionHighlighted)
    def on_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in a list brings it into view (on a short screen the
        panels are one under the other)."""
        event.option_list.scroll_visible(animate=False)

    def _fill(self, ins: Insights) -> None:
        self.insights = ins
        choices = " / ".join(
            f"[{p}]" if p == ins.period_days else str(p) for p in PERIODS
        )
        self.query_one("#insights-head", Static).update(Content.assemble(
            ("Insights", "bold"), (f"   last {ins.period_days} days", "bold $accent"),
            (f"   p: {choices} days · tab between lists · enter opens a person · esc back",
             "dim"),
        ))

        # The bar is the people on the rung now, beside their count; the
        # median (whole days, as ``board stats`` says it) has its own column.
        lines = [Content.styled(f"{'rung':<14}{'now':>6}  {'':<{FUNNEL_BAR}}{'up':>5}{'down':>6}"
                                f"{'median':>8}", "dim")]
        biggest = max((r.count for r in ins.funnel), default=0) or 1
        for r in ins.funnel:
            bar = "█" * max(1 if r.count else 0, round(r.count / biggest * FUNNEL_BAR))
            lines.append(Content.assemble(
                (f"{r.label[:13]:<14}", "bold"), f"{r.count:>6,}  ",
                (f"{bar:<{FUNNEL_BAR}}", "$accent"),
                (f"{'+' + str(r.moved_up) if r.moved_up else '·':>5}", "$text-success"),
                (f"{'-' + str(r.moved_down) if r.moved_down else '·':>6}", "$text-error"),
                f"{r.median_text:>8}",
            ))
        lines.append(Content.styled("median: days on a rung before moving up (all time)", "dim"))
        self.query_one("#funnel", Static).update(Content("\n").join(lines))

        for group in GROUPS:
            ident = group.replace(" ", "-")
            series = ins.weekly.get(group, [])
            self.query_one(f"#spark-{ident}", Sparkline).data = series
            self.query_one(f"#total-{ident}", Static).update(f"{sum(series):>5}")
        hours = ins.monthly_hours
        top = max((h for _, h in hours), default=0) or 1
        cells = []
        for _month, h in hours:
            level = round(h / top * (len(BARS) - 1)) if h else 0
            cells.append(Content.assemble((BARS[level] * 2, "$accent"), " "))
        months = " ".join(month[5:] for month, _ in hours)
        total = sum(h for _, h in hours)
        self.query_one("#hours", Static).update(Content.assemble(
            *cells, "\n", (months, "dim"), "\n", (year_axis([m for m, _ in hours]), "dim"),
            "\n", f"{total:g} hours in 12 months",
        ))

        self.query_one("#give-title", Static).update(
            f"Give and take, last {ins.period_days} days")
        self.query_one("#give", Static).update(Content.assemble(
            ("introductions I made ", "dim"), (str(ins.intros_given), "bold $text-success"),
            ("   received ", "dim"), (str(ins.intros_received), "bold $text-accent"),
        ))

        def named(p: Person, detail: str) -> Content:
            return Content.assemble(safe(p.name), (f"  {self.label(p.rung)}", "dim"),
                                    (f"  {detail}", "$accent"))

        self.query_one("#connectors", PeopleList).show(
            ins.connectors, lambda p: named(p, plural(p.value, "intro")),
            f"nobody introduced you in {ins.period_days} days")
        self.query_one("#advocates", PeopleList).show(
            ins.advocates, lambda p: named(p, f"warmth {p.value:.1f}"), "no advocates marked (s)")
        self.query_one("#cooling", PeopleList).show(
            ins.cooling, lambda p: named(p, f"{p.before:.1f} → {p.value:.1f}"),
            "nobody cooled down")
        self.query_one("#overdue", PeopleList).show(
            ins.overdue_top, lambda p: named(p, p.words), "nobody overdue")
        top_rungs = " / ".join(r.label for r in self.board.ladder.rungs[-3:])
        self.query_one("#most-title", Static).update(shown(f"Most contacted ({top_rungs})"))
        self.query_one("#least-title", Static).update(shown(f"Least contacted ({top_rungs})"))
        self.query_one("#most", PeopleList).show(
            ins.most_contacted, lambda p: named(p, plural(p.value, "touch", "es")), "no touches")
        self.query_one("#least", PeopleList).show(
            ins.least_contacted, lambda p: named(p, plural(p.value, "touch", "es")), "nobody here")

    @on(OptionList.OptionSelected)
    def open_person(self, event: OptionList.OptionSelected) -> None:
        from board.ui.screens.contact import open_contact

        cid = event.option.id
        if cid and cid in self.board.contacts:
            open_contact(self.app, self.board, cid, self.config, lambda _: self.recompute())

    def action_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        self.recompute()

    def action_back(self) -> None:
        self.dismiss()
