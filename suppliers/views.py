from uuid import UUID

from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.access import role_required
from suppliers import selectors


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
def supplier_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    supplier = selectors.supplier_get_for_user(user=request.user, public_id=public_id)
    return render(
        request,
        "suppliers/supplier_detail.html",
        {
            "supplier": supplier,
            "contacts": supplier.contacts.all(),
            "submissions": supplier.submissions.select_related("uploaded_by")[:20],
        },
    )
