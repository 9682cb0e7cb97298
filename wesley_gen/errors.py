"""One exception root for everything a user can get wrong.

Every user-facing failure is a :class:`WesleyGenError` carrying a location and a
one-line reason; the CLI alone turns it into ``wesley-gen: error: …`` and an exit
code, so no traceback ever reaches a user for bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where in a user's input something was found (a file, a URL, a flag)."""

    source: str
    line: int | None = None

    def __str__(self) -> str:
        return self.source if self.line is None else f"{self.source}:{self.line}"


class WesleyGenError(Exception):
    """Root of every error wesley-gen reports to a user."""

    exit_code = 2

    def __init__(
        self,
        reason: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        # One line, always: a multi-line reason would break `file:line: reason`.
        reason = " ".join(self.reason.split())
        return reason if self.location is None else f"{self.location}: {reason}"

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries (schemas load in parallel): keep every field.
        return (_rebuild, (type(self), self.reason, self.location, self.hint))

    def at(self, location: Location) -> WesleyGenError:
        """Return the same error placed at ``location`` unless it already has one."""
        if self.location is None:
            self.location = location
        return self


def _rebuild(
    kind: type[WesleyGenError], reason: str, location: Location | None, hint: str | None
) -> WesleyGenError:
    return kind(reason, location=location, hint=hint)


class InputError(WesleyGenError):
    """A schema that cannot be read or is not valid (exit 2)."""


class UsageError(WesleyGenError):
    """Flags or arguments that do not make sense together (exit 2)."""


class ProblemFound(WesleyGenError):
    """The work found something the user must act on (exit 1)."""

    exit_code = 1


class DatabaseError(WesleyGenError):
    """A database or the environment could not be used (exit 3)."""

    exit_code = 3


_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?=@)", re.I)
_KV_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<pw>'[^']*'|\S+)", re.I)


def redact(text: str) -> str:
    """Hide passwords in URLs and ``password=`` pairs before anything is printed."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + "***", text)
    return _KV_PASSWORD.sub(lambda m: m.group("head") + "***", text)


def first_line(error: BaseException) -> str:
    """The first line of an exception's message, password redacted (a driver's detail lines follow it)."""
    lines = str(error).strip().splitlines()
    return redact(lines[0].strip()) if lines else type(error).__name__


def other_format_version(found: object, expected: str, location: Location) -> InputError | None:
    """The error for a document of the ``expected`` kind (``wesley-gen/plan@1``) whose format
    is another version of it: written by an older wesley-gen (regenerate its folder) or a
    newer one (upgrade); None when ``found`` is not that kind's format at all."""
    kind, _, version = expected.partition("@")
    if not isinstance(found, str) or not found.startswith(f"{kind}@"):
        return None
    written = found.removeprefix(f"{kind}@")
    if not written.isdigit() or int(written) == int(version):
        return None
    if int(written) < int(version):
        return InputError(
            f"written by an older wesley-gen ({found}; this wesley-gen reads {expected})",
            location=location,
            hint="regenerate the folder as this version writes it: wesley-gen check --fix in a project, "
            "or wesley-gen generate again",
        )
    return InputError(
        f"written by a newer wesley-gen ({found}; this wesley-gen reads {expected})",
        location=location,
        hint="upgrade wesley-gen to the release that wrote it: pip install -U wesley-gen",
    )
