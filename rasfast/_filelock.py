"""An exclusive lock between processes on one file rasfast writes (the phonebook file):
``flock`` on POSIX, ``msvcrt.locking`` on Windows, on a lock file beside it."""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator

from . import _files

__all__ = ["locked"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NOINHERIT = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOINHERIT", 0)


#: msvcrt.locking's LK_LOCK tries for 10 s before it raises; this many of those, then the
#: error stands (contention, or an error that would repeat: Wine's errno for a held lock
#: is neither EDEADLOCK nor EACCES, so the errno cannot tell them apart).
_WINDOWS_LOCK_TRIES = 30


def _open_lock_file(path: str) -> int:
    """The lock file's descriptor, made in ``path``'s folder only once the folder passed
    rasfast's file checks (a real folder of this user that others cannot write to), and
    never through a link (RefusedFile otherwise)."""
    folder_path, name = os.path.split(os.path.abspath(path))
    with _files._Folder(folder_path, _files.OTHERS_WRITE_MASK) as folder:
        entry = folder.name(f".{name}.lock")
        if not _NOFOLLOW:   # Windows: no O_NOFOLLOW, so look first
            with contextlib.suppress(FileNotFoundError):
                if _files._is_link(os.lstat(entry)):
                    raise _files.RefusedFile(entry, "it is a symbolic link")
        return os.open(entry, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NOINHERIT, 0o600,
                       **folder.at())


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """Hold the lock of ``path`` (waiting for it); OSError when the lock file cannot be
    made, RefusedFile when its folder or a link there is not to be trusted."""
    fd = _open_lock_file(path)
    try:
        if sys.platform == "win32":
            import msvcrt
            for attempt in range(_WINDOWS_LOCK_TRIES):
                try:
                    msvcrt.locking(fd, msvcrt.LK_LOCK, 1)   # retries for 10 s, then raises
                    break
                except OSError:
                    if attempt == _WINDOWS_LOCK_TRIES - 1:
                        raise
            try:
                yield
            finally:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
