"""Exit statuses: a RAS error code as the process's exit status, and the usage error (2)."""
from __future__ import annotations

import os

from .api import RASBASE

__all__ = ["USAGE", "UsageError", "exit_status"]

#: the exit status for bad arguments (nothing was dialled)
USAGE = 2
#: the last code whose ``code - 512`` still fits the 8 bits of a POSIX exit status
_LAST_OWN_STATUS = 512 + 255


def exit_status(code: int, windows: bool | None = None) -> int:
    """The process exit status for a RAS error code (0 for success); raises nothing.

    Windows exit codes are 32 bits wide, so the code itself is used, as
    rasdial does.  POSIX keeps only the low 8 bits, which would turn 768
    into 0 (success!); so there codes 600-767 map to ``code - 512`` (their
    low byte, 88-255, distinct from each other and from 0, 1 and 2) and
    every other error to 1.  ``windows`` defaults to this machine's kind.
    """
    if windows is None:
        windows = os.name == "nt"
    if code == 0:
        return 0
    if windows:
        return code
    if RASBASE <= code <= _LAST_OWN_STATUS:
        return code - 512
    return 1


class UsageError(Exception):
    """Bad arguments: main() prints the message after the usage line, exits 2, dials nothing."""
