"""The project configuration: ``[tool.wesley-gen]`` in the nearest ``pyproject.toml``.

Found by walking up from the current folder; command-line flags override it.  An
unknown key is an error naming the key, so a typo never silently falls back to a
default (``working-databse`` would otherwise leave the working database unguarded).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from wesley_gen.errors import InputError, Location

KEYS = (
    "schema", "migrations", "dialect", "database", "working-database", "dev-database", "owners", "tags", "sdl-types",
    "ddl-lock-timeout", "lock-retries", "statement-timeout", "allow-access-widening",
)  # fmt: skip
DEFAULT_MIGRATIONS = "migrations"


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    root: Path | None = None  # the folder of the pyproject.toml, None without one
    schema: str | None = None
    migrations: str = DEFAULT_MIGRATIONS
    dialect: str | None = None
    database: str | None = None
    working_database: str | None = None
    dev_database: str | None = None  # where PostgreSQL .sql files are read through (--dev-db)
    owners: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    # GraphQL scalar or enum name → SQL type, before the SDL loader's own map (docs/wesley.md)
    sdl_types: Mapping[str, str] = field(default_factory=dict)
    # PostgreSQL runs (migrate up/down, rehearse): see wesley_gen.run.scripts.Timeouts.
    ddl_lock_timeout: float | None = None
    lock_retries: int | None = None
    statement_timeout: float | None = None
    allow_access_widening: bool = False  # generate and new accept access-widening changes (docs/generate.md)

    def path(self, value: str) -> str:
        """A path from the config, relative to the project root (URLs stay as they are)."""
        if "://" in value or self.root is None or Path(value).is_absolute():
            return value
        return str(self.root / value)


def find_config(start: Path | None = None) -> ProjectConfig:
    """The configuration of the project around ``start`` (default: the current folder)."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        file = candidate / "pyproject.toml"
        if file.is_file():
            tool = _read(file).get("tool", {})
            table = tool.get("wesley-gen") if isinstance(tool, dict) else None
            if table is not None:
                return _config(table, candidate, file)
    return ProjectConfig()


def _read(file: Path) -> dict[str, object]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InputError(
            f"cannot read the project configuration: {error}", location=Location(str(file))
        ) from None


def _config(table: object, root: Path, file: Path) -> ProjectConfig:
    where = Location(str(file))
    if not isinstance(table, dict):
        raise InputError("[tool.wesley-gen] must be a table", location=where)
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise InputError(
            f"unknown key {unknown[0]!r} in [tool.wesley-gen]",
            location=where,
            hint=f"known keys: {', '.join(KEYS)}",
        )

    def text(key: str) -> str | None:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"[tool.wesley-gen] {key} must be a string", location=where)
        return value

    def texts(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"[tool.wesley-gen] {key} must be a list of strings", location=where)
        return tuple(value)

    def mapping(key: str) -> dict[str, str]:
        value = table.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise InputError(
                f'[tool.wesley-gen] {key} must be a table of strings, e.g. {{ BigInt = "text" }}',
                location=where,
            )
        return dict(value)

    def number(key: str, kind: type[int] | type[float]) -> float | None:
        value = table.get(key)
        wrong = isinstance(value, bool) or not isinstance(value, int | float) or value < 0
        if value is not None and (wrong or (kind is int and not isinstance(value, int))):
            what = "a whole number" if kind is int else "a number"
            raise InputError(f"[tool.wesley-gen] {key} must be {what} of 0 or more", location=where)
        return value

    widening = table.get("allow-access-widening", False)
    if not isinstance(widening, bool):
        raise InputError("[tool.wesley-gen] allow-access-widening must be true or false", location=where)
    retries = number("lock-retries", int)
    return ProjectConfig(
        root=root,
        schema=text("schema"),
        migrations=text("migrations") or DEFAULT_MIGRATIONS,
        dialect=text("dialect"),
        database=text("database"),
        working_database=text("working-database"),
        dev_database=text("dev-database"),
        owners=texts("owners"),
        tags=texts("tags"),
        sdl_types=mapping("sdl-types"),
        ddl_lock_timeout=number("ddl-lock-timeout", float),
        lock_retries=None if retries is None else int(retries),
        statement_timeout=number("statement-timeout", float),
        allow_access_widening=widening,
    )
