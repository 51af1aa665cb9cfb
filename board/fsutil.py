"""Files on a disk that may say no: real paths, atomic writes, and one line
for each OS error a user can meet (and fix).

The store, the formats, the config and the UI all write through here, so a
file reached through a symbolic link is written where the link points (the
link stays a link), and a full disk, a read-only file or a path that is too
long is said the same way everywhere: the file, why, and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

#: errno -> (why the file cannot be used, what the user can do about it)
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "free some space and try again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space and try again"),
    errno.EROFS: ("the file system is read-only", "use a file on a writable disk"),
    errno.EACCES: ("permission denied",
                   "check the permissions of the file and of its folder"),
    errno.EPERM: ("the operation is not permitted",
                  "check the permissions, and that the file is not immutable (lsattr)"),
    errno.ENAMETOOLONG: ("the path is too long", "use a shorter path"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the path"),
    errno.EISDIR: ("it is a folder", "give a file name"),
    errno.ENOENT: ("its folder does not exist", "check the path"),
    errno.ELOOP: ("its symbolic links go round in a loop", "check the links"),
    errno.EFBIG: ("the file is too large for its file system", "use another disk"),
    errno.EIO: ("the disk reported an input/output error", "check the disk"),
    errno.EMFILE: ("too many files are open", "close some programs and try again"),
}


def real_path(path: str | os.PathLike[str]) -> Path:
    """The file a path names: ``~`` expanded, made absolute, and every
    symbolic link (the file's and its folders') and ``..`` resolved, so all
    the names of one file give one path (one lock, one file written).  A
    path that does not exist yet is resolved as far as it exists."""
    return Path(os.path.realpath(Path(path).expanduser()))


def os_error_message(exc: OSError, path: str | os.PathLike[str], doing: str = "written") -> str:
    """One line for an OS error on ``path``: the file, why it cannot be
    ``doing`` (read, written, created, locked...), and what to do.  The
    error's own file name is not used: it may be a temporary file."""
    reason = _REASONS.get(exc.errno) if exc.errno is not None else None
    if reason is None:
        why = exc.strerror or exc.__class__.__name__
        return f"{path}: cannot be {doing}: {why}"
    why, fix = reason
    return f"{path}: cannot be {doing}: {why}; {fix}"


def make_folder(folder: str | os.PathLike[str]) -> None:
    """The folder and its parents, made if missing (new ones mode 0700); a
    file in the way raises NotADirectoryError (``mkdir`` says "exists")."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError:
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(folder)) from None


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes | list[bytes],
                       mode: int = 0o600) -> None:
    """Write ``data`` (bytes, or a list of chunks written one after the
    other) to ``path`` atomically: a temporary file beside the real file (a
    symbolic link is followed, and stays a link), fsync, rename.  If any
    step fails the OSError is raised and the old file is left whole; the
    temporary file is removed."""
    target = real_path(path)
    # (the name kept short: a long file name plus the temporary file's
    # decoration must not pass the file system's limit)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".tmp",
                               dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in [data] if isinstance(data, bytes) else data:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    # Make the rename itself durable.
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
