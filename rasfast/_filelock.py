"""An exclusive lock between processes on one file rasfast writes (the phonebook file):
``flock`` on POSIX, ``msvcrt.locking`` on Windows, on a lock file beside it."""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator

__all__ = ["locked"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NOINHERIT = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOINHERIT", 0)


def lock_path(path: str) -> str:
    """``.NAME.lock`` beside ``path`` (never the file itself: atomic_write replaces it, and a
    lock on a replaced file guards nothing)."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, f".{name}.lock")


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """Hold the lock of ``path`` (waiting for it); OSError when the lock file cannot be made."""
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NOINHERIT, 0o600)
    try:
        if sys.platform == "win32":
            import msvcrt
            while True:
                try:
                    msvcrt.locking(fd, msvcrt.LK_LOCK, 1)   # retries for 10 s, then raises
                    break
                except OSError:
                    continue
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
