"""Statistics and addresses of a connection after CONNECTED.

:class:`ConnectionStatistics` is RAS_STATS (RasGetConnectionStatistics, or
RasGetLinkStatistics for one link of a multilink connection);
:class:`Projection` is what PPP or IKEv2 negotiated (RasGetProjectionInfoEx,
or RasGetProjectionInfoW where Windows has no Ex).  RAS's byte counters are
32 bits and wrap at 4 GiB: :func:`counter_delta` and :class:`RateMeter`
compute differences and rates across the wrap.
"""
from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Dict, Optional, Tuple, Union

from . import _validate
from ._native import ffi, lib
from .errors import check

__all__ = ["ConnectionStatistics", "Projection", "RateMeter", "counter_delta",
           "COUNTER_MODULUS"]

#: RAS_STATS counters are DWORDs: they wrap at 2**32.
COUNTER_MODULUS = 2 ** 32

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]


@dataclass(frozen=True)
class ConnectionStatistics:
    """RAS_STATS of a connection (or of one link): counters since the
    connection came up or since the last :meth:`clear_statistics`.  The
    byte and frame counters are RAS's 32-bit values and wrap at 4 GiB."""

    bytes_sent: int
    bytes_received: int
    frames_sent: int
    frames_received: int
    crc_errors: int
    timeout_errors: int
    alignment_errors: int
    hardware_overrun_errors: int
    framing_errors: int
    buffer_overrun_errors: int
    compression_in: int      #: compression ratio of received data, percent
    compression_out: int     #: ... of sent data
    bps: int                 #: the line rate, bits per second
    duration: timedelta      #: how long it has been connected
    subentry: int = 0        #: 0: the whole connection; n: link n


@dataclass(frozen=True)
class Projection:
    """What the connection negotiated: ``kind`` "ppp" or "ikev2", this
    side's and the server's IPv4 and IPv6 addresses (None when that
    protocol is not configured; PPP's IPv6 is the fe80:: link-local address
    IPV6CP negotiated), the authentication and the encryption RAS reports
    (None when it reports none)."""

    kind: str
    ipv4: Optional[ipaddress.IPv4Address]
    server_ipv4: Optional[ipaddress.IPv4Address]
    ipv6: Optional[ipaddress.IPv6Address]
    server_ipv6: Optional[ipaddress.IPv6Address]
    auth: Optional[str]
    encryption: Optional[str]
    ipv6_prefix_length: int = 0

    def addresses(self) -> Dict[str, Optional[str]]:
        """The four addresses as strings (None where absent), for output."""
        return {name: (str(value) if value is not None else None)
                for name, value in (("ipv4", self.ipv4), ("server_ipv4", self.server_ipv4),
                                    ("ipv6", self.ipv6), ("server_ipv6", self.server_ipv6))}


_PPP_AUTH = {
    (int(lib.RF_RASLCPAP_CHAP), int(lib.RF_RASLCPAD_CHAP_MSV2)): "mschapv2",
    (int(lib.RF_RASLCPAP_CHAP), int(lib.RF_RASLCPAD_CHAP_MS)): "mschap",
    (int(lib.RF_RASLCPAP_CHAP), int(lib.RF_RASLCPAD_CHAP_MD5)): "chap",
}
_PPP_AUTH_PROTOCOL = {int(lib.RF_RASLCPAP_PAP): "pap", int(lib.RF_RASLCPAP_EAP): "eap",
                      int(lib.RF_RASLCPAP_CHAP): "chap"}
_IKEV2_AUTH = {int(lib.RF_RASIKEv2_AUTH_MACHINECERTIFICATES): "machine-certificate",
               int(lib.RF_RASIKEv2_AUTH_EAP): "eap", int(lib.RF_RASIKEv2_AUTH_PSK): "psk"}
_IKEV2_CIPHER = {int(lib.RF_IPSEC_CIPHER_TYPE_DES): "des", int(lib.RF_IPSEC_CIPHER_TYPE_3DES): "3des",
                 int(lib.RF_IPSEC_CIPHER_TYPE_AES_128): "aes-128",
                 int(lib.RF_IPSEC_CIPHER_TYPE_AES_192): "aes-192",
                 int(lib.RF_IPSEC_CIPHER_TYPE_AES_256): "aes-256"}
_MPPE = ((int(lib.RF_RASCCPO_Encryption128bit), "mppe-128"),
         (int(lib.RF_RASCCPO_Encryption56bit), "mppe-56"),
         (int(lib.RF_RASCCPO_Encryption40bit), "mppe-40"))


def _auth(pj: Any) -> Optional[str]:
    if pj.kind == lib.RF_PROJECTION_INFO_TYPE_IKEv2:
        return _IKEV2_AUTH.get(int(pj.auth_protocol))
    return (_PPP_AUTH.get((int(pj.auth_protocol), int(pj.auth_data)))
            or _PPP_AUTH_PROTOCOL.get(int(pj.auth_protocol)))


def _encryption(pj: Any) -> Optional[str]:
    if pj.kind == lib.RF_PROJECTION_INFO_TYPE_IKEv2:
        return _IKEV2_CIPHER.get(int(pj.encryption))
    for bit, name in _MPPE:
        if pj.encryption & bit:
            return name
    return "none" if pj.used_ex else None


def _ip(raw: Any, size: int) -> IPAddress:
    return ipaddress.ip_address(bytes(ffi.buffer(raw, size)))


def read_statistics(backend_id: int, handle: int, subentry: Optional[int],
                    what: str) -> ConnectionStatistics:
    """RasGetConnectionStatistics / RasGetLinkStatistics."""
    sub = 0 if subentry is None else _validate.integer(subentry, "subentry", 1, 2 ** 32 - 1)
    out = ffi.new("rf_link_stats *")
    check(lib.rf_get_statistics(backend_id, handle, sub, out), f"statistics of {what}")
    return ConnectionStatistics(
        int(out.bytes_sent), int(out.bytes_received), int(out.frames_sent),
        int(out.frames_received), int(out.crc_errors), int(out.timeout_errors),
        int(out.alignment_errors), int(out.hardware_overrun_errors), int(out.framing_errors),
        int(out.buffer_overrun_errors), int(out.compression_in), int(out.compression_out),
        int(out.bps), timedelta(milliseconds=int(out.duration_ms)), sub)


def clear_statistics(backend_id: int, handle: int, subentry: Optional[int], what: str) -> None:
    """RasClearConnectionStatistics / RasClearLinkStatistics."""
    sub = 0 if subentry is None else _validate.integer(subentry, "subentry", 1, 2 ** 32 - 1)
    check(lib.rf_clear_statistics(backend_id, handle, sub), f"clearing statistics of {what}")


def read_projection(backend_id: int, handle: int, what: str, *, use_ex: bool = True) -> Projection:
    """RasGetProjectionInfoEx, or RasGetProjectionInfoW (PppIp, PppIpv6)."""
    pj = ffi.new("rf_projection *")
    check(lib.rf_get_projection(backend_id, handle, 1 if use_ex else 0, pj),
          f"projection of {what}")
    kind = "ikev2" if pj.kind == lib.RF_PROJECTION_INFO_TYPE_IKEv2 else "ppp"
    v4 = _ip(pj.ipv4, 4) if pj.has_ipv4 else None
    sv4 = _ip(pj.server_ipv4, 4) if pj.has_ipv4 else None
    v6 = _ip(pj.ipv6, 16) if pj.has_ipv6 else None
    sv6 = _ip(pj.server_ipv6, 16) if pj.has_ipv6 else None
    return Projection(kind, v4, sv4, v6, sv6, _auth(pj), _encryption(pj),  # type: ignore[arg-type]
                      int(pj.ipv6_prefix_length))


class AfterConnected:
    """statistics(), clear_statistics() and projection() for anything that
    names a connection of a backend (Connection, ConnectionInfo)."""

    __slots__ = ()

    def _link_target(self) -> Tuple[int, int, str]:
        """(backend id, handle, what to call it in errors)."""
        raise NotImplementedError

    def statistics(self, subentry: Optional[int] = None) -> ConnectionStatistics:
        """RAS's traffic counters of the connection, or of link ``subentry``
        (1, 2...) of a multilink one.

        Raises:
            RasError: 6 once it is gone (dropped, hung up), 87 for a
                subentry it does not have, 606 for a link that is down.
        """
        backend_id, handle, what = self._link_target()
        return read_statistics(backend_id, handle, subentry, what)

    def clear_statistics(self, subentry: Optional[int] = None) -> None:
        """Restart the counters (of one link with ``subentry``).

        Raises:
            RasError: 6 once it is gone, or what RAS answers.
        """
        backend_id, handle, what = self._link_target()
        clear_statistics(backend_id, handle, subentry, what)

    def projection(self) -> Projection:
        """The addresses and protocols the connection negotiated.

        Raises:
            RasError: 730 before the projection is complete, 6 once it is
                gone, 731 when neither IPv4 nor IPv6 is configured.
        """
        backend_id, handle, what = self._link_target()
        return read_projection(backend_id, handle, what)


def counter_delta(previous: int, current: int) -> int:
    """How much a 32-bit RAS counter grew from ``previous`` to
    ``current``, across a wrap at 4 GiB (at most one wrap in between)."""
    return (current - previous) % COUNTER_MODULUS


class RateMeter:
    """Bytes per second each way from successive :class:`ConnectionStatistics`
    samples of one connection, across the 4 GiB wrap.  ``update`` returns
    (sent/s, received/s); the first sample, and one taken after the counters
    were cleared (duration went back), give (0.0, 0.0)."""

    def __init__(self) -> None:
        self._last: Optional[Tuple[float, ConnectionStatistics]] = None

    def update(self, stats: ConnectionStatistics, now: Optional[float] = None) -> Tuple[float, float]:
        """Add a sample (taken at ``now``, time.monotonic() by default);
        returns (bytes sent per second, bytes received per second)."""
        t = time.monotonic() if now is None else now
        last, self._last = self._last, (t, stats)
        if last is None or t <= last[0] or stats.duration < last[1].duration:
            return 0.0, 0.0
        dt = t - last[0]
        return (counter_delta(last[1].bytes_sent, stats.bytes_sent) / dt,
                counter_delta(last[1].bytes_received, stats.bytes_received) / dt)
