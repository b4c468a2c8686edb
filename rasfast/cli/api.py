"""The rest of rasfast as the command line sees it: every import from outside rasfast.cli.

The other modules of rasfast.cli import rasfast's dialing, errors, enums, events, simulator,
backends, files and text helpers only through this one, so that when those move, only this
file follows them.  The RAS error codes the command line names are here too, for the same
reason (they are to come from the native library).
"""
from __future__ import annotations

from .. import __version__
from .. import sim as simulator
from .._backends import BACKENDS, default_backend
from .._backends import resolve as resolve_backend
from .._files import RefusedFile, atomic_write, private_dir, read_private
from .._native import lib
from .._text import printable, quoted
from ..connection import Connection, ConnectionStatus
from ..dialing import ConnectionInfo, connections, dial, entries
from ..dialing import hangup as hangup_connection
from ..enums import ConnState
from ..errors import RasError, error_text
from ..events import RasEvent

__all__ = [
    "__version__", "simulator",                                     # rasfast
    "BACKENDS", "default_backend", "resolve_backend",               # rasfast._backends
    "RefusedFile", "atomic_write", "private_dir", "read_private",    # rasfast._files
    "clock_ns", "connection_status",                                # rasfast._native
    "printable", "quoted",                                          # rasfast._text
    "Connection",                                                   # rasfast.connection
    "ConnectionInfo", "connections", "dial", "entries",
    "hangup_connection",                                            # rasfast.dialing
    "KNOWN_STATES", "ConnState",                                    # rasfast.enums
    "RasError", "error_text",                                       # rasfast.errors
    "RasEvent",                                                     # rasfast.events
    "ERROR_INTERACTIVE_MODE", "ERROR_NO_CONNECTION", "ERROR_TIMEOUT",  # RAS codes, from
    "ERROR_USER_DISCONNECTION", "RASBASE",                          # the native header
]

#: The RASCONNSTATE values this version knows (a ConnState pseudo-member is not one).
KNOWN_STATES = frozenset(ConnState)
#: the first RAS error code (raserror.h's RASBASE, PENDING)
RASBASE = int(lib.RF_PENDING)
#: a hang-up of an entry that is not connected
ERROR_NO_CONNECTION = int(lib.RF_ERROR_NO_CONNECTION)
#: a paused dial needs input nobody can give
ERROR_INTERACTIVE_MODE = int(lib.RF_ERROR_INTERACTIVE_MODE)
#: the dial timeout passed
ERROR_TIMEOUT = int(lib.RF_ERROR_TIMEOUT)
#: hung up (Ctrl-C, or before it connected)
ERROR_USER_DISCONNECTION = int(lib.RF_ERROR_USER_DISCONNECTION)


def connection_status(info: ConnectionInfo) -> ConnectionStatus:
    """RasGetConnectStatus of a listed connection.

    Raises RasError (6 once it is gone).
    """
    from .._backends import resolve
    from .._native import ffi
    from .._wstring import from_wstr

    st = ffi.new("rf_conn_status *")
    code = lib.rf_get_status(resolve(info.backend), info.handle, st)
    if code:
        raise RasError(int(code), f"status of {quoted(info.entry)}")
    return ConnectionStatus(ConnState.of(int(st.state)), int(st.error), from_wstr(st.device_type),
                            from_wstr(st.device_name), from_wstr(st.phone_number))


def clock_ns() -> int:
    """Now, in nanoseconds, on the clock of RasEvent.timestamp_ns (the native shim's).

    Raises nothing.
    """
    return int(lib.rf_clock_ns())
