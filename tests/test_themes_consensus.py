"""Themes agreed over several UMAP layouts (themes/consensus.py, issue 18 session 17)."""

from __future__ import annotations

import numpy as np


def test_co_association_counts_runs_together_and_outliers_with_nobody():
    from focusgroup.themes.consensus import coassociation

    parts = [np.array([0, 0, 1, 1, -1]), np.array([2, 2, 2, 0, 0]), np.array([0, 0, 1, 1, 1])]
    c = coassociation(parts)
    assert c[0, 1] == 1.0 and np.isclose(c[1, 2], 1 / 3) and np.isclose(c[2, 3], 2 / 3)
    assert np.isclose(c[3, 4], 2 / 3)  # the -1 of the first run links 4 to nobody
    assert np.isclose(c[4, 4], 2 / 3) and np.allclose(c, c.T)


def test_a_quote_one_layout_puts_elsewhere_follows_the_majority_and_small_groups_are_outliers():
    """Five runs over 3 groups of 8 quotes; quote 0 sits with group B in one run, the quotes of group C
    are split in two in two runs, quote 24 is in a different theme in every run, and quote 25 is with
    group A in 3 runs and alone in 2."""
    from focusgroup.themes.consensus import agree

    base = np.repeat([0, 1, 2], 8)
    parts = []
    for r in range(5):
        lab = base.copy()
        if r == 0:
            lab[0] = 1
        if r in (1, 2):
            lab[16:20] = 3
        parts.append(np.append(lab, [10 + r, 0 if r < 3 else 20 + r]))
    out = agree(parts, min_size=5)
    assert len(set(out[:24].tolist())) == 3 and out[0] == out[1] != out[8]
    assert len(set(out[16:24].tolist())) == 1  # together in 3 of 5 runs, above the cut
    assert out[24] == -1  # a group of one is no theme: themes.merge places it afterwards
    assert out[25] == out[1]
    split = agree(parts, min_size=4, cut=0.7)  # together in 3 of 5 runs is below a cut of 0.7
    assert split[16] >= 0 and split[20] >= 0 and split[16] != split[20]
    # quote 25 alone is too small a group for a theme: it joins the theme it was in most often, not -1
    assert split[25] == split[1] and split[24] == -1


def test_theme_model_agrees_over_five_layouts_for_e5_vectors_only(monkeypatch):
    """From 150 quotes up the e5 path clusters on 5 UMAP layouts (the study's seed first) and logs it;
    the first layout stays ``reduced_``; other engines, an asked-for theme count and a study above
    ``MAX_QUOTES`` (the co-association is n x n) keep one layout."""
    from focusgroup.themes import consensus
    from focusgroup.themes.consensus import LAYOUTS, seeds
    from focusgroup.themes.model import ThemeModel

    rng = np.random.default_rng(0)
    centres = 3 * rng.normal(size=(6, 384)).astype(np.float32)
    x = rng.normal(size=(180, 384)).astype(np.float32) + centres[np.arange(180) % 6]
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    texts = [f"svar om emne {i % 6} med {'mange ' * (i % 5)}ord nummer {i}" for i in range(180)]

    class Counting(ThemeModel):
        def _reduce(self, x, seed=None):
            self.seen_seeds = [*getattr(self, "seen_seeds", []), self.seed if seed is None else seed]
            return super()._reduce(x, seed)

    m = Counting(seed=7, engine="e5-int8", keyphrases=False).fit(texts, x)
    assert m.seen_seeds == seeds(7) and len(seeds(7)) == LAYOUTS == 5
    assert m.guard_log_[-1]["attempt"].startswith("consensus") and m.guard_log_[-1]["ok"]
    assert all(len({i % 6 for i in np.flatnonzero(m.labels_ == t)}) == 1 for t in m.topics_)
    assert len(m.reduced_) == 180 and (m.labels_ >= 0).all()
    assert Counting(seed=7, keyphrases=False).fit(texts, x).seen_seeds == [7]  # not the sentiment model's vectors
    assert Counting(seed=7, engine="e5-int8", n_themes=6, keyphrases=False).fit(texts, x).seen_seeds == [7]
    monkeypatch.setattr(consensus, "MAX_QUOTES", 179)
    assert Counting(seed=7, engine="e5-int8", keyphrases=False).fit(texts, x).seen_seeds == [7]
