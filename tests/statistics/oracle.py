"""An exact oracle for the IIP engine: iip.md §1–§3 written out with ``fractions.Fraction``.

Plain Python loops over months, nodes and products, the formulas as iip.md states them,
and no numpy: the engine is checked against it (iip.md §5(b)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from chuluc.statistics.vsic import section_of

Q = Fraction | None


@dataclass
class Case:
    """Products (code, W, q0, quantities with None for missing) and VA per node."""

    codes: list[str]
    weights: list[int]
    base: list[int]
    quantities: list[list[int | None]]
    va4: dict[str, int]
    va2: dict[str, int]
    va1: dict[str, int]
    discontinued: list[int] = field(default_factory=list)  # month position, -1 active
    link: bool = False

    @property
    def months(self) -> int:
        return len(self.quantities[0]) if self.quantities else 0


@dataclass
class Exact:
    """Completed node indices per level ({code: [value per month]}), product relatives,
    effective product weights (0 outside the index)."""

    level4: dict[str, list[Q]]
    level2: dict[str, list[Q]]
    level1: dict[str, list[Q]]
    total: list[Q]
    products: list[list[Q]]
    weights: list[Fraction]


def _mean(pairs: list[tuple[Fraction, Fraction]]) -> Q:
    den = sum((w for w, _ in pairs), Fraction(0))
    if den == 0:
        return None
    return sum((w * v for w, v in pairs), Fraction(0)) / den


def _hierarchy(case: Case, rel: list[Q], in_index: list[bool]) -> tuple[dict, dict, dict, Q]:
    """One month: raw node indices (None: no value of its own), then completed."""
    n = len(case.codes)
    l4_codes = sorted(set(case.codes))
    mass4 = {
        c: sum(Fraction(case.weights[i]) for i in range(n) if case.codes[i] == c and in_index[i])
        for c in l4_codes
    }
    va4 = {c: Fraction(case.va4[c]) if mass4[c] > 0 else Fraction(0) for c in l4_codes}
    l2_codes = sorted({c[:2] for c in l4_codes})
    va2 = {
        d: Fraction(case.va2[d]) if sum(va4[c] for c in l4_codes if c[:2] == d) > 0 else Fraction(0)
        for d in l2_codes
    }
    l1_codes = sorted({section_of(d) for d in l2_codes})
    va1 = {
        s: Fraction(case.va1[s])
        if sum(va2[d] for d in l2_codes if section_of(d) == s) > 0
        else Fraction(0)
        for s in l1_codes
    }
    raw4 = {
        c: _mean(
            [
                (Fraction(case.weights[i]), rel[i])
                for i in range(n)
                if case.codes[i] == c and rel[i] is not None and in_index[i]
            ]
        )
        for c in l4_codes
    }
    raw2 = {
        d: _mean(
            [
                (va4[c], raw4[c])
                for c in l4_codes
                if c[:2] == d and raw4[c] is not None and va4[c] > 0
            ]
        )
        for d in l2_codes
    }
    raw1 = {
        s: _mean(
            [
                (va2[d], raw2[d])
                for d in l2_codes
                if section_of(d) == s and raw2[d] is not None and va2[d] > 0
            ]
        )
        for s in l1_codes
    }
    total = _mean([(va1[s], raw1[s]) for s in l1_codes if raw1[s] is not None and va1[s] > 0])
    out1 = {
        s: (raw1[s] if raw1[s] is not None else total) if va1[s] > 0 else None for s in l1_codes
    }
    out2 = {
        d: (raw2[d] if raw2[d] is not None else out1[section_of(d)]) if va2[d] > 0 else None
        for d in l2_codes
    }
    out4 = {
        c: (raw4[c] if raw4[c] is not None else out2[c[:2]]) if va4[c] > 0 else None
        for c in l4_codes
    }
    return out4, out2, out1, total


def weights(case: Case, in_index: list[bool]) -> list[Fraction]:
    """Effective product weights w_n of iip.md §1 (normalised over the nodes present)."""
    n = len(case.codes)
    w = [Fraction(case.weights[i]) if in_index[i] else Fraction(0) for i in range(n)]
    mass4: dict[str, Fraction] = {}
    for i, c in enumerate(case.codes):
        mass4[c] = mass4.get(c, Fraction(0)) + w[i]
    va4 = {c: Fraction(case.va4[c]) if m > 0 else Fraction(0) for c, m in mass4.items()}
    sum2: dict[str, Fraction] = {}
    for c, v in va4.items():
        sum2[c[:2]] = sum2.get(c[:2], Fraction(0)) + v
    va2 = {d: Fraction(case.va2[d]) if s > 0 else Fraction(0) for d, s in sum2.items()}
    sum1: dict[str, Fraction] = {}
    for d, v in va2.items():
        sum1[section_of(d)] = sum1.get(section_of(d), Fraction(0)) + v
    va1 = {s: Fraction(case.va1[s]) if v > 0 else Fraction(0) for s, v in sum1.items()}
    total = sum(va1.values(), Fraction(0))
    out = []
    for i, c in enumerate(case.codes):
        if w[i] == 0:
            out.append(Fraction(0))
            continue
        d, s = c[:2], section_of(c[:2])
        out.append(w[i] / mass4[c] * va4[c] / sum2[d] * va2[d] / sum1[s] * va1[s] / total)
    return out


def _link_month(case, t, pseudo, rel, in_index, out4, stop) -> None:
    """Give the products linking at month t their pseudo-base q_t / (I_L4,t / 100)."""
    for i in range(len(case.codes)):
        q = case.quantities[i][t]
        if not in_index[i] or pseudo[i] is not None or not q or 0 <= stop[i] <= t:
            continue
        level = out4[case.codes[i]]
        if level is not None and level > 0:
            pseudo[i] = Fraction(q) * 100 / level
            rel[i] = level


def compute(case: Case) -> Exact:
    """The IIP of ``case``, month by month, exactly."""
    n, months = len(case.codes), case.months
    stop = case.discontinued or [-1] * n
    has_base = [case.base[i] > 0 for i in range(n)]
    in_index = [has_base[i] for i in range(n)]
    pseudo: list[Fraction | None] = [
        Fraction(case.base[i]) if has_base[i] else None for i in range(n)
    ]
    if case.link:
        for i in range(n):
            if (
                not has_base[i]
                and case.weights[i] > 0
                and any((q or 0) > 0 for q in case.quantities[i])
            ):
                in_index[i] = True
    levels4: dict[str, list[Q]] = {}
    levels2: dict[str, list[Q]] = {}
    levels1: dict[str, list[Q]] = {}
    total: list[Q] = []
    products: list[list[Q]] = [[] for _ in range(n)]
    for t in range(months):
        rel: list[Q] = []
        for i in range(n):
            q = case.quantities[i][t]
            usable = q is not None and not (0 <= stop[i] <= t)
            rel.append(Fraction(q) * 100 / pseudo[i] if usable and pseudo[i] is not None else None)
        out4, out2, out1, tot = _hierarchy(case, rel, in_index)
        _link_month(case, t, pseudo, rel, in_index, out4, stop)
        for c, v in out4.items():
            levels4.setdefault(c, []).append(v)
        for d, v in out2.items():
            levels2.setdefault(d, []).append(v)
        for s, v in out1.items():
            levels1.setdefault(s, []).append(v)
        total.append(tot)
        for i in range(n):
            if not in_index[i]:
                products[i].append(None)
            else:
                products[i].append(rel[i] if rel[i] is not None else out4[case.codes[i]])
    return Exact(levels4, levels2, levels1, total, products, weights(case, in_index))


def contribution(exact: Exact, group: list[bool], t: int, s: int) -> Fraction:
    """C_G = 100 · Σ_{n∈G} w_n (î_n,t − î_n,s) / B_s (iip.md §3)."""
    change = sum(
        (
            w * (p[t] - p[s])
            for w, p, g in zip(exact.weights, exact.products, group, strict=True)
            if g and w
        ),
        Fraction(0),
    )
    return 100 * change / exact.total[s]
