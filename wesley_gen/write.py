"""Writing a migration folder: all of it or nothing.

The files are written into a temporary folder beside the target and renamed into
place in one step, so an interrupted or failed run never leaves a half-written
migration behind (the brief's "never a half-written output folder").
"""

from __future__ import annotations

import shutil
import tempfile
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
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
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
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
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
