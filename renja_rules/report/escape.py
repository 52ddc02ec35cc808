"""Text from input made safe to print: control and format characters as visible escapes.

A plan's values, a file's name and the messages that quote them reach a terminal, a CI
log or a GitHub annotation. Written raw, ``kode: "\\e]0;...\\a"`` sets the window title,
``\\e[2J`` clears the screen, a carriage return or a line break forges report lines, and
U+202E turns the rest of a line around. Every such character is printed as an escape
instead: ``\\x1b``, ``\\r``, ``\\u202e``. Letters, digits, punctuation and spaces of any
script (a no-break space, ``é``, an emoji) print as they are.

The text and GitHub reports and the command line's messages on stderr go through
:func:`escape`; JSON, SARIF, JUnit and HTML encode such characters by their own rules.
"""

from __future__ import annotations

import unicodedata

__all__ = ["escape"]

# Control (Cc: C0, DEL, C1), format (Cf: bidirectional embeddings, overrides and isolates,
# zero-width characters, the BOM, ...), surrogates (Cs: a lone one cannot even be encoded
# for output) and the line and paragraph separators (Zl, Zp), which some programs break at.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escaped(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escape(text: str, keep: str = "") -> str:
    """``text`` with every control, format, surrogate and line-separator character as a visible escape.

    ``keep``: characters the caller encodes by its own rules (a GitHub annotation's CR and
    LF, which the runner's ``%0D`` and ``%0A`` carry safely).
    """
    if text.isprintable():  # one C pass; true for almost every message
        return text
    return "".join(
        _escaped(char)
        if not char.isprintable() and char not in keep and unicodedata.category(char) in _UNSAFE_CATEGORIES
        else char
        for char in text
    )
