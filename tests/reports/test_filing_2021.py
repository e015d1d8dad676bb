"""The 2021 filing's Appendix A, loaded as the status list, with declarations that name exactly its smelters,
gives back the filing's per-metal figures (DOMAIN.md: gold 62% of 106, tantalum 100% of 35, tin 78% of 61,
tungsten 94% of 46). The counts in brackets are not all in the file: it has 105 gold SORs Conformant or Active
(98 + 7), and one tungsten row carries a gold refiner's Smelter ID, which the import skips; the percentages
match all the same."""

import csv
from datetime import UTC, date, datetime

from django.core.management import call_command

from reports.figures import appendix_a, summary
from smelters.models import Smelter
from tests.cmrt.builders import build_cmrt
from tests.factories import CampaignFactory, SupplierFactory, SurveyRequestFactory
from tests.reports.conftest import ALL_ANSWERED

AS_OF = date(2022, 5, 26)
SENT = datetime(2022, 1, 10, tzinfo=UTC)


def test_the_2021_appendix_a_as_status_list_reproduces_the_filed_per_metal_figures(shared_dir, file_cmrt, db):
    source = shared_dir / "smelters" / "appendix_a_2021.csv"
    call_command("import_smelters", str(source), "--as-of", AS_OF.isoformat())
    with source.open(encoding="utf-8") as handle:
        filed = list(csv.DictReader(handle))
    campaign = CampaignFactory(name="CMRT 2021", period_start=date(2021, 1, 1), period_end=date(2021, 12, 31),
                               due_date=date(2022, 3, 31), status="open", opened_at=SENT)  # fmt: skip
    # One supplier per metal, each naming that metal's filed smelters by Smelter ID.
    for metal in ("Gold", "Tantalum", "Tin", "Tungsten"):
        request = SurveyRequestFactory(campaign=campaign, supplier=SupplierFactory(), status="sent", sent_at=SENT)
        rows = [
            {"metal": r["metal"], "lookup_name": r["standard_smelter_name"], "name": r["standard_smelter_name"],
             "country": r["smelter_facility_location"], "smelter_id": r["smelter_id"]}
            for r in filed if r["metal"] == metal
        ]  # fmt: skip
        file_cmrt(request, build_cmrt(questions={metal.lower(): ALL_ANSWERED}, smelters=rows))

    figures = summary(campaign=campaign, as_of=AS_OF)
    by_metal = {m: round(v["conformant_or_active_pct"]) for m, v in figures["smelters_by_metal"].items()}
    assert by_metal == {"gold": 62, "tantalum": 100, "tin": 78, "tungsten": 94}
    known = {(s.metal, s.cid) for s in Smelter.objects.all()}
    listed = sorted(
        (r["metal"].lower(), r["smelter_id"], r["rmi_audit_status"])
        for r in filed
        if (r["metal"].lower(), r["smelter_id"]) in known
    )
    assert sorted((r.metal, r.cid, r.audit_status) for r in appendix_a(campaign=campaign, as_of=AS_OF)) == listed
    assert figures["smelters_total"] == len(listed) == len(filed) - 1
