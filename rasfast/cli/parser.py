"""The argument parser: a small builder per subcommand; its errors never repeat a password."""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import ClassVar

from .api import BACKENDS, ERROR_TIMEOUT, __version__, default_backend, quoted, simulator
from .monitor import add_parsers as add_monitor_parsers
from .output import PROG
from .status import UsageError

__all__ = ["SUBCOMMANDS", "Parser", "build_parser", "dial_password_guess", "parse_args",
           "subparser", "usage_for"]

#: the first words that name a subcommand (any other first word is an entry to dial)
SUBCOMMANDS = ("dial", "hangup", "list", "entries", "error", "status", "watch", "sim", "bench",
               "entry", "credentials")

#: the dial options that take a value, and those that do not (see dial_password_guess)
_DIAL_TAKES_VALUE = {"--domain", "--phone", "--callback", "--phonebook", "--backend",
                     "--timeout", "--color"}
_DIAL_FLAGS = {"--password-stdin", "--paused-states", "--hold", "--redial", "--json", "-h",
               "--help"}


class Parser(argparse.ArgumentParser):
    """argparse that raises UsageError, and never repeats a password."""

    #: what this parse must not repeat (set by parse_args)
    secrets: ClassVar[list[str]] = []

    def error(self, message: str) -> None:  # type: ignore[override]
        """Raise UsageError with the usage line and ``message``, every secret in it hidden
        as ``***``."""
        hidden = False
        for secret in self.secrets:
            if secret and secret != "*" and secret in message:
                message = message.replace(secret, "***")
                hidden = True
        if hidden:
            message += " (*** hides what may be a password)"
        raise UsageError(f"{self.format_usage()}{self.prog}: error: {message}")


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


def _add_backend(p: argparse.ArgumentParser) -> None:
    p.add_argument("--backend", choices=sorted(BACKENDS),
                   help=f"'win32' (rasapi32, Windows) or 'sim' (the simulated service); "
                        f"default here: {default_backend()}")


def _add_output(p: argparse.ArgumentParser, json_help: str) -> None:
    p.add_argument("--json", action="store_true", help=json_help)
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the output (auto: on a terminal unless NO_COLOR is set)")


def _add_dial(sub: argparse._SubParsersAction[Parser]) -> None:
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
    p.add_argument("--phone", metavar="N",
                   help="phone number or VPN server, instead of the entry's")
    p.add_argument("--callback", metavar="N", help="callback number")
    p.add_argument("--phonebook", metavar="FILE")
    _add_backend(p)
    p.add_argument("--timeout", metavar="S", type=_positive_seconds,
                   help=f"hang up if not connected after S seconds (error {ERROR_TIMEOUT})")
    p.add_argument("--paused-states", action="store_true",
                   help="report paused states and ask for what they need (a new password "
                        "after PASSWORD_EXPIRED...) on the terminal")
    p.add_argument("--hold", action="store_true",
                   help="after connecting, stay until Ctrl-C, then hang up")
    p.add_argument("--redial", action="store_true",
                   help="with --hold: after a drop (or a failed attempt) dial again, waiting "
                        "1, 2, 4 ... 60 s between attempts")
    p.add_argument("--max-attempts", metavar="N", type=int, default=10,
                   help="with --redial: give up after N attempts in a row that do not "
                        "connect (default 10)")
    p.add_argument("--redial-delay", metavar="S", type=_positive_seconds, default=1.0,
                   help="with --redial: the first wait, doubled after each failure up to "
                        "60 s (default 1)")
    _add_output(p, "one JSON object per event, then a result object (for scripts)")


def _add_hangup(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser("hangup", help="hang up a connection (rasdial ENTRY /DISCONNECT)")
    p.add_argument("entry", metavar="ENTRY", nargs="?")
    p.add_argument("--all", action="store_true", help="hang up every connection")
    p.add_argument("--timeout", metavar="S", type=_positive_seconds, default=10.0,
                   help="how long to wait for each port's release (default 10)")
    _add_backend(p)


def _add_listings(sub: argparse._SubParsersAction[Parser]) -> None:
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


def _add_sim(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser("sim", help="the simulated RAS service: entries, profiles, session entries",
                       description="Each process has its own simulated RAS service.  Entries "
                                   "added here are kept in a session file (where: "
                                   "'rasfast sim list') and loaded by every "
                                   "rasfast command that uses the simulator, until 'rasfast sim "
                                   "clear' (or logout, when it is in $XDG_RUNTIME_DIR).")
    actions = p.add_subparsers(dest="sim_command", metavar="ACTION", parser_class=Parser)
    sp = actions.add_parser("list", help="entries and timing profiles (the default)")
    _add_output(sp, "one JSON object per entry")
    sp = actions.add_parser("states", help="the states a dial of ENTRY walks through")
    sp.add_argument("entry", metavar="ENTRY")
    _add_sim_add(actions)
    sp = actions.add_parser("remove", help="remove a session entry")
    sp.add_argument("name", metavar="NAME")
    actions.add_parser("clear", help="remove every session entry")


def _add_sim_add(actions: argparse._SubParsersAction[Parser]) -> None:
    sp = actions.add_parser("add", help="add an entry for the session")
    sp.add_argument("name", metavar="NAME")
    sp.add_argument("--profile", choices=sorted(simulator.PROFILES), default="vpn")
    sp.add_argument("--fail-at", metavar="STATE", help="fail at this state (with --error)")
    sp.add_argument("--error", metavar="CODE", type=_error_code, default=0,
                    help="the RAS error the failure reports, e.g. 691")
    sp.add_argument("--pause-at", metavar="STATE", help="pause here, e.g. PASSWORD_EXPIRED")
    sp.add_argument("--subentries", type=int, choices=(1, 2), default=1)


def _entry_options(sp: argparse.ArgumentParser, required_server: bool) -> None:
    sp.add_argument("--server", metavar="HOST", required=required_server)
    sp.add_argument("--tunnel-type", dest="tunnel_type",
                    choices=("automatic", "ikev2", "sstp", "l2tp", "pptp"))
    sp.add_argument("--encryption", choices=("none", "optional", "required", "maximum"))
    sp.add_argument("--auth", action="append", metavar="METHOD",
                    choices=("pap", "chap", "mschapv2", "eap", "machine_certificate"),
                    help="an authentication method (repeat for more)")
    sp.add_argument("--split-tunneling", dest="split_tunneling", action="store_true",
                    default=None)
    sp.add_argument("--no-split-tunneling", dest="split_tunneling", action="store_false")
    sp.add_argument("--dns-suffix", dest="dns_suffix", metavar="S")
    sp.add_argument("--idle-disconnect", dest="idle_disconnect", type=int, metavar="S")
    sp.add_argument("--redial-count", dest="redial_count", type=int, metavar="N")
    sp.add_argument("--redial-pause", dest="redial_pause", type=int, metavar="S")
    sp.add_argument("--psk", metavar="*", help="'*': ask for the L2TP pre-shared key")
    sp.add_argument("--psk-stdin", dest="psk_stdin", action="store_true")
    sp.add_argument("--phonebook", metavar="FILE")
    _add_backend(sp)
    sp.add_argument("--json", action="store_true", help="the entry as one JSON object")


def _add_phonebook(sub: argparse._SubParsersAction[Parser]) -> None:
    p = sub.add_parser("entry", help="create, show, change, rename and delete entries")
    actions = p.add_subparsers(dest="entry_command", metavar="ACTION", parser_class=Parser)
    sp = actions.add_parser("add", help="create a VPN entry")
    sp.add_argument("name", metavar="NAME")
    _entry_options(sp, True)
    sp = actions.add_parser("set", help="change an entry")
    sp.add_argument("name", metavar="NAME")
    _entry_options(sp, False)
    for action, help_text in (("show", "an entry's properties"), ("rm", "delete an entry")):
        sp = actions.add_parser(action, help=help_text)
        sp.add_argument("name", metavar="NAME")
        sp.add_argument("--phonebook", metavar="FILE")
        _add_backend(sp)
        sp.add_argument("--json", action="store_true")
    sp = actions.add_parser("rename", help="rename an entry")
    sp.add_argument("name", metavar="OLD")
    sp.add_argument("new_name", metavar="NEW")
    sp.add_argument("--phonebook", metavar="FILE")
    _add_backend(sp)

    p = sub.add_parser("credentials", help="the user name and password a dial uses when it is "
                                           "given none")
    actions = p.add_subparsers(dest="credentials_command", metavar="ACTION", parser_class=Parser)
    sp = actions.add_parser("set", help="save credentials")
    sp.add_argument("name", metavar="NAME")
    sp.add_argument("user", metavar="USER")
    sp.add_argument("password", metavar="*", nargs="?",
                    help="'*' asks for the password on the terminal (never echoed)")
    sp.add_argument("--password-stdin", dest="password_stdin", action="store_true")
    sp.add_argument("--domain", metavar="D")
    sp.add_argument("--psk", metavar="*", help="'*': ask for an L2TP pre-shared key too")
    for action, help_text in (("show", "what is saved (never a secret)"),
                              ("clear", "forget them")):
        sp = actions.add_parser(action, help=help_text)
        sp.add_argument("name", metavar="NAME")
        sp.add_argument("--json", action="store_true")
        sp.add_argument("--phonebook", metavar="FILE")
        _add_backend(sp)
    for sp in (actions.choices["set"],):
        sp.add_argument("--phonebook", metavar="FILE")
        _add_backend(sp)


def build_parser() -> Parser:
    """The parser of the whole command line; raises nothing."""
    parser = Parser(
        prog=PROG,
        description="Windows RAS dialing (VPN, dial-up) with a live timeline of every state. "
                    "rasdial's spellings work too: 'rasfast ENTRY USER * /DOMAIN:d', "
                    "'rasfast ENTRY /DISCONNECT', and a bare 'rasfast' lists connections.",
        epilog="Exit status: 0 on success, 2 for bad arguments, else the RAS error "
               "(on POSIX, codes 600-767 exit with code-512, others with 1).")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    _add_dial(sub)
    _add_hangup(sub)
    _add_listings(sub)
    add_monitor_parsers(sub, _add_backend, _add_output, _positive_seconds)
    _add_sim(sub)
    _add_phonebook(sub)
    sub.add_parser("bench", help="the benchmark report (arguments go to rasfast.bench)",
                   add_help=False)
    return parser


def subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The parser of subcommand ``name``; KeyError when there is none."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            found: argparse.ArgumentParser = action.choices[name]
            return found
    raise KeyError(name)


def usage_for(argv: Sequence[str]) -> str:
    """The usage line of the (sub)command ``argv`` names ("" for none); raises nothing."""
    parser = build_parser()
    try:
        return subparser(parser, argv[0]).format_usage() if argv else ""
    except KeyError:
        return parser.format_usage()


def dial_password_guess(argv: Sequence[str]) -> list[str]:
    """The tokens that could be a dial's PASSWORD (the third positional, or
    anything after it), so that no usage message repeats them, not even a
    password that looks like an option.  Raises nothing."""
    if not argv or argv[0] != "dial":
        return []
    positional: list[str] = []
    args = iter(argv[1:])
    for arg in args:
        if arg == "--":
            positional += list(args)
        elif arg in _DIAL_TAKES_VALUE:
            next(args, None)
        elif arg in _DIAL_FLAGS or arg.split("=", 1)[0] in _DIAL_TAKES_VALUE:
            continue
        else:
            positional.append(arg)
    return positional[2:]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse a (translated) command line; no command means ``list``.

    Raises UsageError for bad arguments (with no password in its message), SystemExit for
    --help and --version (after printing them).
    """
    parser = build_parser()
    Parser.secrets = dial_password_guess(argv)
    try:
        if argv and argv[0] == "dial":
            # rasdial takes options anywhere: ENTRY /DOMAIN:d USER PASSWORD
            args = subparser(parser, "dial").parse_intermixed_args(argv[1:])
            args.command = "dial"
        else:
            args = parser.parse_args(argv)
        if args.command is None:
            args = parser.parse_args(["list"])
        return args
    finally:
        Parser.secrets = []
