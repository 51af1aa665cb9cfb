"""``board sync``: the same board on every machine, through git.

**Why git's command line.**  git is what every such user already hosts and
authenticates to (a bare repository over SSH, a private GitHub/GitLab/Gitea
repository, a folder); its command line speaks every transport and uses the
user's own SSH keys and credential helpers, where dulwich would need its own
SSH and HTTP set-up and pygit2 a C library.  Only plumbing that git keeps
stable is used (``ls-remote``, ``fetch``, ``show``, ``write-tree``,
``commit-tree``, ``merge-base``, ``push``); git never merges text: the
records are merged per record and per field by :mod:`board.core.merge`,
against the merge base git gives.

**The sync folder** is beside the database (``board.json.sync/``, mode
0700; every file git or board writes there 0600: git runs with umask 077).
Its work tree holds ``board-sync.json`` (what says a repository is a board's)
and one file per record type, ``contacts.jsonl`` and ``interactions.jsonl``,
one record a line sorted by id, so a change to one person is one line of a
diff.  Each line is the record and its stamps: when it was added, when each
field last changed, when it was deleted (a deleted record stays as a
tombstone line, so the other machine can tell a deletion from a record it
has not seen).  The remote's URL is the folder's git remote ``origin``; the
device id (random, one per database) and the last sync are in its git config
(``board.device``, ``board.synced``, ``board.seq``).

**When a change was made.**  Changes are found at sync time, by comparing
the board with the last synced state (the branch's head), and stamped with
the sync's time and this device's id.  Stamping every change as it is made
would need a second record per change through the write path and a new
table in the store (and the stamps in every backup); finding them at sync
time keeps the write path, the store and the backup untouched and covers
any field a record declares.  What it costs: "the later change" is the one
synced later (between two syncs, a machine's changes all carry the time of
the sync that sends them), which is why the app offers Sync at any moment
and the losing value is never dropped (``Contact.conflicts``).  Stage
changes and interactions carry their own times, and those are exact.

**A sync**: commit the board's changes since the last sync (as the local
branch's next commit), fetch the remote's branch, merge (nothing to do, a
fast-forward, or a three-way merge committed with both parents), push, and
only then hand the caller what to change on the board.  The caller applies
it (one undo step) and calls :meth:`Pending.finish`, which moves the branch
to the merged commit; on any failure before that, :meth:`Pending.abandon`
leaves the branch at the board's own state, so the database is exactly as
it was and the next sync starts again from there.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from board.core.merge import Entry, Merged, MergeError, Stamp, merge, stamp_changes
from board.core.schema import Conflict, Contact, Interaction, Record, RecordError
from board.core.text import conflict_line

BRANCH = "main"
REF = f"refs/heads/{BRANCH}"
REMOTE_REF = f"refs/remotes/origin/{BRANCH}"
MARKER = "board-sync.json"
MARKER_TEXT = b'{"format":"board-sync","version":1}\n'
#: the record types, each in a folder of the same name (``contacts/7f.jsonl``)
FILES: dict[str, type[Record]] = {"contacts": Contact, "interactions": Interaction}
NETWORK_TIMEOUT = 120  # seconds for a fetch or a push
Progress = Callable[[str], None]


class SyncError(Exception):
    """A sync that did not happen; the message is one line for the user."""


def folder_for(db_path: Path) -> Path:
    """The sync folder of a database: beside it."""
    return db_path.with_name(db_path.name + ".sync")


# ------------------------------------------------------------------ lines


class _Line(msgspec.Struct, omit_defaults=True, gc=False):
    id: str
    born: Stamp
    fields: dict[str, Stamp] = {}
    gone: Stamp | None = None
    record: msgspec.Raw = msgspec.Raw(b"null")  # the record's JSON (null: deleted)


_decode_line = msgspec.json.Decoder(_Line).decode
_encode = msgspec.json.Encoder().encode
_DECODERS = {cls: msgspec.json.Decoder(cls).decode for cls in FILES.values()}


def shard_of(rid: str) -> str:
    """The file a record's line is in (of 256 per record type, by a hash of
    its id: a change rewrites, hashes and sends one small file)."""
    return f"{zlib.crc32(rid.encode()) & 0xFF:02x}"


class _Shard:
    """One file of a table: its lines by id, read from its text when asked."""

    __slots__ = ("blob", "key", "lines", "parsed", "text", "where")

    def __init__(self, blob: str | None, text: bytes = b"", where: str = "", key: str = ""):
        self.blob = blob  # the git blob it holds (None: changed since)
        self.text: bytes | None = text
        self.where = where
        self.key = key  # the file it was read from ("": made here)
        self.lines: dict[str, bytes] = {}
        self.parsed: dict[str, _Line] = {}

    def load(self) -> _Shard:
        text, self.text = self.text, None
        if text:
            for n, line in enumerate(text.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    parsed = _decode_line(line)
                except msgspec.DecodeError:
                    raise SyncError(f"{self.where} line {n} is not a board sync "
                                    "record") from None
                if self.key and shard_of(parsed.id) != self.key:
                    # (a record is looked up in the file its id hashes to:
                    # one in another file would be a record no one sees)
                    raise SyncError(f"{self.where} line {n} is the record {parsed.id!r}, "
                                    f"which belongs in {shard_of(parsed.id)}.jsonl") from None
                self.lines[parsed.id] = line
                self.parsed[parsed.id] = parsed
        return self

    def clone(self) -> _Shard:
        self.load()
        out = _Shard(None)
        out.text = None
        out.lines, out.parsed = dict(self.lines), dict(self.parsed)
        return out

    def same_as(self, other: _Shard | None) -> bool:
        return other is self or (other is not None and self.blob is not None
                                 and self.blob == other.blob)


class _Table(Mapping[str, Entry]):
    """A table as synced, in its shard files: each record's line, read into
    an Entry when asked."""

    def __init__(self, cls: type[Record], shards: dict[str, _Shard] | None = None):
        self.cls = cls
        self.shards: dict[str, _Shard] = shards or {}
        self._own: set[str] = set()  # shards this table may change (the others are shared)
        self._entries: dict[str, Entry] = {}

    def _line(self, rid: str) -> _Line | None:
        shard = self.shards.get(shard_of(rid))
        if shard is None:
            return None
        if shard.text is not None:
            shard.load()
        return shard.parsed.get(rid)

    def raw(self, rid: str) -> bytes | None:
        """A record's own JSON as stored (None: deleted or never here)."""
        line = self._line(rid)
        if line is None:
            return None
        raw = bytes(line.record)
        return None if raw == b"null" else raw

    def __getitem__(self, rid: str) -> Entry:
        entry = self._entries.get(rid)
        if entry is None:
            line = self._line(rid)
            if line is None:
                raise KeyError(rid)
            record = None
            if bytes(line.record) != b"null":
                try:
                    record = _DECODERS[self.cls](line.record)
                except (msgspec.ValidationError, msgspec.DecodeError, RecordError) as exc:
                    raise SyncError(f"{self.cls.__name__.lower()} {rid} in the sync "
                                    f"repository cannot be read: {exc}") from None
                held = getattr(record, "id", rid)
                if held != rid:
                    raise SyncError(f"{self.cls.__name__.lower()} {rid} in the sync "
                                    f"repository cannot be read: it holds the record of "
                                    f"{held!r}")
            entry = Entry(record, line.born, line.fields, line.gone)
            self._entries[rid] = entry
        return entry

    def __iter__(self) -> Iterator[str]:
        for shard in self.shards.values():
            yield from shard.load().lines

    def __len__(self) -> int:
        return sum(len(shard.load().lines) for shard in self.shards.values())

    def __contains__(self, rid: object) -> bool:
        return isinstance(rid, str) and self._line(rid) is not None

    def put(self, rid: str, entry: Entry) -> None:
        key = shard_of(rid)
        if key not in self._own:
            shard = self.shards.get(key)
            self.shards[key] = shard.clone() if shard is not None else _Shard(None)
            self._own.add(key)
        shard = self.shards[key]
        record = entry.record
        line = _Line(rid, entry.born, entry.fields, entry.gone,
                     msgspec.Raw(b"null" if record is None else _encode(record)))
        shard.lines[rid] = _encode(line)
        shard.parsed[rid] = line
        self._entries[rid] = entry

    def copy(self) -> _Table:
        out = _Table(self.cls, dict(self.shards))
        out._entries = dict(self._entries)
        return out

    def changed_shards(self) -> dict[str, bytes]:
        """The text of every shard changed since it was read."""
        return {key: b"".join(shard.lines[rid] + b"\n" for rid in sorted(shard.lines))
                for key, shard in self.shards.items() if shard.blob is None}


def _differing(a: _Table, b: _Table) -> set[str]:
    """The ids whose lines differ between two tables (only the shards that
    differ are read)."""
    out: set[str] = set()
    for key in a.shards.keys() | b.shards.keys():
        sa, sb = a.shards.get(key), b.shards.get(key)
        if sa is not None and sa.same_as(sb):
            continue
        la = sa.load().lines if sa is not None else {}
        lb = sb.load().lines if sb is not None else {}
        out.update(rid for rid in la.keys() | lb.keys() if la.get(rid) != lb.get(rid))
    return out


# ------------------------------------------------------------------ git


class _Git:
    def __init__(self, folder: Path):
        self.folder = folder
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
        for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
            env.pop(var, None)
        self.env = env

    def run(self, *args: str, check: bool = True, timeout: float | None = 60,
            input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        cmd = ["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
               "-c", "user.name=board", "-c", "user.email=board@localhost", *args]
        try:
            done = subprocess.run(cmd, cwd=self.folder, env=self.env, capture_output=True,
                                  input=input, timeout=timeout, umask=0o077,
                                  stdin=None if input is not None else subprocess.DEVNULL)
        except FileNotFoundError:
            raise SyncError("git is not installed (board sync needs the git command)") from None
        except subprocess.TimeoutExpired:
            raise SyncError(f"git {args[0]} took longer than {timeout:.0f} s; "
                            "nothing was changed") from None
        if check and done.returncode != 0:
            raise SyncError(f"git {args[0]} failed: {last_line(done.stderr)}")
        return done

    def out(self, *args: str, **kw: Any) -> str:
        return self.run(*args, **kw).stdout.decode("utf-8", "replace").strip()

    def commit_of(self, ref: str) -> str | None:
        done = self.run("rev-parse", "--verify", "-q", f"{ref}^{{commit}}", check=False)
        return done.stdout.decode().strip() or None if done.returncode == 0 else None

    def config(self, key: str) -> str | None:
        done = self.run("config", "--get", key, check=False)
        return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else None

    def show(self, commit: str, path: str) -> bytes | None:
        done = self.run("cat-file", "blob", f"{commit}:{path}", check=False)
        return done.stdout if done.returncode == 0 else None


#: A URL's password: from the user name's colon to the authority's last @
#: (a password may hold an @ of its own).
_SECRET = re.compile(r"(?P<keep>[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*):[^\s/]*@")
#: A user name alone over HTTP(S) is a token (GitHub's https://TOKEN@github.com/...).
_TOKEN = re.compile(r"(?P<keep>https?://)[^/\s:@]+@", re.IGNORECASE)


def shown_url(text: str) -> str:
    """A URL (or git's line about one) with any password or token in it
    hidden: ``https://me:tok@host/x`` is said as ``https://me:***@host/x``,
    and ``https://tok@host/x`` as ``https://***@host/x``."""
    text = _SECRET.sub(lambda m: f"{m.group('keep')}:***@", text)
    return _TOKEN.sub(lambda m: f"{m.group('keep')}***@", text)


def last_line(stderr: bytes) -> str:
    """git's own reason, in one line: a rejection if it says one, else its
    first complaint (the lines after it are advice)."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    rejected = [ln for ln in lines if ln.startswith("! ")]
    complaints = [ln for ln in lines if ln.startswith(("fatal:", "error:"))]
    text = shown_url((rejected or complaints or lines[-1:] or ["no reason given"])[0])
    return text.removeprefix("! ").removeprefix("fatal: ").removeprefix("error: ")


# ------------------------------------------------------------------ outcome


@dataclass
class Outcome:
    """What a sync changes on the board, and what it did."""

    contacts: dict[str, Contact | None] = field(default_factory=dict)
    interactions: dict[str, Interaction | None] = field(default_factory=dict)
    conflicts: list[tuple[str, Conflict]] = field(default_factory=list)
    sent: int = 0  # records this machine had changed
    first: bool = False  # the remote was empty: this board started it

    def conflict_lines(self, contacts: Mapping[str, Contact]) -> list[str]:
        """One line per conflict: whose, and what lost (shown as text)."""
        out = []
        for cid, conflict in self.conflicts:
            person = contacts.get(cid)
            out.append(f"{person.name if person is not None else cid}: "
                       f"{conflict_line(conflict)}")
        return out

    @property
    def received(self) -> int:
        return len(self.contacts) + len(self.interactions)

    def summary(self, remote: str) -> str:
        if self.first:
            return f"Synced: {self.sent:,} records sent to {remote} (a new board repository)."
        got = self.received
        return (f"Synced with {remote}: {self.sent:,} change{'s' * (self.sent != 1)} sent, "
                f"{got:,} received" + (f", {len(self.conflicts)} conflict"
                                       f"{'s' * (len(self.conflicts) != 1)}"
                                       if self.conflicts else "") + ".")


class Pending:
    """A sync pushed, not yet on the board: :meth:`finish` once the board has
    taken :attr:`outcome`, else :meth:`abandon`."""

    def __init__(self, folder: SyncFolder, outcome: Outcome, local: str, result: str,
                 now: datetime):
        self.folder, self.outcome = folder, outcome
        self._local, self._result, self._now = local, result, now

    def finish(self, seq: int | None = None) -> None:
        """The board holds the outcome: the branch moves to the merged commit
        (``seq``: the database's last change, to tell unsynced changes)."""
        git = self.folder.git
        git.run("update-ref", REF, self._result)
        git.run("reset", "-q", "--hard", self._result)
        git.run("config", "board.synced", self._now.isoformat())
        if seq is not None:
            git.run("config", "board.seq", str(seq))

    def abandon(self) -> None:
        """The board did not take it: the branch stays at the board's state."""
        git = self.folder.git
        git.run("update-ref", REF, self._local, check=False)
        git.run("reset", "-q", "--hard", self._local, check=False)


# ------------------------------------------------------------------ the folder


class SyncFolder:
    """The sync folder of one database."""

    def __init__(self, db_path: Path):
        self.path = folder_for(db_path)
        self.git = _Git(self.path)

    @property
    def exists(self) -> bool:
        return (self.path / ".git").is_dir()

    @property
    def remote(self) -> str | None:
        return self.git.config("remote.origin.url") if self.exists else None

    @property
    def remote_shown(self) -> str:
        """The remote as it may be printed (no password or token)."""
        return shown_url(self.remote or "the remote")

    @property
    def synced_at(self) -> datetime | None:
        """When this database last synced (None: never)."""
        text = self.git.config("board.synced") if self.exists else None
        try:
            return datetime.fromisoformat(text) if text else None
        except ValueError:
            return None

    @property
    def synced_seq(self) -> int | None:
        text = self.git.config("board.seq") if self.exists else None
        return int(text) if text and text.isdigit() else None

    def _init(self, remote: str | None) -> str:
        """Make the folder if need be; set the remote; the device id."""
        if not self.exists:
            if remote is None:
                raise SyncError("this board has no sync remote yet: "
                                "board sync --remote URL (a git repository) sets one")
            try:
                self.path.mkdir(mode=0o700, exist_ok=True)
            except OSError as exc:
                raise SyncError(f"{self.path}: cannot make the sync folder: "
                                f"{exc.strerror or exc}") from None
            self.git.run("init", "-q", "-b", BRANCH)
            self._tighten()  # (git ran with umask 077: this is for what made it otherwise)
        os.chmod(self.path, 0o700)
        git = self.git
        device = git.config("board.device")
        if not device:
            device = uuid.uuid4().hex[:12]
            git.run("config", "board.device", device)
        current = git.config("remote.origin.url")
        if remote is not None and remote != current:
            git.run("remote", "remove", "origin", check=False)
            git.run("remote", "add", "origin", remote)
        elif current is None:
            raise SyncError("this board has no sync remote yet: "
                            "board sync --remote URL (a git repository) sets one")
        return device

    def _tighten(self) -> None:
        """0700 folders, 0600 files (git's own sample hooks included)."""
        for root, dirs, files in os.walk(self.path):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o700)
            for f in files:
                path = os.path.join(root, f)
                if not os.path.islink(path):
                    os.chmod(path, 0o600)

    def _tree(self, commit: str) -> dict[str, str]:
        """path -> blob of every file of a commit."""
        out = {}
        for line in self.git.out("ls-tree", "-r", "--full-tree", commit).splitlines():
            meta, _tab, path = line.partition("\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == "blob":
                out[path] = parts[2]
        return out

    def _blobs(self, blobs: Iterable[str]) -> dict[str, bytes]:
        """The contents of many blobs, in one git process."""
        wanted = list(dict.fromkeys(blobs))
        if not wanted:
            return {}
        data = self.git.run("cat-file", "--batch",
                            input="".join(f"{b}\n" for b in wanted).encode()).stdout
        out, at = {}, 0
        for blob in wanted:
            end = data.index(b"\n", at)
            header = data[at:end].split()
            if len(header) != 3:
                raise SyncError(f"the sync folder's git objects are damaged ({blob} is "
                                "missing): remove the folder and sync again")
            size = int(header[2])
            out[blob] = data[end + 1:end + 1 + size]
            at = end + 1 + size + 1
        return out

    def _state(self, commit: str | None, what: str,
               like: tuple[_Table, _Table] | None = None) -> tuple[_Table, _Table]:
        """The tables at ``commit``; shards the same as in ``like`` are shared."""
        if commit is None:
            return _Table(Contact), _Table(Interaction)
        tree = self._tree(commit)
        if MARKER not in tree:
            raise SyncError(f"{what} is not a board sync repository (no {MARKER} in its "
                            f"'{BRANCH}' branch); give an empty repository or one board "
                            "synced to")
        tables = []
        for n, (name, cls) in enumerate(FILES.items()):
            shards: dict[str, _Shard] = {}
            fetch: dict[str, str] = {}
            for path, blob in tree.items():
                folder, _slash, file = path.partition("/")
                if folder != name or not file.endswith(".jsonl"):
                    continue
                key = file.removesuffix(".jsonl")
                mine = like[n].shards.get(key) if like else None
                if mine is not None and mine.blob == blob:
                    shards[key] = mine  # (the same file: read once, shared)
                else:
                    fetch[key] = blob
            texts = self._blobs(fetch.values())
            for key, blob in fetch.items():
                shards[key] = _Shard(blob, texts[blob], f"{what}: {name}/{key}.jsonl", key)
            tables.append(_Table(cls, shards))
        return tables[0], tables[1]

    def _commit(self, tables: tuple[_Table, _Table], parents: Iterable[str], message: str
                ) -> str:
        """Write the changed shards into the work tree and commit (no ref moves)."""
        paths = [MARKER]
        _write(self.path / MARKER, MARKER_TEXT)
        for table, name in zip(tables, FILES, strict=True):
            changed = table.changed_shards()
            if changed:
                (self.path / name).mkdir(mode=0o700, exist_ok=True)
            for key, text in changed.items():
                path = self.path / name / f"{key}.jsonl"
                paths.append(f"{name}/{key}.jsonl")
                if text:  # (no fsync: git's objects are what is kept; this is its input)
                    _write(path, text)
                else:
                    path.unlink(missing_ok=True)
        git = self.git
        git.run("add", "-A", "--", *paths)
        tree = git.out("write-tree")
        args = ["commit-tree", tree, "-m", message]
        for p in parents:
            args += ["-p", p]
        commit = git.out(*args)
        blobs = self._tree(commit)
        for table, name in zip(tables, FILES, strict=True):
            for key, shard in table.shards.items():
                if shard.blob is None:
                    shard.blob = blobs.get(f"{name}/{key}.jsonl")
        return commit

    def prepare(self, contacts: Mapping[str, Contact], interactions: Mapping[str, Interaction],
                now: datetime, remote: str | None = None,
                progress: Progress | None = None) -> Pending:
        """Everything git-side of a sync, from the board's records as they
        are (``contacts``, ``interactions``: read, never changed).  Nothing
        is written to the board: the caller applies the outcome."""
        before = self.remote
        try:
            return self._prepare(contacts, interactions, now, remote, progress)
        except BaseException:
            if remote is not None and before is not None and remote != before:
                # (a new remote is remembered once a sync with it worked)
                self.git.run("remote", "set-url", "origin", before, check=False)
            raise

    def _prepare(self, contacts: Mapping[str, Contact],
                 interactions: Mapping[str, Interaction], now: datetime,
                 remote: str | None, progress: Progress | None) -> Pending:
        say = progress or (lambda _text: None)
        say("reading the last sync")
        device = self._init(remote)
        git = self.git
        url = shown_url(git.config("remote.origin.url") or "the remote")
        head = git.commit_of(REF)
        if head is not None:  # the work tree as the last sync left it (whatever was done to it)
            git.run("reset", "-q", "--hard", head)
        synced = self._state(head, str(self.path))
        stamp = Stamp.at(now, device)

        say("finding what changed here")
        local = _local_state(synced, (contacts, interactions), stamp)
        sent = sum(len(_differing(a, b)) for a, b in zip(local, synced, strict=True))
        if head is None or sent:
            local_commit = self._commit(local, [head] if head else [],
                                        f"board: {sent} change{'s' * (sent != 1)} on {device}")
            git.run("update-ref", REF, local_commit)
        else:
            local_commit = head

        say(f"fetching {url}")
        listed = git.run("ls-remote", "origin", check=False, timeout=NETWORK_TIMEOUT)
        if listed.returncode != 0:
            raise SyncError(f"cannot reach {url}: {last_line(listed.stderr)}")
        refs = {ln.split("\t")[1] for ln in listed.stdout.decode("utf-8", "replace").splitlines()
                if "\t" in ln}
        outcome = Outcome(sent=sent)
        if REF not in refs:
            if refs:
                raise SyncError(f"{url} is not a board sync repository (it has no "
                                f"'{BRANCH}' branch); give an empty repository or one "
                                "board synced to")
            outcome.first = True
            theirs = None
        else:
            done = git.run("fetch", "-q", "--no-tags", "origin", f"+{REF}:{REMOTE_REF}",
                           check=False, timeout=NETWORK_TIMEOUT)
            if done.returncode != 0:
                raise SyncError(f"cannot fetch from {url}: {last_line(done.stderr)}")
            theirs = git.commit_of(REMOTE_REF)

        result = local_commit
        if theirs is not None and theirs != local_commit:
            remote_state = self._state(theirs, url, like=local)
            if self._is_ancestor(theirs, local_commit):
                pass  # the remote has nothing new: push ours
            elif self._is_ancestor(local_commit, theirs):
                say("taking the remote's changes")
                _none_lost(local, remote_state)
                result = theirs
                _changes_to(outcome, local, remote_state)
            else:
                say("merging")
                base_commit = git.run("merge-base", local_commit, theirs, check=False)
                base_id = base_commit.stdout.decode().strip() or None
                base = self._state(base_id, "the last common sync", like=local) if base_id else \
                    (_Table(Contact), _Table(Interaction))
                merged_tables, merged = _merge_tables(base, local, remote_state)
                outcome.conflicts = merged.conflicts
                _changes_to(outcome, local, merged_tables)
                result = self._commit(merged_tables, [local_commit, theirs],
                                      f"board: merge on {device}")
        if result != theirs:
            say(f"sending to {url}")
            done = git.run("push", "-q", "--no-verify", "origin", f"{result}:{REF}",
                           check=False, timeout=NETWORK_TIMEOUT)
            if done.returncode != 0:
                git.run("reset", "-q", "--hard", local_commit, check=False)
                raise SyncError(f"{url} refused the sync ({last_line(done.stderr)}); "
                                "nothing was changed here, sync again to retry")
        return Pending(self, outcome, local_commit, result, now)

    def _is_ancestor(self, a: str, b: str) -> bool:
        return self.git.run("merge-base", "--is-ancestor", a, b, check=False).returncode == 0


def _write(path: Path, data: bytes) -> None:
    """A work-tree file, mode 0600 from the start."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _local_state(synced: tuple[_Table, _Table],
                 now: tuple[Mapping[str, Record], Mapping[str, Record]],
                 stamp: Stamp) -> tuple[_Table, _Table]:
    """The synced tables with this board's changes since, stamped."""
    out = []
    for table, records in zip(synced, now, strict=True):
        lines: dict[str, _Line] = {}
        for shard in table.shards.values():
            lines.update(shard.load().parsed)
        changed = [rid for rid, rec in records.items()
                   if (line := lines.get(rid)) is None or line.record != msgspec.Raw(_encode(rec))]
        changed += [rid for rid, line in lines.items()
                    if rid not in records and bytes(line.record) != b"null"]
        local = table.copy()
        for rid, entry in stamp_changes(table.cls, table, records, stamp, changed).items():
            local.put(rid, entry)
        out.append(local)
    return out[0], out[1]


def _none_lost(before: tuple[_Table, _Table], after: tuple[_Table, _Table],
               ids: tuple[Iterable[str], Iterable[str]] | None = None) -> None:
    """SyncError if a record ``before`` holds has no line at all ``after``
    (of ``ids``, or of those that differ).  A deletion leaves its line (its
    stamps, no record): a line gone was lost, in a hand-edited or damaged
    repository, and taking it for a deletion would leave interactions that
    name someone no longer on the board."""
    if ids is None:
        ids = (_differing(before[0], after[0]), _differing(before[1], after[1]))
    for kind, rids, was, now in (("contact", ids[0], before[0], after[0]),
                                 ("interaction", ids[1], before[1], after[1])):
        for rid in rids:
            if rid in was and rid not in now:
                raise SyncError(f"{kind} {rid} is missing from the sync repository with no "
                                "deletion recorded (was it edited by hand?)")


def _merge_tables(base: tuple[_Table, _Table], ours: tuple[_Table, _Table],
                  theirs: tuple[_Table, _Table]) -> tuple[tuple[_Table, _Table], Merged]:
    ids = (_differing(ours[0], theirs[0]), _differing(ours[1], theirs[1]))
    _none_lost(base, theirs, ids)
    try:
        merged = merge(base, ours, theirs, ids)
    except MergeError as exc:
        raise SyncError(f"the merge cannot be applied: {exc}") from None
    tables = (ours[0].copy(), ours[1].copy())
    for table, entries in zip(tables, (merged.contacts, merged.interactions), strict=True):
        for rid, entry in entries.items():
            table.put(rid, entry)
    return tables, merged


def _changes_to(outcome: Outcome, ours: tuple[_Table, _Table],
                result: tuple[_Table, _Table]) -> None:
    """What the board (holding ``ours``) must change to hold ``result``."""
    for name, a, b in (("contacts", ours[0], result[0]), ("interactions", ours[1], result[1])):
        changes: dict[str, Any] = getattr(outcome, name)
        for rid in _differing(a, b):
            if a.raw(rid) == b.raw(rid):
                continue  # (only the stamps differ)
            entry = b.get(rid)
            changes[rid] = None if entry is None else entry.record





def sync_session(session: Any, remote: str | None = None, progress: Progress | None = None
                 ) -> tuple[Outcome, str]:
    """One whole sync of an open session's board (the command's way): the
    git side, then the outcome onto the board (one undo step) and into its
    file, then the branch moved.  Any failure leaves the board and its file
    exactly as they were (SyncError; the caller closes without saving)."""
    from board.store.database import StoreError

    board = session.board
    folder = SyncFolder(session.path)
    pending = folder.prepare(board.contacts, board.interactions, board.clock(), remote,
                             progress)
    try:
        outcome = pending.outcome
        if outcome.contacts or outcome.interactions:
            board.apply_merged(outcome.contacts, outcome.interactions, "sync")
        session.db.flush()
    except (StoreError, MergeError, ValueError) as exc:
        pending.abandon()
        raise SyncError(f"the merged board could not be saved: {exc}") from None
    except BaseException:
        pending.abandon()
        raise
    pending.finish(session.db.storage.seq)
    return outcome, folder.remote_shown
__all__ = ["Outcome", "Pending", "SyncError", "SyncFolder", "folder_for", "sync_session"]
