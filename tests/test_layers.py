"""The layer rule of the architecture: imports go down only, and Qt stays in the interface."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cpts_desktop"
# What each layer may import from the package (besides itself).
ALLOWED = {
    "domain": {"domain", "config"},
    "store": {"store", "domain", "config"},
    # i18n is the one place for French formats: services write French messages and texts (PV drafts) too
    # collector: the garbage collector paused while an import or a document keeps what it makes
    "services": {"services", "store", "domain", "config", "i18n", "collector"},
    "pdf": {"pdf", "services", "domain", "config", "i18n", "collector"},
    "cli": {"cli", "services", "domain", "config", "i18n", "logs", "pdf", "store.engine"},
}


Imports = tuple[ast.Import | ast.ImportFrom, ...]


@functools.cache
def imports_in(path: Path) -> tuple[Imports, Imports]:
    """Each module parsed once for all the tests of this file: its import statements anywhere, and those run
    when it is loaded. Only they are kept: the whole trees, kept for the rest of the run, made every later
    pass of the garbage collector in this test process twice as long."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    anywhere = tuple(node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom))
    return anywhere, tuple(_top_level_imports(tree))


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in imports_in(path)[0]:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif node.module:
            names.add(node.module)
    return names


def modules_of(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_go_down_only(layer: str):
    offenders = []
    for path in modules_of(layer):
        for name in imported_modules(path):
            if name.startswith("PySide6"):
                offenders.append(f"{path.name}: {name}")
            if name.startswith("cpts_desktop."):
                target = name.split(".")[1]
                if target not in ALLOWED[layer] and ".".join(name.split(".")[1:3]) not in ALLOWED[layer]:
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_only_app_imports_the_interface():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and path.name != "app.py"
        and any(name.startswith("cpts_desktop.ui") for name in imported_modules(path))
    ]
    assert offenders == []


def test_domain_is_pure_python():
    for path in modules_of("domain"):
        assert not any(name.startswith(("sqlalchemy", "PySide6")) for name in imported_modules(path)), path


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.stmt) -> bool:
    """``if TYPE_CHECKING:`` blocks never run: their imports are no edges."""
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _top_level_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports run when the module is loaded: its body, and the bodies of top-level ``if``/``try``
    blocks; those inside functions and classes run later (lazy) and cannot close a circle."""
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            pending.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            pending.extend(node.body + node.orelse + node.finalbody)
            pending.extend(statement for handler in node.handlers for statement in handler.body)


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The package's modules that ``node`` loads: ``from a.b import c`` is ``a.b.c`` when c is a module."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    base = node.module or ""
    if node.level:
        anchor = module.split(".") if is_package else module.split(".")[:-1]
        anchor = anchor[: len(anchor) - node.level + 1]
        base = ".".join([*anchor, base] if base else anchor)
    found = {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known}
    if len(found) < len(node.names) and base in known:
        found.add(base)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports when it is loaded."""
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    known = set(paths)
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        is_package = path.name == "__init__.py"
        edges = (_targets(node, module, is_package, known) for node in imports_in(path)[1])
        graph[module] = set().union(*edges) - {module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports (its modules in order, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: explored
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module], _ = 1, path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[module], _ = 2, path.pop()
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_the_package_has_no_import_circle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "circle of imports: " + " → ".join(cycle or [])


def test_the_circle_finder_names_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
