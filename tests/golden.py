"""Golden cases: ``golden/<case>/`` holds ``old.*``, ``new.*``, an optional
``hints.toml`` and ``expected/`` files that the generator must reproduce byte for byte:
``expected/diff.json`` and ``diff.txt``, and ``expected/<dialect>/`` with every file of
the generated migration folder.

``hints.toml`` keys: ``rename``, ``cast``, ``backfill`` (lists of flag values),
``dialect`` (how to read ``.sql`` inputs), ``generate`` (dialects to generate for;
``[]`` when generation must be refused), ``allow_destructive``, ``allow_empty`` and
a ``[values]`` table of column values for the rows the end-to-end tests insert.

``make golden`` (pytest ``--snapshot-update``) rewrites the expected files; review
the diff before committing it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from wesley_gen.hints import Hints

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def mypy_env() -> dict[str, str]:
    """The environment for ``mypy`` on a generated folder: its backfill.py imports the package's
    runtime, which mypy finds as in an installed package (an editable install hides it)."""
    return {**os.environ, "MYPYPATH": str(GOLDEN.parent)}


@dataclass(frozen=True)
class GoldenCase:
    path: Path
    old: Path
    new: Path
    dialect: str = "postgres"
    hints: Hints = field(default_factory=Hints)
    # generate: which dialects to write migrations for (none: generation is refused)
    generate: tuple[str, ...] = ("postgres", "sqlite")
    allow_destructive: bool = False
    allow_empty: bool = False
    # Column values for seeded rows where generic ones would not fit ("table.column" → values).
    values: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    def expected(self, filename: str) -> Path:
        return self.path / "expected" / filename


def _only(path: Path, stem: str) -> Path:
    matches = sorted(p for p in path.iterdir() if p.stem == stem and p.is_file())
    if len(matches) != 1:
        raise AssertionError(f"{path}: expected exactly one {stem}.* file, found {matches}")
    return matches[0]


def load_case(path: Path) -> GoldenCase:
    config: dict[str, Any] = {}
    hints_file = path / "hints.toml"
    if hints_file.exists():
        config = tomllib.loads(hints_file.read_text(encoding="utf-8"))
    return GoldenCase(
        path=path,
        old=_only(path, "old"),
        new=_only(path, "new"),
        dialect=config.get("dialect", "postgres"),
        hints=Hints.from_flags(config.get("rename", []), config.get("cast", []), config.get("backfill", [])),
        generate=tuple(config.get("generate", ("postgres", "sqlite"))),
        allow_destructive=config.get("allow_destructive", False),
        allow_empty=config.get("allow_empty", False),
        values=config.get("values", {}),
    )


def golden_cases() -> list[GoldenCase]:
    return [load_case(p) for p in sorted(GOLDEN.iterdir()) if p.is_dir()]


def golden_file(target: Path) -> type[SingleFileSnapshotExtension]:
    """A syrupy extension that keeps one snapshot at exactly ``target``."""

    class GoldenFile(SingleFileSnapshotExtension):
        _write_mode = WriteMode.TEXT
        file_extension = target.suffix.removeprefix(".")

        @classmethod
        def dirname(cls, *, test_location: Any) -> str:
            return str(target.parent)

        @classmethod
        def discovery_dirname(cls, *, test_location: Any) -> str:
            return str(target.parent)

        @classmethod
        def get_snapshot_name(cls, *, test_location: Any, index: Any = 0) -> str:
            return target.stem

        @classmethod
        def get_file_basename(cls, *, test_location: Any, index: Any) -> str:
            return target.stem

        def owns_snapshot_collection(self, *, filepath: str, test_location: Any) -> bool:
            return Path(filepath) == target

        @classmethod
        def matches_test_location(cls, *, test_location: Any, snapshot_location: str) -> bool:
            return Path(snapshot_location) == target

    return GoldenFile
