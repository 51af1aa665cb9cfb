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
