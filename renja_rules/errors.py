"""The tool's own errors: input it cannot use, always with a location.

Every error a user can cause (a broken plan file, a wrong rule file, a bad
argument) is one of these. The CLI prints them as ``file:line:column: message``
and exits 2; anything else escaping is a bug in renja-rules.
"""

from __future__ import annotations

__all__ = ["RenjaRulesError", "PlanError", "RuleError", "ConfigError", "SourceLocation", "Text", "in_language"]

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A place in a file; line and column count from 1."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class Text(str):
    """A message in both languages: the string is the Bahasa Indonesia, ``.en`` the English.

    Errors are raised deep in the loader, long before anyone knows the reader's language;
    the message carries both, and :func:`in_language` picks one where it is shown.
    """

    en: str

    def __new__(cls, id: str, en: str) -> "Text":
        text = super().__new__(cls, id)
        text.en = en
        return text

    def __reduce__(self) -> tuple[object, ...]:  # (worker processes send errors back pickled)
        return (Text, (str(self), self.en))


def in_language(text: str, lang: str) -> str:
    """``text`` in ``lang`` (``id`` or ``en``); a plain string stays as it is."""
    if lang == "en" and isinstance(text, Text):
        return text.en
    return str(text)


class RenjaRulesError(Exception):
    """Input renja-rules cannot use. ``str(error)`` is the full ``file:line:col: message``.

    ``message`` may be a :class:`Text` (both languages); ``str()`` shows the Indonesian,
    :meth:`in_language` the error as a reader of another language sees it.
    """

    def __init__(self, message: str, location: SourceLocation | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message, self.location))

    def in_language(self, lang: str) -> "RenjaRulesError":
        """The same error with its message in ``lang``."""
        if not isinstance(self.message, Text):
            return self
        return type(self)(in_language(self.message, lang), self.location)

    @property
    def file(self) -> str | None:
        return self.location.file if self.location else None

    @property
    def line(self) -> int | None:
        return self.location.line if self.location else None

    @property
    def column(self) -> int | None:
        return self.location.column if self.location else None

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class PlanError(RenjaRulesError):
    """A plan file that cannot be read: not YAML, wrong structure, over a limit."""


class ConfigError(RenjaRulesError):
    """A configuration file (or a reference list it names) that cannot be used."""


class RuleError(RenjaRulesError):
    """A rule file that cannot be compiled: unknown kind, missing parameter, bad expression."""
