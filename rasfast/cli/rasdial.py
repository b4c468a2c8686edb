"""rasdial.exe's spellings in rasfast's terms: /OPTION:value, ENTRY /DISCONNECT, bare rasdial."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .output import PROG
from .parser import SUBCOMMANDS
from .status import UsageError

__all__ = ["RASDIAL_OPTIONS", "translate_rasdial"]

#: rasdial's /OPTION:value spellings, and the long options they stand for
RASDIAL_OPTIONS = {"DOMAIN": "--domain", "PHONE": "--phone", "CALLBACK": "--callback",
                   "PHONEBOOK": "--phonebook"}
_RASDIAL_RE = re.compile(r"^/([A-Za-z]+)(?::(.*))?$", re.S)


def _misspelt(name: str) -> UsageError:
    """The error for a rasdial option rasfast knows but cannot take as written."""
    if name == "PREFIXSUFFIX":
        why = ": is not supported by rasfast"
    elif name in RASDIAL_OPTIONS:
        why = f" needs a value: /{name}:VALUE"
    else:   # /DISCONNECT:something
        why = " takes no value"
    return UsageError(f"{PROG}: error: /{name}{why}")


def _with_dial_or_hangup(args: list[str], disconnect: bool) -> list[str]:
    """rasdial's subcommand-less forms: ENTRY ... /DISCONNECT hangs up, ENTRY ... dials."""
    if disconnect:
        if args and args[0] in ("dial", "hangup"):
            args = args[1:]
        return ["hangup", *args]
    if args and args[0] not in SUBCOMMANDS and not args[0].startswith("-"):
        return ["dial", *args]
    return args


def translate_rasdial(argv: Sequence[str]) -> list[str]:
    """Turn rasdial's spellings into rasfast's: /OPTION:value anywhere,
    ``[ENTRY] /DISCONNECT``, and a bare invocation (``list``).  Arguments after ``--``,
    and those of ``bench``, are left as they are.

    Raises UsageError for a rasdial option written wrongly (/DOMAIN without a value,
    /DISCONNECT with one) and for /PREFIXSUFFIX, which rasfast does not support.
    """
    if not argv:
        return ["list"]
    if argv[0] == "bench":
        return list(argv)
    translated: list[str] = []
    disconnect = False
    after_dashes = False
    for arg in argv:
        m = None if after_dashes else _RASDIAL_RE.match(arg)
        if arg == "--":
            after_dashes = True
        if m is None:
            translated.append(arg)
            continue
        name, value = m.group(1).upper(), m.group(2)
        if name == "DISCONNECT" and value is None:
            disconnect = True
        elif name in RASDIAL_OPTIONS and value is not None:
            translated.append(f"{RASDIAL_OPTIONS[name]}={value}")
        elif name in RASDIAL_OPTIONS or name in ("PREFIXSUFFIX", "DISCONNECT"):
            raise _misspelt(name)
        else:
            translated.append(arg)   # not a rasdial option: maybe a POSIX path
    return _with_dial_or_hangup(translated, disconnect)
