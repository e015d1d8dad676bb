"""Writes for smelter data, one module per subject (HackSoft's services split by subject).

- `reference_import`: RMI reference files (Smelter Look-up, status lists, Appendix A);
- `origins`: country-of-origin data;
- `reported`: the smelter rows a supplier reported, and their matches;
- `decisions`: a reviewer's decision for a (metal, name, country);
- `rematch`: matching every reported row again after the reference data or a decision changed;
- `counts`: the denormalised counts (suppliers of each SOR, rows and suppliers of each review group),
  recounted by every write that changes matches.

The match index they share is read-side and lives in `smelters.match_index`. The names other apps,
commands and tasks use are importable from `smelters.services` itself.
"""

from smelters.match_index import RowInput, RowMatchResult, smelter_match, smelter_rows_match
from smelters.services.counts import review_group_counts_refresh, smelter_supplier_counts_refresh
from smelters.services.decisions import match_decision_record
from smelters.services.origins import OriginOutcome, smelter_origins_import
from smelters.services.reference_import import ImportOutcome, smelter_reference_import
from smelters.services.rematch import reported_smelters_rematch
from smelters.services.reported import reported_smelters_record

__all__ = [
    "ImportOutcome",
    "OriginOutcome",
    "RowInput",
    "RowMatchResult",
    "match_decision_record",
    "reported_smelters_rematch",
    "reported_smelters_record",
    "review_group_counts_refresh",
    "smelter_match",
    "smelter_origins_import",
    "smelter_reference_import",
    "smelter_supplier_counts_refresh",
    "smelter_rows_match",
]
