"""The engine's layers, read from its imports: content -> output -> tools -> cli and adapter.

Every module under hooks/rolepath/ is parsed (nothing is imported), every import is read,
at the top of the file or inside a function, and the test fails when

- MkDocs (``mkdocs``, ``properdocs``) is imported outside ``rolepath/adapter/``;
- Jinja reaches the content layer, or argparse the tools (the command line is cli.py's);
- a module imports from a layer above its own;
- the imports go round in a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hooks" / "rolepath"

LAYERS = {"content": 0, "output": 1, "tools": 2, "cli": 3, "adapter": 3, "api": 3}
"""Each folder's (or top-level module's) place: a module may import from its own layer and below.
The package itself ("api": its __init__, the public names) sits on top."""

HOSTS = frozenset({"mkdocs", "properdocs"})
FORBIDDEN = {"content": frozenset({"jinja2", "markupsafe"}) | HOSTS, "tools": frozenset({"argparse"})}


def modules(package: Path = PACKAGE) -> dict[str, tuple[Path, bool]]:
    """'rolepath.output.urls' -> (its file, whether it is a package's __init__)."""
    found = {}
    for file in sorted(package.rglob("*.py")):
        parts = [package.name, *file.relative_to(package).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (file, is_package)
    return found


def imports(name: str, source: str, is_package: bool, known: Iterable[str]) -> list[tuple[str, int]]:
    """Every module ``source`` imports, as (dotted name, line): the engine's own modules by their full
    name (``from . import urls`` is 'rolepath.output.urls'), anything else by its top-level name."""
    known = set(known)
    package = name if is_package else name.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.name if alias.name in known else alias.name.split(".")[0], node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target not in known and not target.startswith(f"{PACKAGE.name}."):
                found.append((target.split(".")[0], node.lineno))
                continue
            for alias in node.names:
                child = f"{target}.{alias.name}"
                found.append((child if child in known else target, node.lineno))
    return found


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "api"


def problems(graph: Mapping[str, list[tuple[str, int]]], files: Mapping[str, str]) -> list[str]:
    """Every broken rule, as 'file:line: what'."""
    found = []
    for name, targets in graph.items():
        own = layer(name)
        for target, line in targets:
            where = f"{files[name]}:{line}"
            top = target.split(".")[0]
            if top in HOSTS and own != "adapter":
                found.append(f"{where}: imports {target}: only rolepath/adapter/ may import MkDocs")
            if top in FORBIDDEN.get(own, ()):
                found.append(f"{where}: imports {target}, which the {own} layer does without")
            if target in graph and LAYERS[layer(target)] > LAYERS[own]:
                above = layer(target)
                found.append(f"{where}: imports {target}: {own} may not import from the {above} layer above it")
    found += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return found


def cycles(graph: Mapping[str, list[tuple[str, int]]]) -> list[list[str]]:
    """One cycle through each strongly connected group of the engine's own modules."""
    edges = {name: sorted({target for target, _ in targets if target in graph}) for name, targets in graph.items()}
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current walk, 2: done
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in edges[name]:
            if state.get(target) == 1:
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)
    return found


def engine_graph() -> tuple[dict[str, list[tuple[str, int]]], dict[str, str]]:
    found = modules()
    graph = {
        name: imports(name, file.read_text(encoding="utf-8"), is_package, found)
        for name, (file, is_package) in found.items()
    }
    files = {name: file.relative_to(PACKAGE.parents[1]).as_posix() for name, (file, _) in found.items()}
    return graph, files


def test_the_engine_keeps_its_layers() -> None:
    graph, files = engine_graph()
    assert set(LAYERS) == {layer(name) for name in graph}, "a folder with no layer"
    assert problems(graph, files) == []


def test_the_layer_folders_are_what_the_imports_say() -> None:
    """The reading itself: relative imports resolve to the modules they name, lazy ones included."""
    graph, _ = engine_graph()
    adapter = {target for target, _ in graph["rolepath.adapter.events"]}
    assert {"rolepath.output.urls", "rolepath.content.load", "rolepath.adapter.publish", "mkdocs"} <= adapter
    assert "rolepath.content.model" in {target for target, _ in graph["rolepath.output.pages"]}


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ({"rolepath.content.a": "import mkdocs.plugins\n"}, "only rolepath/adapter/ may import MkDocs"),
        ({"rolepath.content.a": "from properdocs import x\n"}, "only rolepath/adapter/ may import MkDocs"),
        ({"rolepath.content.a": "def f():\n    import jinja2\n"}, "the content layer does without"),
        ({"rolepath.tools.a": "import argparse\n"}, "the tools layer does without"),
        (
            {"rolepath.content.a": "def f():\n    from ..output import b\n", "rolepath.output.b": ""},
            "content may not import from the output layer",
        ),
        (
            {"rolepath.output.a": "from . import b\n", "rolepath.output.b": "def f():\n    from .a import x\n"},
            "import cycle: rolepath.output.a -> rolepath.output.b -> rolepath.output.a",
        ),
    ],
)
def test_each_rule_catches_its_breach(sources: dict[str, str], expected: str) -> None:
    graph = {name: imports(name, source, False, sources) for name, source in sources.items()}
    found = problems(graph, {name: name for name in sources})
    assert any(expected in problem for problem in found), found
