"""Which label phrase is central to its theme: the phrase's own vector against the theme centroids.

Why: in a theme of a dozen quotes each topic word occurs in only two or three of them ("kamp",
"turnering", "sejr", "mål" in twelve sentences about a tournament), so counting alone picks the rare
word that happens to occur twice ("Zoomlinser" for a theme on technology) or gives a phrase to the
theme where it occurs most, not where it belongs. Embedding the candidate phrases with the engine
that embedded the quotes says which phrase *means* the theme: it is close to this theme's centroid
and further from every other theme's (the nearest other theme counts, so a word shared by two
themes goes to the one it fits better). The count rules of ``labels._scores`` still decide which
phrases may be a label (written in a fair share of the quotes, more often here than elsewhere, all
words Danish); this only orders them.

Selected on SIB-200 train+dev folds of 99-800 sentences (bench/bench_themes_grouping.py --labels
central|count; the test split was not looked at): "label names the topic", mean over the eight folds x
three seeds, 0.374 -> 0.438; on the 200-sentence folds (the test split's size) 0.287 -> 0.383. Tried on the
same folds, with the previous "og" rule: the margin times the count score (0.40-0.42); temperature
5/10/20 at share power 0.25 (0.438/0.454/0.464); share power 0.5 at 20 (0.453, kept: a fair share of
the quotes stands behind the label); the mean of the other themes instead of the nearest (0.448 vs
0.438 at temperature 10). The stricter "og" rule (labels.SECOND_SHARE, STUDY_WORD_SHARE) then gave 0.438.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

SEM_TEMP = 20.0  # score = exp(SEM_TEMP x margin) x share ** SEM_SHARE_POWER: the margin decides ...
SEM_SHARE_POWER = 0.5  # ... and the share in the theme breaks near-ties (a broader phrase wins)

Embed = Callable[[list[str]], np.ndarray]
Rows = dict[int, list[tuple[float, str, str, float]]]


def _bonus(key: str) -> float:
    """The count score's phrase bonus: "skifte sagsbehandler" over "skift" when both are as central."""
    from focusgroup.themes.labels import PHRASE_BONUS

    return 1.0 + PHRASE_BONUS * (len(key.split()) - 1)


def margins(forms: list[str], group: int, keys: list[int], centroids: np.ndarray,
            vectors: dict[str, np.ndarray]) -> dict[str, float]:
    """cos(phrase, own centroid) - max cos(phrase, another theme's centroid), per written form."""
    pos = keys.index(group)
    out = {}
    for form in forms:
        sims = centroids @ vectors[form]
        others = np.delete(sims, pos)
        out[form] = float(sims[pos] - (others.max() if len(others) else 0.0))
    return out


def rescore(scored: Rows, centroids: dict[int, np.ndarray], embed: Embed) -> Rows:
    """The same candidates, ordered by how central their phrase is to the theme (see the module doc).

    ``centroids`` holds every group the counts contrasted (unit vectors); groups without one keep
    their count scores."""
    keys = [g for g in centroids]
    forms = sorted({form for g, rows in scored.items() if g in centroids for _, _, form, _ in rows})
    if not forms or not keys:
        return scored
    mat = np.asarray(embed(forms), dtype=np.float32)
    mat = mat / np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-12)
    vectors = dict(zip(forms, mat, strict=True))
    cents = np.vstack([centroids[g] for g in keys]).astype(np.float32)
    cents = cents / np.maximum(np.linalg.norm(cents, axis=1, keepdims=True), 1e-12)
    out: Rows = {}
    for g, rows in scored.items():
        if g not in centroids:
            out[g] = rows
            continue
        m = margins([form for _, _, form, _ in rows], g, keys, cents, vectors)
        out[g] = sorted(((float(np.exp(SEM_TEMP * m[form]) * share**SEM_SHARE_POWER * _bonus(key)), key, form,
                          share) for _, key, form, share in rows), reverse=True)
    return out
