"""The smelter services are split by subject, and the read side does not reach into them."""

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _modules_imported_by(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):  # also the imports inside functions
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("module", ["smelters/selectors.py", "smelters/match_index.py"])
def test_the_read_side_of_smelters_does_not_import_the_services(module):
    assert sorted(m for m in _modules_imported_by(ROOT / module) if m.startswith("smelters.services")) == []


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("smelter_reference_import", "smelters.services.reference_import"),
        ("smelter_origins_import", "smelters.services.origins"),
        ("reported_smelters_record", "smelters.services.reported"),
        ("match_decision_record", "smelters.services.decisions"),
        ("reported_smelters_rematch", "smelters.services.rematch"),
        ("smelter_rows_match", "smelters.match_index"),
    ],
)
def test_each_smelter_service_lives_in_the_module_of_its_subject_and_stays_importable_from_services(name, home):
    services = importlib.import_module("smelters.services")
    assert getattr(services, name).__module__ == home
