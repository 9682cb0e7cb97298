"""The JSON documents one stage writes and a later one reads: one writer and one reader each.

Each document is a frozen dataclass in its own module (:mod:`.plan`, :mod:`.contract`,
:mod:`.diff`) whose ``to_dict`` is the only writer of its JSON and whose ``parse_*``
is the only reader.  A reader first checks the document against the JSON Schema
published in ``docs/schema/`` (shipped in the package as ``wesley_gen/schema``), so a
hand-edited or truncated file is one located line (``plan.json: not a wesley-gen
plan: $.steps[2].rollback: 'hint' is a required property``), never a ``KeyError``
deep in the runtime.  jsonschema is imported at the first read: ``--help`` and a
no-op ``check`` never pay for it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wesley_gen.errors import InputError, Location, other_format_version

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

_LONGEST_REASON = 200  # characters of a schema violation shown
_LONGEST_VALUE = 60  # characters of a value a violation quotes, beyond which its kind is named


def sha256(content: bytes) -> str:
    """The hex SHA-256 of a file's content, as plan.json records each artifact's and ``check`` compares."""
    return hashlib.sha256(content).hexdigest()


def read_json(file: Path, *, hint: str | None = None) -> Any:
    """The JSON value in ``file``; a missing, unreadable or malformed file is an :class:`InputError`."""
    where = Location(str(file))
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", location=where, hint=hint) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot be read ({error})", location=where) from None
    return loads(text, str(file))


def loads(text: str, source: str) -> Any:
    """The JSON value of ``text`` read from ``source``, its syntax errors located."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON: {error.msg}", location=Location(source, error.lineno)) from None
    except RecursionError:
        raise InputError("not JSON: nested too deeply", location=Location(source)) from None


def check(data: Any, *, kind: str, format: str, source: str, title: str | None = None) -> None:
    """Raise :class:`InputError` unless ``data`` is a valid ``format`` document
    (``docs/schema/<kind>.schema.json``), naming the first violation's JSON path;
    the message calls the document ``title`` (default: ``kind``)."""

    def fail(reason: str) -> InputError:
        return InputError(f"not a wesley-gen {title or kind}: {reason}", location=Location(source))

    # Another version of the format: which wesley-gen wrote it, and what to run.
    if isinstance(data, dict) and (
        other := other_format_version(data.get("format"), format, Location(source))
    ):
        raise other
    # Another kind of file altogether: say what was expected rather than which key is missing.
    if not isinstance(data, dict) or data.get("format") != format:
        raise fail(f'expected "format": "{format}"')
    from jsonschema.exceptions import best_match

    error = best_match(_validator(kind).iter_errors(data))
    if error is not None:
        raise fail(f"{error.json_path}: {_reason(error.message, error.instance)}")


def _reason(message: str, value: Any) -> str:
    """jsonschema's message on one short line: a long value it quotes (a whole list of
    steps) is named by its kind instead (``an array of 3 items is too short``)."""
    shown = repr(value)
    if len(shown) > _LONGEST_VALUE and message.startswith(shown):
        if isinstance(value, list):
            kind = f"an array of {len(value)} item(s)"
        else:
            kind = "an object" if isinstance(value, dict) else f"a {type(value).__name__}"
        message = kind + message[len(shown) :]
    reason = " ".join(message.split())
    return reason if len(reason) <= _LONGEST_REASON else reason[: _LONGEST_REASON - 1] + "…"


@cache
def _validator(kind: str) -> Validator:
    from importlib.resources import files  # not on `check`'s fast path

    from jsonschema import Draft202012Validator

    schema = json.loads((files("wesley_gen") / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)
