"""Problems found in a content repository, reported as ``path:line: message``."""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .i18n import messages


class Severity(enum.Enum):
    """How bad a problem is: errors stop a build, warnings only fail it under `--strict`."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, pinned to the file and line an author has to change."""

    path: str
    """The file, relative to the repository root, with forward slashes."""
    line: int
    """1-based line in that file; 0 when the problem is about the file as a whole."""
    message: str
    """What is wrong and, where it is obvious, the fix."""
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def __str__(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        return _printable(f"{self.path}:{max(self.line, 1)}: {prefix}{self.message}")

    def github(self) -> str:
        """The problem as a GitHub Actions workflow command, which annotates the pull request."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        path, message = _escape_property(_printable(self.path)), _escape_data(_printable(self.message))
        return f"::{kind} file={path},line={max(self.line, 1)}::{message}"


class Report:
    """Every problem of one run, collected so authors see all of them at once."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def error(self, path: str, line: int, message: str) -> None:
        self._items.append(Diagnostic(path, line, message, Severity.ERROR))

    def warning(self, path: str, line: int, message: str) -> None:
        self._items.append(Diagnostic(path, line, message, Severity.WARNING))

    def add(self, diagnostic: Diagnostic) -> None:
        self._items.append(diagnostic)

    def extend(self, other: Report) -> None:
        self._items.extend(other._items)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """All problems, sorted by file then line, duplicates removed."""
        return sorted(set(self._items))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def __bool__(self) -> bool:
        return bool(self._items)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ` — did you mean 'x'?` suffix when one candidate is close enough, else an empty string."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return " — " + messages().gettext("did you mean '%(id)s'?", id=matches[0]) if matches else ""


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
"""Characters that end a line (newline, CR, NEL, LS, PS) or drive a terminal or a text's direction:
a value quoted in a message must not start a forged ``path:line:`` line nor hide one."""


def _printable(text: str) -> str:
    """Control characters as visible escapes: a report must not drive the reader's terminal."""
    return _CONTROL.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
