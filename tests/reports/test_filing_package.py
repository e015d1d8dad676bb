"""The filing package: the frozen report run, its files (EDGAR HTML, PDF, Appendix A, workpapers,
manifest), the rebuild, the checklist and the carried-over narrative."""

import hashlib
import io
import json
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from reports import figures
from reports.filing import filing_deadline
from reports.models import FilingPackage, ReportRun
from reports.services import filing_package_start, filing_package_update, report_render, report_run_create
from tests.cmrt.builders import build_cmrt
from tests.factories import CampaignFactory
from tests.reports.conftest import ALL_ANSWERED, STATUS_DATE, row
from tests.reports.edgar_subset import edgar_problems

pytestmark = pytest.mark.django_db

COVER = {
    "registrant": "Acme Widgets, Inc.",
    "state": "Delaware",
    "file_number": "001-12345",
    "irs_number": "12-3456789",
    "address": "1 Main Street, Springfield, Illinois",
    "zip_code": "62701",
    "contact_name": "Jane Q. Counsel",
    "contact_phone": "(217) 555-0100",
    "signer_name": "Jane Q. Counsel",
    "signer_title": "General Counsel",
    "website_url": "https://acme.example/conflict-minerals",
}


@pytest.fixture
def package(known):
    package = filing_package_start(campaign=known["campaign"])
    filing_package_update(package=package, cover={**COVER, "mode": "cmr"}, narrative={})
    return package


def build(package, django_capture_on_commit_callbacks, mode="cmr"):
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_create(package=package, as_of=STATUS_DATE, mode=mode, user=None)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.error
    return run


def files_of(run):
    with run.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    return {name: archive.read(name) for name in archive.namelist()}


def test_a_run_builds_a_zip_with_every_file_of_the_package(package, django_capture_on_commit_callbacks):
    run = build(package, django_capture_on_commit_callbacks)
    assert run.progress == 100
    assert sorted(files_of(run)) == [
        "appendix_a.csv",
        "appendix_a.xlsx",
        "ex101.htm",
        "ex101.pdf",
        "formsd.htm",
        "formsd.pdf",
        "manifest.json",
        "workpapers.xlsx",
    ]
    assert all(len(name) <= 32 for name in files_of(run))


def test_the_edgar_documents_pass_the_edgar_subset_check(package, django_capture_on_commit_callbacks):
    package.registrant = "Acmé Widgets “Europe”, Inc."  # non-ASCII from the user must become references
    package.save()
    files = files_of(build(package, django_capture_on_commit_callbacks))
    assert edgar_problems(files["formsd.htm"]) == []
    assert edgar_problems(files["ex101.htm"]) == []
    assert b"Acm&#233; Widgets" in files["formsd.htm"]


def test_the_edgar_check_catches_what_edgar_refuses():
    assert edgar_problems("<p>caf\u00e9</p>".encode()) == ["not ASCII at byte 6"]
    assert edgar_problems(b'<p><a href="https://x.example">x</a><script>1</script><img src="a.gif"></p>') == [
        "external link https://x.example",
        "tag <script> is not in EDGAR's subset",
        "tag <img> is not in EDGAR's subset",
        "attribute src on <img>",
    ]


def test_every_figure_in_the_exhibit_equals_the_summarys(package, django_capture_on_commit_callbacks):
    text = files_of(build(package, django_capture_on_commit_callbacks))["ex101.htm"].decode()
    s = figures.summary(campaign=package.campaign, as_of=STATUS_DATE)
    assert (
        f"We surveyed {s['suppliers_surveyed']} suppliers, representing approximately {s['spend_coverage_pct']}%"
        in text
    )
    assert f"{s['suppliers_responded']} suppliers (approximately {s['response_rate_pct']}%) responded" in text
    assert (
        f"the current declarations of {s['valid_declarations']} passed our validation "
        f"and {s['invalid_declarations']} did not" in text
    )
    assert (
        f"name {s['smelters_total']} known smelters and refiners located in {s['smelter_countries']} countries" in text
    )
    assert f"{s['unmatched_smelter_names']} further reported name" in text
    assert f"<li>{s['smelters_not_conformant_or_active']} of the {s['smelters_total']} known smelters" in text
    assert f"approximately {s['weak_program_pct']}% of the suppliers surveyed did not respond or have a weak" in text
    assert f"Approximately {s['company_level_pct']}% of the suppliers who responded reported at company level" in text
    assert f"approximately {s['supply_base_incomplete_pct']}% of the suppliers who responded have not received" in text
    assert f"approximately {s['smelter_info_incomplete_pct']}% of the suppliers who responded gave incomplete" in text
    assert f"<li>{s['covered_countries_suppliers']} supplier" in text
    for metal in figures.METAL_ORDER:
        m = s["smelters_by_metal"][metal]
        pct = f"{m['conformant_or_active_pct']}%" if m["conformant_or_active_pct"] is not None else "-"
        sourcing = s["metal_sourcing_pct"][metal]
        assert (
            f'<tr><td>{metal.title()}</td><td align="right">{m["total"]}</td><td align="right">{m["conformant"]}</td>'
            f'<td align="right">{m["active"]}</td><td align="right">{pct}</td><td align="right">{sourcing}%</td></tr>'
        ) in text
    # The drafted narrative's placeholders are filled from the same figures.
    assert f"by surveying {s['suppliers_surveyed']} direct suppliers" in text
    assert "[[" not in text


def test_the_pdfs_open_and_the_exhibits_shows_appendix_a(package, django_capture_on_commit_callbacks, tmp_path):
    files = files_of(build(package, django_capture_on_commit_callbacks))
    for name in ("formsd.pdf", "ex101.pdf"):
        (tmp_path / name).write_bytes(files[name])
        subprocess.run(
            ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(tmp_path / name), str(tmp_path / name)],
            check=True,
        )
    assert list(tmp_path.glob("ex101.pdf*.png"))
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "ex101.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Appendix A - Smelters and Refiners" in text
    for smelter in figures.appendix_a(campaign=package.campaign, as_of=STATUS_DATE):
        assert smelter.cid in text


def test_rebuilding_a_run_after_a_new_submission_and_status_import_gives_the_same_bytes(
    package, known, file_cmrt, django_capture_on_commit_callbacks
):
    from tests.smelters.factories import StatusSnapshotFactory

    run = build(package, django_capture_on_commit_callbacks)
    with run.file.open("rb") as handle:
        first = handle.read()
    file_cmrt(
        known["requests"]["echo"],
        build_cmrt(
            questions={"gold": ALL_ANSWERED}, smelters=[row("Gold", "CID900001", "Golden Refinery AG", "SWITZERLAND")]
        ),
    )
    StatusSnapshotFactory(smelter=known["smelters"]["tin"], status="Non Conformant", as_of=date(2027, 1, 31))
    package.registrant = "Renamed Since, Inc."
    package.save()
    again = report_render(run=ReportRun.objects.get(pk=run.pk))
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(first).hexdigest()
    # ...while a new run sees the new submission.
    fresh = files_of(build(package, django_capture_on_commit_callbacks))
    assert (
        json.loads(fresh["manifest.json"])["source_submissions"]
        != json.loads(files_of(run)["manifest.json"])["source_submissions"]
    )


def test_the_manifest_hashes_every_file_and_every_source_submission(package, known, django_capture_on_commit_callbacks):
    files = files_of(build(package, django_capture_on_commit_callbacks))
    manifest = json.loads(files["manifest.json"])
    assert manifest["files"] == {n: hashlib.sha256(b).hexdigest() for n, b in files.items() if n != "manifest.json"}
    hashes = {s["sha256"] for s in manifest["source_submissions"]}
    assert hashes == {s.sha256 for s in known["submissions"].values()} | {
        s.sha256 for s in known["requests"]["charlie"].submissions.all()
    }


def test_the_workpapers_hold_suppliers_rollup_unmatched_names_snapshot_and_sor_changes(
    package, known, django_capture_on_commit_callbacks
):
    previous = CampaignFactory(
        name="CMRT 2025",
        status="closed",
        opened_at=timezone.now(),
        closed_at=timezone.now(),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    assert figures.previous_campaign(campaign=known["campaign"]) == previous
    wb = load_workbook(io.BytesIO(files_of(build(package, django_capture_on_commit_callbacks))["workpapers.xlsx"]))
    assert wb.sheetnames == [
        "Suppliers",
        "Requests and reminders",
        "Findings",
        "Smelter roll-up",
        "Unmatched names",
        "Status snapshot",
        "SOR changes",
        "Figures",
    ]
    suppliers = {r[1]: r for r in wb["Suppliers"].iter_rows(min_row=2, values_only=True)}
    assert suppliers["Bravo"][4] == 2 and suppliers["Bravo"][5] == "second.xlsx"
    rollup = {r[3]: r[6] for r in wb["Smelter roll-up"].iter_rows(min_row=2, values_only=True)}
    assert rollup["CID002082"] == 2  # Xiamen, named by Alpha and Bravo
    assert [r[1] for r in wb["Unmatched names"].iter_rows(min_row=2, values_only=True)] == ["mystery smelting works"]
    snapshot = {r[1]: r[3] for r in wb["Status snapshot"].iter_rows(min_row=2, values_only=True)}
    assert snapshot["CID002082"] == "Conformant"  # not the Non Conformant published after the status date
    changes = list(wb["SOR changes"].iter_rows(values_only=True))
    assert changes[0][0] == "Change since CMRT 2025"
    assert {(r[0], r[4]) for r in changes[1:]} == {
        ("added", a.cid) for a in figures.appendix_a(campaign=known["campaign"], as_of=STATUS_DATE)
    }


def test_the_rcoi_mode_files_form_sd_alone(package, django_capture_on_commit_callbacks):
    files = files_of(build(package, django_capture_on_commit_callbacks, mode="rcoi"))
    assert "ex101.htm" not in files and "ex101.pdf" not in files
    assert b"reasonable country of origin inquiry" in files["formsd.htm"]
    assert b"Exhibit 1.01" not in files["formsd.htm"]
    assert edgar_problems(files["formsd.htm"]) == []


def test_a_new_campaigns_package_carries_last_years_cover_data_and_narrative_over(package):
    package.campaign.status = "closed"
    package.campaign.closed_at = timezone.now()
    package.campaign.save()
    filing_package_update(package=package, cover={}, narrative={"step1": "Our own policy text."})
    following = CampaignFactory(name="CMRT 2027", period_start=date(2027, 1, 1), period_end=date(2027, 12, 31))
    carried = filing_package_start(campaign=following)
    assert carried.narrative["step1"] == "Our own policy text."
    assert carried.registrant == COVER["registrant"]
    assert carried.carried_over_from == package
    assert FilingPackage.objects.count() == 2


@pytest.mark.parametrize(
    ("year", "deadline"),
    [
        (2021, date(2022, 5, 31)),  # a Tuesday
        (2026, date(2027, 6, 1)),  # May 31, 2027 is Memorial Day
        (2024, date(2025, 6, 2)),  # a Saturday
        (2015, date(2016, 5, 31)),  # Memorial Day 2016 was May 30: a Tuesday May 31 stands
    ],
)
def test_the_deadline_is_may_31_or_the_next_business_day(year, deadline):
    assert filing_deadline(date(year, 12, 31)) == deadline


def test_the_command_exports_a_run_and_rebuilds_it_with_the_same_bytes(package, known, file_cmrt, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("export_filing_package", campaign="CMRT 2026", out=tmp_path / "a", as_of="2027-02-01", stdout=out)
    run_line, path = out.getvalue().splitlines()
    run_id = run_line.removeprefix("run ")
    assert ReportRun.objects.get(public_id=run_id).status == ReportRun.Status.DONE
    file_cmrt(known["requests"]["echo"], build_cmrt(questions={"tin": ALL_ANSWERED}, smelters=[]))
    again = io.StringIO()
    call_command("export_filing_package", run=run_id, out=tmp_path / "b", stdout=again)
    assert again.getvalue().splitlines()[0] == run_line
    assert (tmp_path / "b" / Path(path).name).read_bytes() == Path(path).read_bytes()


def test_the_package_page_shows_the_checklist_and_saves_the_cover_data(known, client, django_user_model):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    user = django_user_model.objects.create_user(username="counsel", password="x")
    user.groups.add(Group.objects.get_or_create(name="Legal")[0])
    client.force_login(user)
    url = reverse("reports:filing_package", args=[known["campaign"].public_id]) + "?as_of=2027-02-01"
    page = client.get(url).content.decode()
    assert "Cover data missing" in page
    assert "Narrative sections still empty or with drafting notes" in page  # the drafted "[Describe ...]"
    assert "1 suppliers with an invalid current declaration" in page
    assert "1 smelter names still unmatched" in page
    assert "No RMI status list on or before" not in page and "Import a status list no older than 30 days" in page
    data = {**COVER, "mode": "cmr", "narrative_step1": "Policy."}
    assert client.post(url, data).status_code == 302
    package = FilingPackage.objects.get(campaign=known["campaign"])
    assert package.irs_number == "12-3456789" and package.narrative["step1"] == "Policy."
    assert "Cover data complete" in client.get(url).content.decode()


def test_a_redelivered_build_keeps_the_frozen_inputs(package, known, file_cmrt, django_capture_on_commit_callbacks):
    from reports.services import report_build

    run = build(package, django_capture_on_commit_callbacks)
    digest, inputs = run.sha256, run.inputs_sha256
    file_cmrt(known["requests"]["echo"], build_cmrt(questions={"tin": ALL_ANSWERED}, smelters=[]))
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING)  # the worker died mid-build
    again = report_build(run=run)
    assert (again.status, again.sha256, again.inputs_sha256) == (ReportRun.Status.DONE, digest, inputs)
