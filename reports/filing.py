"""The filing package: what a report run freezes, the checklist, and the files rendered from the frozen
inputs.

`freeze_inputs` reads the database once (figures, Appendix A, workpaper rows, the status snapshot used,
source-file hashes) into plain JSON. Everything after that — `render_package` and the helpers below — is
a pure function of that JSON: no clock, no database, fixed timestamps in every container (zip, XLSX,
PDF), so a run rebuilt years later from its stored inputs gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
import zipfile
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Max
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exporting import escape_row
from reports import figures
from reports.models import NARRATIVE_SECTIONS, FilingMode, FilingPackage
from smelters.models import StatusSnapshot
from surveys.models import Campaign, OutgoingEmail, Submission

INPUTS_VERSION = 1
APPENDIX_HEADERS = ("Metal", "Standard Smelter Name", "Smelter Facility Location", "Smelter ID", "RMI Audit Status")
STATUS_LIST_MAX_AGE = timedelta(days=30)
DRAFTING_NOTE = re.compile(r"\[(?!\[)[^\]]*\](?!\])")  # "[Describe ...]", not a "[[figure]]"
PLACEHOLDER = re.compile(r"\[\[([a-z_]+)(?::([a-z]+))?\]\]")

# --- Deadline and checklist ---------------------------------------------------------------------------


def _memorial_day(year: int) -> date:
    day = date(year, 5, 31)
    return day - timedelta(days=day.weekday())  # the last Monday of May


def filing_deadline(period_end: date) -> date:
    """May 31 of the year after the reporting period, or the next business day (Rule 13p-1). A May 31
    that falls on a weekend or on Memorial Day (the last Monday of May, a federal holiday) moves on."""
    day = date(period_end.year + 1, 5, 31)
    while day.weekday() >= 5 or day == _memorial_day(day.year):
        day += timedelta(days=1)
    return day


def checklist(*, package: FilingPackage, as_of: date) -> list[dict[str, Any]]:
    """What still stands between the package and filing it, as (ok, label, detail) items."""
    campaign = package.campaign
    items: list[dict[str, Any]] = []
    deadline = filing_deadline(campaign.period_end)
    items.append(
        {
            "key": "deadline",
            "ok": as_of <= deadline,
            "label": _("Filing deadline: %(day)s") % {"day": deadline.isoformat()},
            "detail": _("%(n)s days from the status date.") % {"n": (deadline - as_of).days},
        }
    )
    missing = [str(getattr(FilingPackage._meta.get_field(f), "verbose_name", f)) for f in FilingPackage.COVER_FIELDS]
    missing = [label for f, label in zip(FilingPackage.COVER_FIELDS, missing, strict=True) if not getattr(package, f)]
    items.append(
        {
            "key": "cover",
            "ok": not missing,
            "label": _("Cover data complete") if not missing else _("Cover data missing"),
            "detail": ", ".join(missing),
        }
    )
    facts = figures.supplier_facts(campaign=campaign)
    invalid = [f.supplier_name for f in facts if f.invalid]
    items.append(
        {
            "key": "invalid",
            "ok": not invalid,
            "label": _("%(n)s suppliers with an invalid current declaration") % {"n": len(invalid)},
            "detail": ", ".join(invalid[:20]) + (" …" if len(invalid) > 20 else ""),
        }
    )
    unmatched = figures.unmatched_names(campaign=campaign)
    items.append(
        {
            "key": "unmatched",
            "ok": not unmatched,
            "label": _("%(n)s smelter names still unmatched") % {"n": len(unmatched)},
            "detail": ", ".join(f"{u['metal']}: {u['name_key']}" for u in unmatched[:20]),
        }
    )
    drafts = [
        str(label)
        for key, label in NARRATIVE_SECTIONS
        if DRAFTING_NOTE.search(str(package.narrative.get(key, ""))) or not str(package.narrative.get(key, "")).strip()
    ]
    items.append(
        {
            "key": "narrative",
            "ok": not drafts,
            "label": _("Narrative written")
            if not drafts
            else _("Narrative sections still empty or with drafting notes"),
            "detail": ", ".join(drafts),
        }
    )
    latest = StatusSnapshot.objects.filter(as_of__lte=as_of).aggregate(day=Max("as_of"))["day"]
    fresh = latest is not None and as_of - latest <= STATUS_LIST_MAX_AGE
    items.append(
        {
            "key": "status_list",
            "ok": fresh,
            "label": (
                _("RMI status list of %(day)s") % {"day": latest.isoformat()}
                if latest
                else _("No RMI status list on or before the status date")
            ),
            "detail": "" if fresh else _("Import a status list no older than 30 days at the status date."),
        }
    )
    return items


# --- Default narrative ------------------------------------------------------------------------------


def default_narrative() -> dict[str, str]:
    """A first draft of every narrative section. `[[key]]` stands for a figure of the summary and
    `[[key:metal]]` for a per-metal one; they are filled from the run's frozen figures, so a narrative
    carried over to next year's package states next year's figures."""
    return {
        "company_overview": _(
            "[[registrant]] designs and sells products that contain tin, tantalum, tungsten or gold (3TG) "
            "necessary to their functionality or production. [Describe the products covered by this "
            "report and the company's place in the supply chain.]"
        ),
        "rcoi": _(
            # xgettext:no-python-format ("[[...]]% of", "100% for" are no placeholders)
            "We conducted a reasonable country of origin inquiry by surveying [[suppliers_surveyed]] direct "
            "suppliers, representing approximately [[spend_coverage_pct]]% of our spend, with the RMI's "
            "Conflict Minerals Reporting Template (CMRT). Approximately [[response_rate_pct]]% of the "
            "suppliers surveyed responded. [[covered_countries_suppliers]] suppliers indicated that they "
            "source, or may source, 3TG from the Covered Countries."
        ),
        "step1": _(
            "We have adopted a conflict minerals policy, communicated it to our suppliers, and assigned "
            "responsibility for the program to a cross-functional team reporting to senior management. "
            "Records of the program, including supplier CMRTs, are kept for five years."
        ),
        "step2": _(
            # xgettext:no-python-format ("[[...]]% of", "100% for" are no placeholders)
            "We identify and assess risk by surveying our suppliers with the CMRT, validating the responses "
            "and comparing the smelters and refiners reported against the RMI's lists. Risks identified "
            "include [[smelters_not_conformant_or_active]] smelters or refiners that are neither Conformant "
            "nor Active, and approximately [[weak_program_pct]]% of suppliers surveyed with no response or "
            "a weak due-diligence program."
        ),
        "step3": _(
            "Results are reported to senior management. We follow up with suppliers that did not respond or "
            "sent incomplete or inconsistent information, and ask suppliers to move away from smelters and "
            "refiners that are not Conformant or Active."
        ),
        "step4": _(
            "As a downstream company we do not audit smelters and refiners ourselves; we rely on independent "
            "third-party audits of them, such as the RMI's Responsible Minerals Assurance Process."
        ),
        "step5": _("This report and Form SD are filed with the SEC and published on our website at [[website_url]]."),
        "conclusion": _(
            "As of the date of this Report we have not identified a supplier, smelter or refiner that we "
            "have reason to believe sources 3TG contained in our products that directly or indirectly "
            "finances or benefits armed groups in the Covered Countries."
        ),
        "future_steps": _(
            "We intend to continue to increase the response rate and the share of product-level CMRTs, and "
            "to encourage our suppliers to source from Conformant smelters and refiners."
        ),
    }


def fill_placeholders(text: str, *, summary: dict[str, Any], cover: dict[str, str]) -> str:
    """`text` with every `[[key]]` / `[[key:metal]]` replaced by the frozen figure (unknown ones stay)."""

    def value(match: re.Match[str]) -> str:
        key, metal = match.group(1), match.group(2)
        if key in cover:
            return cover[key] or match.group(0)
        found = summary.get(key)
        if isinstance(found, dict) and metal:
            found = found.get(metal)
            if isinstance(found, dict):
                found = found.get("conformant_or_active_pct")
        if found is None or isinstance(found, dict):
            return match.group(0)
        if isinstance(found, list):
            return ", ".join(str(v) for v in found)
        return str(found)

    return PLACEHOLDER.sub(value, text)


# --- Freezing -----------------------------------------------------------------------------------------


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def _appendix(campaign: Campaign, as_of: date) -> list[dict[str, Any]]:
    return [
        {
            "metal": r.metal,
            "name": r.standard_name,
            "country": r.country,
            "cid": r.cid,
            "audit_status": r.audit_status,
            "status": r.status,
            "suppliers": r.supplier_count,
        }
        for r in figures.appendix_a(campaign=campaign, as_of=as_of)
    ]


def freeze_inputs(*, package: FilingPackage, as_of: date, mode: str, created: date) -> dict[str, Any]:
    """Everything the package's files are rendered from, as plain JSON (reads only)."""
    campaign = package.campaign
    summary = figures.summary(campaign=campaign, as_of=as_of)
    appendix = _appendix(campaign, as_of)
    facts = figures.supplier_facts(campaign=campaign)
    request_ids = [f.request_id for f in facts]
    emails: dict[int, list[list[str]]] = defaultdict(list)
    for e in (
        OutgoingEmail.objects.filter(request_id__in=request_ids)
        .order_by("sent_at", "id")
        .values("request_id", "step", "sent_at", "outcome", "to")
    ):
        emails[e["request_id"]].append([e["step"], _iso(e["sent_at"]), e["outcome"], e["to"]])
    submissions: list[dict[str, Any]] = [
        dict(s)
        for s in Submission.objects.filter(request_id__in=request_ids)
        .order_by("created_at", "id")
        .values("id", "public_id", "request_id", "original_name", "sha256", "status", "created_at", "result")
    ]
    by_request: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for s in submissions:
        by_request[s["request_id"]].append(s)
    declarations: dict[int, dict[str, Any]] = {s["id"]: s for s in submissions}
    suppliers = []
    for f in facts:
        d = declarations.get(f.declaration_id) if f.declaration_id else None
        findings = [
            [x.get("severity", ""), x.get("sheet") or "", x.get("cell") or "", x.get("message", "")]
            for x in ((d or {}).get("result") or {}).get("findings", [])
        ]
        suppliers.append(
            {
                "code": f.supplier_code,
                "name": f.supplier_name,
                "request_status": f.request_status,
                "responded": f.responded,
                "submissions": len(by_request[f.request_id]),
                "declaration": (d or {}).get("original_name", ""),
                "declaration_status": f.declaration_status,
                "declaration_sha256": (d or {}).get("sha256", ""),
                "company_level": f.company_level,
                "in_scope": sorted(f.in_scope, key=figures.METAL_ORDER.index),
                "emails": emails[f.request_id],
                "findings": findings,
            }
        )
    code_of = {f.request_id: f.supplier_code for f in facts}
    sources = [
        {
            "supplier": code_of[s["request_id"]],
            "submission": str(s["public_id"]),
            "file": s["original_name"],
            "sha256": s["sha256"],
            "status": s["status"],
            "received": _iso(s["created_at"]),
        }
        for s in submissions
    ]
    cids = {(r["metal"], r["cid"]) for r in appendix}
    snapshots = [
        [s.smelter.metal, s.smelter.cid, s.smelter.standard_name, s.status, s.category, _iso(s.as_of), s.source_name]
        for s in StatusSnapshot.objects.filter(as_of__lte=as_of, smelter__cid__in={c for _m, c in cids})
        .select_related("smelter")
        .order_by("smelter__metal", "smelter__cid", "-as_of", "-created_at", "-id")
        if (s.smelter.metal, s.smelter.cid) in cids
    ]
    seen: set[tuple[str, str]] = set()
    snapshot_used = []
    for row in snapshots:  # the newest per SOR on or before the status date: the one Appendix A shows
        if (row[0], row[1]) not in seen:
            seen.add((row[0], row[1]))
            snapshot_used.append(row)
    previous = figures.previous_campaign(campaign=campaign)
    changes: dict[str, Any] | None = None
    if previous is not None:
        before = _appendix(previous, figures.same_day_a_year_earlier(as_of))
        old = {(r["metal"], r["cid"]): r for r in before}
        new = {(r["metal"], r["cid"]): r for r in appendix}
        changes = {
            "previous_campaign": previous.name,
            "added": [new[k] for k in new if k not in old],
            "removed": [old[k] for k in old if k not in new],
        }
    cover = {f: str(getattr(package, f)) for f in FilingPackage.COVER_FIELDS}
    narrative = {key: str(package.narrative.get(key, "")) for key, _label in NARRATIVE_SECTIONS}
    return {
        "version": INPUTS_VERSION,
        "created": created.isoformat(),
        "as_of": as_of.isoformat(),
        "mode": mode,
        "campaign": {
            "name": campaign.name,
            "period_start": campaign.period_start.isoformat(),
            "period_end": campaign.period_end.isoformat(),
        },
        "cover": cover,
        "narrative": narrative,
        "summary": json.loads(json.dumps(summary, default=str)),
        "appendix": appendix,
        "unmatched": [[u["metal"], u["name_key"], u["suppliers"]] for u in figures.unmatched_names(campaign=campaign)],
        "suppliers": suppliers,
        "status_snapshot": snapshot_used,
        "sor_changes": changes,
        "sources": sources,
    }


def inputs_digest(inputs: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(inputs)).hexdigest()


def canonical_json(value: Any) -> bytes:
    return (json.dumps(value, sort_keys=True, indent=2, ensure_ascii=True) + "\n").encode("ascii")


# --- Rendering (pure) ---------------------------------------------------------------------------------


def _fixed_datetime(inputs: dict[str, Any]) -> datetime:
    created = date.fromisoformat(inputs["created"])
    return datetime(created.year, created.month, created.day, 12, 0, 0)


def edgar_ascii(html: str) -> bytes:
    """EDGAR documents are ASCII: every other character becomes a numeric character reference, and
    typographic quotes and dashes that EDGAR renders badly become their ASCII forms."""
    for fancy, plain in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-")):
        html = html.replace(fancy, plain)
    return html.encode("ascii", "xmlcharrefreplace")


def _long_date(day: date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def document_context(inputs: dict[str, Any]) -> dict[str, Any]:
    summary = inputs["summary"]
    cover = inputs["cover"]
    period_start = date.fromisoformat(inputs["campaign"]["period_start"])
    period_end = date.fromisoformat(inputs["campaign"]["period_end"])
    sections = [
        {
            "key": key,
            "title": str(label),
            "paragraphs": [
                p.strip()
                for p in fill_placeholders(inputs["narrative"].get(key, ""), summary=summary, cover=cover).split("\n\n")
                if p.strip()
            ],
        }
        for key, label in NARRATIVE_SECTIONS
    ]
    by_metal = [
        {
            "metal": metal,
            "label": metal.title(),
            **summary["smelters_by_metal"][metal],
            "sourcing_pct": summary["metal_sourcing_pct"][metal],
        }
        for metal in figures.METAL_ORDER
    ]
    not_responded = None
    if summary["response_rate_pct"] is not None:
        not_responded = round(100 - summary["response_rate_pct"], 1)
    return {
        "inputs": inputs,
        "cover": cover,
        "s": summary,
        "cmr": inputs["mode"] == FilingMode.CMR,
        "period_start": _long_date(period_start),
        "period_end": _long_date(period_end),
        "year": period_end.year,
        "as_of_long": _long_date(date.fromisoformat(inputs["as_of"])),
        "signed_long": _long_date(date.fromisoformat(inputs["created"])),
        "sections": {s["key"]: s for s in sections},
        "by_metal": by_metal,
        "not_responded_pct": not_responded,
        "appendix": inputs["appendix"],
    }


def render_html(inputs: dict[str, Any]) -> dict[str, bytes]:
    context = document_context(inputs)
    out = {"formsd.htm": edgar_ascii(render_to_string("reports/edgar/formsd.htm", context))}
    if context["cmr"]:
        out["ex101.htm"] = edgar_ascii(render_to_string("reports/edgar/ex101.htm", context))
    return out


def render_pdf(html: bytes, inputs: dict[str, Any]) -> bytes:
    """The courtesy PDF of one EDGAR document. WeasyPrint takes the PDF's dates from the dcterms meta
    tags, so they are set from the frozen run date; its document identifier is a hash of the content."""
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per page otherwise
    stamp = _fixed_datetime(inputs).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = f'<meta name="dcterms.created" content="{stamp}"><meta name="dcterms.modified" content="{stamp}">'
    text = html.decode("ascii").replace("<head>", "<head>" + meta, 1)
    pdf: bytes = HTML(string=text).write_pdf(
        pdf_identifier=hashlib.sha256(html).hexdigest()[:32].encode(), presentational_hints=True
    )
    return pdf


def _xlsx_bytes(wb: Workbook, inputs: dict[str, Any]) -> bytes:
    """Save `wb` with its document dates and its zip entries' dates set to the frozen run date."""
    moment = _fixed_datetime(inputs)
    wb.properties.created = moment
    wb.properties.modified = moment
    wb.properties.creator = "CMRT Portal"
    raw = io.BytesIO()
    wb.save(raw)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps `modified` with the clock on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            dst.writestr(_zip_info(info.filename, moment), data)
    return out.getvalue()


def _zip_info(name: str, moment: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def _appendix_rows(inputs: dict[str, Any]) -> list[list[Any]]:
    return [
        escape_row([r["metal"].title(), r["name"], r["country"], r["cid"], r["audit_status"]])
        for r in inputs["appendix"]
    ]


def render_appendix_csv(inputs: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(APPENDIX_HEADERS)
    writer.writerows(_appendix_rows(inputs))
    return out.getvalue().encode("utf-8-sig")


def render_appendix_xlsx(inputs: dict[str, Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Appendix A"
    ws.append([f"Appendix A: smelters and refiners, RMI audit status as of {inputs['as_of']}"])
    ws.append(list(APPENDIX_HEADERS))
    for row in _appendix_rows(inputs):
        ws.append(row)
    for column, width in zip("ABCDE", (12, 60, 30, 14, 18), strict=True):
        ws.column_dimensions[column].width = width
    return _xlsx_bytes(wb, inputs)


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list[Any]]) -> None:
    ws = wb.create_sheet(title)
    ws.append(headers)
    for row in rows:
        ws.append(escape_row(row))
    ws.freeze_panes = "A2"


def render_workpapers(inputs: dict[str, Any]) -> bytes:
    """The workpapers behind every figure: suppliers, their e-mails, findings, the SOR roll-up, the
    unmatched names, the status snapshot used and the SORs added or removed since the previous year."""
    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    suppliers = inputs["suppliers"]
    _sheet(
        wb,
        "Suppliers",
        [
            "Supplier code",
            "Supplier",
            "Request status",
            "Responded",
            "Files received",
            "Current declaration",
            "Declaration status",
            "Declaration SHA-256",
            "Company level",
            "Metals in scope",
            "E-mails sent",
            "Last e-mail",
        ],
        [
            [
                s["code"],
                s["name"],
                s["request_status"],
                "yes" if s["responded"] else "no",
                s["submissions"],
                s["declaration"],
                s["declaration_status"],
                s["declaration_sha256"],
                "yes" if s["company_level"] else "no",
                ", ".join(s["in_scope"]),
                len(s["emails"]),
                s["emails"][-1][1] if s["emails"] else "",
            ]
            for s in suppliers
        ],
    )
    _sheet(
        wb,
        "Requests and reminders",
        ["Supplier code", "Supplier", "Step", "Sent at", "Outcome", "To"],
        [[s["code"], s["name"], *e] for s in suppliers for e in s["emails"]],
    )
    _sheet(
        wb,
        "Findings",
        ["Supplier code", "Supplier", "Declaration", "Severity", "Sheet", "Cell", "Message"],
        [[s["code"], s["name"], s["declaration"], *f] for s in suppliers for f in s["findings"]],
    )
    _sheet(
        wb,
        "Smelter roll-up",
        [*APPENDIX_HEADERS, "Status as published", "Suppliers naming it"],
        [
            [r["metal"].title(), r["name"], r["country"], r["cid"], r["audit_status"], r["status"], r["suppliers"]]
            for r in inputs["appendix"]
        ],
    )
    _sheet(
        wb,
        "Unmatched names",
        ["Metal", "Reported name", "Suppliers naming it"],
        [[m.title(), n, c] for m, n, c in inputs["unmatched"]],
    )
    _sheet(
        wb,
        "Status snapshot",
        ["Metal", "Smelter ID", "Standard Smelter Name", "Status as published", "Category", "As of", "Source file"],
        [[r[0].title(), *r[1:]] for r in inputs["status_snapshot"]],
    )
    changes = inputs["sor_changes"]
    rows: list[list[Any]] = []
    if changes:
        for change, key in (("added", "added"), ("removed", "removed")):
            rows += [
                [change, r["metal"].title(), r["name"], r["country"], r["cid"], r["audit_status"]] for r in changes[key]
            ]
    _sheet(
        wb,
        "SOR changes",
        [
            "Change since " + (changes["previous_campaign"] if changes else "(no previous campaign)"),
            *APPENDIX_HEADERS,
        ],
        rows,
    )
    _sheet(
        wb,
        "Figures",
        ["Figure", "Value"],
        [[k, json.dumps(v, sort_keys=True) if isinstance(v, dict | list) else v] for k, v in inputs["summary"].items()],
    )
    return _xlsx_bytes(wb, inputs)


def package_name(campaign_name: str, as_of: str) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in campaign_name).strip("-") or "campaign"
    return f"filing-package-{safe}-{as_of}.zip"


def render_package(inputs: dict[str, Any], *, run_id: str, progress: Any = None) -> bytes:
    """The zip of a run, from its frozen inputs alone. `progress(percent)` is called along the way."""

    def step(percent: int) -> None:
        if progress is not None:
            progress(percent)

    files: dict[str, bytes] = {}
    html = render_html(inputs)
    files.update(html)
    step(40)
    for name, body in html.items():
        files[name.replace(".htm", ".pdf")] = render_pdf(body, inputs)
    step(70)
    files["appendix_a.xlsx"] = render_appendix_xlsx(inputs)
    files["appendix_a.csv"] = render_appendix_csv(inputs)
    files["workpapers.xlsx"] = render_workpapers(inputs)
    step(90)
    manifest = {
        "run": run_id,
        "campaign": inputs["campaign"]["name"],
        "status_as_of": inputs["as_of"],
        "mode": inputs["mode"],
        "inputs_sha256": inputs_digest(inputs),
        "files": {name: hashlib.sha256(body).hexdigest() for name, body in sorted(files.items())},
        "source_submissions": inputs["sources"],
    }
    files["manifest.json"] = canonical_json(manifest)
    moment = _fixed_datetime(inputs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(_zip_info(name, moment), files[name])
    return out.getvalue()
