"""Type stubs for rasfast._native, the private cffi module built from
the headers csrc/rasfast.h lists (regenerate with: python tests/test_stubs.py)."""
from typing import Any

import cffi

ffi: cffi.FFI


class _Lib:
    RF_BACKEND_RASAPI32: int
    RF_BACKEND_SIM: int
    RF_DNLEN: int
    RF_ERROR_ALREADY_EXISTS: int
    RF_ERROR_AUTHENTICATION_FAILURE: int
    RF_ERROR_AUTOMATIC_VPN_FAILED: int
    RF_ERROR_BUFFER_TOO_SMALL: int
    RF_ERROR_CALL_NOT_IMPLEMENTED: int
    RF_ERROR_CANNOT_FIND_PHONEBOOK_ENTRY: int
    RF_ERROR_DIAL_ALREADY_IN_PROGRESS: int
    RF_ERROR_DISCONNECTION: int
    RF_ERROR_DNSNAME_NOT_RESOLVABLE: int
    RF_ERROR_INSUFFICIENT_BUFFER: int
    RF_ERROR_INTERACTIVE_MODE: int
    RF_ERROR_INTERNAL_ERROR: int
    RF_ERROR_INVALID_HANDLE: int
    RF_ERROR_INVALID_NAME: int
    RF_ERROR_INVALID_PARAMETER: int
    RF_ERROR_INVALID_PORT_HANDLE: int
    RF_ERROR_INVALID_SIZE: int
    RF_ERROR_MOD_NOT_FOUND: int
    RF_ERROR_NOT_ENOUGH_MEMORY: int
    RF_ERROR_NO_ANSWER: int
    RF_ERROR_NO_CARRIER: int
    RF_ERROR_NO_CONNECTION: int
    RF_ERROR_NO_DIALTONE: int
    RF_ERROR_PASSWD_EXPIRED: int
    RF_ERROR_PORT_DISCONNECTED: int
    RF_ERROR_PORT_NOT_AVAILABLE: int
    RF_ERROR_PPP_NO_PROTOCOLS_CONFIGURED: int
    RF_ERROR_PPP_TIMEOUT: int
    RF_ERROR_PROC_NOT_FOUND: int
    RF_ERROR_REMOTE_DISCONNECTION: int
    RF_ERROR_SUCCESS: int
    RF_ERROR_TIMEOUT: int
    RF_ERROR_USER_DISCONNECTION: int
    RF_ERROR_VPN_TIMEOUT: int
    RF_EVENT_FLAG_LOCAL: int
    RF_EVENT_FLAG_TEST: int
    RF_HAS_NOTIFY_FD: int
    RF_HAS_RASAPI32: int
    RF_MAX_PATH: int
    RF_PENDING: int
    RF_PWLEN: int
    RF_RASCSS_Dormant: int
    RF_RASCSS_None: int
    RF_RASCSS_Reconnected: int
    RF_RASCSS_Reconnecting: int
    RF_RASCS_AllDevicesConnected: int
    RF_RASCS_ApplySettings: int
    RF_RASCS_AuthAck: int
    RF_RASCS_AuthCallback: int
    RF_RASCS_AuthChangePassword: int
    RF_RASCS_AuthLinkSpeed: int
    RF_RASCS_AuthNotify: int
    RF_RASCS_AuthProject: int
    RF_RASCS_AuthRetry: int
    RF_RASCS_Authenticate: int
    RF_RASCS_Authenticated: int
    RF_RASCS_CallbackComplete: int
    RF_RASCS_CallbackSetByCaller: int
    RF_RASCS_ConnectDevice: int
    RF_RASCS_Connected: int
    RF_RASCS_DONE: int
    RF_RASCS_DeviceConnected: int
    RF_RASCS_Disconnected: int
    RF_RASCS_Interactive: int
    RF_RASCS_InvokeEapUI: int
    RF_RASCS_LogonNetwork: int
    RF_RASCS_OpenPort: int
    RF_RASCS_PAUSED: int
    RF_RASCS_PasswordExpired: int
    RF_RASCS_PortOpened: int
    RF_RASCS_PrepareForCallback: int
    RF_RASCS_Projected: int
    RF_RASCS_ReAuthenticate: int
    RF_RASCS_RetryAuthentication: int
    RF_RASCS_StartAuthentication: int
    RF_RASCS_SubEntryConnected: int
    RF_RASCS_SubEntryDisconnected: int
    RF_RASCS_WaitForCallback: int
    RF_RASCS_WaitForModemReset: int
    RF_RASTUNNELENDPOINT_IPv4: int
    RF_RASTUNNELENDPOINT_IPv6: int
    RF_RASTUNNELENDPOINT_UNKNOWN: int
    RF_RAS_MaxCallbackNumber: int
    RF_RAS_MaxDeviceName: int
    RF_RAS_MaxDeviceType: int
    RF_RAS_MaxEntryName: int
    RF_RAS_MaxPhoneNumber: int
    RF_RAS_NOTIFIER_HWND: int
    RF_RAS_NOTIFIER_RASDIALFUNC1: int
    RF_RAS_NOTIFIER_RASDIALFUNC2: int
    RF_RAS_NOTIFIER_RASDIALFUNC: int
    RF_RDEOPT_CustomDial: int
    RF_RDEOPT_DisableConnectedUI: int
    RF_RDEOPT_DisableReconnect: int
    RF_RDEOPT_DisableReconnectUI: int
    RF_RDEOPT_IgnoreModemSpeaker: int
    RF_RDEOPT_IgnoreSoftwareCompression: int
    RF_RDEOPT_NoUser: int
    RF_RDEOPT_PauseOnScript: int
    RF_RDEOPT_PausedStates: int
    RF_RDEOPT_Router: int
    RF_RDEOPT_SetModemSpeaker: int
    RF_RDEOPT_SetSoftwareCompression: int
    RF_RDEOPT_UseCustomScripting: int
    RF_RDEOPT_UsePrefixSuffix: int
    RF_RING_MAX_CAPACITY: int
    RF_RING_MAX_RETRIES: int
    RF_RING_MIN_CAPACITY: int
    RF_SIM_MAX_TIME_SCALE: float
    RF_SIM_PROFILE_INSTANT: int
    RF_SIM_PROFILE_MODEM: int
    RF_SIM_PROFILE_VPN: int
    RF_UNLEN: int
    RF_WM_RASDIALEVENT: int

    def rf_backend_check(self, backend: int) -> int: ...
    def rf_clock_ns(self) -> int: ...
    def rf_dial(self, backend: int, req: Any, callback_id: int, hconn: Any) -> int: ...
    def rf_enum_connections(self, backend: int, out: Any, max: int, count: Any) -> int: ...
    def rf_enum_entries(self, backend: int, phonebook: Any, out: Any, max: int, count: Any) -> int: ...
    def rf_error_string(self, backend: int, code: int, buf: Any, cch: int) -> int: ...
    def rf_get_status(self, backend: int, hconn: int, out: Any) -> int: ...
    def rf_hangup(self, backend: int, hconn: int) -> int: ...
    def rf_histogram_bucket(self, ns: int) -> int: ...
    def rf_histogram_bucket_high(self, bucket: int) -> int: ...
    def rf_histogram_bucket_low(self, bucket: int) -> int: ...
    def rf_histogram_record(self, h: Any, ns: int) -> None: ...
    def rf_histogram_reset(self, h: Any) -> None: ...
    def rf_notifier_address(self) -> Any: ...
    def rf_provider_table(self, backend: int) -> Any: ...
    def rf_ring_close(self, ring: Any) -> None: ...
    def rf_ring_drain(self, ring: Any, out: Any, max: int) -> int: ...
    def rf_ring_get_stats(self, ring: Any, out: Any) -> None: ...
    def rf_ring_new(self, capacity: int) -> Any: ...
    def rf_ring_park_begin(self, ring: Any) -> int: ...
    def rf_ring_push(self, ring: Any, ev: Any) -> int: ...
    def rf_ring_release(self, ring: Any) -> None: ...
    def rf_ring_retain(self, ring: Any) -> None: ...
    def rf_ring_set_notify_fd(self, ring: Any, fd: int) -> int: ...
    def rf_ring_wait(self, ring: Any, timeout_ns: int) -> int: ...
    def rf_sim_active_connections(self) -> int: ...
    def rf_sim_add_entry(self, entry: Any) -> int: ...
    def rf_sim_entry_count(self) -> int: ...
    def rf_sim_entry_states(self, name: Any, states: Any, max: int) -> int: ...
    def rf_sim_fork_child(self) -> None: ...
    def rf_sim_fork_parent(self) -> None: ...
    def rf_sim_fork_prepare(self) -> None: ...
    def rf_sim_get_duplicate_dials(self) -> int: ...
    def rf_sim_get_entry(self, index: int, out: Any) -> int: ...
    def rf_sim_get_hold_histogram(self, out: Any) -> None: ...
    def rf_sim_get_release_delay(self) -> int: ...
    def rf_sim_get_time_scale(self) -> float: ...
    def rf_sim_orphaned_dials(self) -> int: ...
    def rf_sim_profile_delays(self, profile: int, min_ns: Any, max_ns: Any) -> int: ...
    def rf_sim_remove_entry(self, name: Any) -> int: ...
    def rf_sim_reset(self) -> None: ...
    def rf_sim_reset_hold_histogram(self) -> None: ...
    def rf_sim_set_duplicate_dials(self, allow: int) -> None: ...
    def rf_sim_set_release_delay(self, ns: int) -> None: ...
    def rf_sim_set_time_scale(self, scale: float) -> None: ...
    def rf_slot_capacity(self) -> int: ...
    def rf_slot_close(self, callback_id: int) -> int: ...
    def rf_slot_fork_child(self) -> None: ...
    def rf_slot_fork_parent(self) -> None: ...
    def rf_slot_fork_prepare(self) -> None: ...
    def rf_slot_get_status(self, callback_id: int, out: Any) -> int: ...
    def rf_slot_open(self, ring: Any, aux: Any) -> int: ...
    def rf_slot_stop(self, callback_id: int) -> int: ...
    def rf_slot_stray_count(self) -> int: ...
    def rf_slot_wait(self, callback_id: int, seen: int, timeout_ns: int) -> int: ...
    def rf_wait_released(self, backend: int, hconn: int, timeout_ns: int, poll_ns: int) -> int: ...


lib: _Lib
