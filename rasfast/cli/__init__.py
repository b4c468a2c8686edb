"""The ``rasfast`` command: rasdial's commands, plus a live timeline of
every state a dial goes through.

    rasfast dial ENTRY [USER [PASSWORD|*]] [options]    dial, print each state as it happens
    rasfast hangup ENTRY | --all                        hang up
    rasfast list                                        the connections RAS knows
    rasfast entries                                     the phonebook's entries
    rasfast error CODE...                               what an error code means
    rasfast sim [list|states|add|remove|clear]          the simulated RAS service
    rasfast bench ...                                   the benchmark report (rasfast.bench)

rasdial's own spellings work too: ``rasfast ENTRY USER * /DOMAIN:d``,
``rasfast ENTRY /DISCONNECT``, and a bare ``rasfast`` lists connections.

Exit status: 0 when the dial connected (or the command succeeded), 2 for
bad arguments (nothing was dialled), else the RAS error, as rasdial does.
Windows keeps the whole 32-bit code (691 stays 691).  POSIX keeps only 8
bits, so there RAS codes 600-767 exit with ``code - 512`` (the low byte:
691 -> 179, 678 -> 166, 623 -> 111; add 512 to get the code back) and
every other error exits with 1; the exact code is always printed, and is
in the ``--json`` result record.

Environment: NO_COLOR turns colour off; RASFAST_SIM_TIME_SCALE multiplies
the simulator's delays; RASFAST_SIM_SESSION_FILE moves (or, set empty,
disables) the file that keeps ``rasfast sim add`` entries for the session.
"""
from __future__ import annotations

import argparse
import getpass
import importlib.util
import json
import os
import re
import signal
import sys
import time
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set, TextIO

from .. import _backends, _files, sim
from .._native import lib
from .._text import printable, quoted
from ..dialing import Connection, connections, dial, entries
from ..dialing import hangup as rasfast_hangup
from ..enums import STATE_BY_VALUE, ConnState
from ..errors import ERROR_USER_DISCONNECTION, RasError, error_text
from ..events import RasEvent

__all__ = ["main", "exit_status"]

PROG = "rasfast"
SUBCOMMANDS = ("dial", "hangup", "list", "entries", "error", "sim", "bench")

ERROR_NO_CONNECTION = 668     # hang-up of an entry that is not connected
ERROR_INTERACTIVE_MODE = 703  # a pause needs input nobody can give
USAGE = 2

# rasdial's /OPTION:value spellings, and the long options they stand for.
RASDIAL_OPTIONS = {"DOMAIN": "--domain", "PHONE": "--phone", "CALLBACK": "--callback",
                   "PHONEBOOK": "--phonebook"}
_RASDIAL_RE = re.compile(r"^/([A-Za-z]+)(?::(.*))?$", re.S)

STATE_WIDTH = max(len(s.name) for s in ConnState)
NAME_WIDTH = STATE_WIDTH + len(" [sub 2]")     # the state column, with a subentry


def exit_status(code: int, windows: Optional[bool] = None) -> int:
    """The process exit status for a RAS error code (0 for success).

    Windows exit codes are 32 bits wide, so the code itself is used, as
    rasdial does.  POSIX keeps only the low 8 bits, which would turn 768
    into 0 (success!); so there codes 600-767 map to ``code - 512`` (their
    low byte, 88-255, distinct from each other and from 0, 1 and 2) and
    every other error to 1.
    """
    if windows is None:
        windows = os.name == "nt"
    if code == 0:
        return 0
    if windows:
        return code
    if 600 <= code <= 767:
        return code - 512
    return 1


class UsageError(Exception):
    """Bad arguments: print the usage message, exit 2, dial nothing."""


# ---------------------------------------------------------------------------
# Terminal output
# ---------------------------------------------------------------------------

class Style:
    """ANSI colour when writing to a terminal, plain text otherwise."""

    CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles:
            return text
        codes = ";".join(self.CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def _enable_windows_ansi(stream: TextIO) -> bool:
    """Turn on VT processing for a Windows console; False if impossible."""
    try:
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.GetStdHandle(-11 if stream is sys.stdout else -12)
        mode = wintypes.DWORD()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel32.SetConsoleMode(handle, mode.value | 0x0004))
    except Exception:
        return False


def make_style(choice: str, stream: TextIO) -> Style:
    if choice == "never":
        return Style(False)
    if choice == "always":
        return Style(True)
    if os.environ.get("NO_COLOR"):   # no-color.org: present and not empty
        return Style(False)
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty or os.environ.get("TERM") == "dumb":
        return Style(False)
    if os.name == "nt":
        return Style(_enable_windows_ansi(stream))
    return Style(True)


def out(text: str = "", stream: Optional[TextIO] = None) -> None:
    """Print and flush at once: the timeline is live even through a pipe."""
    stream = stream or sys.stdout
    stream.write(text + "\n")
    stream.flush()


def to_stderr(text: str) -> None:
    """A message on stderr; names in it may come from anywhere, so escaped."""
    out(printable(text, keep_newlines=True), sys.stderr)


def note(text: str) -> None:
    to_stderr(f"{PROG}: {text}")


def _state_name(state: object) -> str:
    return state.name if isinstance(state, ConnState) else f"0x{int(state):04x}"


def _table(rows: List[List[str]], header: List[str], style: Style) -> List[str]:
    # Cells hold names from phonebooks and RAS: escaped before measuring.
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [style(fmt.format(*header).rstrip(), "bold")]
    lines += [fmt.format(*r).rstrip() for r in rows]
    return lines


# ---------------------------------------------------------------------------
# The simulator's session: entries added with `rasfast sim add` live in a
# file, because each process has a simulator of its own.
# ---------------------------------------------------------------------------

SESSION_FILE_NAME = "sim-session.json"
#: larger than any session file rasfast writes
SESSION_FILE_LIMIT = 1024 * 1024
#: what this process has already said about an unsafe session file
_said: Set[str] = set()


def _note_once(text: str) -> None:
    if text not in _said:    # loading the session and the command both look
        _said.add(text)
        note(text)


def _session_disabled() -> bool:
    return os.environ.get("RASFAST_SIM_SESSION_FILE") == ""


def session_file() -> Optional[str]:
    """Where `rasfast sim add` keeps entries; None when disabled, or when
    the folder is unsafe (said once, on stderr).

    $RASFAST_SIM_SESSION_FILE if set (empty disables it); else
    sim-session.json in rasfast's private per-user folder (see
    rasfast._files: $XDG_RUNTIME_DIR/rasfast, emptied at logout, else the
    user's cache folder, else <tempdir>/rasfast-<uid>).  Finding it makes
    nothing: the first write makes the folder."""
    env = os.environ.get("RASFAST_SIM_SESSION_FILE")
    if env is not None:
        return env or None
    try:
        folder = _files.private_dir(create=False)
    except _files.RefusedFile as exc:
        _note_once(f"not using {exc.path} for the simulator session: {exc.reason}; "
                   f"continuing without a session file")
        return None
    return os.path.join(folder, SESSION_FILE_NAME)


def _read_session(path: Optional[str]) -> List[Dict[str, Any]]:
    if not path:
        return []
    try:
        raw = _files.read_private(path, limit=SESSION_FILE_LIMIT)
        if raw is None:
            return []
        data = json.loads(raw.decode("utf-8"))
        items = data["entries"]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ValueError("'entries' is not a list of objects")
        return items
    except _files.RefusedFile as exc:
        where = "" if exc.path == path else f"its folder {exc.path}: "
        _note_once(f"ignoring the simulator session file {path}: {where}{exc.reason}")
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        note(f"ignoring the simulator session file {path}: {exc}")
        return []


def _write_session(path: str, items: List[Dict[str, Any]]) -> bool:
    """Replace the session file; False (said on stderr) if it cannot be."""
    try:
        # The folder may not exist yet (made mode 0700); atomic_write
        # then checks it, whoever made it.
        os.makedirs(os.path.dirname(os.path.abspath(path)), mode=0o700, exist_ok=True)
        _files.atomic_write(path, json.dumps({"entries": items}, indent=1).encode("utf-8"))
    except (OSError, _files.RefusedFile) as exc:
        note(f"cannot write the simulator session file {path}: {exc}")
        return False
    return True


def _entry_kwargs(item: Dict[str, Any]) -> Dict[str, Any]:
    kwargs: Dict[str, Any] = {"profile": item.get("profile", "vpn"),
                              "subentries": item.get("subentries", 1)}
    for key in ("fail_at", "pause_at"):
        if item.get(key) is not None:
            kwargs[key] = parse_state(str(item[key]))
    if item.get("error"):
        kwargs["error"] = item["error"]
    return kwargs


def load_session() -> None:
    """Add the session's entries to this process's simulator."""
    for item in _read_session(session_file()):
        try:
            sim.add_entry(item["name"], **_entry_kwargs(item))
        except (KeyError, TypeError, ValueError, RasError) as exc:
            note(f"skipping simulator session entry {quoted(str(item.get('name')))}: {exc}")


def _session_names(path: Optional[str]) -> List[str]:
    return [str(i.get("name", "")).lower() for i in _read_session(path)]


def apply_sim_env() -> None:
    """RASFAST_SIM_TIME_SCALE, then the session's entries."""
    scale = os.environ.get("RASFAST_SIM_TIME_SCALE")
    if scale:
        try:
            sim.set_time_scale(float(scale))
        except ValueError as exc:
            raise UsageError(f"RASFAST_SIM_TIME_SCALE={quoted(scale)}: {exc}") from None
    load_session()


def parse_state(text: str) -> ConnState:
    """A ConnState from its name (any case, '-' or '_') or its number."""
    key = text.strip().upper().replace("-", "_")
    if key in ConnState.__members__:
        return ConnState[key]
    try:
        value = int(text, 0)
    except ValueError:
        value = None
    if value is not None and value in STATE_BY_VALUE:
        return STATE_BY_VALUE[value]
    raise ValueError(f"unknown state {quoted(text)} "
                     f"(a ConnState name such as AUTHENTICATE, or its number)")


# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    """argparse that raises UsageError, and never repeats a password."""

    secrets: List[str] = []

    def error(self, message: str) -> None:  # type: ignore[override]
        hidden = False
        for secret in self.secrets:
            if secret and secret != "*" and secret in message:
                message = message.replace(secret, "***")
                hidden = True
        if hidden:
            message += " (*** hides what may be a password)"
        raise UsageError(f"{self.format_usage()}{self.prog}: error: {message}")


def _add_backend(p: argparse.ArgumentParser) -> None:
    p.add_argument("--backend", choices=sorted(_backends.BACKENDS),
                   help=f"'win32' (rasapi32, Windows) or 'sim' (the simulated service); "
                        f"default here: {_backends.default_backend()}")


def _add_output(p: argparse.ArgumentParser, json_help: str) -> None:
    p.add_argument("--json", action="store_true", help=json_help)
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the output (auto: on a terminal unless NO_COLOR is set)")


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {quoted(text)}") from None
    if not (0 < value < 1e9):
        raise argparse.ArgumentTypeError(
            f"must be a positive number of seconds, got {quoted(text)}")
    return value


def _error_code(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an error code: {quoted(text)}") from None
    if not 0 <= value <= 0xFFFFFFFF:
        raise argparse.ArgumentTypeError(f"out of range: {quoted(text)}")
    return value


def build_parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Windows RAS dialing (VPN, dial-up) with a live timeline of every state. "
                    "rasdial's spellings work too: 'rasfast ENTRY USER * /DOMAIN:d', "
                    "'rasfast ENTRY /DISCONNECT', and a bare 'rasfast' lists connections.",
        epilog="Exit status: 0 on success, 2 for bad arguments, else the RAS error "
               "(on POSIX, codes 600-767 exit with code-512, others with 1).")
    from .. import __version__
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("dial", help="dial an entry and print each state as it happens",
                       description="Dial ENTRY and print one line per RAS notification: time "
                                   "since start, time since the previous one, state, error.")
    p.add_argument("entry", metavar="ENTRY")
    p.add_argument("user", metavar="USER", nargs="?")
    p.add_argument("password", metavar="PASSWORD", nargs="?",
                   help="'*' asks for it on the terminal (it is never echoed); a password "
                        "on the command line is visible to other users in the process list")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input")
    p.add_argument("--domain", metavar="D")
    p.add_argument("--phone", metavar="N", help="phone number or VPN server, instead of the entry's")
    p.add_argument("--callback", metavar="N", help="callback number")
    p.add_argument("--phonebook", metavar="FILE")
    _add_backend(p)
    p.add_argument("--timeout", metavar="S", type=_positive_seconds,
                   help="hang up if not connected after S seconds (error 1460)")
    p.add_argument("--paused-states", action="store_true",
                   help="report paused states and ask for what they need (a new password "
                        "after PASSWORD_EXPIRED...) on the terminal")
    p.add_argument("--hold", action="store_true",
                   help="after connecting, stay until Ctrl-C, then hang up")
    _add_output(p, "one JSON object per event, then a result object (for scripts)")

    p = sub.add_parser("hangup", help="hang up a connection (rasdial ENTRY /DISCONNECT)")
    p.add_argument("entry", metavar="ENTRY", nargs="?")
    p.add_argument("--all", action="store_true", help="hang up every connection")
    p.add_argument("--timeout", metavar="S", type=_positive_seconds, default=10.0,
                   help="how long to wait for each port's release (default 10)")
    _add_backend(p)

    p = sub.add_parser("list", help="the connections RAS knows (bare rasdial)")
    _add_backend(p)
    _add_output(p, "one JSON object per connection")

    p = sub.add_parser("entries", help="the phonebook's entries")
    p.add_argument("--phonebook", metavar="FILE")
    _add_backend(p)
    _add_output(p, "one JSON object per entry")

    p = sub.add_parser("error", help="what a RAS error code means")
    p.add_argument("codes", metavar="CODE", nargs="+", type=_error_code)
    _add_output(p, "one JSON object per code")

    p = sub.add_parser("sim", help="the simulated RAS service: entries, profiles, session entries",
                       description="Each process has its own simulated RAS service.  Entries "
                                   "added here are kept in a session file (where: "
                                   "'rasfast sim list') and loaded by every "
                                   "rasfast command that uses the simulator, until 'rasfast sim "
                                   "clear' (or logout, when it is in $XDG_RUNTIME_DIR).")
    ssub = p.add_subparsers(dest="sim_command", metavar="ACTION", parser_class=Parser)
    sp = ssub.add_parser("list", help="entries and timing profiles (the default)")
    _add_output(sp, "one JSON object per entry")
    sp = ssub.add_parser("states", help="the states a dial of ENTRY walks through")
    sp.add_argument("entry", metavar="ENTRY")
    sp = ssub.add_parser("add", help="add an entry for the session")
    sp.add_argument("name", metavar="NAME")
    sp.add_argument("--profile", choices=sorted(sim.PROFILES), default="vpn")
    sp.add_argument("--fail-at", metavar="STATE", help="fail at this state (with --error)")
    sp.add_argument("--error", metavar="CODE", type=_error_code, default=0,
                    help="the RAS error the failure reports, e.g. 691")
    sp.add_argument("--pause-at", metavar="STATE", help="pause here, e.g. PASSWORD_EXPIRED")
    sp.add_argument("--subentries", type=int, choices=(1, 2), default=1)
    sp = ssub.add_parser("remove", help="remove a session entry")
    sp.add_argument("name", metavar="NAME")
    ssub.add_parser("clear", help="remove every session entry")

    sub.add_parser("bench", help="the benchmark report (arguments go to rasfast.bench)",
                   add_help=False)
    return parser


def translate_rasdial(argv: List[str]) -> List[str]:
    """Turn rasdial's spellings into rasfast's: /OPTION:value anywhere,
    ``[ENTRY] /DISCONNECT``, and a bare invocation."""
    if not argv:
        return ["list"]
    if argv[0] == "bench":
        return argv
    out_args: List[str] = []
    disconnect = False
    after_dashes = False
    for arg in argv:
        m = None if after_dashes else _RASDIAL_RE.match(arg)
        if arg == "--":
            after_dashes = True
        if m is None:
            out_args.append(arg)
            continue
        name, value = m.group(1).upper(), m.group(2)
        if name == "DISCONNECT" and value is None:
            disconnect = True
        elif name in RASDIAL_OPTIONS and value is not None:
            out_args.append(f"{RASDIAL_OPTIONS[name]}={value}")
        elif name in RASDIAL_OPTIONS or name in ("PREFIXSUFFIX", "DISCONNECT"):
            raise UsageError(f"{PROG}: error: /{name}"
                             + (": is not supported by rasfast" if name == "PREFIXSUFFIX"
                                else (" needs a value: /" + name + ":VALUE")
                                if name in RASDIAL_OPTIONS else " takes no value"))
        else:
            out_args.append(arg)   # not a rasdial option: maybe a POSIX path
    if disconnect:
        if out_args and out_args[0] in ("dial", "hangup"):
            out_args = out_args[1:]
        return ["hangup", *out_args]
    if out_args and out_args[0] not in SUBCOMMANDS and not out_args[0].startswith("-"):
        return ["dial", *out_args]
    return out_args


def _dial_password_guess(argv: List[str]) -> List[str]:
    """The tokens that could be a dial's PASSWORD (the third positional, or
    anything after it), so that no usage message repeats them, not even a
    password that looks like an option."""
    if not argv or argv[0] != "dial":
        return []
    takes_value = {"--domain", "--phone", "--callback", "--phonebook", "--backend",
                   "--timeout", "--color"}
    flags = {"--password-stdin", "--paused-states", "--hold", "--json", "-h", "--help"}
    positional: List[str] = []
    args = iter(argv[1:])
    for arg in args:
        if arg == "--":
            positional += list(args)
        elif arg in takes_value:
            next(args, None)
        elif arg in flags or arg.split("=", 1)[0] in takes_value:
            continue
        else:
            positional.append(arg)
    return positional[2:]


# ---------------------------------------------------------------------------
# dial
# ---------------------------------------------------------------------------

class Timeline:
    """Prints events as aligned lines (or JSON objects) as they arrive."""

    def __init__(self, entry: str, start_ns: int, style: Style, as_json: bool) -> None:
        self.entry = entry
        self.start_ns = start_ns
        self.last_ns = start_ns
        self.style = style
        self.as_json = as_json
        self.count = 0

    def header(self, backend: str) -> None:
        if self.as_json:
            return
        where = "the simulated RAS service" if backend == "sim" else "RAS"
        out(f"Dialling {quoted(self.entry)} ({where}, backend {backend})")

    def columns(self) -> None:
        if self.as_json:
            return
        out(self.style(f"{'time':>8}  {'delta':>8}  {'state':<{NAME_WIDTH}}  error", "dim"))

    def event(self, ev: RasEvent) -> None:
        self.count += 1
        t = (ev.timestamp_ns - self.start_ns) / 1e9
        delta = (ev.timestamp_ns - self.last_ns) / 1e9
        self.last_ns = max(self.last_ns, ev.timestamp_ns)
        state = ev.state
        if self.as_json:
            out(json.dumps({
                "type": "event", "entry": self.entry, "seq": ev.seq,
                "time": round(t, 6), "delta": round(delta, 6), "timestamp_ns": ev.timestamp_ns,
                "state": _state_name(state), "state_value": ev.raw_state,
                "error": ev.error, "error_text": ev.error_text,
                "extended_error": ev.extended_error, "subentry": ev.subentry,
                "handle": ev.handle, "paused": ev.is_paused, "local": ev.is_local,
            }))
            return
        name = _state_name(state)
        if ev.subentry:
            name = f"{name} [sub {ev.subentry}]"
        line = f"{t:8.3f}s {delta:+8.3f}  "
        err = ""
        if ev.error:
            err = f"{ev.error}  {printable(ev.error_text)}"
            if ev.extended_error:
                err += f" (extended error {ev.extended_error})"
        if ev.error:
            body = self.style(f"{name:<{NAME_WIDTH}}", "red", "bold") + "  " + self.style(err, "red")
        elif state is ConnState.CONNECTED:
            body = self.style(name, "green", "bold")
        elif ev.is_paused:
            body = self.style(f"{name:<{NAME_WIDTH}}", "yellow") + "  " + self.style("(paused)", "yellow")
        elif state is ConnState.DISCONNECTED:
            body = self.style(name, "bold")
        else:
            body = name
        out((line + body).rstrip())

    def result(self, code: int, message: str, elapsed: float) -> None:
        status = exit_status(code)
        if self.as_json:
            out(json.dumps({"type": "result", "entry": self.entry, "connected": code == 0,
                            "error": code, "error_text": error_text(code) if code else "",
                            "exit_status": status, "time": round(elapsed, 6),
                            "events": self.count}))
            return
        message = printable(message)    # RAS's error text, names
        if code == 0:
            out(self.style(message, "green", "bold"))
        else:
            out(self.style(message, "red", "bold"))


@contextmanager
def _interrupts_as_keyboard_interrupt() -> Iterator[None]:
    """SIGTERM ends a dial like Ctrl-C does: with a clean hang-up."""
    def handler(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt
    old = None
    try:
        old = signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError, AttributeError):   # not the main thread
        pass
    try:
        yield
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)


@contextmanager
def _no_interrupts() -> Iterator[None]:
    """Finish a hang-up even if Ctrl-C is pressed again."""
    saved = {}
    for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
        if sig is None:
            continue
        try:
            saved[sig] = signal.signal(sig, signal.SIG_IGN)
        except (ValueError, OSError):
            pass
    try:
        yield
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)


def _can_prompt() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _ask_secret(prompt: str) -> str:
    # getpass writes the prompt to the terminal and turns its echo off.
    return getpass.getpass(prompt)


def _resume_paused(conn: Connection, state: ConnState, args: argparse.Namespace,
                   user: Optional[str]) -> Optional[str]:
    """Give a paused dial what it waits for; returns why it cannot, or None."""
    if state is ConnState.CALLBACK_SET_BY_CALLER and args.callback:
        conn.resume(callback_number=args.callback)
        return None
    if state not in (ConnState.PASSWORD_EXPIRED, ConnState.RETRY_AUTHENTICATION,
                     ConnState.CALLBACK_SET_BY_CALLER):
        return f"the dial paused at {state.name}, which rasfast cannot answer"
    if not _can_prompt():
        return (f"the dial paused at {state.name} and needs input, but standard input "
                f"is not a terminal to ask on")
    if state is ConnState.PASSWORD_EXPIRED:
        new = _ask_secret(f"The password for {quoted(conn.entry)} has expired. New password: ")
        again = _ask_secret("Repeat the new password: ")
        if new != again:
            return "the new passwords do not match"
        conn.resume(password=new)
    elif state is ConnState.RETRY_AUTHENTICATION:
        sys.stderr.write(f"Authentication failed for {quoted(conn.entry)}. "
                         f"User name [{printable(user or '')}]: ")
        sys.stderr.flush()
        typed = sys.stdin.readline().strip()
        password = _ask_secret("Password: ")
        conn.resume(username=typed or user, password=password)
    else:
        sys.stderr.write(f"Callback number for {quoted(conn.entry)}: ")
        sys.stderr.flush()
        conn.resume(callback_number=sys.stdin.readline().strip())
    return None


def cmd_dial(args: argparse.Namespace) -> int:
    backend = args.backend or _backends.default_backend()
    style = make_style(args.color, sys.stdout)
    password = args.password
    if args.password_stdin:
        if password is not None:
            raise UsageError(f"{PROG} dial: error: give PASSWORD or --password-stdin, not both")
        password = sys.stdin.readline().rstrip("\r\n")
    elif password == "*":
        if not _can_prompt():
            raise UsageError(f"{PROG} dial: error: PASSWORD '*' asks on a terminal, but standard "
                             f"input is not one; use --password-stdin to read it from a pipe")
        who = f"{args.user}@{args.entry}" if args.user else args.entry
        password = _ask_secret(f"Password for {printable(who)}: ")
    if password is not None and args.user is None:
        raise UsageError(f"{PROG} dial: error: a PASSWORD needs a USER")

    timeline = Timeline(args.entry, lib.rf_clock_ns(), style, args.json)
    start = time.monotonic()
    try:
        conn = dial(args.entry, username=args.user, password=password, domain=args.domain,
                    phone_number=args.phone, callback_number=args.callback,
                    phonebook=args.phonebook, backend=backend,
                    paused_states=args.paused_states, timeout=args.timeout)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{PROG} dial: error: {exc}") from None
    except RasError as exc:
        timeline.header(backend)
        timeline.result(exc.code, f"Failed: error {exc.code}: {error_text(exc.code)}",
                        time.monotonic() - start)
        return exit_status(exc.code)
    finally:
        password = None   # drop our reference as soon as the dial has it
    timeline.header(backend)   # the events wait in the buffer meanwhile
    timeline.columns()

    code = 0
    interrupted = False
    assert conn.buffer is not None
    with _interrupts_as_keyboard_interrupt():
        try:
            code = _follow(conn, timeline, args)
            if code == 0 and args.hold:
                if not args.json:
                    note("connected; holding the connection until Ctrl-C")
                for ev in conn.buffer.events():
                    timeline.event(ev)
                    if ev.is_terminal:
                        code = ev.error
                        break
        except KeyboardInterrupt:
            interrupted = True

    if interrupted:
        connected = conn.is_connected
        with _no_interrupts():
            conn.hangup()
            for ev in conn.buffer.poll():
                timeline.event(ev)
        elapsed = time.monotonic() - start
        if connected and args.hold:
            timeline.result(0, f"Hung up {quoted(conn.entry)} after {elapsed:.3f} s.", elapsed)
            return 0
        timeline.result(ERROR_USER_DISCONNECTION, f"Interrupted: hung up {quoted(conn.entry)} "
                        f"(error {ERROR_USER_DISCONNECTION}).", elapsed)
        return exit_status(ERROR_USER_DISCONNECTION)

    elapsed = time.monotonic() - start
    if code:
        with _no_interrupts():
            conn.hangup()       # RAS wants a hang-up after a failed dial too
            for ev in conn.buffer.poll():
                if ev.error:    # the timeout's own event, if it came late
                    timeline.event(ev)
        timeline.result(code, f"Failed: error {code}: {error_text(code)}", elapsed)
        return exit_status(code)

    if args.hold:   # the connection ended by itself
        timeline.result(0, f"{quoted(conn.entry)} disconnected after {elapsed:.3f} s.", elapsed)
        conn.hangup()
        return 0
    timeline.result(0, f"Connected to {quoted(conn.entry)} in {elapsed:.3f} s.", elapsed)
    if backend == "sim":
        if not args.json:
            note("this simulated connection lives in this process and ends when rasfast exits "
                 "(use --hold to keep it up until Ctrl-C)")
        with _no_interrupts():
            conn.hangup()
    else:
        conn.detach()
        if not args.json:
            note(f"the connection stays up; hang up with: {PROG} hangup {quoted(args.entry)}")
    return 0


def _follow(conn: Connection, timeline: Timeline, args: argparse.Namespace) -> int:
    """Print events until the dial connects (0) or fails (its error)."""
    assert conn.buffer is not None
    for ev in conn.buffer.events():
        timeline.event(ev)
        if ev.error:
            return ev.error
        if ev.state is ConnState.CONNECTED:
            return 0
        if ev.state is ConnState.DISCONNECTED:
            return ev.error or ERROR_USER_DISCONNECTION
        if ev.is_paused and args.paused_states:
            why = _resume_paused(conn, ev.state, args, args.user)
            if why:
                note(why)
                return ERROR_INTERACTIVE_MODE
    return ERROR_USER_DISCONNECTION   # pragma: no cover - events() never ends by itself


# ---------------------------------------------------------------------------
# hangup, list, entries, error
# ---------------------------------------------------------------------------

SIM_PROCESS_NOTE = ("the simulated RAS service runs inside each process, so connections "
                    "dialled by other rasfast processes are not visible here; on Windows, "
                    "--backend win32 acts on the system's connections")


def cmd_hangup(args: argparse.Namespace) -> int:
    if args.all and args.entry:
        raise UsageError(f"{PROG} hangup: error: give ENTRY or --all, not both")
    backend = args.backend or _backends.default_backend()
    live = connections(backend)
    if args.all:
        targets = live
    elif args.entry:
        targets = [c for c in live if c.entry.lower() == args.entry.lower()]
    elif len(live) == 1:      # rasdial /DISCONNECT with a single connection
        targets = live
    elif not live:
        targets = []
    else:
        names = ", ".join(quoted(c.entry) for c in live)
        raise UsageError(f"{PROG} hangup: error: several connections ({names}); name one, or --all")
    if not targets:
        if backend == "sim":
            note(SIM_PROCESS_NOTE)
        if args.all or not args.entry:
            out("No connections.")
            return 0
        to_stderr(f"Not connected to {quoted(args.entry)}: error {ERROR_NO_CONNECTION}.")
        return exit_status(ERROR_NO_CONNECTION)
    failed = 0
    for c in targets:
        released = rasfast_hangup(c, backend=backend, timeout=args.timeout)
        if released:
            out(f"Hung up {quoted(c.entry)}.")
        else:
            failed += 1
            to_stderr(f"Hung up {quoted(c.entry)}, but its port was not released within "
                      f"{args.timeout:g} s.")
    return 1 if failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    backend = args.backend or _backends.default_backend()
    live = connections(backend)
    if args.json:
        for c in live:
            out(json.dumps({"entry": c.entry, "handle": c.handle, "device_type": c.device_type,
                            "device_name": c.device_name, "phonebook": c.phonebook,
                            "subentry": c.subentry}))
    elif not live:
        out("No connections.")
    else:
        style = make_style(args.color, sys.stdout)
        rows = [[c.entry, c.device_type, c.device_name, f"{c.handle:#x}"] for c in live]
        for line in _table(rows, ["ENTRY", "DEVICE TYPE", "DEVICE NAME", "HANDLE"], style):
            out(line)
    if backend == "sim":
        note(SIM_PROCESS_NOTE)
    return 0


def _sim_outcome(e: sim.SimEntry) -> str:
    if e.fail_at is not None:
        return f"fails at {e.fail_at.name} with {e.error}"
    if e.pause_at is not None:
        return f"pauses at {e.pause_at.name}"
    return "connects"


def cmd_entries(args: argparse.Namespace) -> int:
    backend = args.backend or _backends.default_backend()
    try:
        items = entries(phonebook=args.phonebook, backend=backend)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{PROG} entries: error: {exc}") from None
    details = {e.name: e for e in sim.entries()} if backend == "sim" else {}
    if args.json:
        for e in items:
            record: Dict[str, Any] = {"name": e.name, "phonebook": e.phonebook}
            if e.name in details:
                record["outcome"] = _sim_outcome(details[e.name])
            out(json.dumps(record))
        return 0
    if not items:
        out("No entries.")
        return 0
    style = make_style(args.color, sys.stdout)
    if details:
        rows = [[e.name, _sim_outcome(details[e.name]) if e.name in details else ""] for e in items]
        lines = _table(rows, ["ENTRY", "ON THE SIMULATOR"], style)
    else:
        rows = [[e.name, e.phonebook] for e in items]
        lines = _table(rows, ["ENTRY", "PHONEBOOK"], style)
    for line in lines:
        out(line)
    return 0


def cmd_error(args: argparse.Namespace) -> int:
    for code in args.codes:
        text = error_text(code)
        if args.json:
            out(json.dumps({"error": code, "error_text": text, "exit_status": exit_status(code)}))
        else:
            out(f"{code}: {printable(text)}")   # FormatMessage's text, on Windows
    return 0


# ---------------------------------------------------------------------------
# sim
# ---------------------------------------------------------------------------

def cmd_sim(args: argparse.Namespace) -> int:
    action = args.sim_command or "list"
    path = session_file()
    if action == "list":
        as_json = getattr(args, "json", False)
        style = make_style(getattr(args, "color", "auto"), sys.stdout)
        session = set(_session_names(path))
        items = sim.entries()
        if as_json:
            for e in items:
                out(json.dumps({"name": e.name, "profile": e.profile, "outcome": _sim_outcome(e),
                                "fail_at": e.fail_at.name if e.fail_at is not None else None,
                                "error": e.error,
                                "pause_at": e.pause_at.name if e.pause_at is not None else None,
                                "subentries": e.subentries,
                                "origin": "built-in" if e.builtin else
                                ("session" if e.name.lower() in session else "process")}))
            return 0
        rows = [[e.name, e.profile, _sim_outcome(e), str(e.subentries),
                 "built-in" if e.builtin else "session"] for e in items]
        for line in _table(rows, ["ENTRY", "PROFILE", "OUTCOME", "LINKS", "ORIGIN"], style):
            out(line)
        out()
        delays = sim.profile_delays()
        rows = [[name, f"{lo * 1000:g}-{hi * 1000:g} ms"] for name, (lo, hi) in delays.items()]
        for line in _table(rows, ["PROFILE", "DELAY BETWEEN STATES"], style):
            out(line)
        out()
        out(f"Time scale: {sim.time_scale():g} (RASFAST_SIM_TIME_SCALE)")
        where = (printable(path) if path else "disabled (RASFAST_SIM_SESSION_FILE is empty)"
                 if _session_disabled() else "none (its folder is unsafe, as said above)")
        out(f"Session entries: {where}")
        return 0
    if action == "states":
        try:
            states = sim.entry_states(args.entry)
        except RasError as exc:
            to_stderr(f"{PROG} sim states: {exc}")
            return exit_status(exc.code)
        except ValueError as exc:   # a name UTF-16 cannot hold (NUL, lone surrogate)
            raise UsageError(f"{PROG} sim states: error: {exc}") from None
        for s in states:
            out(_state_name(s))
        return 0
    if path is None:
        if _session_disabled():
            raise UsageError(f"{PROG} sim {action}: error: the session file is disabled "
                             f"(RASFAST_SIM_SESSION_FILE is empty)")
        to_stderr(f"{PROG} sim {action}: no safe session file to keep entries in (see above)")
        return 1
    items = _read_session(path)
    if action == "add":
        item: Dict[str, Any] = {"name": args.name, "profile": args.profile,
                                "subentries": args.subentries}
        try:
            if args.fail_at is not None:
                item["fail_at"] = parse_state(args.fail_at).name
            if args.pause_at is not None:
                item["pause_at"] = parse_state(args.pause_at).name
            if args.error:
                item["error"] = args.error
            added = sim.add_entry(args.name, **_entry_kwargs(item))   # validates it all
        except (TypeError, ValueError, RasError) as exc:
            raise UsageError(f"{PROG} sim add: error: {exc}") from None
        if not _write_session(path, items + [item]):
            return 1
        out(f"Added {quoted(added.name)} ({_sim_outcome(added)}, profile {added.profile}) for this "
            f"session; every rasfast command on the simulator sees it until "
            f"'{PROG} sim remove' or '{PROG} sim clear'.")
        note(f"kept in {path}")
        return 0
    if action == "remove":
        keep = [i for i in items if str(i.get("name", "")).lower() != args.name.lower()]
        if len(keep) == len(items):
            builtin = any(e.builtin and e.name.lower() == args.name.lower() for e in sim.entries())
            why = "is built in" if builtin else "is not a session entry"
            to_stderr(f"{PROG} sim remove: {quoted(args.name)} {why}.")
            return 1
        if not _write_session(path, keep):
            return 1
        out(f"Removed {quoted(args.name)}.")
        return 0
    # clear
    try:
        os.remove(path)     # a link there goes, not what it points at
    except FileNotFoundError:
        pass
    except OSError as exc:
        note(f"cannot remove the simulator session file {path}: {exc}")
        return 1
    out(f"Removed {len(items)} session entr{'y' if len(items) == 1 else 'ies'}.")
    return 0


# ---------------------------------------------------------------------------
# bench, and the entry point
# ---------------------------------------------------------------------------

def cmd_bench(argv: List[str]) -> int:
    if importlib.util.find_spec("rasfast.bench") is None:
        to_stderr(f"{PROG} bench: this installation has no rasfast.bench module")
        return 1
    try:
        from .. import bench  # type: ignore[attr-defined]
    except ImportError as exc:
        to_stderr(f"{PROG} bench: cannot load rasfast.bench: {exc} "
                  f"(the benchmarks need: pip install 'rasfast[test]')")
        return 1
    result = bench.main(argv)
    return int(result or 0)


COMMANDS = {"dial": cmd_dial, "hangup": cmd_hangup, "list": cmd_list,
            "entries": cmd_entries, "error": cmd_error, "sim": cmd_sim}


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            return action.choices[name]
    raise KeyError(name)


def _usage_for(args_list: List[str]) -> str:
    """The usage line of the (sub)command a UsageError came from."""
    parser = build_parser()
    try:
        return _subparser(parser, args_list[0]).format_usage() if args_list else ""
    except KeyError:
        return parser.format_usage()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit status."""
    raw = list(sys.argv[1:] if argv is None else argv)
    args_list: List[str] = raw
    try:
        args_list = translate_rasdial(raw)
        if args_list and args_list[0] == "bench":
            return cmd_bench(args_list[1:])
        parser = build_parser()
        Parser.secrets = _dial_password_guess(args_list)
        if args_list and args_list[0] == "dial":
            # rasdial takes options anywhere: ENTRY /DOMAIN:d USER PASSWORD
            args = _subparser(parser, "dial").parse_intermixed_args(args_list[1:])
            args.command = "dial"
        else:
            args = parser.parse_args(args_list)
        if args.command is None:
            args = parser.parse_args(["list"])
        backend = getattr(args, "backend", None)
        if backend is not None:
            try:
                _backends.resolve(backend)
            except RasError as exc:
                raise UsageError(f"{PROG}: error: backend {quoted(backend)} cannot be used here: "
                                 f"{exc.strerror}") from None
        if args.command == "sim" or (backend or _backends.default_backend()) == "sim":
            apply_sim_env()
        return COMMANDS[args.command](args)
    except UsageError as exc:
        message = str(exc)
        if not message.startswith("usage:"):
            message = _usage_for(args_list) + message
        to_stderr(message)
        return USAGE
    except RasError as exc:
        to_stderr(f"{PROG}: {exc}")
        return exit_status(exc.code)
    except SystemExit as exc:    # --help, --version
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        to_stderr(f"{PROG}: interrupted")
        return exit_status(ERROR_USER_DISCONNECTION)
    except BrokenPipeError:
        # `rasfast ... | head`: stop quietly; keep Python from complaining at exit.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 1
    finally:
        Parser.secrets = []
