"""The import direction of docs/architecture.md, read from the source with ``ast``.

Every ``import`` counts, the lazy ones inside functions too: a backward import that
is only deferred still ties an earlier stage to a later one.  The same imports make
the package's import graph (modules as nodes), which has no cycles: two modules that
need each other work today only because one of them imports lazily.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Collection, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wesley_gen"

# Each layer with the modules in it (a name covers its submodules), in pipeline order.
LAYERS: dict[str, tuple[str, ...]] = {
    "foundation": (
        "errors",
        "database_url",
        "expressions",
        "identifiers",
        "model",
        "runtime",
        "progress",
        "interrupts",
    ),
    "input": ("load", "validate", "hints", "config", "folders"),
    "diff": ("changes", "type_rules", "diff"),
    "classify": ("classify",),
    "plan": ("plan", "phases"),
    "documents": ("documents", "statements", "locks", "spec", "seed", "reports"),
    "render": ("render", "write"),
    "run": ("run",),
    "entry": ("api", "cli", "cli_help", "cli_options", "project", "__main__", "__init__"),
}
_ORDER = list(LAYERS)

# What each layer may import: itself and every earlier layer, except that the runtime
# executes written documents and never plans or renders (it skips diff..render).
MAY_IMPORT: dict[str, set[str]] = {layer: set(_ORDER[: i + 1]) for i, layer in enumerate(_ORDER)}
MAY_IMPORT["run"] = {"foundation", "input", "documents", "run"}

# Backward imports still to remove, each with why it is still here (none today: keep it so).
ALLOWED: frozenset[tuple[str, str]] = frozenset()


def _module(path: Path) -> str:
    """The dotted name of ``path`` inside the package, without ``wesley_gen.``."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def _layer(module: str) -> str:
    """The layer ``module`` belongs to."""
    for layer, names in LAYERS.items():
        if any(module == name or module.startswith(name + ".") for name in names):
            return layer
    raise AssertionError(f"wesley_gen.{module} is in no layer of tests/test_architecture.py")


def _imports(path: Path) -> set[tuple[str, int]]:
    """The wesley_gen modules ``path`` imports anywhere in it, with the line of each."""
    return _imports_in(path.read_text(encoding="utf-8"), _module(path), path.name == "__init__.py")


def _imports_in(source: str, module: str, is_package: bool) -> set[tuple[str, int]]:
    """The wesley_gen modules ``source`` (the text of ``module``) imports, lazy ones too."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                names = [".".join(["wesley_gen", *base, *([node.module] if node.module else [])])]
            else:
                names = [node.module or ""]
            # ``from wesley_gen import identifiers`` imports the module, not the package.
            if names == ["wesley_gen"]:
                names = [f"wesley_gen.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {
            (name.removeprefix("wesley_gen."), node.lineno)
            for name in names
            if name.startswith("wesley_gen.")
        }
    return found


def _private_imports(path: Path) -> list[str]:
    """``from wesley_gen.x import _name`` in ``path``: another module's private name."""
    return [
        f"wesley_gen/{path.relative_to(PACKAGE)}:{node.lineno} imports {alias.name} from {node.module}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wesley_gen")
        for alias in node.names
        if alias.name.startswith("_")
    ]


SOURCES = sorted(PACKAGE.rglob("*.py"))


def _graph() -> dict[str, set[str]]:
    """Each module with the modules it imports (a package's ``__init__`` only when named itself)."""
    return {_module(path): {target for target, _ in _imports(path)} for path in SOURCES}


def _cycles(graph: Mapping[str, Collection[str]]) -> list[list[str]]:
    """Import cycles of ``graph`` as paths ``a, b, …, a``: a shortest one through each module on no earlier one."""
    found: list[list[str]] = []
    for start in sorted(graph):
        if not any(start in cycle for cycle in found):
            cycle = _cycle_through(graph, start)
            if cycle is not None:
                found.append(cycle)
    return found


def _cycle_through(graph: Mapping[str, Collection[str]], start: str) -> list[str] | None:
    """A shortest import path from ``start`` back to itself (breadth first), if there is one."""
    parents: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in sorted(graph.get(node, ())):
            if target == start:
                chain = [node]
                while chain[-1] != start:
                    chain.append(parents[chain[-1]])
                return [*reversed(chain), start]
            if target not in parents:
                parents[target] = node
                queue.append(target)
    return None


def _violations() -> set[tuple[str, str]]:
    """Every (importer, imported) pair that goes against the import direction."""
    return {
        (_module(path), target)
        for path in SOURCES
        for target, _ in _imports(path)
        if _layer(target) not in MAY_IMPORT[_layer(_module(path))]
    }


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: _module(path))
def test_no_module_imports_a_later_stage(path: Path) -> None:
    module = _module(path)
    wrong = [
        f"wesley_gen/{path.relative_to(PACKAGE)}:{line}: {_layer(module)} imports {target} ({_layer(target)})"
        for target, line in sorted(_imports(path))
        if _layer(target) not in MAY_IMPORT[_layer(module)] and (module, target) not in ALLOWED
    ]
    assert not wrong, "\n".join(wrong)


def test_every_allowed_backward_import_still_exists() -> None:
    """An entry fixed in the code leaves the allow-list too, so the list only shrinks."""
    assert set(ALLOWED) <= _violations(), sorted(set(ALLOWED) - _violations())


def test_no_module_imports_another_modules_private_name() -> None:
    found = [line for path in SOURCES for line in _private_imports(path)]
    assert not found, "\n".join(found)


def test_the_checker_sees_lazy_and_relative_imports() -> None:
    """Imports inside functions and relative imports are found (the code imports lazily)."""
    source = (
        "def f() -> None:\n    from wesley_gen.render.sql import render_sql\n    from ..plan import Options\n"
    )
    found = _imports_in(source, "load.probe", is_package=False)
    assert found == {("render.sql", 2), ("plan", 3)}
    assert not {_layer(target) for target, _ in found} & MAY_IMPORT[_layer("load.probe")]


def test_no_import_cycles() -> None:
    cycles = _cycles(_graph())
    assert not cycles, "\n".join(
        "import cycle: " + " -> ".join(f"wesley_gen.{module}" for module in cycle) for cycle in cycles
    )


def test_the_cycle_check_names_each_cycle() -> None:
    """A synthetic graph: a three-module cycle, a module importing itself, a module on no cycle."""
    graph = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": set(), "e": {"a", "e"}}
    assert _cycles(graph) == [["a", "b", "c", "a"], ["e", "e"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
