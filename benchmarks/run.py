"""Benchmark board: open, move, cursor, filter, write and memory, per data size.

    python benchmarks/run.py                  # 1,000 and 10,000 contacts, 5 runs each
    python benchmarks/run.py --quick          # 1,000 contacts, 3 runs (< 30 s)
    python benchmarks/run.py --sizes 1000,10000,30000 --runs 3 --json

For each size (``N`` contacts and ``10 × N`` interactions) the data is
generated once by ``benchmarks/generate.py`` and cached in a temp folder.
Every run is a fresh Python process (``run.py --one SIZE --db FILE``) on a
fresh copy of that file, so "open" is a cold start (imports aside) and the
memory figures are per size.  The child prints its samples as JSON; the
parent pools them and prints, per size and metric, the median and the worst
sample.  See README.md for what each metric measures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # so "benchmarks.generate" (and board) import
    sys.path.insert(0, str(HERE.parent))

DEFAULT_SIZES = (1_000, 10_000)
DEFAULT_RUNS = 5
QUICK_RUNS = 3
TERMINAL = (160, 48)
#: Samples per run: moves (half promotes, half demotes), cursor presses,
#: words typed into the filter (one sample per keystroke, then a clear),
#: edits flushed and edits saved in the background.
WORK = {"moves": 30, "cursor": 50, "words": ("anna", "lisbon", "investor"), "writes": 5,
        "contacts": 12, "durable": 10}
QUICK_WORK = {"moves": 12, "cursor": 20, "words": ("anna", "lisbon"), "writes": 3,
              "contacts": 6, "durable": 4}
CHILD_TIMEOUT = 600

#: Metric name → unit, in the order the table lists them.
METRICS: dict[str, str] = {
    "start": "ms",
    "import": "ms",
    "load": "ms",
    "ui": "ms",
    "open": "ms",
    "ready": "ms",
    "key during log read": "ms",
    "paint": "ms",
    "cursor": "ms",
    "cursor+paint": "ms",
    "filter": "ms",
    "filter+paint": "ms",
    "move": "ms",
    "move+paint": "ms",
    "move+pause": "ms",
    "move durable": "ms",
    "move bytes": "KB",
    "contact first": "ms",
    "contact": "ms",
    "board export": "ms",
    "board import": "ms",
    "board import --merge": "ms",
    "board import --replace": "ms",
    "edit": "ms",
    "flush": "ms",
    "save": "ms",
    "gc full": "ms",
    "rss base": "MB",
    "rss load": "MB",
    "rss app": "MB",
    "rss peak": "MB",
}


# ====================================================================== child


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    On Linux ``ru_maxrss`` keeps the high-water mark from before ``exec``
    (the parent's, for a forked child), so read ``VmHWM`` of this very
    process image instead when /proc has it.
    """
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024, 1)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


class PaintProbe:
    """Records every compositor refresh (the frame Textual paints) of the
    board screen, so a benchmark can wait for the repaint after an action.

    Headless, Textual still composes every frame (``render_line`` on every
    dirty widget); only writing it to a terminal is skipped.
    """

    def __init__(self, screen_class: type) -> None:
        from textual.screen import Screen

        self.count = 0
        self.last = 0.0
        self.times: list[float] = []  # when each paint ended
        self.on_ready = None  # called (in the paint) at the first filled frame
        self.durations: list[float] = []  # how long each paint took
        self.event = asyncio.Event()
        self.ready_at: float | None = None  # first paint of a filled board
        self.ready_index = 0
        self.expect = -1  # cards the filled board shows
        self._screen_class = screen_class
        original = Screen._compositor_refresh
        probe = self

        def _compositor_refresh(screen: Screen) -> None:
            start = time.perf_counter()
            original(screen)
            if isinstance(screen, probe._screen_class):
                probe.last = time.perf_counter()
                probe.times.append(probe.last)
                probe.durations.append(_ms(probe.last - start))
                probe.count += 1
                if probe.ready_at is None and probe._filled(screen):
                    probe.ready_at = probe.last
                    probe.ready_index = len(probe.durations) - 1
                    if probe.on_ready is not None:
                        probe.on_ready(screen)
                probe.event.set()

        Screen._compositor_refresh = _compositor_refresh  # type: ignore[method-assign]

    def _filled(self, screen) -> bool:
        columns = getattr(screen, "columns", None)
        if not columns:
            return False
        return sum(len(c.cards.ids) for c in columns) == self.expect

    async def paint_after(self, count: int, timeout: float = 10.0) -> float:
        """Wait for a paint numbered above ``count``; its time."""
        while self.count <= count:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), timeout)
        return self.last

    async def ready(self, timeout: float = 60.0) -> float:
        while self.ready_at is None:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), timeout)
        return self.ready_at


class GCWatch:
    """Durations of the collector's full (generation 2) collections."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses.append(_ms(time.perf_counter() - self._start))

    def __enter__(self) -> GCWatch:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def screen_counted(app) -> bool:
    return bool(getattr(app.screen, "_counted", False))


def bytes_written() -> int:
    """Bytes this process has handed to write() so far (Linux; 0 elsewhere)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/io") as fh:
        for line in fh:
            if line.startswith("wchar:"):
                return int(line.split()[1])
    return 0


class KeyPresser:
    """From the first painted board until told to stop, presses "down" every
    10-40 ms from a thread of its own (as a terminal's input thread posts
    keys to the app's loop), and notes when each press was made and which
    paint was the last before it was handled: the next paint answers it."""

    def __init__(self, probe: PaintProbe) -> None:
        self.probe = probe
        self.presses: list[tuple[float, int]] = []  # (pressed at, paints before)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, screen) -> None:
        loop = asyncio.get_running_loop()

        def handle(pressed: float) -> None:
            self.presses.append((pressed, self.probe.count))
            screen.action_cursor(0, 1)

        def press() -> None:
            rng = random.Random(5)
            while not self._stop.wait(rng.uniform(0.01, 0.04)):
                loop.call_soon_threadsafe(handle, time.perf_counter())

        self._thread = threading.Thread(target=press, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def answers(self) -> list[float]:
        """Each handled press to the end of the paint after it, in ms."""
        times = self.probe.times
        return [_ms(times[n] - pressed) for pressed, n in self.presses if n < len(times)]


async def _until_saved(storage, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while storage.pending:
        if time.perf_counter() > deadline:
            raise TimeoutError("the store did not write within 30 s")
        await asyncio.sleep(0.001)


SHOW_ALL = bool(os.environ.get("BENCH_PROFILE_ALL"))  # show library frames too
PHASES = ("open", "cursor", "filter", "move", "contact", "write")


class Profile:
    """Optionally profile one phase of a run with pyinstrument (``--profile``)."""

    def __init__(self, phase: str | None) -> None:
        self.phase = phase
        self.profiler = None

    def start(self, phase: str) -> None:
        if phase == self.phase:
            if self.profiler is None:
                from pyinstrument import Profiler

                self.profiler = Profiler(interval=0.0005, async_mode="disabled")
            self.profiler.start()  # a restart adds to the same profile

    def stop(self, phase: str) -> None:
        if phase == self.phase and self.profiler is not None:
            self.profiler.stop()

    def report(self) -> str:
        if self.profiler is None:
            return ""
        return self.profiler.output_text(unicode=True, color=False, show_all=SHOW_ALL)


def run_one(db: Path, profile: str | None = None, work: dict = WORK) -> dict:
    """One run on one database file: every metric's samples (child side)."""
    samples: dict[str, list[float]] = {name: [] for name in METRICS}
    prof = Profile(profile)
    t = time.perf_counter()
    from board.config import load_config
    from board.session import Session
    from board.ui.app import BoardApp
    from board.ui.screens.board import BoardScreen
    from board.ui.screens.contact import ContactScreen, open_contact

    samples["import"].append(_ms(time.perf_counter() - t))
    samples["rss base"].append(_rss_mb())
    config = load_config(use_user_file=False)
    probe = PaintProbe(BoardScreen)

    prof.start("open")
    t0 = time.perf_counter()
    session = Session.open(db, config, defer_log=True)  # as `board` opens it
    t_loaded = time.perf_counter()
    samples["load"].append(_ms(t_loaded - t0))
    samples["rss load"].append(_rss_mb())
    board = session.board
    probe.expect = sum(1 for _ in board.active())
    presser = KeyPresser(probe)
    probe.on_ready = presser.start

    async def drive() -> None:
        app = BoardApp(session)
        async with app.run_test(size=TERMINAL, headless=True) as pilot:
            ready = await probe.ready()
            prof.stop("open")
            samples["ui"].append(_ms(ready - t_loaded))
            samples["open"].append(_ms(ready - t0))
            # the log is read just after the first paint, then every card
            # gets its last touch, marks and warmth: to that repaint.  Keys
            # are pressed all along (KeyPresser).
            while not (board.log_ready and screen_counted(app)):
                await asyncio.sleep(0.0005)
            n = probe.count
            samples["ready"].append(_ms(await probe.paint_after(n) - t0))
            presser.stop()
            await asyncio.sleep(0.05)  # (the presses posted last are handled)
            if presser.presses:
                with contextlib.suppress(TimeoutError):  # the last one answered
                    await probe.paint_after(presser.presses[-1][1], timeout=2)
            samples["key during log read"].extend(presser.answers())
            samples["rss app"].append(_rss_mb())
            screen = app.screen
            assert isinstance(screen, BoardScreen), screen
            await pilot.pause()

            async def timed(action, sync: str, painted: str) -> None:
                n = probe.count
                a = time.perf_counter()
                action()
                b = time.perf_counter()
                c = await probe.paint_after(n)
                samples[sync].append(_ms(b - a))
                samples[painted].append(_ms(c - a))

            # -- cursor: down through the biggest column
            biggest = max(range(len(screen.columns)),
                          key=lambda n: len(screen.columns[n].cards.ids))
            screen.set_column(biggest)
            screen.columns[biggest].cards.select(0)
            await pilot.pause()
            prof.start("cursor")
            for _ in range(work["cursor"]):
                await timed(lambda: screen.action_cursor(0, 1), "cursor", "cursor+paint")
            prof.stop("cursor")

            # -- filter: type words one key at a time, then clear
            prof.start("filter")
            for word in work["words"]:
                for end in range(1, len(word) + 1):
                    text = word[:end]
                    await timed(lambda text=text: screen.apply_filter(text),
                                "filter", "filter+paint")
                await timed(lambda: screen.apply_filter(""), "filter", "filter+paint")
            prof.stop("filter")
            # -- move: promote a card off the biggest column, demote it back.
            # Each move is timed to its repaint (probe) or, every other one,
            # to the end of a pilot.pause(); the store is flushed (untimed)
            # between moves so no background write overlaps the next one.
            column = screen.columns[biggest]
            for k in range(work["moves"] // 2):
                screen.set_column(biggest)
                column.cards.select((k * 37) % max(1, len(column.cards.ids)))
                await pilot.pause()
                session.db.flush()
                for m, up in enumerate((True, False)):
                    move = screen.action_promote if up else screen.action_demote
                    cid = screen.current_id
                    rung = board.contacts[cid].rung if cid else None
                    prof.start("move")
                    n = probe.count
                    a = time.perf_counter()
                    move()
                    b = time.perf_counter()
                    samples["move"].append(_ms(b - a))
                    if cid is None or board.contacts[cid].rung == rung:
                        raise RuntimeError(f"move {k}: the card did not move ({cid})")
                    if (k + m) % 2 == 0:
                        c = await probe.paint_after(n)
                        samples["move+paint"].append(_ms(c - a))
                        prof.stop("move")
                        await pilot.pause()
                    else:
                        await pilot.pause()
                        samples["move+pause"].append(_ms(time.perf_counter() - a))
                        prof.stop("move")
                    session.db.flush()

            # -- a move until it is on disk (the store says so), and the bytes
            # the process wrote for it meanwhile
            storage = session.db.storage
            for k in range(work["durable"] // 2):
                screen.set_column(biggest)
                column.cards.select((k * 53) % max(1, len(column.cards.ids)))
                await pilot.pause()
                for move in (screen.action_promote, screen.action_demote):  # up, back
                    session.db.flush()
                    cid = screen.current_id
                    rung = board.contacts[cid].rung if cid else None
                    before = bytes_written()
                    a = time.perf_counter()
                    move()
                    if cid is None or board.contacts[cid].rung == rung:
                        raise RuntimeError(f"durable move {k}: the card did not move ({cid})")
                    while storage.pending:
                        await asyncio.sleep(0.0005)
                    samples["move durable"].append(_ms(time.perf_counter() - a))
                    samples["move bytes"].append(round((bytes_written() - before) / 1024, 2))
                    await pilot.pause()

            # -- contact screen: the three busiest people in turn (the busiest
            # first), from the call that opens one to its first painted frame
            person_probe = PaintProbe(ContactScreen)
            busiest = sorted(board.contacts,
                             key=lambda c: -sum(1 for _ in board.interactions_of(c)))[:3]
            for k in range(work["contacts"]):
                prof.start("contact")
                n = person_probe.count
                a = time.perf_counter()
                open_contact(app, board, busiest[k % 3], session.config)
                c = await person_probe.paint_after(n)
                prof.stop("contact")
                samples["contact first" if k == 0 else "contact"].append(_ms(c - a))
                await pilot.pause()
                app.pop_screen()
                await pilot.pause()

            # -- write: an edit, then a flush of the whole file; and write-behind
            cid = screen.current_id or next(iter(board.contacts))
            prof.start("write")
            for k in range(work["writes"]):
                a = time.perf_counter()
                board.update_contact(cid, notes=f"benchmark edit {k}")
                b = time.perf_counter()
                session.db.flush()
                c = time.perf_counter()
                samples["edit"].append(_ms(b - a))
                samples["flush"].append(_ms(c - b))
                await pilot.pause()
            for k in range(work["writes"]):
                a = time.perf_counter()
                board.update_contact(cid, notes=f"benchmark save {k}")
                await _until_saved(session.db.storage)
                samples["save"].append(_ms(time.perf_counter() - a))
                await pilot.pause()
            prof.stop("write")
            samples["paint"].extend(probe.durations[probe.ready_index:])

    try:
        with GCWatch() as watch:  # from a loaded board to the end of the run
            asyncio.run(drive())
        samples["gc full"].extend(watch.pauses)
    finally:
        session.close()
    samples["rss peak"].append(_rss_mb())
    if profile:
        print(prof.report(), file=sys.stderr)
    return samples


# ====================================================================== parent


def cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "board-benchmarks"


def data_file(size: int, seed: int) -> Path:
    """The cached database for a size, (re)generated if missing or stale."""
    import board

    # Regenerate when the generator or the records' on-disk shape changes.
    package = Path(board.__file__).parent
    digest = hashlib.sha256()
    for source in (HERE / "generate.py", package / "core" / "schema.py",
                   package / "store" / "database.py", package / "store" / "storage.py",
                   package / "defaults.yaml"):
        digest.update(source.read_bytes())
    tag = digest.hexdigest()[:10]
    path = cache_dir() / f"board-{size}c-{size * 10}i-s{seed}-{tag}.json"
    if not path.exists():
        for stale in cache_dir().glob(f"board-{size}c-{size * 10}i-s{seed}-*.json"):
            stale.unlink(missing_ok=True)
        print(f"generating {size:,} contacts, {size * 10:,} interactions → {path}",
              file=sys.stderr)
        t = time.perf_counter()
        # In its own process, so this one stays small for the runs it forks.
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--contacts", str(size),
                        "--interactions", str(size * 10), "--seed", str(seed),
                        "--out", str(path)], check=True, capture_output=True)
        print(f"  done in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def run_child(size: int, source: Path, workdir: Path, profile: str | None = None,
              quick: bool = False) -> dict:
    """One run in a fresh process on a fresh copy of the data."""
    db = workdir / f"board-{size}.json"
    shutil.copyfile(source, db)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(size), "--db", str(db)]
    if profile:
        cmd += ["--profile", profile]
    if quick:
        cmd.append("--quick")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=CHILD_TIMEOUT,
                          check=False)
    for path in (db, Path(str(db) + ".lock")):
        with contextlib.suppress(OSError):
            path.unlink()
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark run for {size} failed:\n{proc.stderr[-4000:]}")
    if profile:
        print(f"\n===== {size:,} contacts: profile of '{profile}' =====", file=sys.stderr)
        print(proc.stderr, file=sys.stderr)
    samples = json.loads(proc.stdout.strip().splitlines()[-1])
    samples["start"] = [start_time(source, workdir)]
    return samples


BACKUP_RUNS = 3  # the command-line cases take seconds each at 10,000


def backup_times(source: Path, workdir: Path, runs: int) -> dict[str, list[float]]:
    """`board export` and the three `board import`s, process start to exit
    (backup_bench.py's cases), in ms; the round trip must give the same bytes."""
    from benchmarks.backup_bench import CLI_CASES, cli_times

    folder = workdir / "cli"
    folder.mkdir(exist_ok=True)
    try:
        times, same = cli_times(source, folder, runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not same:
        raise RuntimeError("export, import, export gave a different backup")
    return {f"board {case}": [_ms(t) for t in times[case]] for case in CLI_CASES}


def start_time(source: Path, workdir: Path) -> float:
    """`board --db FILE` to its first painted board, in a process of its own
    (startup.py: board's command line, nothing of the benchmark's imported)."""
    db = workdir / "board-start.json"
    shutil.copyfile(source, db)
    spawned = time.time()
    proc = subprocess.run([sys.executable, str(HERE / "startup.py"), "--db", str(db),
                           "--spawned-at", repr(spawned)],
                          capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False)
    for path in (db, Path(str(db) + ".lock")):
        with contextlib.suppress(OSError):
            path.unlink()
    if proc.returncode != 0:
        raise RuntimeError(f"startup run failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])["start"]


def summarise(size: int, pooled: dict[str, list[float]]) -> list[dict]:
    rows = []
    for name, unit in METRICS.items():
        if not pooled.get(name) and name.startswith("board "):
            continue  # the command line was not timed (--no-backup, --profile)
        values = pooled.get(name) or [0.0]  # e.g. no full collection at all
        rows.append({
            "size": size,
            "metric": name,
            "unit": unit,
            "median": round(statistics.median(values), 2),
            "worst": round(max(values), 2),
            "runs": len(pooled.get(name) or []),
        })
    return rows


def table(rows: list[dict]) -> str:
    head = ("size", "metric", "median ms", "worst ms", "runs")
    lines = [f"{head[0]:>7}  {head[1]:<22} {head[2]:>10} {head[3]:>10} {head[4]:>5}"]
    lines.append("-" * len(lines[0]))
    last = None
    for r in rows:
        if last is not None and r["size"] != last:
            lines.append("")
        last = r["size"]
        metric = r["metric"] if r["unit"] == "ms" else f"{r['metric']} ({r['unit']})"
        lines.append(f"{r['size']:>7,}  {metric:<22} {r['median']:>10.1f} "
                     f"{r['worst']:>10.1f} {r['runs']:>5}")
    return "\n".join(lines)


def revision() -> str:
    """The checkout measured: ``git describe --always --dirty`` (or $BENCH_REVISION,
    for a copy outside git)."""
    if os.environ.get("BENCH_REVISION"):
        return os.environ["BENCH_REVISION"]
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=HERE.parent,
                             capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def machine() -> dict:
    import textual

    return {
        "date": date.today().isoformat(),
        "revision": revision(),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None,
                        help="contacts per size, comma separated (default: 1000,10000)")
    parser.add_argument("--runs", type=int, default=None,
                        help=f"fresh processes per size (default {DEFAULT_RUNS}, "
                             f"--quick {QUICK_RUNS})")
    parser.add_argument("--quick", action="store_true",
                        help="1,000 contacts, fewer runs and fewer samples per run")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--no-backup", action="store_true",
                        help="leave out timing `board export` and `board import`")
    parser.add_argument("--seed", type=int, default=None, help="data generator seed")
    parser.add_argument("--profile", choices=PHASES, default=None,
                        help="profile one phase of one run (pyinstrument) and print "
                             "the report instead of the table")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.one is not None:  # child: one run, samples as JSON on stdout
        if args.db is None:
            parser.error("--one needs --db")
        work = QUICK_WORK if args.quick else WORK
        print(json.dumps(run_one(args.db, args.profile, work)))
        return 0

    if args.sizes:
        try:
            sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
        except ValueError:
            parser.error("--sizes takes whole numbers, e.g. 1000,10000")
    else:
        sizes = [DEFAULT_SIZES[0]] if args.quick else list(DEFAULT_SIZES)
    runs = args.runs or (QUICK_RUNS if args.quick else DEFAULT_RUNS)
    if args.profile:
        runs = 1
    if runs < 1 or any(s < 1 for s in sizes):
        parser.error("sizes and runs must be ≥ 1")

    from benchmarks.generate import DEFAULT_SEED

    seed = args.seed if args.seed is not None else DEFAULT_SEED

    load_before = [round(x, 2) for x in os.getloadavg()]
    started = time.perf_counter()
    rows: list[dict] = []
    files: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="board-bench-") as tmp:
        for size in sizes:
            source = data_file(size, seed)
            files[size] = source.stat().st_size
            pooled: dict[str, list[float]] = {}
            for n in range(runs):
                print(f"size {size:,}: run {n + 1}/{runs}", file=sys.stderr)
                result = run_child(size, source, Path(tmp), args.profile, args.quick)
                for name, values in result.items():
                    pooled.setdefault(name, []).extend(values)
            if not (args.no_backup or args.profile):
                print(f"size {size:,}: board export and import", file=sys.stderr)
                pooled.update(backup_times(source, Path(tmp), min(runs, BACKUP_RUNS)))
            rows.extend(summarise(size, pooled))
    took = time.perf_counter() - started
    info = machine() | {"load_before": load_before, "runs": runs, "seconds": round(took, 1),
                        "file_bytes": {str(k): v for k, v in files.items()}}
    if args.json:
        print(json.dumps({"machine": info, "results": rows}, indent=2))
    else:
        sizes_text = ", ".join(f"{s:,} contacts = {b / 1e6:.1f} MB" for s, b in files.items())
        print(f"# {info['date']}  board {info['revision']}  python {info['python']}  "
              f"textual {info['textual']}  {info['cpus']} cpus  {info['platform']}")
        print(f"# files: {sizes_text}; {runs} runs per size; took {took:.0f} s; "
              f"load average before {load_before[0]:.2f}, after {info['load_average'][0]:.2f}")
        print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
