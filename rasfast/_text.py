"""Text bound for a terminal: names and messages that came from outside
(phonebooks, the simulator's session file, RAS, the command line) with every
character that could control the terminal or disguise what it shows escaped.

The rule is Python's own ``str.isprintable()``, the one ``repr()`` uses: it
rejects the C0 and C1 controls and DEL (category Cc: ESC starts the
sequences that clear a screen or recolour it, and U+009B is a one-character
CSI), the format characters (Cf: bidi overrides and isolates such as U+202E,
zero-width spaces and joiners, soft hyphens), the line and paragraph
separators, spaces other than U+0020, lone surrogates, private-use and
unassigned code points.  Each becomes a Python-style escape (``\\x1b``,
``\\u202e``), which is plain ASCII and shows what is really there.

This is for display only: backslashes already in the text are left as they
are (so a Windows path stays readable), which means an escape shown here
cannot be told from the same characters typed literally.  ``--json`` output
carries the exact text (``json.dumps`` escapes control characters itself).
"""
from __future__ import annotations

__all__ = ["printable", "quoted"]

#: the controls with a familiar short escape, as repr() writes them
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(char: str) -> str:
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every non-printable character escaped.

    ``keep_newlines`` lets line feeds through, for a message of several
    lines (a usage message); a carriage return is still escaped, since it
    would let the text overwrite what the line showed before it."""
    if text.isprintable():   # the usual case: nothing to do
        return text
    return "".join(char if char.isprintable() or (keep_newlines and char == "\n")
                   else _escape(char) for char in text)


def quoted(text: str) -> str:
    """``text`` in quotes, escaped as printable() does, for a name inside a
    message.  Like repr(), it uses double quotes for a text that holds a
    single quote but no double quote."""
    body = printable(text)
    if "'" in text and '"' not in text:
        return f'"{body}"'
    return "'" + body.replace("'", "\\'") + "'"
