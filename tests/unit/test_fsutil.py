"""Real paths, atomic writes through links, and one line per OS error."""

from __future__ import annotations

import errno
import os
import tempfile

import pytest

from board.fsutil import atomic_write_bytes, make_folder, os_error_message, real_path

ERRNOS = [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENAMETOOLONG,
          errno.ENOTDIR]


def test_every_name_of_one_file_has_one_real_path(tmp_path, monkeypatch):
    real = tmp_path / "real.json"
    real.write_bytes(b"{}")
    (tmp_path / "link.json").symlink_to("real.json")
    (tmp_path / "sub").mkdir()
    (tmp_path / "folder-link").symlink_to(tmp_path)
    monkeypatch.chdir(tmp_path / "sub")
    names = ["../real.json", "../link.json", tmp_path / "sub" / ".." / "link.json",
             tmp_path / "folder-link" / "real.json", tmp_path / "folder-link" / "link.json"]
    assert {real_path(n) for n in names} == {real_path(real)} == {real.resolve()}


def test_a_path_not_made_yet_resolves_as_far_as_it_exists(tmp_path):
    (tmp_path / "folder-link").symlink_to(tmp_path)
    assert real_path(tmp_path / "folder-link" / "new" / "b.json") == \
        tmp_path.resolve() / "new" / "b.json"


def test_a_write_through_a_link_goes_to_its_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "data" / "real.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "link.json"]
    assert [p.name for p in real.parent.iterdir()] == ["real.json"]  # no temporary file left


def test_a_dangling_link_is_written_where_it_points(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to("later.json")
    atomic_write_bytes(link, [b"a", b"b"])
    assert link.is_symlink() and (tmp_path / "later.json").read_bytes() == b"ab"


def test_a_long_file_name_still_gets_its_temporary_file(tmp_path):
    target = tmp_path / ("n" * 240 + ".json")
    atomic_write_bytes(target, b"x")
    assert target.read_bytes() == b"x"


def _fail_with(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    return fail


@pytest.mark.parametrize("code", ERRNOS)
@pytest.mark.parametrize("step", ["os.replace", "os.fsync", "tempfile.mkstemp"])
def test_a_refused_write_leaves_the_old_file_whole_and_no_temporary_file(
        tmp_path, monkeypatch, step, code):
    target = tmp_path / "b.json"
    target.write_bytes(b"old")
    module, name = step.split(".")
    monkeypatch.setattr({"os": os, "tempfile": tempfile}[module], name, _fail_with(code))
    with pytest.raises(OSError) as caught:
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert caught.value.errno == code
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]


@pytest.mark.parametrize("code", [*ERRNOS, errno.EISDIR, errno.ENOENT, errno.EIO, errno.EDQUOT])
def test_an_os_error_is_one_line_naming_the_file_and_what_to_do(tmp_path, code):
    target = tmp_path / "b.json"
    line = os_error_message(OSError(code, os.strerror(code), "/tmp/.b.json.x1y2.tmp"), target)
    assert line.startswith(f"{target}: cannot be written: ")
    assert "\n" not in line and ".tmp" not in line  # (not the temporary file's name)
    assert "; " in line  # why; what to do


def test_an_unknown_os_error_still_names_the_file(tmp_path):
    line = os_error_message(OSError(errno.EXDEV, "Invalid cross-device link"), tmp_path, "read")
    assert line == f"{tmp_path}: cannot be read: Invalid cross-device link"


def test_a_file_in_the_way_of_a_folder_is_not_a_folder(tmp_path):
    (tmp_path / "file").write_text("x")
    for folder in (tmp_path / "file", tmp_path / "file" / "deeper"):
        with pytest.raises(NotADirectoryError):
            make_folder(folder)
    make_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()
