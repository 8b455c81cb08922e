"""Demo data built through the services, sized like Hanoi's program, every record flagged."""

from __future__ import annotations

import random

from django.conf import settings

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.accounts.models import EnterpriseMembership, User
from chuluc.accounts.services import membership_decide, membership_request, user_create
from chuluc.core.models import Agency
from chuluc.demo.campaigns import seed_campaigns
from chuluc.demo.councils import COUNCIL_LOGINS, seed_councils
from chuluc.demo.decisions import seed_decisions
from chuluc.demo.names import THEMES, demo_enterprise_name, demo_tax_code
from chuluc.demo.support import SUPPORT_LOGINS, seed_support
from chuluc.registry.enums import Ownership, ProductTrack
from chuluc.registry.models import District, IndustryGroup
from chuluc.registry.services import enterprise_create, product_create

DEMO_USERS = [
    # username, full name, roles, what they show
    ("canbo", "Nguyễn Văn An (mẫu)", [Role.OFFICER], "Cán bộ Sở Công Thương"),
    ("quantri", "Trần Thị Bình (mẫu)", [Role.ADMIN], "Quản trị hệ thống"),
    ("lanhdao", "Lê Minh Châu (mẫu)", [Role.LEADER], "Lãnh đạo Thành phố (chỉ xem)"),
    ("hoidong", "Phạm Quốc Dũng (mẫu)", [Role.COUNCIL_MEMBER], "Thành viên Hội đồng"),
    ("sokhcn", "Hoàng Thu Hà (mẫu)", [(Role.AGENCY_OFFICER, "so-khcn")], "Cán bộ Sở KH&CN"),
    ("doanhnghiep1", "Vũ Đức Giang (mẫu)", [], "Đại diện doanh nghiệp mẫu thứ nhất"),
    ("doanhnghiep2", "Đỗ Thị Hạnh (mẫu)", [], "Đại diện doanh nghiệp mẫu thứ hai"),
]
MARKER_USERNAME = "canbo"
# Plausible VSIC 2018 classes per group (for coherent demo records only).
VSIC_BY_GROUP = {
    "co-khi": ["2822", "2599", "2819"],
    "dien-dien-tu": ["2740", "2732", "2710", "2610"],
    "cntt": ["6201", "6202", "5820"],
    "det-may-da-giay": ["1410", "1311", "1520"],
    "nong-san-thuc-pham": ["1050", "1071", "1104"],
    "hoa-chat-nhua-duoc": ["2220", "2022", "2100"],
    "vat-lieu-xay-dung": ["2392", "2310", "2395"],
    "thu-cong-my-nghe": ["1629", "2393", "3290"],
}


def demo_loaded() -> bool:
    return User.objects.filter(username=MARKER_USERNAME, is_demo=True).exists()


def demo_logins() -> list[tuple[str, str, str]]:
    present = set(User.objects.filter(is_demo=True).values_list("username", flat=True))
    labels = (
        [(u, label) for u, _n, _r, label in DEMO_USERS]
        + [(u, f"Hội đồng: {label}") for u, label in COUNCIL_LOGINS if u != "hoidong"]
        + SUPPORT_LOGINS
    )
    return [(u, settings.DEMO_PASSWORD, label) for u, label in labels if u in present]


def _users(admin) -> dict[str, User]:
    agencies = {a.code: a for a in Agency.objects.all()}
    users = {}
    for username, full_name, roles, _label in DEMO_USERS:
        resolved = [(r[0], agencies[r[1]]) if isinstance(r, tuple) else r for r in roles]
        users[username] = user_create(
            actor=admin,
            username=username,
            email=f"{username}@demo.chuluc.local",
            full_name=full_name,
            password=settings.DEMO_PASSWORD,
            roles=resolved,
            is_demo=True,
        )
    return users


def seed_demo(
    *, enterprises: int = 300, seed: int = 2026, with_campaigns: bool = True
) -> dict[str, int]:
    rng = random.Random(seed)
    users = _users(None)
    officer = users["canbo"]
    districts = list(District.objects.all())
    groups = {g.code: g for g in IndustryGroup.objects.all()}
    ownership_weights = [
        (Ownership.PRIVATE, 70),
        (Ownership.FDI, 12),
        (Ownership.STATE, 12),
        (Ownership.COLLECTIVE, 6),
    ]
    used_codes: set[str] = set()
    used_names: set[str] = set()
    created = {"enterprises": 0, "products": 0}
    first = []
    for index in range(enterprises):
        group_code = rng.choice(list(THEMES))
        ownership = rng.choices(
            [o for o, _w in ownership_weights], [w for _o, w in ownership_weights]
        )[0]
        district = rng.choice(districts)
        enterprise = enterprise_create(
            actor=officer,
            name=demo_enterprise_name(rng, group_code, used_names),
            tax_code=demo_tax_code(rng, used_codes),
            ownership=ownership,
            vsic=str(
                rng.choice([1050, 1410, 2220, 2394, 2599, 2640, 2710, 2740, 2822, 3100, 6201])
            ),
            district=district,
            address=f"Số {rng.randint(1, 300)} đường Mẫu",
            hq_in_hanoi=rng.random() < 0.9,
            factory_in_hanoi=rng.random() < 0.8,
            is_verified=True,
            is_demo=True,
        )
        created["enterprises"] += 1
        if index < 2:
            first.append(enterprise)
        _words, product_names = THEMES[group_code]
        for name in rng.sample(
            product_names, k=min(len(product_names), rng.choice([1, 1, 2, 2, 3]))
        ):
            track = (
                ProductTrack.HANDICRAFT
                if group_code == "thu-cong-my-nghe"
                else rng.choice([ProductTrack.OTHER, ProductTrack.OTHER, ProductTrack.HIGH_TECH])
            )
            product_create(
                actor=officer,
                enterprise=enterprise,
                name=name,
                industry_group=groups[group_code],
                vsic=enterprise.vsic,
                track=track,
                description="Sản phẩm hư cấu, tạo làm dữ liệu mẫu.",
                is_demo=True,
            )
            created["products"] += 1
    for username, enterprise in zip(["doanhnghiep1", "doanhnghiep2"], first, strict=False):
        membership = membership_request(
            actor=users[username], user=users[username], enterprise=enterprise, position="Giám đốc"
        )
        membership_decide(actor=officer, membership=membership, status=MembershipStatus.VERIFIED)
    if with_campaigns:
        created.update(seed_campaigns(officer=officer, keep_free={e.pk for e in first}))
        created.update(seed_councils(officer=officer))
    return created


def seed_campaigns_for_existing_demo() -> dict[str, int]:
    officer = User.objects.get(username=MARKER_USERNAME)
    keep_free = set(
        EnterpriseMembership.objects.filter(user__is_demo=True).values_list(
            "enterprise_id", flat=True
        )
    )
    return seed_campaigns(officer=officer, keep_free=keep_free)


def seed_councils_for_existing_demo() -> dict[str, int]:
    return seed_councils(officer=User.objects.get(username=MARKER_USERNAME))


def seed_decisions_for_existing_demo() -> dict[str, int]:
    return seed_decisions(officer=User.objects.get(username=MARKER_USERNAME))


def seed_support_for_existing_demo() -> dict[str, int]:
    keep_free = set(
        EnterpriseMembership.objects.filter(user__is_demo=True).values_list(
            "enterprise_id", flat=True
        )
    )
    return seed_support(officer=User.objects.get(username=MARKER_USERNAME), keep_free=keep_free)
