"""Writing a migration folder: all of it or nothing.

The files are written into a temporary folder beside the target and renamed into
place in one step, so an interrupted or failed run never leaves a half-written
migration behind (the brief's "never a half-written output folder").
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from wesley_gen.errors import Location, UsageError


def write_folder(target: Path, files: Mapping[str, bytes], *, overwrite: bool = False) -> None:
    """Create ``target`` holding exactly ``files``; replace an existing one only if asked."""
    if target.exists() and not overwrite:
        raise UsageError(
            "the output folder already exists",
            location=Location(str(target)),
            hint="choose a new folder, or pass --overwrite to replace it",
        )
    if target.exists() and not target.is_dir():
        raise UsageError("the output path is a file, not a folder", location=Location(str(target)))
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = _new_folder(parent, f".{target.name}.")
    except OSError as error:
        raise UsageError(
            f"cannot create the output folder: {error.strerror}", location=Location(str(target))
        ) from None
    try:
        for name, content in files.items():
            path = staging / name
            path.write_bytes(content)
            path.chmod(0o644)
        staging.chmod(0o755)
        if target.exists():
            retired = _new_folder(parent, f".{target.name}.old.")
            retired.rmdir()
            target.rename(retired)
            staging.rename(target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(
            f"cannot write the migration: {error.strerror}", location=Location(str(target))
        ) from None


def _new_folder(parent: Path, prefix: str) -> Path:
    """A new empty folder in ``parent`` named ``prefix`` and a number no other folder has (what
    ``tempfile.mkdtemp`` makes, without importing tempfile and random on every ``generate``)."""
    n = 0
    while True:
        path = parent / f"{prefix}{os.getpid()}.{n}"
        try:
            path.mkdir(mode=0o700)
            return path
        except FileExistsError:
            n += 1
