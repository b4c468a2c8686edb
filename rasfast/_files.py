"""The files rasfast itself keeps (the CLI's simulator session file now, the
simulator's phonebook files next): where they live, and reading and writing
them so that another local user can neither redirect, replace nor feed them.

Where: ``private_dir()`` is a per-user folder that is private by
construction where there is one: ``$XDG_RUNTIME_DIR/rasfast``, else the
user's cache folder (``$XDG_CACHE_HOME/rasfast`` or ``~/.cache/rasfast``;
``~/Library/Caches/rasfast`` on macOS), and only without a home folder
``<tempdir>/rasfast-<uid>``.  On Windows it is ``%LOCALAPPDATA%\\rasfast``,
never a shared temporary folder.  The folder is used only if ``lstat`` shows
a real directory (not a link) owned by this user with no permission for
group or others; anything else raises ``RefusedFile`` saying why, and the
folder is left as it is (rasfast never changes or removes a folder it did
not make for itself).

Writing: ``atomic_write()`` writes a temporary file created exclusively
(O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600) in the target's own folder, flushes
and fsyncs it, renames it over the target and fsyncs the folder, so a crash
leaves the old file or the new one, never a mix.  Reading: ``read_private()``
opens with O_NOFOLLOW and checks the opened file (fstat, not stat on the
path): a regular file, owned by this user, writable by nobody else.  Both
check the folder too (a real directory, this user's, not writable by
others) and, where the platform has openat/renameat, work relative to the
descriptor of the folder they checked, so swapping the folder afterwards
changes nothing.

Stray temporary files: a writer killed mid-write leaves
``.NAME.<random>.tmp`` beside NAME.  Nothing reads those names and each
write picks a fresh random one, so a stray never trips a later run; the
next write to NAME removes its own strays once they are an hour old (older
than any write lasts, so never a file another writer is still filling),
and only regular files this user owns, in a folder that passed the checks.

Windows has no POSIX owners or modes in ``os.stat``, nor O_NOFOLLOW or
openat: there the folder and file must not be links or junctions, the
temporary file is still exclusive, the rename still atomic (os.replace),
and privacy comes from the profile folder's ACLs.
"""
from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
import tempfile
import time
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["RefusedFile", "default_dir", "private_dir", "atomic_write", "read_private",
           "is_temp_name"]

APP = "rasfast"

#: the largest file read_private() reads unless told otherwise
DEFAULT_READ_LIMIT = 4 * 1024 * 1024
#: strays older than this are a dead writer's, never a live one's
STALE_TEMP_SECONDS = 3600.0
TEMP_SUFFIX = ".tmp"

#: Windows has no owners or POSIX modes in os.stat
POSIX_OWNERS = sys.platform != "win32"
#: permission bits a private folder must not have: any for group or others
PRIVATE_MASK = 0o077
#: permission bits a folder or file rasfast trusts must not have: write for group or others
OTHERS_WRITE_MASK = 0o022

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)     # a planted FIFO must not hang the reader
_NOINHERIT = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOINHERIT", 0)
_BINARY = getattr(os, "O_BINARY", 0)         # Windows would otherwise translate newlines
#: what open(O_NOFOLLOW) fails with on a symbolic link (FreeBSD says EMLINK)
_LINK_ERRNOS = (errno.ELOOP, errno.EMLINK)
#: folder-relative calls (openat, renameat, unlinkat, fstatat, fdopendir)
_AT_CALLS = (os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd
             and os.unlink in os.supports_dir_fd and os.stat in os.supports_dir_fd
             and os.listdir in os.supports_fd)


class RefusedFile(Exception):
    """A folder or file rasfast will not use, because another user could
    change it (or it is not what it should be); ``reason`` says what was
    found."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _euid() -> int:
    """Whose files rasfast trusts: this process's effective user (-1 on
    Windows, where nothing compares it: os.stat has no owner there)."""
    if sys.platform == "win32":
        return -1
    return os.geteuid()


def _who(uid: int) -> str:
    if sys.platform == "win32":
        return f"uid {uid}"
    import pwd
    try:
        return f"uid {uid} ({pwd.getpwuid(uid).pw_name})"
    except KeyError:     # a uid with no account
        return f"uid {uid}"


def _is_link(st: os.stat_result) -> bool:
    reparse = getattr(st, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_REPARSE_POINT
    return stat.S_ISLNK(st.st_mode) or bool(reparse)   # a Windows junction is a reparse point


def _owned_by_me(st: os.stat_result) -> bool:
    return not POSIX_OWNERS or st.st_uid == _euid()


def _trust_problems(st: os.stat_result, mask: int) -> List[str]:
    """What, in ``st``, lets another user change (or, with PRIVATE_MASK,
    see) the thing: its owner and its permission bits."""
    problems: List[str] = []
    if not _owned_by_me(st):
        problems.append(f"it belongs to {_who(st.st_uid)}, not to you ({_who(_euid())})")
    if POSIX_OWNERS and st.st_mode & mask:
        what = "change" if st.st_mode & OTHERS_WRITE_MASK else "see"
        problems.append(f"its mode {stat.S_IMODE(st.st_mode):04o} lets other users {what} "
                        f"what is in it")
    return problems


def _check_folder(path: str, st: os.stat_result, mask: int) -> None:
    if _is_link(st):
        raise RefusedFile(path, "it is a symbolic link, not a folder")
    if not stat.S_ISDIR(st.st_mode):
        raise RefusedFile(path, "it is not a folder")
    problems = _trust_problems(st, mask)
    if problems:
        raise RefusedFile(path, "; ".join(problems))


class _Folder:
    """A folder checked once, then used by name: through its descriptor where
    the platform has the *at() calls (so replacing the folder after the
    check changes nothing), by path elsewhere."""

    def __init__(self, path: str, mask: int) -> None:
        self.path = path
        self.fd: Optional[int] = None
        if not _AT_CALLS:
            _check_folder(path, os.lstat(path), mask)
            return
        try:
            self.fd = os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _NOINHERIT)
        except OSError as exc:
            # A link fails with ELOOP, or with ENOTDIR (Linux checks
            # O_DIRECTORY on the link itself); lstat tells which it was.
            if exc.errno not in _LINK_ERRNOS + (errno.ENOTDIR,):
                raise
            _check_folder(path, os.lstat(path), mask)
            raise RefusedFile(path, "it changed while rasfast looked at it") from None
        try:
            _check_folder(path, os.fstat(self.fd), mask)
        except BaseException:
            self.close()
            raise

    def name(self, entry: str) -> str:
        """How the os calls name ``entry``: bare beside a descriptor, else a path."""
        return entry if self.fd is not None else os.path.join(self.path, entry)

    def at(self) -> Dict[str, Any]:
        return {"dir_fd": self.fd}

    def fsync(self) -> None:
        """Make a rename in the folder durable, where a folder can be synced."""
        if self.fd is None:
            return   # Windows cannot open a folder with os.open
        # Some file systems refuse fsync on a folder (EINVAL): nothing more to do.
        with contextlib.suppress(OSError):
            os.fsync(self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "_Folder":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------------------
# Where
# ---------------------------------------------------------------------------

def _usable_dir(path: Optional[str]) -> bool:
    return bool(path) and os.path.isabs(str(path)) and os.path.isdir(str(path))


def _user_cache_dir() -> Optional[str]:
    """The platform's per-user cache folder, or None without a home."""
    home = os.path.expanduser("~")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches") if _usable_dir(home) else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):    # the XDG spec: a relative path is invalid, ignore it
        return xdg
    return os.path.join(home, ".cache") if _usable_dir(home) else None


def default_dir(app: str = APP) -> str:
    """Where private_dir() looks, without creating or checking anything.
    Raises RefusedFile on Windows without a per-user profile folder."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        if not _usable_dir(local):
            local = os.path.join(os.path.expanduser("~"), "AppData", "Local")
        if not _usable_dir(local):
            raise RefusedFile("%LOCALAPPDATA%", "not set, and rasfast keeps its files only in "
                                                "a per-user folder, never a shared one")
        return os.path.join(str(local), app)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if _usable_dir(runtime):
        return os.path.join(str(runtime), app)
    cache = _user_cache_dir()
    if cache is not None:
        return os.path.join(cache, app)
    # No home folder (a service account): the shared temporary folder, where
    # anyone may have made this name first; the checks below catch that.
    return os.path.join(tempfile.gettempdir(), f"{app}-{_euid()}")


def private_dir(app: str = APP, *, create: bool = True) -> str:
    """The user's private folder for rasfast's files, made (mode 0700) if
    ``create`` and missing.  Without ``create`` a missing folder is returned
    as it is: there is nothing in it to read.  Raises RefusedFile when the
    folder is a link, another user's, or open to group or others."""
    folder = default_dir(app)
    if create:
        try:
            os.makedirs(os.path.dirname(folder), mode=0o700, exist_ok=True)
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass          # made before, by us or by anyone: checked next
        except OSError as exc:
            raise RefusedFile(folder, f"cannot create it: {exc.strerror or exc}") from None
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        if create:
            raise
        return folder
    _check_folder(folder, st, PRIVATE_MASK)
    return folder


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

def _temp_prefix(name: str) -> str:
    return f".{name}."


def is_temp_name(entry: str, name: str) -> bool:
    """Whether ``entry`` is one of atomic_write()'s temporary files for ``name``."""
    return entry.startswith(_temp_prefix(name)) and entry.endswith(TEMP_SUFFIX)


def _create_temp(folder: _Folder, name: str) -> Tuple[str, int]:
    # O_EXCL: never an existing file, nor a link planted under the name.
    # Mode 0600 can only be narrowed by the umask, so no fchmod is needed.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _NOINHERIT | _BINARY
    for _ in range(100):
        temp = f"{_temp_prefix(name)}{secrets.token_hex(8)}{TEMP_SUFFIX}"
        try:
            return temp, os.open(folder.name(temp), flags, 0o600, **folder.at())
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", os.path.join(folder.path, name))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _remove_stale_temps(folder: _Folder, name: str) -> None:
    try:
        entries = os.listdir(folder.fd if folder.fd is not None else folder.path)
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not is_temp_name(entry, name):
            continue
        try:
            st = os.stat(folder.name(entry), follow_symlinks=False, **folder.at())
            if (stat.S_ISREG(st.st_mode) and _owned_by_me(st)
                    and now - st.st_mtime > STALE_TEMP_SECONDS):
                os.unlink(folder.name(entry), **folder.at())
        except OSError:
            pass      # gone already (another writer's clean-up): nothing to do


def atomic_write(path: str, data: bytes) -> None:
    """Replace the file ``path`` with ``data``, all at once.

    The folder must exist, be a real directory owned by this user and not
    writable by others (else RefusedFile).  A link at ``path`` is replaced
    by the new file, never written through."""
    folder_path, name = os.path.split(os.path.abspath(path))
    with _Folder(folder_path, OTHERS_WRITE_MASK) as folder:
        _remove_stale_temps(folder, name)
        temp, fd = _create_temp(folder, name)
        try:
            try:
                _write_all(fd, data)
                os.fsync(fd)     # the data is on disk before any name points at it
            finally:
                os.close(fd)
            os.replace(folder.name(temp), folder.name(name),
                       src_dir_fd=folder.fd, dst_dir_fd=folder.fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(folder.name(temp), **folder.at())
            raise
        folder.fsync()           # and the rename survives a power cut


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def _read_all(fd: int, path: str, limit: int) -> bytes:
    chunks: List[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:      # it grew after fstat
            raise RefusedFile(path, f"it is larger than {limit} bytes")
        chunks.append(chunk)


def read_private(path: str, *, limit: int = DEFAULT_READ_LIMIT) -> Optional[bytes]:
    """The bytes of ``path``, or None when it (or its folder) does not exist.

    Raises RefusedFile when the file is a link, not a regular file, another
    user's, writable by others or larger than ``limit`` bytes, or when its
    folder fails atomic_write()'s checks."""
    folder_path, name = os.path.split(os.path.abspath(path))
    try:
        folder = _Folder(folder_path, OTHERS_WRITE_MASK)
    except FileNotFoundError:
        return None
    with folder:
        if not _NOFOLLOW:
            # No O_NOFOLLOW (Windows): look first; the folder is the user's
            # own, so nobody else can put a link there after this look.
            # A folder too: Windows' open refuses one with a bare EACCES.
            try:
                seen = os.lstat(folder.name(name))
            except FileNotFoundError:
                return None
            if _is_link(seen):
                raise RefusedFile(path, "it is a symbolic link")
            if not stat.S_ISREG(seen.st_mode):
                raise RefusedFile(path, "it is not a regular file")
        flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _NOINHERIT | _BINARY
        try:
            fd = os.open(folder.name(name), flags, **folder.at())
        except FileNotFoundError:
            return None
        except OSError as exc:
            if _NOFOLLOW and exc.errno in _LINK_ERRNOS:
                raise RefusedFile(path, "it is a symbolic link") from None
            raise
        try:
            st = os.fstat(fd)      # the file opened, not whatever the path names now
            if not stat.S_ISREG(st.st_mode):
                raise RefusedFile(path, "it is not a regular file")
            problems = _trust_problems(st, OTHERS_WRITE_MASK)
            if problems:
                raise RefusedFile(path, "; ".join(problems))
            if st.st_size > limit:
                raise RefusedFile(path, f"it is larger than {limit} bytes")
            return _read_all(fd, path, limit)
        finally:
            os.close(fd)
