from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from core.access import Role, has_role, is_internal, supplier_id_of


def home(request: HttpRequest) -> HttpResponse:
    """Send each user to where their work is."""
    if not request.user.is_authenticated:
        return redirect("login")
    if has_role(request.user, Role.SUPPLY_CHAIN):
        # The supply-chain team manages the survey day to day: its home is the dashboard.
        return redirect("reports:dashboard")
    if is_internal(request.user):
        return redirect("suppliers:list")
    if supplier_id_of(request.user):
        return redirect("portal:home")
    return render(request, "core/no_access.html", status=403)


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and docker compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
