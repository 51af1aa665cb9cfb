"""How long `board --db FILE` takes to show the board, from the process start.

    python benchmarks/startup.py --db big.json [--spawned-at EPOCH_SECONDS]

Runs board's own command line (``board.cli.main``) in this process, headless
at 160×48, and stops at the first painted frame of the board screen that
shows every card.  Prints ``{"start": ms}``: from ``--spawned-at`` (the
caller's clock just before it started this process) or, without it, from
this script's first line.  It imports nothing of its own before board does,
so the figure is what a user waits for, interpreter start included.
"""

import sys
import time

STARTED = time.time()


def main() -> int:
    args = sys.argv[1:]
    db = args[args.index("--db") + 1]
    spawned = float(args[args.index("--spawned-at") + 1]) if "--spawned-at" in args else STARTED
    from textual.screen import Screen

    from board import cli
    from board.ui.app import BoardApp
    from board.ui.screens.board import BoardScreen

    shown: list[float] = []
    paint = Screen._compositor_refresh

    def painted(screen: Screen) -> None:
        paint(screen)
        if shown or not isinstance(screen, BoardScreen):
            return
        columns = getattr(screen, "columns", None)
        if columns and sum(len(c.cards.ids) for c in columns) == len(screen._placed):
            shown.append(time.time())
            screen.app.exit()

    Screen._compositor_refresh = painted  # type: ignore[method-assign]
    run = BoardApp.run

    def headless(self, *a, **k):
        return run(self, headless=True, size=(160, 48))

    BoardApp.run = headless  # type: ignore[method-assign]
    code = cli.main(["--db", db])
    if code or not shown:
        print(f"board exited with {code} before painting the board", file=sys.stderr)
        return 1
    print('{"start": %.1f}' % ((shown[0] - spawned) * 1000))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
