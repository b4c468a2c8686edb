"""The RAS enumerations: values from the native header, names for every state RAS may send."""
from __future__ import annotations

import pickle

import pytest

import rasfast
from rasfast import ConnState, DialOption, EventFlag, RasEvent
from rasfast._native import lib


def test_states_have_the_sdk_values_the_native_header_gives():
    # The native header's numbers are checked against mingw-w64's ras.h at
    # compile time (.ci/steps/35-ras-abi.sh); Python takes them from it.
    assert ConnState.OPEN_PORT == lib.RF_RASCS_OpenPort == 0
    assert lib.RF_RASCS_ApplySettings == ConnState.APPLY_SETTINGS
    assert ConnState.INTERACTIVE == lib.RF_RASCS_Interactive == 0x1000
    assert ConnState.CONNECTED == lib.RF_RASCS_Connected == 0x2000
    assert lib.RF_RASCS_Disconnected == ConnState.DISCONNECTED
    assert lib.RF_RDEOPT_PausedStates == DialOption.PAUSED_STATES
    assert EventFlag.LOCAL == lib.RF_EVENT_FLAG_LOCAL
    assert rasfast.enums.WM_RASDIALEVENT == lib.RF_WM_RASDIALEVENT == 0xCCCD


def test_a_state_a_newer_windows_adds_is_a_named_connstate():
    new = ConnState(0x30)
    assert isinstance(new, ConnState) and new == 0x30
    assert new.name == "RASCS_0x30" and ConnState.of(0x30) is new
    assert not new.is_paused and not new.is_done
    assert ConnState(0x1005).is_paused and ConnState(0x2002).is_done
    assert ConnState.of(0x2000) is ConnState.CONNECTED
    # Pseudo-members do not join the list of the states this version knows.
    assert 0x30 not in [m.value for m in ConnState]


def test_an_event_with_an_unknown_state_reads_as_connstate():
    ev = RasEvent(0, 1, 2, 3, 0, 0xCCCD, 0x31)
    assert isinstance(ev.state, ConnState) and ev.state.name == "RASCS_0x31"
    assert "state=RASCS_0x31" in repr(ev)
    assert pickle.loads(pickle.dumps(ev)) == ev


@pytest.mark.parametrize("value", [-1, 2 ** 32, "CONNECTED", 1.5, None])
def test_what_no_rasconnstate_can_be_is_refused(value):
    with pytest.raises(ValueError):
        ConnState(value)
