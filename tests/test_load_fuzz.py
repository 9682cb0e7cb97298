"""Loader fuzzing: mutated schema files never crash wesley-gen, and every refusal is located.

A deterministic corpus: each case starts from one of the example schemas (schemas/,
golden/*/old.* and new.*, and the canonical JSON snapshot of each) and applies one to
three mutations chosen by a seeded random generator: byte flips, interesting bytes,
truncation, token deletion and duplication, line deletion and duplication, and deep
nesting.  Each mutant goes through the loader and, when it loads, through ``diff``
against its seed, as ``wesley-gen diff`` would run it.  The property: no exception but
:class:`~wesley_gen.errors.InputError`, and every InputError names the file and a line.

``WESLEY_FUZZ_CASES`` sets the cases per loader (100 here; ``make proof`` runs 3000
for each of the four loaders).  A failure names its loader and case number, which is
all it takes to reproduce it.
"""

from __future__ import annotations

import os
import random
import re
import signal
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from wesley_gen.diff import diff_schemas
from wesley_gen.errors import InputError, UsageError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema
from wesley_gen.model import Schema, canonical_json
from wesley_gen.render.diff_json import diff_document

ROOT = Path(__file__).parent.parent
CASES = int(os.environ.get("WESLEY_FUZZ_CASES", "100"))
LOADERS = ("graphql", "postgres", "sqlite", "json")
_TOKEN = re.compile(rb"\w+|\s+|[^\w\s]")
_INTERESTING = [b"(", b")", b"[", b"]", b"{", b"}", b'"', b"'", b";", b",", b":", b"@", b"\n", b"\x00", b"\xff", b"\xc3", b"-", b"\\", b"$"]  # fmt: skip
_DEPTHS = (50, 99, 100, 101, 150, 300, 1000, 5000)


@dataclass(frozen=True, slots=True)
class Seed:
    name: str
    data: bytes
    suffix: str  # .graphql, .sql or .json
    dialect: str
    schema: Schema  # what the unmutated file loads as


def _dialect_of(path: Path) -> str:
    if path.name.endswith(".sqlite.sql"):
        return "sqlite"
    hints = path.parent / "hints.toml"
    if hints.exists():
        return str(tomllib.loads(hints.read_text(encoding="utf-8")).get("dialect", "postgres"))
    return "postgres"


@cache
def seeds(loader: str) -> tuple[Seed, ...]:
    """The example schemas a loader's mutants start from."""
    files = sorted([*ROOT.glob("schemas/*.graphql"), *ROOT.glob("schemas/*.sql"), *ROOT.glob("golden/*/*.*")])
    found = []
    for path in files:
        if path.suffix not in {".graphql", ".sql"} or path.name == "demo-rows.sql":
            continue
        dialect = _dialect_of(path)
        loaded = load_schema(str(path), dialect=dialect).schema
        name = str(path.relative_to(ROOT))
        if loader == "json":
            found.append(Seed(name, canonical_json(loaded).encode("utf-8"), ".json", dialect, loaded))
        elif loader == "graphql" and path.suffix == ".graphql":
            found.append(Seed(name, path.read_bytes(), ".graphql", dialect, loaded))
        elif loader in {"postgres", "sqlite"} and path.suffix == ".sql" and dialect == loader:
            found.append(Seed(name, path.read_bytes(), ".sql", dialect, loaded))
    assert found, f"no seeds for {loader}"
    return tuple(found)


# --- mutations: each takes the bytes and a random generator ---------------------------


def _flip(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]


def _interesting(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    keep = rng.random() < 0.5  # insert, or overwrite one byte
    return data[:at] + rng.choice(_INTERESTING) + data[at + (0 if keep else 1) :]


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _tokens(data: bytes) -> list[bytes]:
    return _TOKEN.findall(data)


def _delete_tokens(data: bytes, rng: random.Random) -> bytes:
    tokens = _tokens(data)
    at = rng.randrange(len(tokens))
    del tokens[at : at + rng.choice((1, 1, 2, 5))]
    return b"".join(tokens)


def _duplicate_tokens(data: bytes, rng: random.Random) -> bytes:
    tokens = _tokens(data)
    at = rng.randrange(len(tokens))
    span = tokens[at : at + rng.choice((1, 1, 3, 8))]
    where = rng.choice((at, rng.randrange(len(tokens))))  # in place, or elsewhere
    return b"".join(tokens[:where] + span + tokens[where:])


def _lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    if rng.random() < 0.5:
        del lines[at]
    else:
        lines.insert(rng.randrange(len(lines)), lines[at])
    return b"\n".join(lines)


def _nest(data: bytes, rng: random.Random) -> bytes:
    """Wrap one token in many brackets, calls or operators, or open brackets that never close."""
    tokens = _tokens(data)
    at = rng.randrange(len(tokens))
    depth = rng.choice(_DEPTHS)
    opening, closing = rng.choice(
        [(b"(", b")"), (b"[", b"]"), (b"{", b"}"), (b"abs(", b")"), (b"NOT ", b""), (b"-", b""), (b"1+", b"")]
    )
    if rng.random() < 0.2:
        closing = b""
    return b"".join(tokens[:at]) + opening * depth + tokens[at] + closing * depth + b"".join(tokens[at + 1 :])


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _flip,
    _interesting,
    _truncate,
    _delete_tokens,
    _duplicate_tokens,
    _lines,
    _nest,
)


def mutant(loader: str, case: int) -> tuple[Seed, bytes, list[str]]:
    """Case ``case`` of ``loader``: its seed, the mutated bytes, and the mutations applied."""
    rng = random.Random(f"{loader}:{case}")
    seed = rng.choice(seeds(loader))
    data = seed.data
    applied = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        mutation = rng.choice(MUTATIONS)
        if data:
            data = mutation(data, rng)
            applied.append(mutation.__name__.lstrip("_"))
    return seed, data, applied


class Hung(BaseException):
    """A case still running after ``HANG_SECONDS``: a parser gone exponential, not a slow machine."""


HANG_SECONDS = 120  # a case takes milliseconds; this only turns a hang into a failure


def _hung(signum: int, frame: object) -> None:
    raise Hung


def failure(loader: str, case: int, path: Path) -> str | None:
    """Why case ``case`` breaks the property, or ``None`` when it holds."""
    seed, data, applied = mutant(loader, case)
    path.write_bytes(data)
    where = f"{loader} case {case} ({seed.name}, {' + '.join(applied)})"
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(HANG_SECONDS)
    try:
        return _check(seed, path, where)
    except Hung:
        return f"{where}: still running after {HANG_SECONDS} s"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check(seed: Seed, path: Path, where: str) -> str | None:
    try:
        loaded = load_schema(str(path), dialect=seed.dialect)
        result = diff_schemas(seed.schema, loaded.schema, Hints(), dialect=seed.dialect)
        diff_document(seed.schema, loaded.schema, result, dialect=seed.dialect).to_dict()
    except InputError as error:
        location = error.location
        if location is None or location.source != str(path):
            return f"{where}: not located in the file: {error}"
        if location.line is None and not _about_the_whole_file(error, seed):
            return f"{where}: no line: {error}"
        if "\n" in str(error):
            return f"{where}: more than one line: {error!r}"
    except UsageError:
        pass  # diff's own refusal, e.g. of a rename marker naming a column the seed does not have
    except Exception as error:
        return f"{where}: {type(error).__name__}: {error}"
    return None


def _about_the_whole_file(error: InputError, seed: Seed) -> bool:
    """A snapshot's shape and rules are checked on the parsed document, which keeps no lines."""
    return seed.suffix == ".json" and not error.reason.startswith(("invalid JSON", "a NUL byte", "not UTF-8"))


@pytest.mark.parametrize("loader", LOADERS)
def test_mutated_files_never_crash_and_every_error_is_located(loader: str, tmp_path: Path) -> None:
    path = tmp_path / f"mutant{seeds(loader)[0].suffix}"
    failures = [f[:400] for case in range(CASES) if (f := failure(loader, case, path)) is not None]
    if failures:  # a plain message: pytest's comparison of long strings would take minutes
        pytest.fail(f"{len(failures)} of {CASES} cases fail:\n" + "\n".join(failures[:20]), pytrace=False)
