from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from core.access import is_internal, supplier_id_of


def home(request: HttpRequest) -> HttpResponse:
    """Send each user to where their work is."""
    if not request.user.is_authenticated:
        return redirect("login")
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
