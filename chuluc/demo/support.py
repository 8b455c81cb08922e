"""Demo support data, built through the support services, for demo enterprises only: the
nine policies of the catalogue with budget lines, support given to most (not all) recognised
enterprises, a trade exhibition, requests (one overdue), a dialogue meeting whose
difficulties are routed to several agencies (some overdue), partner firms, offers, needs and
connections. The figures are visibly below their targets: some recognised enterprises are
left unreached and some difficulties overdue.

It also adds one demo representative, ``doanhnghiep3``, for a recognised demo enterprise
left unreached this year: the browser journey requests support for it and watches the
coverage figure move. (The other demo representatives' enterprises are kept out of the open
campaign and may not be recognised.)"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.accounts.models import User
from chuluc.accounts.services import membership_decide, membership_request, user_create
from chuluc.core.models import Agency
from chuluc.decisions.enums import RecognitionStatus
from chuluc.decisions.models import Recognition
from chuluc.registry.models import Enterprise, IndustryGroup
from chuluc.support import figures, selectors, services
from chuluc.support.enums import (
    ConnectionKind,
    DifficultyCategory,
    DifficultyStatus,
    Eligibility,
    ListingKind,
    ListingSubject,
    PolicyCategory,
    SupportForm,
)
from chuluc.support.models import Policy, SupportRequest

MILLION = 1_000_000
PLAN = "QĐ 4303/QĐ-UBND ngày 24/9/2020 (Kế hoạch thực hiện Đề án 2021–2025)"
SCHEME = "QĐ 496/QĐ-UBND ngày 26/01/2018 (Đề án phát triển SPCNCL)"
JOURNEY_REP = "doanhnghiep3"
SUPPORT_LOGINS = [(JOURNEY_REP, "Đại diện doanh nghiệp mẫu có sản phẩm được công nhận")]

# code, name, category, eligibility, form, agency, yearly budget (million đồng), amount each
POLICIES = [
    ("bieu-trung", "Sử dụng biểu trưng SPCNCL, quảng bá trên truyền thông của Thành phố",
     PolicyCategory.BRANDING, Eligibility.VALID_RECOGNITION, SupportForm.PUBLICITY,
     "so-cong-thuong", 0, 0),
    ("trien-lam", "Hỗ trợ gian hàng tại Triển lãm SPCNCL Hà Nội",
     PolicyCategory.TRADE_PROMOTION, Eligibility.ANY_REGISTERED, SupportForm.BOOTH,
     "so-cong-thuong", 2_000, 12),
    ("khuyen-cong", "Ưu tiên tham gia chương trình khuyến công",
     PolicyCategory.INDUSTRIAL_EXTENSION, Eligibility.VALID_RECOGNITION, SupportForm.GRANT,
     "so-cong-thuong", 3_000, 150),
    ("doi-moi-cong-nghe", "Hỗ trợ đổi mới công nghệ, thiết bị",
     PolicyCategory.SCIENCE_TECHNOLOGY, Eligibility.VALID_RECOGNITION, SupportForm.GRANT,
     "so-khcn", 5_000, 300),
    ("dao-tao-quan-tri", "Đào tạo nâng cao năng lực quản trị doanh nghiệp",
     PolicyCategory.TRAINING, Eligibility.ANY_REGISTERED, SupportForm.TRAINING_PLACES,
     "so-cong-thuong", 800, 6),
    ("thu-tuc-uu-tien", "Ưu tiên giải quyết thủ tục đầu tư, xây dựng",
     PolicyCategory.PROCEDURES, Eligibility.VALID_RECOGNITION, SupportForm.FAST_TRACK,
     "so-khdt", 0, 0),
    ("mat-bang", "Hỗ trợ tiếp cận mặt bằng sản xuất trong khu, cụm công nghiệp",
     PolicyCategory.LAND, Eligibility.VALID_RECOGNITION, SupportForm.CONSULTING,
     "so-tnmt", 500, 20),
    ("von-uu-dai", "Kết nối vay vốn ưu đãi",
     PolicyCategory.CAPITAL, Eligibility.TOP_RECOGNITION, SupportForm.CONSULTING,
     "so-tai-chinh", 300, 20),
    ("san-xuat-sach", "Tư vấn tiết kiệm năng lượng, sản xuất sạch hơn",
     PolicyCategory.ENERGY, Eligibility.ANY_REGISTERED, SupportForm.CONSULTING,
     "so-cong-thuong", 600, 25),
]  # fmt: skip
QUANTITY = {SupportForm.BOOTH: 2, SupportForm.TRAINING_PLACES: 3}
# Policies given in turn to the reached enterprises (those with a recognition first).
ROTATION = ["doi-moi-cong-nghe", "dao-tao-quan-tri", "khuyen-cong", "san-xuat-sach", "bieu-trung"]


def support_missing() -> bool:
    return not Policy.objects.filter(is_demo=True).exists()


def _policies(officer, agencies, years) -> dict[str, Policy]:
    made = {}
    for code, name, category, eligibility, form, agency, budget, _each in POLICIES:
        made[code] = services.policy_create(
            actor=officer,
            code=code,
            name=f"{name} (mẫu)",
            category=category,
            legal_basis=PLAN if category != PolicyCategory.BRANDING else SCHEME,
            agency=agencies[agency],
            eligibility=eligibility,
            kind=form,
            description="Chính sách hư cấu dựng theo các nhóm hỗ trợ của Đề án (dữ liệu mẫu).",
            sla_days=15 if form != SupportForm.GRANT else 30,
            is_demo=True,
        )
        for year in years:
            if budget:
                services.budget_line_set(
                    actor=officer, policy=made[code], year=year, amount_vnd=budget * MILLION
                )
    return made


def _give(officer, enterprise, policy, day: dt.date) -> bool:
    """One support of the policy's usual form, if the enterprise is eligible that day."""
    if selectors.eligibility_problem(policy, enterprise.pk, day):
        return False
    each = next(p[7] for p in POLICIES if p[0] == policy.code)
    quantity = QUANTITY.get(policy.kind, 1)
    services.support_record_create(
        actor=officer,
        enterprise=enterprise,
        policy=policy,
        given_on=day,
        kind=policy.kind,
        quantity=quantity,
        amount_vnd=each * MILLION * (quantity if policy.kind != SupportForm.GRANT else 1),
        description="Hỗ trợ hư cấu (dữ liệu mẫu).",
        is_demo=True,
    )
    return True


def _day_in(year: int, recognition: Recognition, today: dt.date, offset: int) -> dt.date | None:
    """A day of ``year`` (not after today) inside the recognition's validity, if any."""
    start = max(dt.date(year, 1, 1), recognition.valid_from)
    end = min(dt.date(year, 12, 31), recognition.valid_until, today)
    if end < start:
        return None
    return min(start + dt.timedelta(days=offset), end)


def _counted(year: int, exclude: set[int]) -> list[Enterprise]:
    ids = figures.counted_enterprise_ids(year) - exclude
    return list(Enterprise.objects.filter(pk__in=ids, is_demo=True).order_by("pk"))


def _ledger(officer, policies, today: dt.date, exclude: set[int]) -> int:
    """Support to three in five recognised enterprises this year, a few last year."""
    given = 0
    for year, share in ((today.year, {0, 1, 2}), (today.year - 1, {0, 2})):
        for index, enterprise in enumerate(_counted(year, exclude)):
            if index % 5 not in share:
                continue
            recognition = (
                Recognition.objects.filter(enterprise=enterprise, status=RecognitionStatus.ACTIVE)
                .order_by("-valid_until")
                .first()
            ) or enterprise.recognitions.order_by("-valid_until").first()
            day = _day_in(year, recognition, today, offset=20 + 7 * index)
            if day is None:
                continue
            for code in (ROTATION[index % len(ROTATION)], "dao-tao-quan-tri"):
                if _give(officer, enterprise, policies[code], day):
                    given += 1
                    break
    return given


def _exhibition(officer, policies, today: dt.date, exclude: set[int]) -> int:
    year = today.year if dt.date(today.year, 10, 27) <= today else today.year - 1
    event = services.trade_event_create(
        actor=officer,
        name=f"Triển lãm quốc tế sản phẩm công nghiệp chủ lực Hà Nội {year} (mẫu)",
        starts_on=dt.date(year, 10, 27),
        ends_on=dt.date(year, 10, 29),
        venue="Cung Văn hóa Hữu nghị Việt Xô, 91 Trần Hưng Đạo (mẫu)",
        policy=policies["trien-lam"],
        booth_amount_vnd=6 * MILLION,
        description="Khoảng 250 gian hàng của Hà Nội và 11 tỉnh, thành (dữ liệu mẫu).",
        is_demo=True,
    )
    exhibitors = [e for i, e in enumerate(_counted(year, exclude)) if i % 5 == 3][:4]
    taken = exclude | {e.pk for e in exhibitors}
    extra = list(Enterprise.objects.filter(is_demo=True).exclude(pk__in=taken).order_by("-pk")[:2])
    for index, enterprise in enumerate([*exhibitors, *extra]):
        services.event_participant_add(
            actor=officer,
            event=event,
            enterprise=enterprise,
            booths=2 if index % 2 else 1,
            supported_booths=1,
        )
    return len(exhibitors) + len(extra)


def _upcoming(officer, policies, today: dt.date) -> int:
    """A fair and a dialogue still to come, so a recognised firm's representative has
    something to join in the demo (events and dialogues above are already past)."""
    starts = today + dt.timedelta(days=45)
    services.trade_event_create(
        actor=officer,
        name=f"Hội chợ hàng công nghiệp chủ lực Hà Nội {starts.year} (mẫu)",
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=3),
        venue="Trung tâm Triển lãm Giảng Võ (mẫu)",
        policy=policies["trien-lam"],
        booth_amount_vnd=6 * MILLION,
        description="Hội chợ hư cấu để trình diễn việc doanh nghiệp đăng ký (dữ liệu mẫu).",
        is_demo=True,
    )
    services.dialogue_create(
        actor=officer,
        title="Đối thoại quý với doanh nghiệp có sản phẩm công nghiệp chủ lực (mẫu)",
        held_on=today + dt.timedelta(days=30),
        chair="Giám đốc Sở Công Thương (mẫu)",
        venue="Sở Công Thương Hà Nội (mẫu)",
        is_demo=True,
    )
    return 2


def _journey_rep(officer, today: dt.date, keep_free: set[int]) -> Enterprise | None:
    """A representative for a recognised demo enterprise (valid today), left unreached."""
    recognition = (
        Recognition.objects.filter(
            enterprise__is_demo=True,
            status=RecognitionStatus.ACTIVE,
            valid_from__lte=today,
            valid_until__gte=today + dt.timedelta(days=30),
        )
        .exclude(enterprise_id__in=keep_free)
        .order_by("-valid_until", "enterprise_id")
        .first()
    )
    if recognition is None or User.objects.filter(username=JOURNEY_REP).exists():
        return None
    user = user_create(
        actor=officer,
        username=JOURNEY_REP,
        email=f"{JOURNEY_REP}@demo.chuluc.local",
        full_name="Trịnh Văn Khánh (mẫu)",
        password=settings.DEMO_PASSWORD,
        roles=[Role.ENTERPRISE_REP],
        is_demo=True,
    )
    membership = membership_request(
        actor=user, user=user, enterprise=recognition.enterprise, position="Phó Giám đốc"
    )
    membership_decide(actor=officer, membership=membership, status=MembershipStatus.VERIFIED)
    return recognition.enterprise


def _difficulties(officer, agencies, today: dt.date, exclude: set[int]) -> int:
    pool = _counted(today.year, exclude) or list(
        Enterprise.objects.filter(is_demo=True).exclude(pk__in=exclude).order_by("pk")[:6]
    )
    if not pool:
        return 0
    held = max(today - dt.timedelta(days=40), dt.date(today.year, 1, 1))
    dialogue = services.dialogue_create(
        actor=officer,
        title="Hội nghị đối thoại với doanh nghiệp có sản phẩm công nghiệp chủ lực (mẫu)",
        held_on=held,
        chair="Phó Chủ tịch UBND Thành phố (mẫu)",
        venue="Trụ sở UBND Thành phố (mẫu)",
        minutes="Doanh nghiệp nêu các vướng mắc về mặt bằng, thủ tục, thuế và công nghệ; "
        "Thành phố giao các sở, ngành trả lời trong 15 ngày (biên bản hư cấu, dữ liệu mẫu).",
        participants=pool[:6],
        is_demo=True,
    )
    cases = [
        # category, title, agency, final status
        (DifficultyCategory.PREMISES_LAND, "Thiếu mặt bằng mở rộng nhà xưởng", "so-tnmt", None),
        (
            DifficultyCategory.PROCEDURES,
            "Chậm cấp phép xây dựng xưởng mới",
            "so-khdt",
            DifficultyStatus.IN_PROGRESS,
        ),
        (DifficultyCategory.OTHER, "Thẩm định công nghệ dây chuyền nhập khẩu", "so-khcn", None),
        (
            DifficultyCategory.TAX,
            "Chậm hoàn thuế giá trị gia tăng",
            "cuc-thue",
            DifficultyStatus.RESOLVED,
        ),
        (
            DifficultyCategory.MARKET,
            "Đề nghị miễn thuế nhập khẩu linh kiện",
            "so-cong-thuong",
            DifficultyStatus.CANNOT_RESOLVE,
        ),
    ]
    made = 0
    for index, (category, title, agency, final) in enumerate(cases):
        difficulty = services.difficulty_raise(
            actor=officer,
            enterprise=pool[index % len(pool)],
            category=category,
            title=f"{title} (mẫu)",
            description="Vướng mắc hư cấu nêu tại hội nghị (dữ liệu mẫu).",
            dialogue=dialogue,
            agency=agencies[agency],
            is_demo=True,
        )
        _finish(officer, difficulty, final)
        made += 1
    # Raised a few days ago, answered and confirmed in time.
    recent = services.difficulty_raise(
        actor=officer,
        enterprise=pool[-1],
        category=DifficultyCategory.CAPITAL,
        title="Thủ tục vay vốn ưu đãi đầu tư thiết bị (mẫu)",
        description="Doanh nghiệp gửi công văn hỏi thủ tục vay vốn (dữ liệu mẫu).",
        received_on=max(today - dt.timedelta(days=5), dt.date(today.year, 1, 1)),
        agency=agencies["so-tai-chinh"],
        is_demo=True,
    )
    _finish(officer, recent, DifficultyStatus.RESOLVED)
    return made + 1


def _finish(officer, difficulty, final: str | None) -> None:
    if final is None:
        return
    if final == DifficultyStatus.CANNOT_RESOLVE:
        services.difficulty_move(
            actor=officer,
            difficulty=difficulty,
            status=final,
            note="Thuộc thẩm quyền của Bộ Tài chính; Sở đã chuyển kiến nghị (dữ liệu mẫu).",
        )
        return
    services.difficulty_move(
        actor=officer, difficulty=difficulty, status=DifficultyStatus.IN_PROGRESS
    )
    if final == DifficultyStatus.RESOLVED:
        services.difficulty_move(
            actor=officer,
            difficulty=difficulty,
            status=DifficultyStatus.ANSWERED,
            note="Cơ quan xử lý đã hướng dẫn và giải quyết (dữ liệu mẫu).",
        )
        services.difficulty_move(actor=officer, difficulty=difficulty, status=final)


def _reps(officer, policies, agencies, today: dt.date) -> int:
    """The first two demo representatives: requests (one overdue) and a difficulty online."""
    reps = {
        u.username: u for u in User.objects.filter(username__in=["doanhnghiep1", "doanhnghiep2"])
    }
    made = 0
    if "doanhnghiep2" in reps:
        rep = reps["doanhnghiep2"]
        enterprise = rep.memberships.get().enterprise
        waiting = services.support_request_submit(
            actor=rep,
            enterprise=enterprise,
            policy=policies["dao-tao-quan-tri"],
            description="Đề nghị cử 3 cán bộ tham gia khóa đào tạo quản trị (dữ liệu mẫu).",
            is_demo=True,
        )
        # sent three weeks ago, as a back-filled record would be: now overdue
        sent = timezone.now() - dt.timedelta(days=21)
        SupportRequest.objects.filter(pk=waiting.pk).update(
            submitted_at=sent, due_on=timezone.localdate(sent) + dt.timedelta(days=15)
        )
        services.difficulty_raise(
            actor=rep,
            enterprise=enterprise,
            category=DifficultyCategory.LABOUR,
            title="Thiếu lao động kỹ thuật vận hành máy CNC (mẫu)",
            description="Doanh nghiệp cần kết nối với các trường nghề (dữ liệu mẫu).",
            is_demo=True,
        )
        made += 2
    if "doanhnghiep1" in reps:
        rep = reps["doanhnghiep1"]
        enterprise = rep.memberships.get().enterprise
        approved = services.support_request_submit(
            actor=rep,
            enterprise=enterprise,
            policy=policies["san-xuat-sach"],
            description="Đề nghị tư vấn kiểm toán năng lượng nhà máy (dữ liệu mẫu).",
            is_demo=True,
        )
        services.support_request_decide(
            actor=officer,
            support_request=approved,
            status="approved",
            record={
                "given_on": today,
                "kind": SupportForm.CONSULTING,
                "quantity": 1,
                "amount_vnd": 25 * MILLION,
                "is_demo": True,
            },
        )
        refused = services.support_request_submit(
            actor=rep,
            enterprise=enterprise,
            policy=policies["trien-lam"],
            description="Đề nghị hỗ trợ 4 gian hàng tại triển lãm (dữ liệu mẫu).",
            is_demo=True,
        )
        services.support_request_decide(
            actor=officer,
            support_request=refused,
            status="refused",
            reason="Đã hết suất gian hàng hỗ trợ của năm; mời đăng ký năm sau (dữ liệu mẫu).",
        )
        made += 2
    return made


def _linkages(officer, today: dt.date, exclude: set[int]) -> int:
    groups = {g.code: g for g in IndustryGroup.objects.all()}
    partners = [
        services.partner_create(
            actor=officer,
            name="Công ty TNHH Linh kiện Điện tử Yên Phong (mẫu)",
            province="Bắc Ninh",
            industry_group=groups.get("dien-dien-tu"),
            contact_name="Nguyễn Thị Mai (mẫu)",
            contact_email="mai@doitac.example.vn",
            is_demo=True,
        ),
        services.partner_create(
            actor=officer,
            name="Công ty CP Cơ khí Gang Thép (mẫu)",
            province="Thái Nguyên",
            industry_group=groups.get("co-khi"),
            contact_name="Trần Văn Hùng (mẫu)",
            contact_phone="0900 000 222",
            is_demo=True,
        ),
        services.partner_create(
            actor=officer,
            name="Precision Parts Co., Ltd. (mẫu)",
            country="Nhật Bản",
            industry_group=groups.get("co-khi"),
            contact_email="sales@partner.example.jp",
            is_demo=True,
        ),
    ]
    offers = [
        (partners[0], "Chào bán bảng mạch in, linh kiện điện tử", "dien-dien-tu", "2610", "853400"),
        (partners[1], "Gia công chi tiết cơ khí, khuôn mẫu", "co-khi", "2592", "848071"),
        (partners[2], "Chào bán van, vòi bằng đồng thau chính xác", "co-khi", "2813", "848180"),
    ]
    for partner, title, group, vsic, hs in offers:
        services.listing_create(
            actor=officer,
            partner=partner,
            kind=ListingKind.OFFER,
            subject=ListingSubject.COMPONENT,
            title=f"{title} (mẫu)",
            industry_group=groups.get(group),
            vsic=vsic,
            hs_code=hs,
            is_demo=True,
        )
    made = len(partners) + len(offers)
    firms = list(Enterprise.objects.filter(is_demo=True).exclude(pk__in=exclude).order_by("pk")[:4])
    needs = [
        ("Cần mua linh kiện điện tử, bảng mạch in", "dien-dien-tu", "2740", "853400"),
        ("Cần đối tác gia công chi tiết cơ khí chính xác", "co-khi", "2599", "848071"),
        ("Cần mua van đồng thau cho dây chuyền lắp ráp", "co-khi", "2599", "848180"),
        ("Cần dịch vụ kiểm định chất lượng sản phẩm", "", "", ""),
    ]
    made_needs = []
    for index, (enterprise, (title, group, vsic, hs)) in enumerate(zip(firms, needs, strict=False)):
        made_needs.append(
            services.listing_create(
                actor=officer,
                enterprise=enterprise,
                kind=ListingKind.NEED,
                subject=ListingSubject.SERVICE if index == 3 else ListingSubject.COMPONENT,
                title=f"{title} (mẫu)",
                industry_group=groups.get(group),
                vsic=vsic,
                hs_code=hs,
                is_demo=True,
            )
        )
    for index, (need, kind, value) in enumerate(
        zip(
            made_needs,
            [ConnectionKind.MEETING, ConnectionKind.MOU, ConnectionKind.CONTRACT],
            [None, None, 2_400 * MILLION],
            strict=False,
        )
    ):
        services.connection_record(
            actor=officer,
            enterprise=need.enterprise,
            partner=partners[index],
            need=need,
            kind=kind,
            happened_on=max(today - dt.timedelta(days=10 * (index + 1)), dt.date(today.year, 1, 1)),
            value_vnd=value,
            note="Kết nối hư cấu (dữ liệu mẫu).",
            is_demo=True,
        )
        made += 1
    return made + len(made_needs)


def seed_support(*, officer, keep_free: set[int] = frozenset()) -> dict[str, int]:
    """Everything above, once (the caller checks ``support_missing``)."""
    today = timezone.localdate()
    agencies = {a.code: a for a in Agency.objects.all()}
    policies = _policies(officer, agencies, years=(today.year - 1, today.year))
    journey = _journey_rep(officer, today, keep_free)
    exclude = {journey.pk} if journey else set()
    counts = {"policies": len(policies)}
    counts["records"] = _ledger(officer, policies, today, exclude)
    counts["exhibitors"] = _exhibition(officer, policies, today, exclude)
    counts["upcoming"] = _upcoming(officer, policies, today)
    counts["difficulties"] = _difficulties(officer, agencies, today, exclude)
    counts["requests"] = _reps(officer, policies, agencies, today)
    counts["linkages"] = _linkages(officer, today, exclude)
    return counts
