"""Confidence intervals for the figures a satisfaction study reports: shares, differences of shares, means.

Groups in user studies are small (a focus group has 5-6 people, a survey subgroup 20 answers), so:

- shares get the Wilson score interval, which stays inside [0, 1] and keeps close to 95 % coverage at
  n < 30, where the textbook (Wald) interval collapses to zero width at 0/n or n/n;
- a difference of two independent shares gets Newcombe's hybrid score interval (method 10 in Newcombe
  1998), built from the two Wilson intervals: it is what "negative share went from 40 % to 25 %" needs,
  and unlike the Wald difference it is sensible when one wave has 0 negatives;
- a mean of a 1-5 scale gets the Student t interval, and a difference of two means Welch's interval
  (groups of respondents never have equal variances by design).

All functions take plain counts or sequences and return floats, so the CLI, the app and the exports
compute intervals in exactly one way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Z95 = 1.959963984540054  # two-sided 95 % normal quantile


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95 % Wilson score interval for k successes out of n (``(0, 1)`` when n is 0).

    Hand check: 5 of 10 gives (0.2366, 0.7634); 0 of 10 gives (0, 0.2775).
    """
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_interval(k1: int, n1: int, k2: int, n2: int, z: float = Z95) -> tuple[float, float]:
    """95 % interval for p1 - p2 of two independent shares (Newcombe's hybrid score method).

    With (l1, u1) and (l2, u2) the Wilson intervals of the two shares and d = p1 - p2:
    lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2), upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2).
    An empty group gives (-1, 1): nothing is known about the difference.
    """
    if n1 <= 0 or n2 <= 0:
        return -1.0, 1.0
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, z)
    l2, u2 = wilson_interval(k2, n2, z)
    d = p1 - p2
    lower = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return max(-1.0, lower), min(1.0, upper)


def mean_interval(values: Sequence[float], confidence: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high) with the Student t interval; one value gives an interval of (nan, nan)."""
    n = len(values)
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = sum(values) / n
    if n == 1:
        return mean, math.nan, math.nan
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = _t_quantile(confidence, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def mean_difference_interval(
    a: Sequence[float], b: Sequence[float], confidence: float = 0.95
) -> tuple[float, float, float]:
    """(mean(a) - mean(b), low, high) with Welch's interval (unequal variances, Welch-Satterthwaite df)."""
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        diff = (sum(a) / na - sum(b) / nb) if na and nb else math.nan
        return diff, math.nan, math.nan
    ma, mb = sum(a) / na, sum(b) / nb
    va = sum((v - ma) ** 2 for v in a) / (na - 1)
    vb = sum((v - mb) ** 2 for v in b) / (nb - 1)
    se2 = va / na + vb / nb
    diff = ma - mb
    if se2 == 0:
        return diff, diff, diff
    df = se2 ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    half = _t_quantile(confidence, df) * math.sqrt(se2)
    return diff, diff - half, diff + half


def _t_quantile(confidence: float, df: float) -> float:
    from scipy.stats import t

    return float(t.ppf(0.5 + confidence / 2, df))
