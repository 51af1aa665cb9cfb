"""The offer to promote someone after a touch deeper than their rung.

It does not stand in the way: a toast says who would move, and for a few
seconds ``p`` accepts (binding id ``accept_promotion``, shown in the footer
while the offer stands).  Every other key does what it always does; the
offer simply lapses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.binding import Binding

from board.core.board import Board

#: How long ``p`` accepts, in seconds (the toast shows as long).
OFFER_SECONDS = 8

OFFER_BINDINGS = [Binding("p", "accept_promotion", "Accept offer", id="accept_promotion")]


@dataclass(eq=False)
class Offer:
    board: Board
    moves: dict[str, tuple[str, str]]  # contact id -> (the rung they were on, the rung offered)
    after: Callable[[], None] | None = None


def offer_promotion(app, board: Board, suggestions: dict[str, str],
                    after: Callable[[], None] | None = None) -> Offer:
    """Offer to move each of ``suggestions`` (contact id -> rung) up; say so
    in a toast. ``after`` runs once the offer is accepted."""
    ladder = board.ladder
    moves = {cid: (board.display_rung(board.contacts[cid]), rung)
             for cid, rung in suggestions.items()}
    offer = Offer(board, moves, after)
    app.promotion_offer = offer
    lines = [f"{board.contacts[cid].name}: {ladder.label(old)} → {ladder.label(new)}"
             for cid, (old, new) in moves.items()]
    app.notify("\n".join([*lines, "p promotes (any other key carries on)"]),
               title="Deeper than their rung", timeout=OFFER_SECONDS, markup=False)
    app.set_timer(OFFER_SECONDS, lambda: withdraw(app, offer))
    app.refresh_bindings()
    return offer


def withdraw(app, offer: Offer | None = None) -> None:
    """End the offer (``offer``: only if it is still the one standing)."""
    if getattr(app, "promotion_offer", None) is not None and (
            offer is None or app.promotion_offer is offer):
        app.promotion_offer = None
        if app.screen_stack:  # the timer can fire while the app is closing
            app.refresh_bindings()


def accept(app) -> None:
    """Move everyone the standing offer named, if they are still where they
    were when it was made (a card moved since is left where it is)."""
    offer: Offer | None = getattr(app, "promotion_offer", None)
    if offer is None:
        return
    withdraw(app)
    board = offer.board
    moved = []
    for cid, (old, new) in offer.moves.items():
        c = board.contacts.get(cid)
        if c is not None and not c.archived and board.display_rung(c) == old:
            board.move(cid, new)
            moved.append(f"{c.name} to {board.ladder.label(new)}")
    if moved:
        app.notify(f"Promoted {', '.join(moved)}. u to undo.", timeout=3, markup=False)
    if offer.after:
        offer.after()


class OffersPromotion:
    """For a screen a touch is logged from: ``p`` accepts a standing offer,
    and shows in the footer only while there is one."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept_promotion":
            return getattr(self.app, "promotion_offer", None) is not None
        return super().check_action(action, parameters)

    def action_accept_promotion(self) -> None:
        accept(self.app)
