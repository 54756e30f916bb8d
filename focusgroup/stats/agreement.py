"""Agreement between two coders: percent agreement, Cohen's kappa and Krippendorff's alpha.

Computed on the quotes *both* coders coded (a quote one coder never looked at says nothing about
agreement). Per code, each quote is a yes/no decision ("has code X"); overall, each quote's label is
the set of codes a coder gave it, so a quote counts as agreed only when both gave exactly the same
codes (with one code per quote this is the usual nominal kappa over the codebook). Kappa follows
Cohen (1960) and matches scikit-learn's ``cohen_kappa_score`` (tests); alpha comes from the
maintained ``krippendorff`` package (nominal level), the measure ATLAS.ti reports. Kappa and alpha
are undefined (NaN) when both coders used a single category throughout: chance agreement is total.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

Labels = Mapping[int, frozenset[str] | set[str]]  # quote id -> codes one coder gave it


@dataclass
class Agreement:
    """Agreement on one code (or overall, ``code`` None) between ``coders`` over ``n`` shared quotes."""

    code: str | None
    n: int
    percent: float  # share of shared quotes on which the two coders agree, 0..1
    kappa: float
    alpha: float
    n_a: int = 0  # shared quotes coder A gave this code (per code) / 0 overall
    n_b: int = 0
    disagreements: list[int] = field(default_factory=list)  # quote ids


@dataclass
class AgreementReport:
    coders: tuple[str, str]
    overall: Agreement
    per_code: list[Agreement]
    only_a: int  # quotes only coder A coded (left out)
    only_b: int


def cohen_kappa(a: list, b: list) -> float:
    """Cohen's kappa of two equally long label lists: (p_o - p_e) / (1 - p_e)."""
    if len(a) != len(b):
        raise ValueError("both coders need a label for every quote")
    n = len(a)
    if n == 0:
        return math.nan
    cats = sorted(set(a) | set(b), key=str)
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    p_e = sum((a.count(c) / n) * (b.count(c) / n) for c in cats)
    if p_e >= 1.0:
        return math.nan
    return (p_o - p_e) / (1.0 - p_e)


def krippendorff_alpha(a: list, b: list) -> float:
    """Nominal Krippendorff's alpha of two coders with the ``krippendorff`` package (NaN if one value)."""
    import krippendorff

    cats = {c: i for i, c in enumerate(sorted(set(a) | set(b), key=str))}
    if len(cats) < 2 or not a:
        return math.nan
    data = np.array([[cats[x] for x in a], [cats[y] for y in b]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _one(code: str | None, ids: list[int], a: list, b: list) -> Agreement:
    agree = [x == y for x, y in zip(a, b, strict=True)]
    return Agreement(
        code=code, n=len(ids), percent=(sum(agree) / len(ids)) if ids else math.nan,
        kappa=cohen_kappa(a, b), alpha=krippendorff_alpha(a, b),
        n_a=sum(1 for x in a if x is True), n_b=sum(1 for y in b if y is True),
        disagreements=[q for q, ok in zip(ids, agree, strict=True) if not ok],
    )


def agreement(a: Labels, b: Labels, coders: tuple[str, str] = ("A", "B"),
              codes: list[str] | None = None) -> AgreementReport:
    """Per-code and overall agreement of coder ``a`` and ``b`` on the quotes both coded."""
    shared = sorted(q for q in a if q in b and a[q] and b[q])
    if codes is None:
        codes = sorted({c for q in shared for c in (*a[q], *b[q])})
    overall = _one(None, shared, ["|".join(sorted(a[q])) for q in shared],
                   ["|".join(sorted(b[q])) for q in shared])
    per_code = [_one(c, shared, [c in a[q] for q in shared], [c in b[q] for q in shared]) for c in codes]
    return AgreementReport(
        coders=coders, overall=overall, per_code=per_code,
        only_a=sum(1 for q in a if a[q] and not b.get(q)), only_b=sum(1 for q in b if b[q] and not a.get(q)),
    )
