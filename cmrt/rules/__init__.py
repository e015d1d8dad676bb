"""The CMRT rules: the catalogue (`catalogue.py`), the refusal texts (`refusals.py`) and the checks of a read
workbook, one module per subject (`checks/`: company block, questions, products, smelters, contradictions)."""

from __future__ import annotations

from .catalogue import RULES, Rule
from .checks import validate
from .refusals import Refused

__all__ = ["RULES", "Refused", "Rule", "validate"]
