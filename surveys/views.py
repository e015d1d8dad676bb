"""The checker page and a submission's pages: upload, result, status for polling, download."""

from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET, require_http_methods
from django.views.i18n import set_language

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from core.access import Capability, may, role_required
from core.files import UploadNotStored, UploadRefused
from smelters import selectors as smelter_selectors
from suppliers import selectors as supplier_selectors
from suppliers.services import contact_language_remember
from surveys import selectors, services
from surveys.forms import PICK_SEPARATOR, CheckerForm
from surveys.presentation import submission_report


@role_required()
def checker(request: AuthenticatedHttpRequest) -> HttpResponse:
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
    store_failed = False
    if request.method == "POST":
        form.is_valid()
        if form.cleaned_data.get("kept"):
            kept = selectors.submission_kept_for_user(user=request.user, public_id=form.cleaned_data["kept"])
        supplier_known = not form.has_error("supplier")
        supplier = form.cleaned_data.get("supplier")
        if form.cleaned_data.get("file"):
            try:
                kept = services.submission_create(
                    uploaded_file=form.cleaned_data["file"], uploaded_by=request.user, supplier=supplier
                )
            except UploadRefused as refusal:
                form.add_error("file", str(refusal))
            except UploadNotStored as failure:  # our store is full or down: say so, keep nothing half-done
                form.add_error("file", str(failure))
                store_failed = True
        elif kept is not None and supplier is not None:
            kept = services.submission_file_under(submission=kept, supplier=supplier)
        if kept is not None and supplier_known and not form.has_error("file"):
            return redirect("surveys:submission_detail", public_id=kept.public_id)
    search = request.GET.get("q", "").strip()
    page = Paginator(selectors.submission_search(user=request.user, search=search), 20).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "surveys/checker.html",
        {
            "form": form,
            "kept": kept,
            "page": page,
            "search": search,
            "querystring": query.urlencode(),
            "supplier_choices": supplier_selectors.supplier_choices(user=request.user),
            "pick_separator": PICK_SEPARATOR,
            "may_check": may_check,
        },
        status=503 if store_failed else 400 if form.errors else 200,
    )


@role_required()
def submission_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(user=request.user, public_id=public_id)
    # The same file filed again shows the earlier submission's check (same supplier, so same access).
    checked = submission.duplicate_of or submission
    matches = smelter_selectors.source_matches(source_ref=checked.public_id) if checked.supplier_id else None
    report = submission_report(checked, matches=matches, reference_loaded=smelter_selectors.smelter_reference_exists())
    return render(
        request, "surveys/submission_detail.html", {"submission": submission, "checked": checked, "report": report}
    )


@require_GET
@role_required()
def submission_status(request: HttpRequest, public_id: UUID) -> JsonResponse:
    submission = selectors.submission_get_for_user(user=request.user, public_id=public_id)
    return JsonResponse({"status": submission.status, "done": submission.is_done})


@require_GET
@role_required()
def submission_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    """The file exactly as uploaded, after the same access check as the page."""
    submission = selectors.submission_get_for_user(user=request.user, public_id=public_id)
    return FileResponse(submission.file.open("rb"), as_attachment=True, filename=submission.original_name)


@require_http_methods(["POST"])
def language_set(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the chooser on every page), and for a supplier's user the choice is kept as
    their contact's language: the survey's e-mails then follow the language they read the portal in."""
    response = set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    known = language in dict(settings.LANGUAGES) and check_for_language(language)
    if isinstance(user, User) and user.supplier is not None and known:
        contact_language_remember(supplier=user.supplier, email=user.email, language=language)
    return response
