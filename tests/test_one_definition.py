"""Each fact of the CMRT template is defined once, in the library (`cmrt/`), and imported everywhere else:
the four metals, the Smelter ID (CID) pattern, the "Smelter Look-up" sheet name and the question texts.

Read from the source of the apps (test fixtures keep their own copies on purpose: they describe the
template independently, so that a wrong fact in the library shows up as a failing test).
"""

from __future__ import annotations

import ast
from pathlib import Path

import cmrt

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "accounts", "suppliers", "smelters", "surveys", "reports", "demo", "cmrt_portal", "benchmarks")
QUESTION_TEXTS = set(cmrt.QUESTION_TEXT.values()) | set(cmrt.COMPANY_QUESTION_TEXT.values())


def _copies_of_library_facts(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = str(path.relative_to(ROOT))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            if set(cmrt.METALS) <= words:
                found.append(f"{where}:{node.lineno}: the metals")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if "CID\\d" in node.value or "CID[0-9]" in node.value:
                found.append(f"{where}:{node.lineno}: the Smelter ID pattern")
            if node.value in QUESTION_TEXTS:
                found.append(f"{where}:{node.lineno}: a question text")
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and node.value.value == cmrt.SHEET_LOOKUP
        ):
            found.append(f"{where}:{node.lineno}: the sheet name {cmrt.SHEET_LOOKUP!r}")
    return found


def test_the_template_facts_are_defined_only_in_the_cmrt_library():
    copies = [
        copy
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for copy in _copies_of_library_facts(path)
    ]
    assert copies == []
