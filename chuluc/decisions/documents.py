"""The official documents that close a campaign, in the state format (Nghị định
30/2020/NĐ-CP): the Department of Industry and Trade's submission memo (Tờ trình) to the
People's Committee proposing recognition, and the draft of the Committee's decision
(Quyết định), each with its annexed lists.

Reports are pure reads: ``build_memo`` and ``build_decision`` return plain dicts (the tests
compare them); ``document_writers`` lays them out as DOCX. The texts are Vietnamese whatever
the reader's language: they are official documents of Vietnamese bodies. Product and
enterprise names are printed in full, NFC-composed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone, translation

from chuluc.campaigns.enums import DossierStatus, LegalDocumentKind
from chuluc.campaigns.models import Campaign, Dossier
from chuluc.core.documents import BLANK_DATE, lower_first, place_date_line
from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import vn_date
from chuluc.core.text import nfc, search_key
from chuluc.council.document_writers import max_points, points
from chuluc.council.models import Council
from chuluc.council.selectors import closed_rounds
from chuluc.decisions.document_writers import write_official_docx
from chuluc.decisions.enums import CommentEffect, CommentStatus
from chuluc.decisions.models import Decision, Publication, PublishedEntry
from chuluc.decisions.selectors import published_entries

MEMO_SYMBOL = "TTr"
DECISION_NUMBER_BLANK = "…/QĐ-UBND"
__all__ = [
    "build_decision",
    "build_memo",
    "decision_docx",
    "memo_docx",
    "signer_authority",
    "top_title",
]


def _in_vietnamese(builder):
    """Choice labels (kinds of legal documents) in Vietnamese whatever the request's language."""

    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        with translation.override("vi"):
            return builder(*args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class _Bodies:
    """Who speaks: the People's Committee and its Department (names as documents print them)."""

    owner: str  # "Ủy ban nhân dân thành phố Hà Nội"
    department: str  # "Sở Công Thương"
    symbol: str  # "SCT"
    locality: str  # "Hà Nội"


def _bodies(campaign: Campaign) -> _Bodies:
    program, agency = campaign.program, campaign.program.lead_agency
    department = nfc(agency.name)
    suffix = f" {nfc(program.locality)}"
    if department.endswith(suffix):  # "Sở Công Thương Hà Nội" under the city's letterhead
        department = department[: -len(suffix)]
    return _Bodies(
        owner=nfc(program.owner),
        department=department,
        symbol=nfc(agency.short_name) or "".join(w[0] for w in department.split()).upper(),
        locality=nfc(program.locality),
    )


def program_title(campaign: Campaign) -> str:
    """The title inside a sentence: "sản phẩm công nghiệp chủ lực thành phố Hà Nội năm 2026"."""
    return f"{lower_first(nfc(campaign.program.title))} năm {campaign.year}"


def top_title(campaign: Campaign) -> str:
    """The Top title inside a sentence: "sản phẩm … thành phố Hà Nội tiêu biểu (Top 10) năm …"."""
    title = lower_first(nfc(campaign.program.title))
    return f"{title} tiêu biểu (Top {campaign.top_n}) năm {campaign.year}"


def signer_authority(signer_title: str) -> list[str]:
    """The signature block of a People's Committee decision (Nghị định 30): on behalf of
    the Committee, the Chair, or a Vice-Chair for the Chair; a blank title is a draft
    signed, as is usual for these decisions, by a Vice-Chair."""
    title = nfc(signer_title)
    key = search_key(title)
    if not key or key.startswith("pho chu tich"):
        return ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    if key.startswith("chu tich"):
        return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    return ["TM. ỦY BAN NHÂN DÂN", title.upper()]


def _basis(campaign: Campaign, council: Council | None, owner: str) -> list[str]:
    """The "Căn cứ …" lines: the council's founding decision, then the campaign's legal
    basis (a recognition decision is what is being drafted, so it is left out)."""
    lines = []
    council_number = nfc(council.decision_number) if council else ""
    if council_number:
        issued = f" ngày {vn_date(council.decision_date)}" if council.decision_date else ""
        lines.append(
            f"Căn cứ Quyết định số {council_number}{issued} của {owner} "
            f"về việc thành lập {nfc(council.name)};"
        )
    for document in campaign.legal_basis.all():
        if document.kind == LegalDocumentKind.RECOGNITION_DECISION or (
            council_number and nfc(document.number) == council_number
        ):
            continue
        kind = {
            LegalDocumentKind.COUNCIL_DECISION: "Quyết định",
            LegalDocumentKind.OTHER: "văn bản",
        }.get(document.kind, str(document.get_kind_display()))
        issued = f" ngày {vn_date(document.issued_on)}" if document.issued_on else ""
        title = f" {nfc(document.title)}" if document.title else ""
        lines.append(f"Căn cứ {kind} số {nfc(document.number)}{issued}{title};")
    return lines


def _entry_row(entry: PublishedEntry, campaign: Campaign) -> dict:
    group = entry.product.industry_group
    return {
        "rank": entry.rank,
        "product": nfc(entry.product.name),
        "enterprise": nfc(entry.enterprise.name),
        "enterprise_id": entry.enterprise_id,
        "industry_group": nfc(group.name) if group else "—",
        "total": points(entry.total),
        "top": f"Top {campaign.top_n}" if entry.top else "",
    }


def _context(publication: Publication) -> tuple[Campaign, Council | None, list, list]:
    campaign = Campaign.objects.select_related("program__lead_agency", "criteria_set").get(
        pk=publication.campaign_id
    )
    council = Council.objects.filter(campaign=campaign).first()
    entries = list(published_entries(publication).order_by("rank", "id"))
    kept = [_entry_row(e, campaign) for e in entries if not e.withdrawn]
    withdrawn = [
        {**_entry_row(e, campaign), "reason": nfc(e.withdrawn_reason)}
        for e in entries
        if e.withdrawn
    ]
    return campaign, council, kept, withdrawn


def _enterprises(rows: list[dict]) -> int:
    return len({r["enterprise_id"] for r in rows})


def process_counts(publication: Publication) -> dict:
    """The numbers the memo reports: dossiers received, eligible and scored, products
    passing and Top, the published list and the comments on it."""
    campaign_id = publication.campaign_id
    dossiers = Dossier.objects.filter(campaign_id=campaign_id)
    received = dossiers.aggregate(
        dossiers=Count("id", filter=~Q(submitted_at=None)),
        enterprises=Count("enterprise", filter=~Q(submitted_at=None), distinct=True),
    )
    eligible = (
        dossiers.filter(events__to_status=DossierStatus.ELIGIBLE)
        .exclude(status=DossierStatus.INELIGIBLE)
        .distinct()
        .count()
    )
    council = Council.objects.filter(campaign_id=campaign_id).first()
    results = (
        council.results.aggregate(
            scored=Count("id"),
            passed=Count("id", filter=Q(passed=True)),
            top=Count("id", filter=Q(top=True)),
        )
        if council
        else {"scored": 0, "passed": 0, "top": 0}
    )
    comments = publication.comments.aggregate(
        received=Count("id"),
        published=Count("id", filter=Q(status=CommentStatus.PUBLISHED)),
        answered=Count("id", filter=~Q(answer="")),
        changing=Count("id", filter=Q(effect=CommentEffect.CHANGES)),
    )
    entries = publication.entries.aggregate(
        published=Count("id"), withdrawn=Count("id", filter=Q(withdrawn=True))
    )
    return {
        "received": received["dossiers"],
        "received_enterprises": received["enterprises"],
        "eligible": eligible,
        **results,
        **entries,
        "comments": comments,
    }


def _memo_sections(*, publication, campaign, council, counts, kept, withdrawn, bodies) -> list:
    department, owner = bodies.department, bodies.owner
    rounds = list(closed_rounds(council)) if council else []
    held = (
        f" (vòng chấm khóa ngày {vn_date(timezone.localdate(rounds[-1].closed_at))})"
        if rounds and rounds[-1].closed_at
        else ""
    )
    comments = counts["comments"]
    opened = vn_date(timezone.localdate(publication.published_at))
    closes = vn_date(timezone.localdate(publication.comments_close_at))
    top_kept = sum(1 for r in kept if r["top"])
    body: list = [
        ("heading", "I. KẾT QUẢ TỔ CHỨC ĐÁNH GIÁ, XÉT CHỌN"),
        (
            "text",
            f"{department} đã tiếp nhận {counts['received']} hồ sơ sản phẩm của "
            f"{counts['received_enterprises']} doanh nghiệp đăng ký xét chọn "
            f"{program_title(campaign)}. Qua thẩm định, {counts['eligible']} hồ sơ đủ điều "
            "kiện được trình Hội đồng đánh giá, xét chọn.",
        ),
        (
            "text",
            f"Hội đồng đánh giá, xét chọn đã chấm điểm {counts['scored']} hồ sơ{held}: "
            f"{counts['passed']} sản phẩm đạt từ {max_points(campaign.pass_mark)} điểm trở lên "
            f"(thang điểm {max_points(campaign.criteria_set.total_points)}), trong đó "
            f"{counts['top']} sản phẩm có tổng điểm cao nhất thuộc nhóm Top {campaign.top_n}.",
        ),
        ("heading", "II. KẾT QUẢ LẤY Ý KIẾN CÔNG KHAI"),
        (
            "text",
            f"Ngày {opened}, {department} đã công khai danh sách {counts['published']} sản phẩm "
            "đạt trên Cổng thông tin điện tử để lấy ý kiến của các tổ chức, cá nhân đến hết "
            f"ngày {closes}.",
        ),
        (
            "text",
            f"{department} đã nhận được {comments['received']} góp ý; {comments['published']} "
            f"góp ý được công khai; {comments['answered']} góp ý đã được trả lời; "
            f"{comments['changing']} góp ý làm thay đổi kết quả."
            if comments["received"]
            else f"Hết thời hạn lấy ý kiến, {department} không nhận được góp ý nào.",
        ),
    ]
    if withdrawn:
        body.append(
            (
                "text",
                f"Sau khi xem xét góp ý, {len(withdrawn)} sản phẩm được đưa ra khỏi danh sách "
                "đề nghị công nhận:",
            )
        )
        body += [
            ("text", f"- {r['product']} ({r['enterprise']}): {r['reason']}") for r in withdrawn
        ]
    else:
        body.append(("text", "Không có sản phẩm nào bị đưa ra khỏi danh sách."))
    body += [
        ("heading", "III. ĐỀ XUẤT"),
        (
            "text",
            f"Trên cơ sở kết quả đánh giá, xét chọn của Hội đồng và kết quả lấy ý kiến công "
            f"khai, {department} kính đề nghị {owner} xem xét, ban hành Quyết định công nhận "
            f"{len(kept)} sản phẩm của {_enterprises(kept)} doanh nghiệp là "
            f"{program_title(campaign)} (danh sách tại Phụ lục kèm theo), trong đó {top_kept} "
            f"sản phẩm thuộc nhóm Top {campaign.top_n}; thời hạn công nhận "
            f"{campaign.validity_months} tháng kể từ ngày ký Quyết định.",
        ),
        ("text", "(Gửi kèm dự thảo Quyết định.)"),
        ("text", f"{department} kính trình {owner} xem xét, quyết định./."),
    ]
    return body


@_in_vietnamese
def build_memo(*, publication: Publication) -> dict:
    """The department's memo proposing the products still on the published list."""
    campaign, council, kept, withdrawn = _context(publication)
    bodies = _bodies(campaign)
    counts = process_counts(publication)
    number = f"…/{MEMO_SYMBOL}-{bodies.symbol}"
    return {
        "letterhead": {"parent": bodies.owner.upper(), "issuer": bodies.department.upper()},
        "number": f"Số: {number}",
        "date_line": place_date_line(bodies.locality, None),
        "title": "TỜ TRÌNH",
        "subject": f"Về việc công nhận {program_title(campaign)}",
        "addressee": f"Kính gửi: {bodies.owner}.",
        "authority": "",
        "basis": _basis(campaign, council, bodies.owner),
        "body": _memo_sections(
            publication=publication,
            campaign=campaign,
            council=council,
            counts=counts,
            kept=kept,
            withdrawn=withdrawn,
            bodies=bodies,
        ),
        "recipients": ["Như trên;", "Các thành viên Hội đồng;", f"Lưu: VT, {bodies.symbol}."],
        "signer": {"authority": ["GIÁM ĐỐC"], "name": ""},
        "counts": counts,
        "annexes": [
            {
                "title": "PHỤ LỤC",
                "subject": f"DANH SÁCH SẢN PHẨM ĐỀ NGHỊ CÔNG NHẬN {program_title(campaign).upper()}",
                "reference": f"(Kèm theo Tờ trình số {number} {BLANK_DATE} "
                f"của {bodies.department})",
                "header": ["STT", "Tên sản phẩm", "Doanh nghiệp", "Nhóm ngành", "Tổng điểm", "Top"],
                "rows": [
                    [
                        str(i),
                        r["product"],
                        r["enterprise"],
                        r["industry_group"],
                        r["total"],
                        r["top"],
                    ]
                    for i, r in enumerate(kept, start=1)
                ],
                "widths": [1.3, 4.5, 4.5, 2.9, 1.9, 1.4],
            },
            _comments_annex(publication, number=number, department=bodies.department),
        ],
        "products": kept,
        "withdrawn": withdrawn,
    }


def _comments_annex(publication: Publication, *, number: str, department: str) -> dict:
    """Every comment received and the department's answer: part of the decision file (the
    sender's contact stays out; it is kept in the system for the department only)."""
    rows = [
        [
            str(i),
            c.entry.product.name,
            c.author_name,
            c.text,
            c.answer or "(chưa trả lời)",
            "Có" if c.effect == CommentEffect.CHANGES else "Không",
            "Có" if c.status == CommentStatus.PUBLISHED else "Không",
        ]
        for i, c in enumerate(
            publication.comments.select_related("entry__product").order_by("received_at", "id"),
            start=1,
        )
    ]
    return {
        "title": "PHỤ LỤC 2",
        "subject": "TỔNG HỢP GÓP Ý VÀ TRẢ LỜI",
        "reference": f"(Kèm theo Tờ trình số {number} {BLANK_DATE} của {department})",
        "header": [
            "STT",
            "Sản phẩm",
            "Người góp ý",
            "Nội dung góp ý",
            "Trả lời",
            "Thay đổi kết quả",
            "Công khai",
        ],
        "rows": rows,
        "empty": "Không nhận được góp ý nào.",
        "widths": [1.0, 3.0, 2.6, 4.2, 4.2, 1.5, 1.5],
    }


@_in_vietnamese
def build_decision(*, publication: Publication, decision: Decision | None = None) -> dict:
    """The Committee's decision: every product still on the list recognised (Phụ lục 1),
    the Top ones named (Phụ lục 2). With an entered ``decision``, its number, date and
    signer fill the blanks."""
    if decision is not None and decision.campaign_id != publication.campaign_id:
        raise ApplicationError("Quyết định không thuộc đợt xét chọn của danh sách công bố này.")
    campaign, council, kept, _withdrawn = _context(publication)
    bodies = _bodies(campaign)
    tops = [r for r in kept if r["top"]]
    number = nfc(decision.number) if decision else DECISION_NUMBER_BLANK
    signed_on = decision.signed_on if decision else None
    valid_until = (
        decision.recognitions.order_by("valid_until").values_list("valid_until", flat=True).last()
        if decision
        else None
    )
    until = f" (đến hết ngày {vn_date(valid_until)})" if valid_until else ""
    dated = f"ngày {vn_date(signed_on)}" if signed_on else BLANK_DATE
    article_2 = (
        f"Công nhận {len(tops)} sản phẩm là {top_title(campaign)} "
        "(danh sách tại Phụ lục 2 kèm theo Quyết định này)."
        if tops
        else f"Năm {campaign.year} không có sản phẩm thuộc nhóm Top {campaign.top_n}."
    )
    annex = {
        "reference": f"(Kèm theo Quyết định số {number} {dated} của {bodies.owner})",
        "header": ["STT", "Tên sản phẩm", "Doanh nghiệp", "Nhóm ngành"],
        "widths": [1.2, 6.0, 5.8, 3.5],
    }
    annexes = [
        {
            **annex,
            "title": "Phụ lục 1",
            "subject": f"DANH SÁCH {program_title(campaign).upper()}",
            "rows": [
                [str(i), r["product"], r["enterprise"], r["industry_group"]]
                for i, r in enumerate(kept, start=1)
            ],
        }
    ]
    if tops:
        annexes.append(
            {
                **annex,
                "title": "Phụ lục 2",
                "subject": f"DANH SÁCH {top_title(campaign).upper()}",
                "rows": [
                    [str(i), r["product"], r["enterprise"], r["industry_group"]]
                    for i, r in enumerate(tops, start=1)
                ],
            }
        )
    return {
        "letterhead": {"parent": "", "issuer": bodies.owner.upper()},
        "number": f"Số: {number}",
        "date_line": place_date_line(bodies.locality, signed_on),
        "title": "QUYẾT ĐỊNH",
        "subject": f"Về việc công nhận {program_title(campaign)}",
        "addressee": "",
        "authority": bodies.owner.upper(),
        "basis": [
            *_basis(campaign, council, bodies.owner),
            f"Theo đề nghị của {bodies.department} tại Tờ trình số "
            f"…/{MEMO_SYMBOL}-{bodies.symbol} {BLANK_DATE}.",
        ],
        "body": [
            ("decides", "QUYẾT ĐỊNH:"),
            (
                "article",
                "Điều 1.",
                f"Công nhận {len(kept)} sản phẩm của {_enterprises(kept)} doanh nghiệp là "
                f"{program_title(campaign)} (danh sách tại Phụ lục 1 kèm theo Quyết định này). "
                f"Thời hạn công nhận là {campaign.validity_months} tháng kể từ ngày ký Quyết "
                f"định này{until}.",
            ),
            ("article", "Điều 2.", article_2),
            (
                "article",
                "Điều 3.",
                f"Quyết định này có hiệu lực kể từ ngày ký. {bodies.department} cấp Giấy chứng "
                "nhận cho các sản phẩm tại Điều 1 và Điều 2, công bố danh sách trên Cổng thông "
                "tin điện tử và theo dõi việc duy trì, thu hồi công nhận theo quy định.",
            ),
            (
                "text",
                f"Chánh Văn phòng {bodies.owner}; Giám đốc {bodies.department}; Thủ trưởng các "
                "sở, ban, ngành, đơn vị có liên quan và các doanh nghiệp có sản phẩm tại Điều 1, "
                "Điều 2 chịu trách nhiệm thi hành Quyết định này./.",
            ),
        ],
        "recipients": [
            "Như Điều 3;",
            "Chủ tịch UBND Thành phố;",
            "Các Phó Chủ tịch UBND Thành phố;",
            f"Lưu: VT, {bodies.symbol}.",
        ],
        "signer": {
            "authority": signer_authority(decision.signer_title if decision else ""),
            "name": nfc(decision.signer_name) if decision else "",
        },
        "annexes": annexes,
        "products": kept,
        "top": tops,
    }


def memo_docx(*, publication: Publication) -> bytes:
    return write_official_docx(build_memo(publication=publication))


def decision_docx(*, publication: Publication, decision: Decision | None = None) -> bytes:
    return write_official_docx(build_decision(publication=publication, decision=decision))
