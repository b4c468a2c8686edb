"""A real client nobody here wrote: pywin32's win32ras against the simulator's rasapi32.dll.

.ci/windows/run-tests.sh (RASFAST_WIN_RASAPI32=sim-dll) installs pywin32's
own Windows wheel from PyPI into Windows CPython under Wine and puts
csrc/rasapi32_sim_dll.c's rasapi32.dll beside python.exe, in front of
Wine's stubs.  win32ras then calls the simulated service exactly as it
calls Windows' RAS: its structures at the sizes pywin32 was compiled with
(WINVER 0x0601: the 2112-byte RASDIALPARAMSW, the 608-byte RASCONNSTATUSW),
a synchronous RasDialW (no notifier), one with its RasDialFunc1 (notifier
type 1), which takes the GIL on the simulated RAS thread to call the Python
callback, and one with a window handle (notifier type 0xFFFFFFFF, a window
made with pywin32's win32gui).

Skipped, with the reason, where win32ras is not importable (Linux, macOS)
or where the rasapi32.dll loaded is not the simulator (Windows' own, Wine's
stubs: there is no "Demo VPN" to dial).  CI checks that these tests ran,
not skipped, in the sim-dll run (.ci/steps/40-windows.sh).
"""
from __future__ import annotations

import ctypes
import sys
import threading
import time

import pytest

import rasfast
from rasfast import ConnState

if sys.platform != "win32":
    pytest.skip("pywin32's win32ras needs Windows (or Wine)", allow_module_level=True)
win32ras = pytest.importorskip("win32ras", reason="pywin32 is not installed")


def _loaded_rasapi32_is_the_simulator() -> bool:
    # win32ras imported rasapi32.dll by name; LoadLibrary of the same name
    # returns that module, whose extra export says it is the simulator.
    return hasattr(ctypes.WinDLL("rasapi32.dll"), "RfSimGetHoldHistogram")


if not _loaded_rasapi32_is_the_simulator():
    pytest.skip("the rasapi32.dll loaded is not the simulator's (csrc/rasapi32_sim_dll.c; "
                "RASFAST_WIN_RASAPI32=sim-dll in .ci/windows/run-tests.sh)",
                allow_module_level=True)

WM_RASDIALEVENT = 0xCCCD
ERROR_INVALID_HANDLE = 6
ERROR_INVALID_PARAMETER = 87
ERROR_AUTHENTICATION_FAILURE = 691
CONNECTED = int(ConnState.CONNECTED)
AUTHENTICATE = int(ConnState.AUTHENTICATE)
#: Time scale of the DLL's simulated delays in these tests: "Demo VPN"
#: connects in ~15 ms instead of ~0.7 s.
TIME_SCALE = 0.02
LIMIT = 30.0


@pytest.fixture(autouse=True)
def fast_dll():
    dll = ctypes.WinDLL("rasapi32.dll")
    dll.RfSimSetTimeScale.restype = ctypes.c_double
    dll.RfSimSetTimeScale.argtypes = (ctypes.c_double,)
    previous = dll.RfSimSetTimeScale(TIME_SCALE)
    yield
    dll.RfSimSetTimeScale(previous)


def notifier_calls_returned() -> int:
    """How many notifier calls the DLL's RAS threads have seen return (they
    time each call after it returned: rf_histogram.count)."""
    hist = (ctypes.c_uint64 * (4 + 512))()
    ctypes.WinDLL("rasapi32.dll").RfSimGetHoldHistogram(hist)
    return int(hist[0])


def walk(entry: str) -> list[int]:
    """The states a dial of a built-in entry walks through: the DLL's
    simulator has the same built-in phonebook as the in-process one."""
    return [int(s) for s in rasfast.sim.entry_states(entry)]


def bounded(fn, limit: float = LIMIT):
    """fn() on a thread; the test fails, instead of hanging the suite, when it
    has not returned after ``limit`` seconds."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as e:  # handed to the test thread
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(limit)
    assert not t.is_alive(), f"{fn} still running after {limit}s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def error_code(exc: BaseException) -> int:
    """The RAS code of a win32ras.error: its args are (code, function, text)."""
    return int(exc.args[0])


def hang_up_and_wait_released(handle, limit: float = 10.0) -> None:
    """HangUp, then what RAS's documentation asks: poll GetConnectStatus until
    the port is released (ERROR_INVALID_HANDLE)."""
    win32ras.HangUp(handle)
    deadline = time.monotonic() + limit
    while True:
        try:
            win32ras.GetConnectStatus(handle)
        except win32ras.error as e:
            assert error_code(e) == ERROR_INVALID_HANDLE, e.args
            return
        assert time.monotonic() < deadline, "the port was not released after HangUp"
        time.sleep(0.005)


def connection_handles() -> dict[int, str]:
    return {int(h): name for h, name, _type, _device in win32ras.EnumConnections()}


def test_enum_entries_lists_the_simulated_phonebook():
    names = list(win32ras.EnumEntries())
    assert {"Demo VPN", "Demo Bad Password", "Demo Instant"} <= set(names), names
    # The DLL's phonebook, walked with pywin32's RASENTRYNAMEW size, is the
    # simulator's built-in one.
    assert names == [e.name for e in rasfast.sim.entries()]


def test_get_error_string_gives_the_simulators_text():
    text = win32ras.GetErrorString(ERROR_AUTHENTICATION_FAILURE)
    assert text == rasfast.error_text(ERROR_AUTHENTICATION_FAILURE)
    assert "password" in text


def test_synchronous_dial_connects_reports_status_and_hangs_up():
    params = ("Demo VPN", "", "", "alice", "s3cret", "")
    handle, rc = bounded(lambda: win32ras.Dial(None, None, params, None))
    assert rc == 0 and handle
    try:
        # pywin32 sends the 608-byte RASCONNSTATUSW of WINVER 0x0601.
        state, error, device_type, device_name = win32ras.GetConnectStatus(handle)
        assert (state, error) == (CONNECTED, 0)
        # pywin32 312 builds this tuple with Py_BuildValue("s") from the
        # WCHAR fields, so only their first character comes back.
        assert device_type and "vpn".startswith(device_type.lower()), device_type
        assert device_name
        assert connection_handles().get(int(handle)) == "Demo VPN"
    finally:
        hang_up_and_wait_released(handle)
    assert int(handle) not in connection_handles()


def test_synchronous_dial_of_a_failing_entry_returns_691():
    params = ("Demo Bad Password", "", "", "alice", "wrong", "")
    handle, rc = bounded(lambda: win32ras.Dial(None, None, params, None))
    assert rc == ERROR_AUTHENTICATION_FAILURE
    # As on Windows, a failed dial may still hand back a handle, which must
    # be hung up; until then its status says where and why it failed.
    if handle:
        state, error, _type, _device = win32ras.GetConnectStatus(handle)
        assert (state, error) == (AUTHENTICATE, ERROR_AUTHENTICATION_FAILURE)
        hang_up_and_wait_released(handle)
    assert "Demo Bad Password" not in connection_handles().values()


class Recorder:
    """A pywin32 RasDialFunc1 callback: records what the simulated RAS thread
    passes and what GetConnectStatus says from inside the callback."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, int, int, int]] = []
        self.threads: set[int] = set()
        self.status_inside: list[tuple[int, int]] = []
        self.done = threading.Event()
        self.returned_before = notifier_calls_returned()

    def __call__(self, hrasconn, msg, state, error, extended_error):
        self.calls.append((int(hrasconn), msg, state, error, extended_error))
        self.threads.add(threading.get_ident())
        try:
            st = win32ras.GetConnectStatus(hrasconn)
            self.status_inside.append((st[0], st[1]))
        except win32ras.error as e:
            self.status_inside.append((-1, error_code(e)))
        if state == CONNECTED or error:
            self.done.set()

    def dial(self, params):
        # From this thread, which outlives the dial: RAS notifies "in the
        # context of the thread that made the RasDial call" (and the
        # simulator stops a dial whose calling thread exited).
        handle, rc = win32ras.Dial(None, None, params, self)
        assert rc == 0, f"RasDialW with a RasDialFunc1 notifier returned {rc}"
        assert handle
        assert self.done.wait(LIMIT), f"the dial did not end: {self.calls}"
        # pywin32's HangUp keeps the GIL while RasHangUp waits for a
        # notifier call in progress, and the callback needs the GIL to
        # return: hang up only once the last call has returned.
        deadline = time.monotonic() + LIMIT
        while notifier_calls_returned() - self.returned_before < len(self.calls):
            assert time.monotonic() < deadline, "the last callback never returned"
            time.sleep(0.001)
        return handle


def test_dial_with_a_python_callback_gets_every_state_on_a_ras_thread():
    rec = Recorder()
    handle = rec.dial(("Demo VPN", "", "", "alice", "s3cret", ""))
    try:
        assert [c[2] for c in rec.calls] == walk("Demo VPN")
        assert all(c[0] == int(handle) for c in rec.calls), rec.calls
        assert all(c[1] == WM_RASDIALEVENT for c in rec.calls), rec.calls
        assert all(c[3] == 0 and c[4] == 0 for c in rec.calls), rec.calls
        # Called by the simulated RAS thread, not by the thread that dialed.
        assert threading.get_ident() not in rec.threads
        # RasGetConnectStatus works from inside a RasDialFunc1 notifier.
        assert all(code == 0 for state, code in rec.status_inside if state == -1), \
            rec.status_inside
        assert rec.status_inside[-1] == (CONNECTED, 0), rec.status_inside
        state, error, _type, _device = win32ras.GetConnectStatus(handle)
        assert (state, error) == (CONNECTED, 0)
        assert connection_handles().get(int(handle)) == "Demo VPN"
    finally:
        hang_up_and_wait_released(handle)
    time.sleep(0.05)
    calls = len(rec.calls)
    assert calls == len(walk("Demo VPN")), "notified after the dial ended"


def test_dial_with_a_python_callback_reports_the_failure_in_the_callback():
    rec = Recorder()
    handle = rec.dial(("Demo Bad Password", "", "", "alice", "wrong", ""))
    try:
        states = [c[2] for c in rec.calls]
        # Each state once on entry, then the failing one again with its error.
        assert states == walk("Demo Bad Password") + [AUTHENTICATE], rec.calls
        assert [c[3] for c in rec.calls] == [0] * (len(states) - 1) + [
            ERROR_AUTHENTICATION_FAILURE]
    finally:
        hang_up_and_wait_released(handle)


def test_get_connect_status_of_an_unknown_handle_is_invalid_handle():
    with pytest.raises(win32ras.error) as info:
        win32ras.GetConnectStatus(0x7FFF0001)
    assert error_code(info.value) == ERROR_INVALID_HANDLE


def test_dial_with_a_window_handle_posts_every_state_to_the_window():
    """pywin32's Dial with an integer callback: notifier type 0xFFFFFFFF, a
    window handle; RAS posts WM_RASDIALEVENT with the state in wParam and
    the error in lParam to this thread's message queue."""
    win32gui = pytest.importorskip("win32gui", reason="pywin32's win32gui is not installed")
    received: list[tuple[int, int]] = []

    def on_rasdialevent(hwnd, msg, wparam, lparam):
        received.append((int(wparam), int(lparam)))
        return 0

    wc = win32gui.WNDCLASS()
    wc.lpszClassName = "rasfast_test_pywin32_notifier"
    wc.lpfnWndProc = {WM_RASDIALEVENT: on_rasdialevent}
    atom = win32gui.RegisterClass(wc)
    HWND_MESSAGE = -3
    hwnd = win32gui.CreateWindow(atom, "", 0, 0, 0, 0, 0, HWND_MESSAGE, 0, 0, None)
    try:
        handle, rc = win32ras.Dial(None, None, ("Demo VPN", "", "", "alice", "s3cret", ""), hwnd)
        assert rc == 0 and handle
        try:
            deadline = time.monotonic() + LIMIT
            while not received or received[-1][0] != CONNECTED:
                assert time.monotonic() < deadline, f"the dial did not end: {received}"
                win32gui.PumpWaitingMessages()
                time.sleep(0.002)
            assert [state for state, _error in received] == walk("Demo VPN")
            assert all(error == 0 for _state, error in received), received
        finally:
            hang_up_and_wait_released(handle)
    finally:
        win32gui.DestroyWindow(hwnd)
        win32gui.UnregisterClass(atom, None)


def test_dial_from_inside_the_callback_is_an_error_not_a_deadlock():
    """RasDial must not be called from a notifier (the seed's RasDialFunc
    page); the simulator answers ERROR_INVALID_PARAMETER and the outer dial
    goes on."""
    nested: list[tuple[int, int]] = []

    class Nesting(Recorder):
        def __call__(self, hrasconn, msg, state, error, extended_error):
            if not nested:
                nested.append(win32ras.Dial(None, None, ("Demo Instant",), None))
            super().__call__(hrasconn, msg, state, error, extended_error)

    rec = Nesting()
    handle = rec.dial(("Demo VPN", "", "", "alice", "s3cret", ""))
    try:
        (inner_handle, inner_rc), = nested
        assert inner_rc == ERROR_INVALID_PARAMETER
        assert not inner_handle
        assert [c[2] for c in rec.calls] == walk("Demo VPN")
    finally:
        hang_up_and_wait_released(handle)
