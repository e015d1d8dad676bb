from __future__ import annotations

from typing import Any

from cmrt import InspectionResult, inspect_workbook

from .builders import TODAY, build_cmrt


def inspect(**kwargs: Any) -> InspectionResult:
    return inspect_workbook(build_cmrt(**kwargs), today=TODAY)


def codes(result: InspectionResult) -> list[str]:
    return [f.code for f in result.findings]


def only(result: InspectionResult, code: str) -> list[Any]:
    return [f for f in result.findings if f.code == code]
