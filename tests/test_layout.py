"""The house's one rule of direction: reports -> surveys -> suppliers, smelters -> core, and every app may use
the CMRT library; `core/` and `cmrt/` import no app, and `cmrt/` imports no Django.

Read from the source (every import statement, also those inside functions), so a lazy import that
crosses a floor the wrong way fails here too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "accounts", "suppliers", "smelters", "surveys", "reports", "demo", "cmrt_portal")

# What each package may import of the project's own packages (the library `cmrt` is open to all but core's
# table reader is the only core module that needs it).
ALLOWED: dict[str, set[str]] = {
    "cmrt": set(),
    "core": {"cmrt"},
    "accounts": {"core"},
    "suppliers": {"core", "accounts", "cmrt"},
    "smelters": {"core", "accounts", "cmrt"},
    "surveys": {"core", "accounts", "cmrt", "suppliers", "smelters"},
    "reports": {"core", "accounts", "cmrt", "suppliers", "smelters", "surveys"},
}
OWN = set(ALLOWED) | {"demo", "cmrt_portal"}


def _imports_of(package: str) -> set[tuple[str, str]]:
    """(file, top-level package imported) for every import in `package`, migrations left out."""
    found: set[tuple[str, str]] = set()
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.add((str(path.relative_to(ROOT)), name.split(".")[0]))
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_the_floors_below_it(package):
    wrong = sorted(
        f"{file} imports {top}"
        for file, top in _imports_of(package)
        if top in OWN and top != package and top not in ALLOWED[package]
    )
    assert wrong == []


def test_the_cmrt_library_imports_no_django():
    assert sorted(f"{file} imports {top}" for file, top in _imports_of("cmrt") if top == "django") == []
