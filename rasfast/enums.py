"""RAS enumerations as documented IntEnums (values from the Windows SDK)."""
from __future__ import annotations

import enum
from typing import Optional

__all__ = ["ConnState", "DialOption", "EventFlag", "WM_RASDIALEVENT"]

#: The ``unMsg`` of every RasDialFunc2 notification.
WM_RASDIALEVENT = 0xCCCD


class ConnState(enum.IntEnum):
    """RASCONNSTATE: where a dial is.  Names are the ``RASCS_`` suffixes in
    UPPER_SNAKE_CASE.  Values below 0x1000 are running states, 0x1000-0x1004
    paused states (reported as pauses only with ``paused_states=True``),
    0x2000 and 0x2001 the end states."""

    OPEN_PORT = 0
    PORT_OPENED = 1
    CONNECT_DEVICE = 2
    DEVICE_CONNECTED = 3
    ALL_DEVICES_CONNECTED = 4
    AUTHENTICATE = 5
    AUTH_NOTIFY = 6
    AUTH_RETRY = 7
    AUTH_CALLBACK = 8
    AUTH_CHANGE_PASSWORD = 9
    AUTH_PROJECT = 10
    AUTH_LINK_SPEED = 11
    AUTH_ACK = 12
    RE_AUTHENTICATE = 13
    AUTHENTICATED = 14
    PREPARE_FOR_CALLBACK = 15
    WAIT_FOR_MODEM_RESET = 16
    WAIT_FOR_CALLBACK = 17
    PROJECTED = 18
    START_AUTHENTICATION = 19
    CALLBACK_COMPLETE = 20
    LOGON_NETWORK = 21
    SUBENTRY_CONNECTED = 22
    SUBENTRY_DISCONNECTED = 23
    APPLY_SETTINGS = 24  # Windows 7 and later
    INTERACTIVE = 0x1000  # RASCS_PAUSED
    RETRY_AUTHENTICATION = 0x1001
    CALLBACK_SET_BY_CALLER = 0x1002
    PASSWORD_EXPIRED = 0x1003
    INVOKE_EAP_UI = 0x1004
    CONNECTED = 0x2000  # RASCS_DONE
    DISCONNECTED = 0x2001

    @classmethod
    def _missing_(cls, value: object) -> Optional[ConnState]:
        # A RASCONNSTATE a newer Windows may add: a pseudo-member, so every
        # state rasfast hands out is a ConnState with a name.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0xFFFFFFFF:
            member = int.__new__(cls, value)
            member._name_ = f"RASCS_{value:#x}"
            member._value_ = value
            return cls._value2member_map_.setdefault(value, member)  # type: ignore[return-value]
        return None

    @classmethod
    def of(cls, value: int) -> ConnState:
        """The member for a RASCONNSTATE value; a pseudo-member (named
        ``RASCS_0x...``) for one this version does not know."""
        try:
            return _STATE_BY_VALUE[value]
        except KeyError:
            return cls(value)

    @property
    def is_paused(self) -> bool:
        """A state the dial waits in until resumed (RASCS_PAUSED range)."""
        return _PAUSED <= self.value < _DONE

    @property
    def is_done(self) -> bool:
        """CONNECTED or DISCONNECTED (RASCS_DONE range): the notifier is
        silent afterwards."""
        return self.value >= _DONE


_PAUSED = ConnState.INTERACTIVE.value
_DONE = ConnState.CONNECTED.value
#: value -> ConnState, for the hot conversion path (no enum call per event).
_STATE_BY_VALUE = {member.value: member for member in ConnState}


class DialOption(enum.IntFlag):
    """RASDIALEXTENSIONS.dwfOptions (``RDEOPT_``)."""

    USE_PREFIX_SUFFIX = 0x1
    PAUSED_STATES = 0x2
    IGNORE_MODEM_SPEAKER = 0x4
    SET_MODEM_SPEAKER = 0x8
    IGNORE_SOFTWARE_COMPRESSION = 0x10
    SET_SOFTWARE_COMPRESSION = 0x20
    DISABLE_CONNECTED_UI = 0x40
    DISABLE_RECONNECT_UI = 0x80
    DISABLE_RECONNECT = 0x100
    NO_USER = 0x200
    PAUSE_ON_SCRIPT = 0x400
    ROUTER = 0x800
    CUSTOM_DIAL = 0x1000
    USE_CUSTOM_SCRIPTING = 0x2000


class EventFlag(enum.IntFlag):
    """Where an event came from, beyond RAS itself."""

    LOCAL = 1  #: made by rasfast (hang-up, dial timeout), not by RAS
    TEST = 2  #: made by the native test producer
