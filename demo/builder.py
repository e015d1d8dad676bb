"""Believable demo data for a fresh database: internal users and a few hundred suppliers.

Deterministic (seeded) and idempotent: running it twice leaves the same data.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from accounts.services import user_create
from core.access import Role
from suppliers.models import Contact, Supplier

DEMO_PASSWORD = "demo-cmrt-2026"  # noqa: S105 (printed for the demo on purpose)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


DEMO_USERS = [
    ("admin@example.com", "Ada", "Admin", [Role.ADMINISTRATOR], True),
    ("supply@example.com", "Sam", "Supply", [Role.SUPPLY_CHAIN], False),
    ("buyer@example.com", "Bea", "Buyer", [Role.SUPPLY_CHAIN], False),
    ("legal@example.com", "Lee", "Legal", [Role.LEGAL], False),
]

CATEGORIES = {
    "Printed circuit boards": ["CN", "TW", "US", "DE"],
    "Passive components": ["JP", "CN", "TW", "KR"],
    "Semiconductors": ["TW", "US", "KR", "JP", "MY"],
    "Connectors & cables": ["CN", "MX", "DE", "US"],
    "Metal fabrication": ["US", "MX", "DE", "PL", "CN"],
    "Solder & alloys": ["US", "JP", "DE", "MY"],
    "Plastics & moulding": ["CN", "US", "MX", "VN"],
    "Electro-mechanical": ["DE", "CH", "US", "JP"],
    "Packaging": ["US", "MX", "CA"],
    "Contract manufacturing": ["CN", "MX", "VN", "MY", "HU"],
}
COUNTRY_NAMES = {
    "CN": "China",
    "TW": "Taiwan",
    "US": "United States of America",
    "DE": "Germany",
    "JP": "Japan",
    "KR": "Korea, Republic of",
    "MY": "Malaysia",
    "MX": "Mexico",
    "PL": "Poland",
    "VN": "Viet Nam",
    "CH": "Switzerland",
    "CA": "Canada",
    "HU": "Hungary",
}
NAME_HEADS = [
    "Apex",
    "Blue River",
    "Cedar",
    "Delta",
    "Evergreen",
    "Falcon",
    "Granite",
    "Harbor",
    "Ironwood",
    "Jade",
    "Keystone",
    "Lakeside",
    "Meridian",
    "North Star",
    "Orion",
    "Pacific",
    "Quantum",
    "Redwood",
    "Summit",
    "Tidewater",
    "Union",
    "Vertex",
    "Westbrook",
    "Yellowstone",
    "Zenith",
    "Sakura",
    "Hanse",
    "Golden Bridge",
    "Silver Lake",
    "Everbright",
    "Kaiser",
    "Nordic",
]
NAME_TAILS = {
    "Printed circuit boards": ["Circuits", "PCB", "Electronics"],
    "Passive components": ["Components", "Capacitor", "Ceramics"],
    "Semiconductors": ["Semiconductor", "Microdevices", "Silicon"],
    "Connectors & cables": ["Interconnect", "Cable", "Connectors"],
    "Metal fabrication": ["Metalworks", "Precision Metal", "Stamping"],
    "Solder & alloys": ["Alloys", "Solder", "Metals"],
    "Plastics & moulding": ["Plastics", "Moulding", "Polymers"],
    "Electro-mechanical": ["Motion", "Relays", "Switches"],
    "Packaging": ["Packaging", "Containers", "Print & Pack"],
    "Contract manufacturing": ["Manufacturing", "EMS", "Assembly"],
}
LEGAL_FORMS = {
    "CN": "Co., Ltd.",
    "TW": "Corp.",
    "US": "Inc.",
    "DE": "GmbH",
    "JP": "K.K.",
    "KR": "Co., Ltd.",
    "MY": "Sdn. Bhd.",
    "MX": "S.A. de C.V.",
    "PL": "Sp. z o.o.",
    "VN": "JSC",
    "CH": "AG",
    "CA": "Ltd.",
    "HU": "Kft.",
}
FIRST = [
    "Li",
    "Wei",
    "Anna",
    "Jonas",
    "Maria",
    "Kenji",
    "Yuki",
    "Carlos",
    "Sofia",
    "David",
    "Emma",
    "Minh",
    "Ji-woo",
    "Priya",
    "Tom",
    "Lena",
    "Hiro",
    "Ana",
    "Paul",
    "Mei",
]
LAST = [
    "Chen",
    "Wang",
    "Schmidt",
    "Müller",
    "Tanaka",
    "Sato",
    "García",
    "Rossi",
    "Nguyen",
    "Kim",
    "Patel",
    "Smith",
    "Johnson",
    "Kowalski",
    "Lopez",
    "Huang",
    "Lin",
    "Weber",
    "Suzuki",
    "Brown",
]
ROLES = ["Quality manager", "Sales", "Compliance officer", "Account manager", "Sustainability lead"]


def _ascii(text: str) -> str:
    """'García' → 'Garcia', 'Müller' → 'Mueller': demo e-mail addresses stay plain ASCII."""
    return unicodedata.normalize("NFKD", text.replace("ü", "ue").replace("Ü", "Ue")).encode("ascii", "ignore").decode()


def _demo_users() -> list[User]:
    users = []
    for email, first, last, roles, superuser in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                roles=roles,
                is_superuser=superuser,
            )
        users.append(user)
    return users


@transaction.atomic
def demo_load(*, suppliers: int = 320, seed: int = 2026) -> list[DemoLogin]:
    """Create the demo users and `suppliers` suppliers with contacts; returns the demo logins."""
    rng = random.Random(seed)
    users = _demo_users()
    owners = [u for u in users if u.email in ("supply@example.com", "buyer@example.com")]
    for number in range(1, suppliers + 1):
        category = rng.choice(list(CATEGORIES))
        country = rng.choice(CATEGORIES[category])
        name = f"{rng.choice(NAME_HEADS)} {rng.choice(NAME_TAILS[category])} {LEGAL_FORMS[country]}"
        # Spend is heavy-tailed, as in real supplier lists: a few suppliers carry most of it.
        spend = Decimal(int(rng.lognormvariate(11.5, 1.6))).quantize(Decimal("1"))
        supplier, created = Supplier.objects.get_or_create(
            supplier_code=f"SUP-{number:05d}",
            defaults={
                "name": name,
                "country": COUNTRY_NAMES[country],
                "category": category,
                "annual_spend": spend,
                "currency": "USD",
                "in_scope": rng.random() > 0.12,
                "active": rng.random() > 0.03,
                "owner": rng.choice(owners) if rng.random() > 0.1 else None,
            },
        )
        if created:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            domain = "".join(ch for ch in _ascii(name.split()[0]).lower() if ch.isalpha()) + f"{number}.example"
            Contact.objects.create(
                supplier=supplier,
                name=f"{first} {last}",
                email=f"{_ascii(first).lower()}.{_ascii(last).lower()}@{domain}",
                role=rng.choice(ROLES),
                is_primary=True,
            )
            if rng.random() < 0.3:
                Contact.objects.create(
                    supplier=supplier,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    email=f"compliance@{domain}",
                    role="Compliance officer",
                )
    return [DemoLogin(email=email, role=", ".join(r.value for r in roles)) for email, _, _, roles, _ in DEMO_USERS]
