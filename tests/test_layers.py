"""The layer rule of the architecture: imports go down only, and Qt stays in the interface."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cpts_desktop"
# What each layer may import from the package (besides itself).
ALLOWED = {
    "domain": {"domain", "config"},
    "store": {"store", "domain", "config"},
    # i18n is the one place for French formats: services write French messages and texts (PV drafts) too
    "services": {"services", "store", "domain", "config", "i18n"},
    "pdf": {"pdf", "services", "domain", "config", "i18n"},
    "cli": {"cli", "services", "domain", "config", "i18n", "logs", "pdf", "store.engine"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
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
