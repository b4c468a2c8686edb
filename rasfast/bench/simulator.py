"""A clean simulated RAS service for one measurement, restored afterwards."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .. import sim
from .._native import lib
from ..enums import ConnState

__all__ = ["CONNECTED", "SIM", "sim_session"]

#: The raw state every successful simulated dial ends in.
CONNECTED = int(ConnState.CONNECTED)
#: The simulated service's native backend id.
SIM = lib.RF_BACKEND_SIM


@contextlib.contextmanager
def sim_session(*, duplicates: bool = True, release_delay: float = 0.0,
                time_scale: float = 1.0) -> Iterator[None]:
    """A clean simulator with the given settings, restored afterwards.

    ``duplicates``: allow several dials of one entry at once.  Raises what
    ``rasfast.sim`` raises for a bad delay or time scale; the simulator is
    reset on the way out, whatever the block raised."""
    sim.reset()
    lib.rf_sim_set_duplicate_dials(1 if duplicates else 0)
    sim.set_release_delay(release_delay)
    sim.set_time_scale(time_scale)
    try:
        yield
    finally:
        sim.reset()
        lib.rf_sim_set_duplicate_dials(0)
