from django.conf import settings
from django.http import HttpRequest

from core.access import Capability, Role, has_role, may, may_enter_admin


def roles(request: HttpRequest) -> dict[str, object]:
    """Navigation flags for the base layout."""
    user = request.user
    return {
        "portal_name": settings.PORTAL_NAME,
        "nav_internal": has_role(user, *Role),
        "nav_supply_chain": has_role(user, Role.SUPPLY_CHAIN),
        "nav_review": may(user, Capability.REVIEW_SMELTERS),
        "nav_legal": has_role(user, Role.LEGAL),
        "nav_filing": may(user, Capability.PREPARE_FILING),
        "nav_admin": may_enter_admin(user),
    }
