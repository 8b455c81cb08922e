"""The council's documents: each member's signed score sheet (PDF) and the council's minutes
(DOCX), laid out in the state format for administrative documents (Nghị định 30/2020/NĐ-CP:
national motto block, number/symbol, place and date line, signature block).

Reports are pure reads: ``build_score_sheet`` and ``build_minutes`` return plain dicts and
rows (the tests compare them); ``document_writers`` lays them out as PDF and DOCX with the
state-format helpers of ``chuluc.core.documents``. The texts are Vietnamese whatever the
reader's language: they are official documents of a Vietnamese body, as in ``exports``.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone, translation

from chuluc.campaigns.enums import LegalDocumentKind
from chuluc.campaigns.models import Criterion
from chuluc.core.documents import MOTTO, place_date_line
from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import vn_date
from chuluc.council import rules, selectors
from chuluc.council.document_writers import (
    max_points,
    points,
    write_minutes_docx,
    write_score_sheet_pdf,
)
from chuluc.council.enums import CorrectionStatus, MemberRole, RoundStatus
from chuluc.council.models import Council, Member, Round

ISSUER = "HỘI ĐỒNG ĐÁNH GIÁ, XÉT CHỌN SPCNCL"
MINUTES_NUMBER = "Số: …/BB-HĐ"
ROLE_ORDER = {MemberRole.CHAIR: 0, MemberRole.VICE_CHAIR: 1, MemberRole.MEMBER: 2}
__all__ = [
    "MOTTO",
    "build_minutes",
    "build_score_sheet",
    "minutes_docx",
    "place_date_line",
    "score_sheet_pdf",
]


def _letterhead(council: Council) -> dict:
    program = council.campaign.program
    return {"parent": program.owner.upper(), "issuer": ISSUER, "motto": MOTTO}


# Score sheet ------------------------------------------------------------------------------


def build_score_sheet(*, council: Council, member: Member, round_: Round) -> dict:
    """One member's sheet for one round: only their own scores (``scoring_sheet``)."""
    if member.council_id != council.pk or round_.council_id != council.pk:
        raise ApplicationError("Thành viên hoặc vòng chấm không thuộc Hội đồng này.")
    sheet = selectors.scoring_sheet(member=member, round_=round_)
    criteria = sheet["criteria"]
    rows = []
    for dossier, cells in sheet["rows"] if criteria else []:
        values = [s.value for _c, s in cells if s is not None]
        rows.append(
            {
                "dossier": dossier.pk,
                "product": dossier.product.name,
                "enterprise": dossier.enterprise.name,
                "scores": [
                    {
                        "code": c.code,
                        "value": s.value if s else None,
                        "comment": s.comment if s else "",
                    }
                    for c, s in cells
                ],
                "total": sum(values, Decimal(0)),
                "missing": len(cells) - len(values),
            }
        )
    submitted_at = selectors.sheet_submitted_at(member=member, round_=round_)
    campaign = council.campaign
    return {
        "letterhead": _letterhead(council),
        "council": council.name,
        "program_title": campaign.program.title,
        "year": campaign.year,
        "round": round_.name,
        "round_closed": round_.status == RoundStatus.CLOSED,
        "member": {
            "name": str(member.user),
            "title": member.title,
            "agency": member.agency.name if member.agency_id else "",
            "role": str(member.get_role_display()),
        },
        "criteria": [
            {"code": c.code, "name": c.name, "max_points": c.max_points} for c in criteria
        ],
        "rows": rows,
        "done": sum(len(r["scores"]) - r["missing"] for r in rows),
        "expected": sum(len(r["scores"]) for r in rows),
        "submitted_at": submitted_at,
        "date_line": place_date_line(
            campaign.program.locality,
            timezone.localdate(submitted_at) if submitted_at else timezone.localdate(),
        ),
    }


def score_sheet_pdf(*, council: Council, member: Member, round_: Round) -> bytes:
    return write_score_sheet_pdf(build_score_sheet(council=council, member=member, round_=round_))


# Minutes ----------------------------------------------------------------------------------


def _correction(c) -> dict:
    return {
        "product": c.score.dossier.product.name,
        "criterion": c.score.criterion.code,
        "member": str(c.score.member.user),
        "change": f"{points(c.old_value)} → {points(c.new_value)}",
        "reason": c.reason,
        "decision_reason": c.decision_reason,
        "decided": f"{c.decided_by}, {vn_date(timezone.localdate(c.decided_at))}"
        if c.decided_at
        else str(c.decided_by or ""),
    }


def build_minutes(*, council: Council) -> dict:
    """What the minutes say, read from the council's records once scoring is closed."""
    if rules.scoring_open(council):
        raise ApplicationError("Vòng chấm đang mở: biên bản chỉ lập sau khi khóa vòng chấm.")
    council = selectors.council_detail(pk=council.pk)
    campaign, program = council.campaign, council.campaign.program
    rounds = list(selectors.closed_rounds(council))
    last_close = rounds[-1].closed_at if rounds else None
    held_on = timezone.localdate(last_close) if last_close else timezone.localdate()
    criteria = dict(
        Criterion.objects.filter(group__criteria_set_id=campaign.criteria_set_id).values_list(
            "code", "name"
        )
    )
    results = list(selectors.results_table(council=council))
    scorers = selectors.scorers_by_dossier(
        council=council, dossiers=[r.dossier_id for r in results]
    )
    product_of = {r.dossier_id: r.dossier.product.name for r in results}
    top_label = f"Top {campaign.top_n}"

    decided = f" ngày {vn_date(council.decision_date)}" if council.decision_date else ""
    basis = [
        f"Căn cứ Quyết định số {council.decision_number or '…'}{decided} của {program.owner} "
        f"về việc thành lập {council.name};"
    ]
    for doc in campaign.legal_basis.all():
        if (
            doc.kind == LegalDocumentKind.RECOGNITION_DECISION
            or doc.number == council.decision_number
        ):
            continue
        issued = f" ngày {vn_date(doc.issued_on)}" if doc.issued_on else ""
        title = f" {doc.title}" if doc.title else ""
        basis.append(f"Căn cứ {doc.get_kind_display()} số {doc.number}{issued}{title};")

    tie_codes = [c.strip() for c in campaign.tie_break_criteria.split(",") if c.strip()]
    tie_rule = str(campaign.get_tie_break_display())
    if tie_codes:
        tie_rule += "; tiêu chí ưu tiên theo thứ tự: " + ", ".join(
            f"{c} ({criteria.get(c, '')})" for c in tie_codes
        )
    method = [
        "Mỗi thành viên chấm độc lập các tiêu chí được phân công trên phiếu chấm của mình; "
        "thành viên có xung đột lợi ích với hồ sơ không chấm hồ sơ đó.",
        f"Điểm của các thành viên cho mỗi tiêu chí được tổng hợp theo: "
        f"{campaign.get_aggregation_display()}.",
        f"Điểm đạt: từ {max_points(campaign.pass_mark)} điểm trở lên "
        f"(thang điểm {max_points(campaign.criteria_set.total_points)}).",
        f"{top_label}: {campaign.top_n} hồ sơ đạt có tổng điểm cao nhất.",
        f"Xử lý bằng điểm: {tie_rule}.",
        "Chênh lệch giữa điểm cao nhất và thấp nhất của một tiêu chí vượt "
        f"{max_points(council.disagreement_threshold * 100)}% điểm tối đa được Hội đồng thảo luận.",
    ]
    if council.normalise:
        method.append(
            "Hội đồng tính thêm tổng điểm chuẩn hóa theo thành viên để tham khảo; xếp hạng "
            "theo tổng điểm chưa chuẩn hóa."
        )
    if rounds:
        method.append(
            "Vòng chấm: "
            + "; ".join(
                f"{r.name} (khóa ngày {vn_date(timezone.localdate(r.closed_at))})"
                for r in rounds
                if r.closed_at
            )
            + ". Kết quả tính từ vòng chấm đã khóa gần nhất."
        )

    with translation.override("vi"):  # an official document: Vietnamese whatever the reader
        groups = selectors.tie_groups([r for r in results if r.tie_group])
        labels = selectors.tie_labels(groups)
        ties = [
            f"Hồ sơ {g.label}, cùng tổng điểm {points(g.results[0].total)}: "
            + "; ".join(
                f"{r.dossier.product.name} (hạng {r.rank}, {selectors.tie_resolution(r, criteria)})"
                for r in g.results
            )
            + "."
            for g in groups
        ]
    awaiting = [s for g in groups for s in g.sets if s.needs_vote]
    decided = list(selectors.corrections_decided(council=council))
    members = sorted(council.members.all(), key=lambda m: (ROLE_ORDER.get(m.role, 3), m.pk))
    signer = {m.role: str(m.user) for m in reversed(members)}
    passed = [r for r in results if r.passed]
    conclusion = [
        f"Số hồ sơ có kết quả: {len(results)}; số hồ sơ đạt: {len(passed)}; "
        f"số hồ sơ thuộc nhóm {top_label}: {sum(r.top for r in results)}.",
    ]
    for tied in awaiting:
        decides = "việc đạt điểm đạt" if tied.decides_pass else f"vị trí cuối trong {top_label}"
        conclusion.append(
            f"Các hồ sơ {tied.label} ("
            + ", ".join(r.dossier.product.name for r in tied.results)
            + f") chưa tách được theo tiêu chí ưu tiên và thứ tự quyết định {decides}: "
            "Hội đồng cần biểu quyết trước khi công bố, trình kết quả."
        )
    conclusion.append(
        "Biên bản đã được đọc lại cho các thành viên Hội đồng cùng nghe và thống nhất thông qua."
    )
    return {
        "letterhead": _letterhead(council),
        "number": MINUTES_NUMBER,
        "date_line": place_date_line(program.locality, held_on),
        "title": "BIÊN BẢN",
        "subject": f"Họp Hội đồng đánh giá, xét chọn {program.title} năm {campaign.year}",
        "basis": basis,
        "meeting": [
            f"Thời gian: … giờ …, ngày {vn_date(held_on)}.",
            "Địa điểm: …",
            f"Chủ trì: {signer.get(MemberRole.CHAIR, '…')}, Chủ tịch Hội đồng. "
            f"Thư ký: {signer.get(MemberRole.SECRETARY, '…')}.",
        ],
        "members": [
            {
                "name": str(m.user),
                "title": m.title,
                "agency": m.agency.name if m.agency_id else "",
                "role": str(m.get_role_display()),
            }
            for m in members
        ],
        "method": method,
        "results": [
            {
                "rank": r.rank,
                "dossier": r.dossier_id,
                "product": r.dossier.product.name,
                "enterprise": r.dossier.enterprise.name,
                "total": points(r.total),
                "outcome": "Đạt" if r.passed else "Không đạt",
                "top": top_label if r.top else "",
                "scorers": f"{scorers[r.dossier_id].count}/{scorers[r.dossier_id].assigned}",
                "note": labels.get(r.dossier_id, ""),
            }
            for r in results
        ],
        "recusals": [
            f"{who.name} không chấm hồ sơ {r.dossier.product.name} ({r.dossier.enterprise.name})"
            f" do xung đột lợi ích"
            + (" (hệ thống phát hiện)" if who.detected else "")
            + f": {who.reason}"
            for r in results
            for who in scorers[r.dossier_id].recused
        ],
        "disagreements": [
            f"{r.dossier.product.name}: "
            + ", ".join(f"{code} ({criteria.get(code, '')})" for code in r.disagreements)
            for r in results
            if r.disagreements
        ],
        "ties": ties,
        "votes": [
            f"Biểu quyết ghi ngày {vn_date(timezone.localdate(v.at))} (người ghi: {v.recorded_by}): "
            "thứ tự "
            + ", ".join(product_of.get(d, f"hồ sơ #{d}") for d in v.order)
            + f". Ghi chép: {v.minutes}"
            for v in selectors.tie_votes(council=council)
        ],
        "corrections": [_correction(c) for c in decided if c.status == CorrectionStatus.APPROVED],
        "rejected_corrections": [
            _correction(c) for c in decided if c.status == CorrectionStatus.REJECTED
        ],
        "conclusion": conclusion,
        "signatures": [
            {"title": "THƯ KÝ", "name": signer.get(MemberRole.SECRETARY, "")},
            {"title": "CHỦ TỊCH HỘI ĐỒNG", "name": signer.get(MemberRole.CHAIR, "")},
        ],
    }


def minutes_docx(*, council: Council) -> bytes:
    return write_minutes_docx(build_minutes(council=council))
