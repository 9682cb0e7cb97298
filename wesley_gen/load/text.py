"""What a schema file must be before any parser reads it: UTF-8 text without NUL bytes.

Both are refused at the line of the first offending byte, and a document nested
deeper than the parsers can follow is refused at the line where it is deepest, so
no parser's recursion limit ever reaches a user as a crash.
"""

from __future__ import annotations

from wesley_gen.errors import InputError, Location
from wesley_gen.expressions import TOO_DEEP

_OPEN, _CLOSE = b"([{", b")]}"


def decode(data: bytes, source: str) -> str:
    """``data`` as UTF-8 text, or an :class:`InputError` at the line of its first invalid byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} ({error.reason})",
            location=Location(source, line),
            hint="save the file as UTF-8",
        ) from None


def check_text(text: str, source: str) -> None:
    """Refuse a NUL character: no schema format allows one, and the parsers stop at it."""
    position = text.find("\x00")
    if position != -1:
        raise InputError(
            "a NUL byte (\\0): a schema file is text",
            location=Location(source, text.count("\n", 0, position) + 1),
        )


def too_deep(source: str, text: str) -> InputError:
    """The error for a document nested too deeply for a parser, at the line where it is deepest."""
    return InputError(TOO_DEEP, location=Location(source, deepest_line(text)))


def deepest_line(text: str, first_line: int = 1) -> int:
    """The line on which the brackets of ``text`` (which starts on ``first_line``) first nest deepest.

    Quotes are not considered: this only places an error that has already happened.
    """
    data = text.encode("utf-8")
    depth = deepest = where = 0
    for offset, byte in enumerate(data):
        if byte in _OPEN:
            depth += 1
            if depth > deepest:
                deepest, where = depth, offset
        elif byte in _CLOSE:
            depth -= 1
    return first_line + data.count(b"\n", 0, where)
