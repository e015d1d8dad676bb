"""Comments that are true: every project file a docstring, comment or doc cites by its path exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("accounts", "benchmarks", "cmrt", "cmrt_portal", "core", "demo", "reports", "scripts", "smelters")
PACKAGES += ("suppliers", "surveys", "tests", "docs")
# A path such as `tests/smelters/test_names.py` or smelters/match_index.py, not a template name
# (templates are cited relative to templates/, e.g. "smelters/review_group.html").
CITED = re.compile(r"(?<![\w./-])((?:" + "|".join(PACKAGES) + r")/[\w./-]+\.(?:py|md))\b")


def _sources() -> list[Path]:
    files = [ROOT / "README.md"]
    for package in PACKAGES:
        files += [p for p in (ROOT / package).rglob("*") if p.suffix in (".py", ".md") and "migrations" not in p.parts]
    return files


def test_every_project_file_cited_by_its_path_exists():
    missing = sorted(
        f"{source.relative_to(ROOT)} cites {cited}"
        for source in _sources()
        for cited in CITED.findall(source.read_text(encoding="utf-8"))
        if not (ROOT / cited).exists()
    )
    assert missing == []
