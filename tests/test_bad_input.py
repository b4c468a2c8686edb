"""Bad input matrix: every public function and CLI command fed wrong types,
out-of-range values, over-long strings, strings UTF-16 cannot encode (lone
surrogates) and embedded NULs.  Each must raise its documented exception
(TypeError / ValueError / RasError; the CLI: its documented exit status and
a one-line message, never a traceback), and leave the process and a
bystander dial untouched.

The cases run in child processes, many per process; a crash (a signal) is
attributed to the case that was running, counted, and the batch resumes
after it.  The test fails on any crash or wrong outcome and prints the
count of cases tried."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from _helpers import run_python

from rasfast._backends import HAS_RASAPI32

NUL, SURROGATE, HIGH_ALONE = "a\0b", "a\ud800b", "\udc00"
BAD_STRINGS = [  # (value, why)
    (5, "int"), (b"Demo VPN", "bytes"), (["x"], "list"), (NUL, "NUL"),
    (SURROGATE, "lone high surrogate"), (HIGH_ALONE, "lone low surrogate"),
    ("x\udcff", "surrogateescape byte"),
]
STRING_LIMITS = {"entry": 256, "username": 256, "password": 256, "domain": 15,
                 "phone_number": 128, "callback_number": 128, "phonebook": 259}
BAD_TIMEOUTS = [("'1'", "TypeError"), ("True", "TypeError"), ("[]", "TypeError"),
                ("-1", "ValueError"), ("-1e-9", "ValueError"), ("float('nan')", "ValueError")]

E_TYPE, E_VALUE, E_RAS = "TypeError", "ValueError", "RasError"
E_CLOSED = "BufferClosedError"   # a ValueError, caught by type


def _cases():
    """(code, expected exception names) pairs; code runs with the names of
    SETUP in scope."""
    cases = []
    add = lambda code, *exp: cases.append((code, list(exp)))  # noqa: E731

    # EventBuffer(capacity)
    for v, exp in [("None", E_TYPE), ("'4'", E_TYPE), ("4.0", E_TYPE), ("True", E_TYPE),
                   ("[]", E_TYPE), ("0", E_VALUE), ("1", E_VALUE), ("3", E_VALUE),
                   ("-4", E_VALUE), ("2**27", E_VALUE), ("2**64", E_VALUE), ("2**1000", E_VALUE),
                   ("-(2**63)", E_VALUE), ("6", E_VALUE)]:
        add(f"EventBuffer({v})", exp)
    # poll / poll_raw / wait / events / await_ready / closed buffer
    for v, exp in [("'1'", E_TYPE), ("1.5", E_TYPE), ("True", E_TYPE), ("-1", E_VALUE)]:
        add(f"buf.poll({v})", exp)
        add(f"buf.poll_raw({v})", exp)     # the same mistake, the same exception
    for v, exp in BAD_TIMEOUTS:
        add(f"buf.wait({v})", exp)
        add(f"next(buf.events({v}))", exp)
        add(f"asyncio.run(buf.await_ready({v}))", exp)
        add(f"conn.wait({v})", exp)
        add(f"conn.hangup({v})", exp)
        add(f"rasfast.hangup_all({v})", exp)
    for op in ["closed.poll()", "closed.poll_raw()", "closed.wait(0)", "closed.stats",
               "next(closed.events())", "rasfast.dial('Demo VPN', buffer=closed)",
               "closed.__enter__()"]:
        add(op, E_CLOSED, "StopIteration" if "events" in op else E_CLOSED)

    # dial(): every string argument, every other argument
    for arg, limit in STRING_LIMITS.items():
        entry = "'Demo VPN'" if arg != "entry" else None
        for value, _why in BAD_STRINGS:
            kw = f"{arg}={value!r}"
            call = f"rasfast.dial({entry}, {kw})" if entry else f"rasfast.dial({value!r})"
            add(call, E_TYPE if not isinstance(value, str) else E_VALUE)
        long = f"'x' * {limit + 1}"
        add(f"rasfast.dial({entry}, {arg}={long})" if entry else f"rasfast.dial({long})", E_VALUE)
        # A character outside the BMP takes two UTF-16 units: limit chars are too many.
        astral = f"'\\U0001F600' * {limit // 2 + 1}"
        add(f"rasfast.dial({entry}, {arg}={astral})" if entry else f"rasfast.dial({astral})",
            E_VALUE)
    add("rasfast.dial(None)", E_TYPE)
    add("rasfast.dial()", E_TYPE)
    add("rasfast.dial('')", E_RAS)
    add("rasfast.dial('No Such Entry')", E_RAS)
    add("rasfast.dial('Demo VPN', 'positional')", E_TYPE)
    for v, exp in [("-1", E_VALUE), ("2**32", E_VALUE), ("2**100", E_VALUE), ("'0'", E_TYPE),
                   ("1.0", E_TYPE), ("True", E_TYPE), ("None", E_TYPE)]:
        add(f"rasfast.dial('Demo VPN', subentry={v})", exp)
    for v in ["'buf'", "5", "bytearray(64)"]:
        add(f"rasfast.dial('Demo VPN', buffer={v})", E_TYPE)
    for v in ["5", "'print'", "object()"]:
        add(f"rasfast.dial('Demo VPN', on_event={v})", E_TYPE)
    for v in ["1", "'yes'", "None", "0.0"]:
        add(f"rasfast.dial('Demo VPN', paused_states={v})", E_TYPE)
    for v, exp in [("5", E_TYPE), ("b'sim'", E_TYPE), ("'nope'", E_VALUE), ("'SIM'", E_VALUE),
                   ("'sim\\0'", E_VALUE)] + ([] if HAS_RASAPI32 else [("'win32'", E_RAS)]):
        add(f"rasfast.dial('Demo VPN', backend={v})", exp)
        add(f"rasfast.connections(backend={v})", exp)
        add(f"rasfast.entries(backend={v})", exp)
    for v, exp in BAD_TIMEOUTS + [("0", E_VALUE), ("float('inf')", E_VALUE)]:
        add(f"rasfast.dial('Demo VPN', timeout={v})", exp)
    for value, _why in BAD_STRINGS:
        add(f"rasfast.entries(phonebook={value!r})", E_TYPE if not isinstance(value, str) else E_VALUE)
    add("rasfast.entries(phonebook='x' * 260)", E_VALUE)

    # Connection methods
    for value, _why in BAD_STRINGS:
        for arg in ["password", "username", "domain", "phone_number", "callback_number"]:
            add(f"paused.resume({arg}={value!r})", E_TYPE if not isinstance(value, str) else E_VALUE)
    add("paused.resume(password='x' * 257)", E_VALUE)
    add("paused.resume('positional')", E_TYPE)
    add("conn.resume(password='x')", E_VALUE)            # not paused
    add("gone.resume(password='x')", E_RAS)              # hung up
    add("gone.status()", E_RAS)
    add("gone.wait(1)", E_RAS, "no exception")           # documented: DISCONNECTED or 631
    # error_text / RasError / ConnState
    for v, exp in [("'1'", E_TYPE), ("1.0", E_TYPE), ("True", E_TYPE), ("None", E_TYPE),
                   ("-1", E_VALUE), ("2**32", E_VALUE), ("2**64", E_VALUE)]:
        add(f"rasfast.error_text({v})", exp)
    # rasfast.hangup(target): handles, ConnectionInfo, Connection
    for v, exp in [("'1'", E_TYPE), ("1.0", E_TYPE), ("True", E_TYPE), ("None", E_TYPE),
                   ("b'x'", E_TYPE), ("0", E_VALUE), ("-1", E_VALUE), ("2**64", E_VALUE)]:
        add(f"rasfast.hangup({v})", exp)
    for v, exp in BAD_TIMEOUTS:
        add(f"rasfast.hangup(0x7fff0001, timeout={v})", exp)
    add("rasfast.hangup(0x7fff0001, backend='nope')", E_VALUE)
    add("assert rasfast.hangup(0x7fff0001, timeout=None) in (True, False)", "no exception")
    # A RASCONNSTATE a newer Windows may send is a pseudo-member (test_enums);
    # what no RASCONNSTATE can be is refused.
    add("rasfast.ConnState(-1)", E_VALUE)
    add("rasfast.ConnState(2**32)", E_VALUE)
    add("rasfast.ConnState('CONNECTED')", E_VALUE)

    # rasfast.sim
    for value, _why in BAD_STRINGS + [("", "empty")]:
        exp = E_TYPE if not isinstance(value, str) else E_VALUE
        add(f"rasfast.sim.add_entry({value!r})", exp)
        add(f"rasfast.sim.remove_entry({value!r})", exp if value else E_RAS, E_RAS)
        add(f"rasfast.sim.entry_states({value!r})", exp if value else E_RAS, E_RAS)
    add("rasfast.sim.add_entry('x' * 257)", E_VALUE)
    add("rasfast.sim.add_entry('Demo VPN')", E_VALUE)                       # exists
    add("rasfast.sim.remove_entry('No Such Entry')", E_RAS)
    add("rasfast.sim.entry_states('No Such Entry')", E_RAS)
    for kw, exp in [("profile=5", E_TYPE), ("profile='fast'", E_VALUE), ("profile=None", E_TYPE),
                    ("fail_at='x'", E_TYPE), ("fail_at=1.5", E_TYPE), ("fail_at=True", E_TYPE),
                    ("fail_at=12345", E_VALUE), ("fail_at=-1", E_VALUE),
                    ("fail_at=rasfast.ConnState.AUTHENTICATE", E_VALUE),      # no error
                    ("fail_at=rasfast.ConnState.PROJECTED, error=5", E_VALUE),  # not in a vpn walk
                    ("error=5", E_VALUE), ("error=-1", E_VALUE), ("error=2**32", E_VALUE),
                    ("error='5'", E_TYPE), ("error=5.0", E_TYPE),
                    ("pause_at=rasfast.ConnState.CONNECTED", E_VALUE), ("pause_at='x'", E_TYPE),
                    ("pause_at=99999", E_VALUE), ("subentries=3", E_VALUE),
                    ("subentries=0", E_VALUE), ("subentries='1'", E_TYPE),
                    ("subentries=True", E_TYPE)]:
        add(f"rasfast.sim.add_entry('New Entry', {kw})", exp)
    for fn, hi in [("set_time_scale", "1001"), ("set_release_delay", "61")]:
        for v, exp in [("'1'", E_TYPE), ("True", E_TYPE), ("None", E_TYPE), ("-1", E_VALUE),
                       ("float('nan')", E_VALUE), ("float('inf')", E_VALUE), (hi, E_VALUE)]:
            add(f"rasfast.sim.{fn}({v})", exp)
    for v in ["1", "'yes'", "None"]:
        add(f"rasfast.sim.set_duplicate_dials({v})", E_TYPE)
    return cases


def _cli_cases():
    """(argv, allowed exit statuses): 2 = bad arguments, else RAS codes as
    cli.exit_status maps them."""
    from rasfast.cli import exit_status

    usage = [2]
    cases = [
        (["dial"], usage), (["dial", "x" * 300], usage), (["dial", NUL], usage),
        (["dial", SURROGATE], usage), (["dial", "\udcff"], usage),
        (["dial", "Demo VPN", "--timeout", "-1"], usage),
        (["dial", "Demo VPN", "--timeout", "nan"], usage),
        (["dial", "Demo VPN", "--timeout", "abc"], usage),
        (["dial", "Demo VPN", "--timeout", "0"], usage),
        (["dial", "Demo VPN", "u", "p", "--domain", "d" * 16], usage),
        (["dial", "Demo VPN", "u", "p" * 257], usage),
        (["dial", "Demo VPN", "u", NUL], usage),
        (["dial", "Demo VPN", "u", SURROGATE], usage),
        (["dial", "Demo VPN", "--phone", "9" * 129], usage),
        (["dial", "Demo VPN", "--phonebook", NUL], usage),
        (["dial", "Demo VPN", "--backend", "nope"], usage),
        *([] if HAS_RASAPI32 else [(["dial", "Demo VPN", "--backend", "win32"], usage)]),
        (["dial", "No Such Entry"], [exit_status(623)]),
        (["Demo VPN", "/DOMAIN:" + "d" * 16], usage),
        (["Demo VPN", "/DOMAIN"], usage), (["Demo VPN", "/DISCONNECT:now"], usage),
        (["Demo VPN", "/PREFIXSUFFIX"], usage),
        # A name no connection can have is "not connected" (668), like rasdial's.
        (["hangup"], usage), (["hangup", NUL], usage + [exit_status(668)]),
        (["hangup", "x" * 300], usage + [exit_status(668)]),
        (["hangup", "No Such Entry"], [exit_status(668)]),
        (["hangup", "--timeout", "-5", "--all"], usage),
        (["list", "--backend", "nope"], usage), (["list", "--color", "purple"], usage),
        (["entries", "--phonebook", NUL], usage), (["entries", "--phonebook", "p" * 300], usage),
        (["error"], usage), (["error", "abc"], usage), (["error", "-1"], usage),
        (["error", "99999999999"], usage), (["error", "1.5"], usage), (["error", NUL], usage),
        (["sim", "add", ""], usage), (["sim", "add", NUL], usage), (["sim", "add", "x" * 300], usage),
        (["sim", "add", "X1", "--fail-at", "NOPE", "--error", "5"], usage),
        (["sim", "add", "X2", "--error", "5"], usage),
        (["sim", "add", "X3", "--fail-at", "AUTHENTICATE"], usage),
        (["sim", "add", "X4", "--pause-at", "CONNECTED"], usage),
        (["sim", "add", "X5", "--subentries", "3"], usage),
        (["sim", "add", "X6", "--profile", "fast"], usage),
        (["sim", "add", "Demo VPN"], usage),
        (["sim", "states", "No Such Entry"], [exit_status(623)]),
        (["sim", "states", SURROGATE], usage),
        (["sim", "remove", "No Such Entry"], usage + [1, exit_status(623)]),
        (["sim", "bogus"], usage), (["bogus-command", "--x"], usage),
        (["--no-such-option"], usage),
    ]
    return cases


SETUP = """
import asyncio, contextlib, io, json, os, sys, traceback
import rasfast
from rasfast import EventBuffer, RasError
from rasfast.cli import main as cli_main

def setup():
    global bystander_buf, bystander, buf, closed, conn, paused, gone, base_active
    rasfast.hangup_all(5)
    rasfast.sim.reset()
    rasfast.sim.set_time_scale(0.01)
    bystander_buf = EventBuffer(256)
    bystander = rasfast.dial("Demo VPN", buffer=bystander_buf, password="bystander-pw")
    assert bystander.wait(10) is rasfast.ConnState.CONNECTED
    buf = EventBuffer(16)
    closed = EventBuffer(16); closed.close()
    conn = rasfast.dial("Demo Instant", buffer=EventBuffer(64))
    conn.wait(10)
    rasfast.sim.add_entry("Pausing", pause_at=rasfast.ConnState.PASSWORD_EXPIRED)
    paused = rasfast.dial("Pausing", paused_states=True)
    assert paused.wait(10) is rasfast.ConnState.PASSWORD_EXPIRED
    gone = rasfast.dial("Demo Modem"); gone.hangup(5)
    base_active = rasfast.sim.active_connections()

setup()
"""

RUNNER = SETUP + """
with open(sys.argv[1], encoding="utf-8") as f:
    cases = json.load(f)
first = int(sys.argv[2])
for i in range(first, len(cases)):
    kind, payload = cases[i]
    print(json.dumps(["start", i]), flush=True)
    err = io.StringIO()
    outcome = "no exception"
    message = ""
    try:
        if kind == "py":
            exec(payload, globals())
        else:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(err):
                outcome = "exit %d" % cli_main(payload)
            message = err.getvalue()
    except BaseException as e:
        outcome = type(e).__name__
        message = str(e)
        if isinstance(e, (SystemExit, KeyboardInterrupt)):
            message = "escaped: " + repr(e)
    # Bad input leaves the process and the other dials untouched.
    intact = (bystander.state is rasfast.ConnState.CONNECTED and not paused.hung_up
              and rasfast.sim.active_connections() == base_active)
    print(json.dumps(["done", i, outcome, message[:500], intact]), flush=True)
    if not intact:
        setup()       # start the next case from a known state
print(json.dumps(["end", 0]), flush=True)
"""


def _run_matrix(cases, tmp_path):
    """Run every case; returns {index: (outcome, message, intact)} and the
    indices that crashed their process."""
    results, crashed = {}, []
    first = 0
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases), encoding="utf-8")
    while first < len(cases):
        r = run_python(RUNNER, timeout=300, args=(str(path), str(first)))
        current = None
        ended = False
        for line in r.stdout.splitlines():
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if rec[0] == "start":
                current = rec[1]
            elif rec[0] == "done":
                results[rec[1]] = tuple(rec[2:])
                current = None
            elif rec[0] == "end":
                ended = True
        if ended:
            break
        assert current is not None, f"the runner died outside a case:\n{r.describe()}"
        crashed.append((current, r.describe()[:400]))
        first = current + 1
    return results, crashed


def test_bad_input_matrix(tmp_path):
    py = _cases()
    cli = _cli_cases()
    cases = [["py", code] for code, _ in py] + [["cli", argv] for argv, _ in cli]
    results, crashed = _run_matrix(cases, tmp_path)
    wrong = []
    for i, (kind, payload) in enumerate(cases):
        if i not in results:
            continue
        outcome, message, intact = results[i]
        if kind == "py":
            expected = py[i][1]
            ok = outcome in expected and (outcome in ("no exception", "StopIteration")
                                          or message.strip() != "")
        else:
            allowed = cli[i - len(py)][1]
            ok = outcome in [f"exit {s}" for s in allowed] and "Traceback" not in message \
                and message.strip() != ""
        if not intact:
            ok = False
        if not ok:
            wrong.append((payload, outcome, message[:200], intact))
    print(f"\nbad input: {len(cases)} cases ({len(py)} API, {len(cli)} CLI), "
          f"{len(crashed)} crashes, {len(wrong)} wrong outcomes")
    assert not crashed, crashed
    assert not wrong, "\n".join(map(repr, wrong))
    assert len(results) == len(cases)


def test_matrix_detects_a_crash(tmp_path):
    """Positive control: a case that kills its process is found, attributed
    to the right case, and the batch goes on after it."""
    cases = [["py", "1/0"], ["py", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"],
             ["py", "int('x')"]]
    results, crashed = _run_matrix(cases, tmp_path)
    assert [c[0] for c in crashed] == [1]
    assert results[0][0] == "ZeroDivisionError" and results[2][0] == "ValueError"


@pytest.mark.skipif(os.name == "nt", reason="Windows argv is UTF-16: no undecodable bytes")
def test_cli_entry_point_with_undecodable_argv():
    """Through the real entry point: argv bytes that are not UTF-8 arrive as
    lone surrogates (surrogateescape); rasfast answers with a usage error."""

    # Each answer names what is wrong with the argument it got.
    for argv, says in (([b"sim", b"states", b"\xff\xfe"], b"name contains a lone surrogate"),
                       ([b"dial", b"Demo\xffVPN"], b"entry contains a lone surrogate"),
                       ([b"entries", b"--phonebook", b"\xc3"], b"phonebook contains a lone surrogate"),
                       ([b"error", b"\xff"], b"not an error code: '\\udcff'")):
        p = subprocess.run([os.fsencode(sys.executable), b"-m", b"rasfast", *argv],
                           capture_output=True, timeout=60,
                           env={**os.environ, "RASFAST_SIM_SESSION_FILE": ""})
        assert p.returncode == 2, (argv, p.returncode, p.stderr)
        assert b"Traceback" not in p.stderr and says in p.stderr, (argv, p.stderr)


def _wstr_outcome(text, secret):
    from rasfast._native import ffi
    from rasfast._wstring import wstr
    try:
        buf = wstr(text, "field", 40, secret=secret)
    except (TypeError, ValueError) as e:
        return type(e), str(e)
    return list(ffi.unpack(buf, len(buf)))


@pytest.mark.parametrize("text", [
    "", "Demo VPN", "Zweigstelle München", "\U0001F512 vault", "x" * 40, "x" * 41,
    "\U0001F512" * 20, "\U0001F512" * 21, "nul\0inside", "lone \ud800 high", "lone \udc00 low",
    "\udbff\udfff", "\U0010FFFF",
])
def test_the_fast_and_the_secret_string_copies_agree(text):
    """wstr's one-call encoding (names) and its unit-by-unit copy (secrets)
    give the same UTF-16 units, NUL-terminated, or the same error."""
    fast, slow = _wstr_outcome(text, False), _wstr_outcome(text, True)
    assert fast == slow
    if isinstance(fast, list):
        assert fast[-1] == 0 and 0 not in fast[:-1]
        assert bytes(b for u in fast[:-1] for b in u.to_bytes(2, "little")).decode("utf-16-le") == text
