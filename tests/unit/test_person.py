from datetime import timedelta

from board.core.board import Board
from board.core.person import summarise


def test_summary_of_a_person(config, frozen):
    board = Board(config.ladder)
    a, b, c = (board.add_contact(n) for n in ("Ada", "Grace", "Alan"))
    frozen.shift(timedelta(days=10))
    board.promote(a.id)
    board.log("call", [a.id], duration_min=30)
    board.log("coffee", [a.id, b.id], duration_min=90, at=board.clock() - timedelta(days=5))
    board.log("comment", [a.id])
    board.log("introduction", [a.id, c.id], direction="given", why="both love maths")
    board.receive_introduction(a.id, person=b.id)
    s = summarise(board, a.id)
    assert s.by_kind == {"call": 1, "coffee": 1, "comment": 1, "introduction": 2}
    assert s.hours_together == 2.0
    assert s.first_touch == board.clock() - timedelta(days=5)
    assert s.last_touch == board.clock()
    assert len(s.intros_given_to) == 1 and len(s.intros_through) == 1
    assert [st.rung for st in s.stages] == ["follower", "engaged"]
    assert s.stages[0].spent(board.clock()) == timedelta(days=10)
    assert s.stages[1].left is None
    assert len(summarise(board, b.id).introduced_to_me) == 1
