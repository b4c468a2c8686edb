"""Phonebook files in Windows' own keys and values: a section written the way Windows writes
it reads as the right EntryProperties, and what rasfast writes is what Windows would.

The sections below were put together for this test from what these sources say (read for
the facts, nothing copied): the AR_F_*, DE_* and AR_F_IpSec* values of the phonebook
library's pbk.h and its key names (pbkp.h) in the Windows Server 2003 / XP source trees;
their RasEntryToPhonebookEntry (RASENTRY's ET_ and RASEO_ values to the phonebook's); a
decompiled current rasapi32.dll's ModifyEntryList (which keys Windows 10/11 writes, in
which part); and rasphone.pbk sections captured on real Windows machines, quoted in public
repositories (L2TP with AuthRestrictions=544 and IpSecFlags=1, IKEv2 with VpnStrategy=7,
CustomAuthKey=26 and AuthRestrictions=128, PPTP with DataEncryption=8 or 256).
Not verified anywhere: the key for IKEv2's machine certificates (rasfast's own for now).
"""
from __future__ import annotations

import os

import pytest

import rasfast
from rasfast import _pbk_file, sim

#: an L2TP/IPsec entry with a pre-shared key, as Windows writes it (shortened: a real one has
#: some 150 keys; the ones left out are kept like these, which are not modelled either)
L2TP = """\
[Branch L2TP]
Encoding=1
PBVersion=8
Type=2
AutoLogon=0
VpnStrategy=3
DataEncryption=256
OverridePref=15
RedialAttempts=7
RedialSeconds=45
IdleDisconnectSeconds=600
CustomAuthKey=-1
AuthRestrictions=608
TypicalAuth=2
IpPrioritizeRemote=0
IpSecFlags=5
IpDnsSuffix=branch.example.com
PreSharedKey=
Ipv6PrioritizeRemote=0

NETCOMPONENTS=
ms_msclient=1
ms_server=1

MEDIA=rastapi
Port=VPN2-0
Device=WAN Miniport (L2TP)

DEVICE=vpn
PhoneNumber=l2tp.example.com
AreaCode=
CountryCode=0
Comment=
TryNextAlternateOnFail=1
"""
#: an IKEv2 entry with EAP-MSCHAPv2 (EAP type 26 and its configuration blob, in hex)
IKEV2 = """\
[Head office]
Encoding=1
PBVersion=8
Type=2
VpnStrategy=7
DataEncryption=8
RedialAttempts=3
RedialSeconds=60
IdleDisconnectSeconds=0
CustomAuthKey=26
CustomAuthData=314442431A0000000800000001000000
AuthRestrictions=128
IpPrioritizeRemote=1
IpSecFlags=0
IpDnsSuffix=

MEDIA=rastapi
Port=VPN3-0
Device=WAN Miniport (IKEv2)

DEVICE=vpn
PhoneNumber=vpn.example.com
PhoneNumber=vpn-alternate.example.com
"""
#: a PPTP entry: maximum encryption, MS-CHAP v2 only
PPTP = """\
[Old PPTP]
Encoding=1
Type=2
VpnStrategy=1
DataEncryption=512
CustomAuthKey=0
AuthRestrictions=512
IpPrioritizeRemote=1
IpSecFlags=0

MEDIA=rastapi
Device=WAN Miniport (PPTP)

DEVICE=vpn
PhoneNumber=198.51.100.7
"""


@pytest.fixture(autouse=True)
def instant():
    sim.set_time_scale(0)


@pytest.fixture
def pbk(tmp_path):
    path = str(tmp_path / "rasphone.pbk")
    with open(path, "w", newline="\r\n") as f:       # Windows' line ends, accepted too
        f.write("\n".join((L2TP, IKEV2, PPTP)))
    os.chmod(path, 0o600)
    return path


def _section(path, name):
    with open(path, encoding="utf-8") as f:
        return _pbk_file.parse(f.read(), path)[name]


def _first(section, key):
    return next(v for k, v in section if k == key)


def test_a_section_windows_wrote_reads_as_its_properties(pbk):
    l2tp = rasfast.get_entry("Branch L2TP", phonebook=pbk)
    assert (l2tp.server, l2tp.tunnel_type, l2tp.encryption) == \
        ("l2tp.example.com", "l2tp", "required")
    assert l2tp.authentication == ("chap", "mschapv2")    # 608: + MS-CHAP v1, not modelled
    assert (l2tp.use_psk, l2tp.split_tunneling, l2tp.dns_suffix) == \
        (True, True, "branch.example.com")
    assert (l2tp.eap_type, l2tp.eap_config) == (0, b"")  # CustomAuthKey=-1: no EAP
    assert (l2tp.idle_disconnect, l2tp.redial_count, l2tp.redial_pause) == (600, 7, 45)
    assert l2tp.device_name == "WAN Miniport (L2TP)"

    ikev2 = rasfast.get_entry("Head office", phonebook=pbk)
    assert (ikev2.server, ikev2.tunnel_type, ikev2.encryption) == \
        ("vpn.example.com", "ikev2", "optional")          # the first PhoneNumber is the one
    assert ikev2.authentication == ("eap",)
    assert (ikev2.eap_type, ikev2.eap_config) == \
        (26, bytes.fromhex("314442431A0000000800000001000000"))
    assert (ikev2.use_psk, ikev2.split_tunneling) == (False, False)

    pptp = rasfast.get_entry("Old PPTP", phonebook=pbk)
    assert (pptp.tunnel_type, pptp.encryption, pptp.authentication) == \
        ("pptp", "maximum", ("mschapv2",))


def test_an_update_keeps_windows_unmodelled_keys_bits_and_parts(pbk):
    rasfast.update_entry("Branch L2TP", phonebook=pbk, authentication=("mschapv2",),
                         psk=None, use_psk=False, split_tunneling=False)
    s = _section(pbk, "Branch L2TP")
    assert _first(s, "AuthRestrictions") == str(0x200 | 0x40)   # MS-CHAP v1's bit survives
    assert _first(s, "IpSecFlags") == "4"                       # only the PSK bit cleared
    assert _first(s, "IpPrioritizeRemote") == "1"
    assert _first(s, "CustomAuthKey") == "-1"                   # not EAP: Windows' value kept
    keys = [k for k, _ in s]
    for kept in ("PBVersion", "OverridePref", "TypicalAuth", "PreSharedKey", "ms_server",
                 "Ipv6PrioritizeRemote", "AreaCode", "TryNextAlternateOnFail"):
        assert kept in keys
    # the parts stay where Windows looks for them: the link's keys after MEDIA, the
    # device's after DEVICE
    media, device = keys.index("MEDIA"), keys.index("DEVICE")
    assert keys.index("NETCOMPONENTS") < media < keys.index("Port") < keys.index("Device") \
        < device < keys.index("PhoneNumber") < keys.index("AreaCode")
    assert _first(s, "PreSharedKey") == ""

    rasfast.update_entry("Head office", phonebook=pbk, dns_suffix="hq.example.com")
    s = _section(pbk, "Head office")
    assert [v for k, v in s if k == "PhoneNumber"] == \
        ["vpn.example.com", "vpn-alternate.example.com"]         # the alternate is kept
    assert _first(s, "CustomAuthData") == "314442431A0000000800000001000000"
    rasfast.update_entry("Head office", phonebook=pbk, authentication=("mschapv2",),
                         eap_type=0, eap_config=b"")
    s = _section(pbk, "Head office")
    assert (_first(s, "AuthRestrictions"), _first(s, "CustomAuthKey")) == ("512", "0")
    assert "CustomAuthData" not in {k for k, _ in s}    # rasfast's EAP settings went with EAP


BASE = dict(server="w.example.com", tunnel_type="l2tp", encryption="required",
            authentication=("mschapv2",))


@pytest.mark.parametrize("props, expect", [
    ({}, {"Type": "2", "Encoding": "1", "VpnStrategy": "3", "DataEncryption": "256",
          "AuthRestrictions": "512", "IpPrioritizeRemote": "1", "IpSecFlags": "0",
          "IpDnsSuffix": "", "IdleDisconnectSeconds": "0", "RedialAttempts": "3",
          "RedialSeconds": "60", "CustomAuthKey": "0", "MEDIA": "rastapi",
          "Device": "WAN Miniport (L2TP)", "DEVICE": "vpn", "PhoneNumber": "w.example.com"}),
    ({"encryption": "none"}, {"DataEncryption": "0"}),
    ({"encryption": "optional"}, {"DataEncryption": "8"}),
    ({"encryption": "maximum"}, {"DataEncryption": "512"}),
    ({"tunnel_type": "automatic"}, {"VpnStrategy": "0"}),
    ({"tunnel_type": "pptp"}, {"VpnStrategy": "1", "Device": "WAN Miniport (PPTP)"}),
    ({"tunnel_type": "sstp"}, {"VpnStrategy": "5", "Device": "WAN Miniport (SSTP)"}),
    ({"tunnel_type": "ikev2"}, {"VpnStrategy": "7", "Device": "WAN Miniport (IKEv2)"}),
    ({"authentication": ("pap",)}, {"AuthRestrictions": "8"}),
    ({"authentication": ("chap",)}, {"AuthRestrictions": "32"}),
    ({"authentication": ("pap", "chap", "mschapv2")}, {"AuthRestrictions": "552"}),
    ({"authentication": ("eap",), "eap_config": b"\x01\xab"},
     {"AuthRestrictions": "128", "CustomAuthKey": "26", "CustomAuthData": "01AB"}),
    ({"authentication": ("eap",), "eap_type": 13}, {"CustomAuthKey": "13"}),
    ({"split_tunneling": True}, {"IpPrioritizeRemote": "0"}),
    ({"psk": "psk-Wk31"}, {"IpSecFlags": "1"}),
    ({"dns_suffix": "corp.example.com"}, {"IpDnsSuffix": "corp.example.com"}),
    ({"idle_disconnect": 300, "redial_count": 9, "redial_pause": 5},
     {"IdleDisconnectSeconds": "300", "RedialAttempts": "9", "RedialSeconds": "5"}),
    ({"tunnel_type": "ikev2", "authentication": ("machine_certificate",)},
     {"AuthRestrictions": "0", "RasfastRequireMachineCertificates": "1"}),  # unverified key
])
def test_the_written_file_has_windows_keys_and_values(tmp_path, props, expect):
    path = str(tmp_path / "written.pbk")
    rasfast.create_entry("W", phonebook=path, **{**BASE, **props})
    s = _section(path, "W")
    got = {k: _first(s, k) for k in expect if k in {k for k, _ in s}}
    assert got == expect
    keys = {k for k, _ in s}
    assert not keys & {"Authentication", "UsePreSharedKey"}    # rasfast's former inventions
    if "eap" not in props.get("authentication", ()):
        assert "CustomAuthData" not in keys     # Windows writes it only when there is some
    if "machine_certificate" not in props.get("authentication", ()):
        assert "RasfastRequireMachineCertificates" not in keys
    with open(path, "rb") as f:
        assert b"psk-Wk31" not in f.read()
    assert rasfast.get_entry("W", phonebook=path).tunnel_type == \
        props.get("tunnel_type", "l2tp")                          # and it reads back
