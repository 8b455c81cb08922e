"""Council exports. Reports are pure reads: rows first, then a writer."""

from __future__ import annotations

from django.utils import translation

from chuluc.campaigns.models import Criterion
from chuluc.core.spreadsheets import write_xlsx
from chuluc.council.models import Council
from chuluc.council.selectors import results_table, tie_groups, tie_labels


def ranking_rows(*, council: Council) -> tuple[list[str], list[list]]:
    criteria = list(
        Criterion.objects.filter(group__criteria_set_id=council.campaign.criteria_set_id).order_by(
            "group__position", "position"
        )
    )
    header = [
        "Hạng",
        "Mã hồ sơ",
        "Sản phẩm",
        "Doanh nghiệp",
        "Nhóm ngành",
        *[f"{c.code} (tối đa {c.max_points.normalize():f})" for c in criteria],
        "Tổng điểm",
        "Tổng điểm chuẩn hóa",
        "Đạt",
        f"Top {council.campaign.top_n}",
        "Bằng điểm",
        "Cần biểu quyết",
        "Chênh lệch cần thảo luận",
    ]
    results = list(results_table(council=council))
    with translation.override("vi"):  # the sheet's texts are Vietnamese, as its header
        labels = tie_labels(tie_groups([r for r in results if r.tie_group]))
    rows = []
    for r in results:
        d = r.dossier
        rows.append(
            [
                r.rank,
                d.pk,
                d.product.name,
                d.enterprise.name,
                d.product.industry_group.name if d.product.industry_group_id else "",
                *[r.components.get(c.code) for c in criteria],
                float(r.total),
                float(r.normalised_total) if r.normalised_total is not None else None,
                "có" if r.passed else "không",
                "có" if r.top else "",
                labels.get(r.dossier_id, ""),
                "có" if r.needs_vote else "",
                ", ".join(r.disagreements),
            ]
        )
    return header, rows


def ranking_xlsx(*, council: Council) -> bytes:
    header, rows = ranking_rows(council=council)
    return write_xlsx(header, rows, title=f"Xếp hạng {council.campaign.year}")
