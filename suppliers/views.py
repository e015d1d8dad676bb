from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.access import Capability, may, role_required
from core.files import UploadRefused
from smelters import selectors as smelter_selectors
from suppliers import selectors, services
from suppliers.forms import PICK_SEPARATOR, CheckerForm
from suppliers.presentation import submission_report


@role_required()
def supplier_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "search": request.GET.get("q", "").strip(),
        "category": request.GET.get("category", ""),
        "in_scope": request.GET.get("in_scope", ""),
        "owner": request.GET.get("owner", ""),
        "active": request.GET.get("active", "yes"),
        "ordering": request.GET.get("sort", "name"),
    }
    qs = selectors.supplier_list(user=request.user, **filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "suppliers/supplier_list.html",
        {
            "page": page,
            "filters": filters,
            "querystring": query.urlencode(),
            "categories": selectors.supplier_categories(),
            "owners": selectors.supplier_owners(),
            # Spend is summed per currency: adding USD to EUR would be a wrong number.
            "spend_by_currency": list(
                qs.order_by().values("currency").annotate(total=Sum("annual_spend")).order_by("-total")
            ),
        },
    )


@role_required()
def supplier_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    supplier = selectors.supplier_get_for_user(user=request.user, code=code)
    return render(
        request,
        "suppliers/supplier_detail.html",
        {
            "supplier": supplier,
            "contacts": supplier.contacts.all(),
            "submissions": supplier.submissions.select_related("uploaded_by")[:20],
            "open_questions": smelter_selectors.open_questions_count(supplier_id=supplier.id),
        },
    )


@role_required()
def checker(request: HttpRequest) -> HttpResponse:
    """Drop a CMRT, see what was read and what is wrong: the service the supplier portal uses too.

    Every internal role reads the checked files here; only roles that check CMRTs may upload. A
    supplier that is not found never costs the user their file: it is kept as an unfiled check, and
    the form asks only for the supplier again (a browser cannot re-fill a file field).
    """
    may_check = may(request.user, Capability.CHECK_CMRT)
    if request.method == "POST" and not may_check:
        raise PermissionDenied
    form = CheckerForm(request.POST or None, request.FILES or None, user=request.user)
    kept = None
    if request.method == "POST":
        form.is_valid()
        if form.cleaned_data.get("kept"):
            kept = selectors.submission_kept_for_user(user=request.user, code=form.cleaned_data["kept"])
        supplier_known = not form.has_error("supplier_code")
        supplier = form.cleaned_data.get("supplier_code")
        if form.cleaned_data.get("file"):
            try:
                kept = services.submission_create(
                    uploaded_file=form.cleaned_data["file"], uploaded_by=request.user, supplier=supplier
                )
            except UploadRefused as refusal:
                form.add_error("file", str(refusal))
        elif kept is not None and supplier is not None:
            kept = services.submission_file_under(submission=kept, supplier=supplier)
        if kept is not None and supplier_known and not form.has_error("file"):
            return redirect("suppliers:submission_detail", code=kept.code)
    search = request.GET.get("q", "").strip()
    page = Paginator(selectors.submission_search(user=request.user, search=search), 20).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "suppliers/checker.html",
        {
            "form": form,
            "kept": kept,
            "page": page,
            "search": search,
            "querystring": query.urlencode(),
            "supplier_choices": selectors.supplier_choices(user=request.user),
            "pick_separator": PICK_SEPARATOR,
            "may_check": may_check,
        },
        status=400 if form.errors else 200,
    )


@role_required()
def submission_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(user=request.user, code=code)
    # The same file filed again shows the earlier submission's check (same supplier, so same access).
    checked = submission.duplicate_of or submission
    matches = smelter_selectors.source_matches(source_ref=checked.code) if checked.supplier_id else None
    report = submission_report(checked, matches=matches, reference_loaded=smelter_selectors.smelter_reference_exists())
    return render(
        request, "suppliers/submission_detail.html", {"submission": submission, "checked": checked, "report": report}
    )


@require_GET
@role_required()
def submission_status(request: HttpRequest, code: UUID) -> JsonResponse:
    submission = selectors.submission_get_for_user(user=request.user, code=code)
    return JsonResponse({"status": submission.status, "done": submission.is_done})


@require_GET
@role_required()
def submission_download(request: HttpRequest, code: UUID) -> FileResponse:
    """The file exactly as uploaded, after the same access check as the page."""
    submission = selectors.submission_get_for_user(user=request.user, code=code)
    return FileResponse(submission.file.open("rb"), as_attachment=True, filename=submission.original_name)
