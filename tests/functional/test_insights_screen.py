"""The insights screen: opens with I, switches period, opens people."""

from __future__ import annotations

from board.ui.screens.contact import ContactScreen
from board.ui.screens.insights import InsightsScreen
from tests.functional.conftest import SIZE


async def wait_for_insights(pilot, period=None):
    for _ in range(100):
        await pilot.pause(0.02)
        screen = pilot.app.screen
        if isinstance(screen, InsightsScreen) and screen.insights is not None and (
            period is None or screen.insights.period_days == period
        ):
            return screen.insights
    raise AssertionError("insights never computed")


async def test_insights_journey(open_app, frozen):
    app, session = open_app()
    board = session.board
    ada = board.add_contact("Ada")
    bea = board.add_contact("Bea")
    board.promote(ada.id)
    board.receive_introduction(ada.id, person=bea.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I")
        ins = await wait_for_insights(pilot)
        assert ins.period_days == 30 and ins.intros_received == 1
        await pilot.press("p")
        assert (await wait_for_insights(pilot, 90)).period_days == 90
        screen = app.screen
        screen.query_one("#connectors").focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact_id == ada.id
        await pilot.press("escape")
        assert isinstance(app.screen, InsightsScreen)
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "BoardScreen"


async def test_give_and_take_lists_the_periods_connectors_and_tab_skips_empty_lists(
        open_app, frozen):
    """Bea introduced me to someone 60 days ago: a connector of the last 90
    days, not of the last 30, where her list says nobody and is no stop for
    the focus (keys there would move nothing)."""
    from datetime import timedelta

    from board.ui.screens.insights import PeopleList

    app, session = open_app()
    board = session.board
    ada, bea = board.add_contact("Ada"), board.add_contact("Bea")
    board.toggle_advocate(ada.id)
    board.receive_introduction(bea.id, person=ada.id)
    frozen.shift(timedelta(days=60))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I")
        await wait_for_insights(pilot, 30)
        screen = app.screen
        connectors = screen.query_one("#connectors", PeopleList)
        assert "nobody introduced you in 30 days" in str(connectors.get_option_at_index(0).prompt)
        assert screen.focused is not connectors and isinstance(screen.focused, PeopleList)
        for _ in range(len(screen.query(PeopleList))):
            await pilot.press("tab")
            assert screen.focused is not connectors
        await pilot.press("p")
        await wait_for_insights(pilot, 90)
        await pilot.pause()
        assert connectors.get_option_at_index(0).id == bea.id
        assert connectors.can_focus
