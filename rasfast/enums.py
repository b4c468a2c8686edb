"""RAS enumerations as documented IntEnums, their values taken from the native header."""
from __future__ import annotations

import enum
from typing import Optional

from ._native import lib

__all__ = ["ConnState", "DialOption", "EventFlag", "WM_RASDIALEVENT"]

#: The ``unMsg`` of every RasDialFunc2 notification.
WM_RASDIALEVENT = int(lib.RF_WM_RASDIALEVENT)


class ConnState(enum.IntEnum):
    """RASCONNSTATE: where a dial is.  Names are the ``RASCS_`` suffixes in
    UPPER_SNAKE_CASE; values come from the native header (csrc/ras_numbers.h).
    Values below 0x1000 are running states, 0x1000-0x1004 paused states
    (reported as pauses only with ``paused_states=True``), 0x2000 and 0x2001
    the end states.  A value a newer Windows adds arrives as a pseudo-member
    named ``RASCS_0x...``."""

    OPEN_PORT = lib.RF_RASCS_OpenPort
    PORT_OPENED = lib.RF_RASCS_PortOpened
    CONNECT_DEVICE = lib.RF_RASCS_ConnectDevice
    DEVICE_CONNECTED = lib.RF_RASCS_DeviceConnected
    ALL_DEVICES_CONNECTED = lib.RF_RASCS_AllDevicesConnected
    AUTHENTICATE = lib.RF_RASCS_Authenticate
    AUTH_NOTIFY = lib.RF_RASCS_AuthNotify
    AUTH_RETRY = lib.RF_RASCS_AuthRetry
    AUTH_CALLBACK = lib.RF_RASCS_AuthCallback
    AUTH_CHANGE_PASSWORD = lib.RF_RASCS_AuthChangePassword
    AUTH_PROJECT = lib.RF_RASCS_AuthProject
    AUTH_LINK_SPEED = lib.RF_RASCS_AuthLinkSpeed
    AUTH_ACK = lib.RF_RASCS_AuthAck
    RE_AUTHENTICATE = lib.RF_RASCS_ReAuthenticate
    AUTHENTICATED = lib.RF_RASCS_Authenticated
    PREPARE_FOR_CALLBACK = lib.RF_RASCS_PrepareForCallback
    WAIT_FOR_MODEM_RESET = lib.RF_RASCS_WaitForModemReset
    WAIT_FOR_CALLBACK = lib.RF_RASCS_WaitForCallback
    PROJECTED = lib.RF_RASCS_Projected
    START_AUTHENTICATION = lib.RF_RASCS_StartAuthentication
    CALLBACK_COMPLETE = lib.RF_RASCS_CallbackComplete
    LOGON_NETWORK = lib.RF_RASCS_LogonNetwork
    SUBENTRY_CONNECTED = lib.RF_RASCS_SubEntryConnected
    SUBENTRY_DISCONNECTED = lib.RF_RASCS_SubEntryDisconnected
    APPLY_SETTINGS = lib.RF_RASCS_ApplySettings  # Windows 7 and later
    INTERACTIVE = lib.RF_RASCS_Interactive  # RASCS_PAUSED: the first paused state
    RETRY_AUTHENTICATION = lib.RF_RASCS_RetryAuthentication
    CALLBACK_SET_BY_CALLER = lib.RF_RASCS_CallbackSetByCaller
    PASSWORD_EXPIRED = lib.RF_RASCS_PasswordExpired
    INVOKE_EAP_UI = lib.RF_RASCS_InvokeEapUI
    CONNECTED = lib.RF_RASCS_Connected  # RASCS_DONE: the first end state
    DISCONNECTED = lib.RF_RASCS_Disconnected

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
        return RASCS_PAUSED <= self.value < RASCS_DONE

    @property
    def is_done(self) -> bool:
        """CONNECTED or DISCONNECTED (RASCS_DONE range): the notifier is
        silent afterwards."""
        return self.value >= RASCS_DONE


#: The first paused and the first end RASCONNSTATE (RASCS_PAUSED, RASCS_DONE),
#: for range tests on raw values where no ConnState need be made.
RASCS_PAUSED = int(lib.RF_RASCS_PAUSED)
RASCS_DONE = int(lib.RF_RASCS_DONE)
#: value -> ConnState, for the hot conversion path (no enum call per event).
_STATE_BY_VALUE = {member.value: member for member in ConnState}


class DialOption(enum.IntFlag):
    """RASDIALEXTENSIONS.dwfOptions (``RDEOPT_``)."""

    USE_PREFIX_SUFFIX = lib.RF_RDEOPT_UsePrefixSuffix
    PAUSED_STATES = lib.RF_RDEOPT_PausedStates
    IGNORE_MODEM_SPEAKER = lib.RF_RDEOPT_IgnoreModemSpeaker
    SET_MODEM_SPEAKER = lib.RF_RDEOPT_SetModemSpeaker
    IGNORE_SOFTWARE_COMPRESSION = lib.RF_RDEOPT_IgnoreSoftwareCompression
    SET_SOFTWARE_COMPRESSION = lib.RF_RDEOPT_SetSoftwareCompression
    DISABLE_CONNECTED_UI = lib.RF_RDEOPT_DisableConnectedUI
    DISABLE_RECONNECT_UI = lib.RF_RDEOPT_DisableReconnectUI
    DISABLE_RECONNECT = lib.RF_RDEOPT_DisableReconnect
    NO_USER = lib.RF_RDEOPT_NoUser
    PAUSE_ON_SCRIPT = lib.RF_RDEOPT_PauseOnScript
    ROUTER = lib.RF_RDEOPT_Router
    CUSTOM_DIAL = lib.RF_RDEOPT_CustomDial
    USE_CUSTOM_SCRIPTING = lib.RF_RDEOPT_UseCustomScripting


class EventFlag(enum.IntFlag):
    """Where an event came from, beyond RAS itself."""

    LOCAL = lib.RF_EVENT_FLAG_LOCAL  #: made by rasfast (hang-up, dial timeout), not by RAS
    TEST = lib.RF_EVENT_FLAG_TEST  #: made by the native test producer
    REMOTE = lib.RF_EVENT_FLAG_REMOTE  #: the far side ended the connection (a drop after CONNECTED)
    WATCH = lib.RF_EVENT_FLAG_WATCH  #: made by the connection watcher (rasfast.watch())
    RASAPI32 = lib.RF_EVENT_FLAG_RASAPI32  #: ... by the watcher of backend "win32" (rasapi32)
